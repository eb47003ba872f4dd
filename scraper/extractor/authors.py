"""Author names from bylines and meta tags: "By Jane Doe and John Roe, Staff Writers" -> two.

Bylines mix names with prefixes ("By", "Written by"), job titles, emails, handles, dates and
links; meta tags sometimes hold a profile URL instead of a name. Only plausible names survive.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from scraper.extractor.dates import MONTH_NAMES

__all__ = [
    "SENTENCE_LABELS",
    "SOURCE_BREAK_RE",
    "after_date_head",
    "before_not_writer",
    "before_trailing_date",
    "byline_phrase",
    "clean_authors",
    "clean_declared_authors",
    "has_stray_edges",
    "is_chrome",
    "is_label",
    "is_team",
    "looks_like_handle",
    "looks_like_name",
    "name_parts",
    "strip_byline_prefix",
]

MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 60
# Pure functions of one string, memoised: a page asks about the same byline from several scans,
# and a site's pages repeat their writers' bylines. Bounded: short strings only, kept as plain
# ``str`` (an lxml "smart" string would keep its whole document alive in the cache).
MEMO_SIZE = 4096
MEMO_MAX_CHARS = 300

# Byline labels written as a sentence or a list's heading, shared by every byline regex (here,
# ``authorscan`` and ``bylines``): "This post was written by", "Contributors:".
# The verb of a date line that names the writer after its date ("Posted on: Fri 13 September
# 2024 by Jo Roe", "Posted 15 Jan 2021 by Jo Roe": without "on", a digit soon after the verb).
_DATED_VERB = r"(?:posted|published|written)(?:\s+on\b\s*:?|(?=\s+[^\n()\d]{0,12}\d))"
# A date that opens a line, written in English the way a byline prints it before its "by"
# ("June 8, 2021 by Jo Roe", "Tue, 8 Jun 2021 by", "2021-06-08 by"): day, month and year, never
# a year alone ("2021 by the numbers" is a sentence).
_ENGLISH_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_LEAD_DATE = (
    r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?"
    r"(?:" + _ENGLISH_MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+" + _ENGLISH_MONTH + r",?\s+\d{4}"
    r"|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4})"
)
SENTENCE_LABELS = (
    r"this\s+(?:post|article|story|piece)\s+was\s+(?:written|authored)\s+by|contributors?(?=\s*:)"
    # the date is short, so is the run the label may skip (bounded: linear)
    r"|" + _DATED_VERB + r"[^\n()]{1,40}?(?<!edited)(?<!reviewed)\s+by"
    # the post's categories before its writer ("Posted in Releases, News by Jo Roe")
    r"|posted\s+in\s+[^\n()]{1,40}?\s+by"
)
# A meta line's separator before a byline's label ("21 Sep, 2019 · by Jo Roe · 3 min read",
# the label a text of its own after the date's element): the label still opens the byline.
LEAD_SEPARATORS = frozenset("|·•")  # (``_cwalks._lead_separator`` knows them too)
LEAD_SEPARATOR = r"(?:[" + re.escape("".join(sorted(LEAD_SEPARATORS))) + r"]\s*)?"
# The label of a text that names its writers after its date (read by the scan of "by" texts).
DATE_BY_LABEL = _LEAD_DATE + r"\s+(?:[-–—|·•]\s+)?by"
_DATED_BY_RE = re.compile(_DATED_VERB, re.I)
# "Author" in Chinese, Japanese and Korean ("作者：Jo Roe", "筆者"), a full-width colon after it.
CJK_LABELS = r"作者|著者|筆者|撰文|작성자|글쓴이"
CJK_LABEL_INITIALS = frozenset("作著筆撰작글")  # (``_cwalks._CJK_LABELS`` holds the words too)
# "Written by" in the languages whose "by" the prefix reads alone ("Escrito por Ana").
_WRITTEN_BY_ABROAD = (
    r"(?:geschrieben|verfasst|veröffentlicht|eingestellt)\s+von|(?:écrit|publié|rédigé)\s+par"
    r"|(?:escrito|publicado)\s+por|(?:scritto|pubblicato)\s+da|(?:geschreven|gepubliceerd)\s+door"
)
_PREFIX_RE = re.compile(
    r"^\s*(?:" + SENTENCE_LABELS + "|"
    r"(?:(?:article|post|story)\s+)?(?:written|posted|published|reported|story|text|"
    r"words|photos?|edited|compiled|article|authored)\s+by|(?:article|post|story)\s+updated\s+by|"
    + _WRITTEN_BY_ABROAD
    + r"|"
    r"by|from|author(?:s|\(s\))?|autor(?:in)?|von|par|por|di|door|av|auteur"
    r"|" + CJK_LABELS + r")\b\s*[:\-–—：]?\s*",
    re.I,
)
# Prefix words that also begin names ("Di Fox", "Von Miller"): capitalised and followed by
# one word only, they are the name's own first word, not "by".
_NAME_LIKE_PREFIXES = frozenset({"di", "von"})
# (a hyphen between two letters joins a name's parts, "Jacob Hoffman-Andrews": no separator;
# German prints "von Jo Roe am 11.09.2017")
_DATE_TAIL_RE = re.compile(  # atomic first separator (?>...): linear, was quadratic
    r"^(?>(.+?)(?:(?<!\s)\s+)?(?:[–—|•·⋅]|(?<!\w)-|-(?!\w)|\bon\b|\b(?:updated|published|posted)\b(?!\s+by\b)|\bam\b)).*?"
    r"(?:\d{4}|\d{1,2}:\d{2}|\b(?:today|yesterday|ago)\b).*$",
    re.I,
)
_LAST_UPDATED_RE = re.compile(r"(?<!\s)\s+last\s+updated\b", re.I)  # (?<!\s): linear
_EMAIL_RE = re.compile(r"(?<![^\s@])[^\s@]+@[^\s@]+\.\w+")  # linear: no \S+ rescans
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.I)
# A tag inside a declared value: a theme that prints its byline field as is into JSON-LD and
# <meta> (``<a href='https://…'>Jane Doe</a>, <a …>John Roe</a>``) declares the names it links.
_MARKUP_RE = re.compile(r"<(?:[a-zA-Z][\w-]*(?:\s[^<>]*)?|/[a-zA-Z][\w-]*\s*)>")
_HANDLE_RE = re.compile(r"(?:^|\s)@\w+")
# A blank line in the markup between two names: a template's loop printing one name a line
# ("Jo Roe\n\n  Bo Chen"). A reader sees one space, but no one name is wrapped across one.
SOURCE_BREAK_RE = re.compile(r"\n[ \t\r\f\v]*\n")
# ... or glued to a name's last letter ("Jo Roe<br><small>@jroe" reads "Jo Roe@jroe"): in a
# printed byline, whose e-mail addresses are gone before
_PRINTED_HANDLE_RE = re.compile(r"(?:^|\s|(?<=[^\W\d_]))@\w+")
# A byline of accounts alone ("Written by @phil-opp, @toku-sa-n, and @berkus"): the handles are
# the writers' names there, where beside a name ("Jane Doe @janedoe") they are dropped. Read
# from the start; what may follow is a date line ("Published on May 07, 2022").
_HANDLE_RUN_RE = re.compile(
    r"@([\w][\w.-]*+)(?:(?:\s*+,\s*+(?:and\s++)?|\s++(?:and|&)\s++)@([\w][\w.-]*+))*+"
)
_LEADING_AND_RE = re.compile(r"^(?:and|&)\s+", re.I)
# Each handle of such a run, without its "@" and without a full stop or hyphen that ends it.
_HANDLE_AT_RE = re.compile(r"(?<![\w@])@([\w][\w.-]*[\w]|\w)")
_PARENS_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")  # linear: innermost brackets
# A nickname between a first and a last name, "Robert (Bob) Turner": part of the name as
# printed (a role or handle comes after the name, "Jo Roe (Editor)", and is dropped).
_NICKNAME_RE = re.compile(r"(?<=[^\W\d_]) \(([^\W\d_][^\W\d_'.-]*)\) (?=[^\W\d_])")
_SPLIT_RE = re.compile(  # (?<!\s): linear on space runs; "·", "•" and "<>" part a byline's line
    r"(?:(?<!\s)\s+)?(?:,|;|\||/|&|\+|·|•|<>|、)\s*"
    r"|(?<!\s)\s+(?:and|And|AND|und|et|y|e)\s+"
)
# The words _SPLIT_RE parts names at. They are marked before the split, so that letters after a
# name are joined to it only across a comma ("Jo Roe, MD"), never across an "and" ("MEG KINNARD
# and ERRIN HAINES": two names in capitals, not one with letters after it).
_BYLINE_AND_RE = re.compile(r"(?<!\s)\s+(?:and|And|AND|und|et|y|e)\s+")
# "Jo Roe et al.", "Jo Roe u. a.", "Jo Roe and others": the others are named nowhere, and "et"
# is French's "and" to the split (an "al" would be read as a second writer).
_ET_AL_RE = re.compile(
    r"(?<![\s,;])[\s,;]+(?:et\s+al\.?|u\.\s*a\.|and\s+others|et\s+autres|und\s+andere)\s*$", re.I
)
# "and" in Czech and Slovak ("a"), Polish ("i"), Danish and Norwegian, Swedish and Russian:
# words that are also English ones ("by sending a Pull Request", "Making a Release"), so they
# part only two full names ("Pavlína Froňková a Petr Messner").
_CAPITALS_AND_RE = re.compile(r"(?<!\s)\s+(?:a|i|og|och|и)\s+(?=[^\W\d_])")
_AND_MARK = " _and_ "
# "Jo Roe on behalf of the Docs team", "Jo Roe for Reuters": who the writer writes for is no
# part of the name (cut before the split, so its "and" joins no one).
_ON_BEHALF_RE = re.compile(r"(?<!\s)\s+(?:on\s+behalf\s+of|for\s+the)\s.*$", re.I)
_JOB_WORDS = frozenset(
    re.split(
        r"\s+",
        """
    writer writers reporter reporters editor editors correspondent correspondents staff
    contributor contributors contributing columnist columnists journalist journalists producer
    producers analyst analysts photographer photographers senior chief associate assistant
    freelance freelancer political politics bureau desk team news newsroom deputy managing
    executive director intern fellow host anchor critic researcher press agency wire service
    reuters ap afp updated published posted contact follow twitter email sports business
    technology tech science health opinion guest special international national features
    feature founder ceo cto president professor dr. phd
    monday tuesday wednesday thursday friday saturday sunday today yesterday
    """.strip(),
    )
)
# Words of a job title after a name's comma ("Jo Roe, Home Security Expert"), besides the
# _JOB_WORDS: read only there, since several are also surnames.
_ROLE_WORDS = frozenset(
    re.split(
        r"\s+",
        """
    expert experts specialist consultant manager educator engineer designer developer coach
    officer strategist advisor adviser nutritionist dietitian horticulturalist horticulturist
    master certified licensed lead head vp
    """.strip(),
    )
)
_TAIL_PARTS_RE = re.compile(r"[,;&]|\band\b")
# A declared byline's separators other than "and": its "and"s (``_AND_RE``) are marked before
# the split and parted by ``_byline_parts``.
_DECLARED_SPLIT_RE = re.compile(
    # (?<!\s): a separator's spaces start where a space run starts, so the search stays linear
    r"(?:(?<!\s)\s+)?(?:;|\||&|\+)\s*|(?:(?<!\s)\s+)?,\s+(?=\S+\s+\S)"
)
_AND_RE = re.compile(r"(?<!\s)\s+(?:and|And|AND|und|et)\s+")
_GLUED_BY_RE = re.compile(r"^By(?=[A-Z][a-z])")  # "By<span>Jane" read as "ByJane"
_LAST_FIRST_RE = re.compile(r"(?<![\w'-])([^\W\d_][\w'-]+),\s*([^\W\d_][\w'.-]+)")
# "Kaufman, Jeff T.", "Doe, J. R.", "Doe, J.R.": one surname word, its comma, then a given name
# with initials after it, or initials alone (a citation's form). Two words of full names after
# the comma ("Reuters, Jane Doe") stay a list: nothing tells a surname from a mononym there.
_INVERTED_RE = re.compile(  # read with fullmatch; the look-behind keeps a search linear
    r"(?<![\w'-])([^\W\d_][\w'-]*[^\W\d_]),\s*"
    r"((?:[^\W\d_][\w'-]+|[A-Z]\.(?:-?[A-Z]\.)*)(?:\s*[A-Z]\.(?:-?[A-Z]\.)*|\s+[A-Z](?=$))+)"
)
# One post-nominal: capitals ("MD", "FACLM"), dotted ("Ph.D.", "M.D."), "PhD", "Jr.", "Sr.",
# with a mark a page may add ("CFP®", "MD*").
_CREDENTIAL_RE = re.compile(
    r"(?:[A-Z]{2,6}|(?:[A-Z][a-z]?\.){2,3}|Ph\.?D\.?|Psy\.?D|Ed\.?D|Jr\.?|Sr\.?)[®*†]?"
)
_DOTTED_END_RE = re.compile(r"\b(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}$")  # ends "Ph.D", "M.D"
_INITIAL_END_RE = re.compile(r"(?<=[\w.])\s+(?:[A-Z]\.\s*)*[A-Z]$")  # "Jeff T" (its dot cut)
_HANDLE_TOKEN_RE = re.compile(r"[\w][\w.\-]{1,30}")
_SENTENCE_RE = re.compile(r"[.!?]\s+\w+\s+\w+|https?:|</?\w+>")
# An abbreviation's dot ends no sentence: "Dr. Andrew Huberman", "J. R. R. Tolkien".
_ABBREVIATION_RE = re.compile(
    r"\b(Dr|Mr|Mrs|Ms|Mx|Prof|St|Jr|Sr|Rev|Hon|Capt|Col|Gen|Lt|Sgt|[A-Z])\.(?=\s)"
)
_DOMAIN_RE = re.compile(r"\w\.(?:com|org|net|co|info|news|io|de|fr|uk|in|ru|it|es)\b", re.I)
_SITE_PART_RE = re.compile(r"(?<!\s)\s+[|·•»«:–—-]\s+")  # (?<!\s): linear on space runs
# (and the adverbs a date line opens with: "Originally posted on <date>", "First published")
_LEADING_NON_NAME_WORDS = frozenset(
    {"the", "a", "an", "this", "that", "our", "your", "all", "more", "read", "view", "see"}
    | {"originally", "first", "previously", "initially", "also", "recently", "last"}
)
_NAME_PARTICLES = frozenset(
    {
        "de",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "la",
        "le",
        "du",
        "bin",
        "ibn",
        "al",
        "el",
        "y",
        "e",
        "ter",
        "ten",
        "zu",
        "af",
        "st.",
        "mc",
        "mac",
    }
)
# A template's key left unfilled ("page.head.extra.author", "{{ post.author.name }}"): in
# braces, or ending in a field's word; "sara.r.peter" is an account name, not a key.
_TEMPLATE_KEY_RE = re.compile(
    r"^(?:\{+\s*[a-z_]+(?:\.[a-z_]+)*\s*\}+"
    r"|[a-z_]+(?:\.[a-z_]+)+\.(?:author|authors|name|username|creator|byline|writer|user))$"
)
_NOT_NAME_RE = re.compile(
    r"^(?:admin|administrator|anonymous|unknown|guest|staff|editor|editorial|redaktion|"
    r"team|webmaster|none|null|undefined|n/a|the editors|\W*)$",
    re.I,
)


# Words a byline prints beside a name, and role nouns: "Author", "Posted by", "Staff", "Admin",
# "Contributors" alone name no one (a template's label left without its name, a profile menu).
_LABEL_WORDS = frozenset(
    re.split(
        r"\s+",
        """
    by via from author authors autor auteur written posted published reported edited reviewed
    on at in affiliation affiliations modified updated
    staff editor editors admin administrator contributor contributors writer writers team
    moderator member guest user poster webmaster anonymous unknown correspondent columnist
    reporter reporters editorial desk newsroom
    von par por di door av af geschrieben verfasst eingestellt veröffentlicht écrit publié
    rédigé escrito publicado scritto pubblicato geschreven gepubliceerd skrevet
    date
    """.strip(),
    )
)
_WORD_RE = re.compile(r"[^\W\d_]+")
# A site's own chrome read as a byline: account actions, calls to action and the networks its
# share and follow links name ("Sign Up", "Learn More", "YouTube", "Bluesky"); never a writer.
_CHROME_PHRASES = frozenset(
    {
        "log in",
        "login",
        "log out",
        "logout",
        "sign in",
        "signin",
        "sign up",
        "signup",
        "sign out",
        "register",
        "create account",
        "create an account",
        "my account",
        "member login",
        "subscribe",
        "learn more",
        "read more",
        "full bio",
        "view profile",
        "copy link",
        "share",
        "print",
        "print article",
        "ask question",
        "ask a question",
        "get started",
        "privacy policy",
        "about the author",
        "editorial process",
        "youtube",
        "bluesky",
        "facebook",
        "twitter",
        "instagram",
        "linkedin",
        "pinterest",
        "tiktok",
        "mastodon",
        "reddit",
        "whatsapp",
        "telegram",
        "tumblr",
        "vimeo",
        "rss",
        "github",
        "gitlab",
        "discord",
        "email",
        "e-mail",
        "website",
        "homepage",
    }
)
# A team or a publication's staff as a byline: "NETGEAR Orbi Team", "Resy Staff",
# "Sales & Marketing Team": kept whole, never cut before the job word nor split at its "&".
_TEAM_END_WORDS = frozenset({"team", "staff", "desk", "newsroom", "editors", "crew"})
# A project's named group writes as one ("The Rustup Working Group", "The Rust Security Response
# WG", "The Steering Committee"): after "The", these name the group, as "Team" does.
_GROUP_END_RE = re.compile(r"(?:\s|^)(?:working\s+group|wg|committee|council)$", re.I)
# ... and so, after "The" only, do its people ("The Falco Authors", "The Julia contributors";
# "Jo Roe and contributors" names Jo Roe)
_THE_GROUP_END_RE = re.compile(r"^the\s.*\s(?:maintainers|authors|contributors)$", re.I)
# A release number inside a team's name ("Kubeflow 1.9 Release Team"), not a date's or a count's.
# (From a number's start, possessive: linear when searched; it is only ever fullmatched.)
_VERSION_RE = re.compile(r"(?<![\d.])\d++(?:\.\d++)++")
_LIST_MARK_RE = re.compile(r"[,;|/·•]")
# A word with letters and digits glued ("3i", "Web3"): part of a company's or a handle's name,
# where a bare number is a date's, a time's or a count's.
# (From a word's start, possessive: linear when searched; it is only ever fullmatched.)
_GLUED_DIGITS_RE = re.compile(
    r"(?<![\w'-])(?!\d++(?:st|nd|rd|th)\b)(?:\d++[^\W\d_]|[^\W\d_]++\d)[\w'-]*+", re.I
)
# What follows these labels is the editor, checker or translator, not the writer: the byline
# stops there ("By Jo Roe, Edited by Al Poe", "Jo Roe | Fact-checked by Al Poe", "Por Ana
# Ruiz – Traducido por Al Poe", "Traduit par", "Übersetzt von").
_NOT_WRITER_RE = re.compile(
    r"(?:^|(?<=[^\w-]))(?:"
    r"(?:(?:medically\s+)?reviewed|edited|fact[-\s]?checked|translated)\s+by"
    r"|(?:traducid|traduzid|editad|revisad)[oa]s?\s+por"
    r"|(?:traduit|édité|relu|révisé)e?s?\s+par"
    r"|(?:übersetzt|bearbeitet|redigiert)\s+von"
    r"|译者|譯者|翻译|翻譯|訳者|翻訳|번역"
    r")\b.*$",
    re.I | re.S,
)


def is_label(value: str) -> bool:
    """ "Author", "Posted by", "Staff", "Admin:", "Contributors": byline labels and role words
    alone, never a name on their own (a team is named with its role word: "Resy Staff")."""
    if any(map(str.isdigit, value)):  # "user3080392": an account, not the word "user"
        return False
    words = _WORD_RE.findall(value.casefold())
    return bool(words) and len(words) <= 3 and all(word in _LABEL_WORDS for word in words)


# A link's call to action around an author box: "View Full Profile", "See all posts", "About
# the author", "Follow on Bluesky", "More By This Contributor": an action word first, then only
# these words (a name after it, "About Peter Bell", is no chrome).
_CHROME_VERBS = frozenset(
    re.split(
        r"\s+",
        """
    view see read learn follow share save print load loading show more all about email
    contact subscribe sign log copy get ask create join download
    """.strip(),
    )
)
_CHROME_WORDS = _CHROME_VERBS | frozenset(
    re.split(
        r"\s+",
        """
    full public posts post articles article stories story profile bio biography author
    authors page this the my our us me on in up out to link contributor writer account
    question started login a an of from by here now and his her their
    """.strip(),
    )
)


# A letter's salutation, the line a post written as a letter opens with after its byline
# ("Hi,", "Hello everyone,"): it greets the readers and names no writer.
_SALUTATIONS = frozenset(
    {"hi", "hello", "hey", "dear", "greetings", "howdy", "hiya", "bonjour", "hallo", "hola"}
)
_GREETED = frozenset({"all", "everyone", "everybody", "folks", "friends", "there", "y"})


def is_chrome(value: str) -> bool:
    """ "Sign Up", "View Full Profile", "YouTube", "Bluesky Bluesky" (an icon's label and its
    text), "X": the site's account menu, calls to action and network links, or a lone letter;
    and a letter's salutation ("Hi", "Hello everyone")."""
    if any(map(str.isdigit, value)):
        return False
    words = _WORD_RE.findall(value.casefold())
    if len(words) % 2 == 0 and words[: len(words) // 2] == words[len(words) // 2 :]:
        words = words[: len(words) // 2]
    if not words:
        return False
    if len(words) == 1 and len(words[0]) == 1 and len(value.strip(" .")) == 1:
        return True
    if " ".join(words) in _CHROME_PHRASES:
        return True
    if words[0] in _SALUTATIONS and all(word in _GREETED for word in words[1:]):
        return True
    return words[0] in _CHROME_VERBS and all(
        word in _CHROME_WORDS or word in _CHROME_PHRASES for word in words
    )


def has_stray_edges(value: str) -> bool:
    """ "✉ Jo Roe", "© Al Poe", "& Window Sensors", "} Pro", "Chapters ▾", "Marketing Hub®":
    a name starts with a letter, a digit or an opening bracket or quote, and ends on no symbol
    (a mark after post-nominal letters, "Jo Roe, CFP®", is theirs)."""
    value = value.strip()
    if not value:
        return False
    head = value[0]
    if unicodedata.category(head)[0] not in "LN" and head not in "(\"'“‘":
        return True
    tail = _without_credentials(value).rstrip()[-1:]
    if tail in _CLOSING_CHEVRONS and _CLOSING_CHEVRONS[tail] not in value:
        return True  # "Blog Posts »": a link's "more" arrow, no quote closed
    return bool(tail) and unicodedata.category(tail)[0] == "S"


# "Blog » Jo Roe", "Blog Posts » GitHub": a spaced chevron parts a trail of links, never a name.
_SPACED_CHEVRON_RE = re.compile(r"\s[»›]\s")
# Closing chevrons and the openers that would make them a quote's end ("«Jo»").
_CLOSING_CHEVRONS = {"»": "«", "›": "‹"}


def _camel_brand(word: str) -> bool:
    """A brand written lower-case first with a capital inside ("openSUSE", "iOS", "eBay"): a
    proper name as much as a capitalised word."""
    return CAMEL_BRANDS and word[:1].islower() and any(c.isupper() for c in word[1:])


CAMEL_BRANDS = True


def is_team(value: str) -> bool:
    """ "NETGEAR Orbi Team", "Resy Staff", "Sales & Marketing Team", "Britannica Editors", "The
    Rust Release Team", "The Rustup Working Group", "Kubeflow 1.9 Release Team": a named group
    with its role word, capitalised, no sentence, not a role alone ("News Desk", "The Editors"),
    not a publication's staff ("The Verge Staff")."""
    words = value.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS or len(value) > MAX_NAME_CHARS:
        return False
    if _LIST_MARK_RE.search(value):  # "Ann Lee, Bo Chen, Senior Editors": people and a role
        return False
    group = _GROUP_END_RE.search(value) or _THE_GROUP_END_RE.match(value)
    if group:
        named = words[:-1] if group.re is _THE_GROUP_END_RE else value[: group.start()].split()
    elif words[-1].lower() in _TEAM_END_WORDS:
        named = words[:-1]
    else:
        return False
    if len(named) > 1 and named[0] in ("The", "the") and (group or words[-1].lower() == "team"):
        # "The Rust Release Team" names its team ("Jo Roe and the Release Team": its writers);
        # "The Verge Staff" is a paper's staff
        named = named[1:]
    named = [word for word in named if word not in ("&", "and", "+")]
    if not named or _DOMAIN_RE.search(value) or _SENTENCE_RE.search(value):
        return False
    if named[0].lower() in _LEADING_NON_NAME_WORDS:
        return False
    if not all(word[:1].isupper() or word[:1].isdigit() or _camel_brand(word) for word in named):
        return False
    if any(map(str.isdigit, value)) and not all(
        _GLUED_DIGITS_RE.fullmatch(w) or _VERSION_RE.fullmatch(w) or not any(map(str.isdigit, w))
        for w in named
    ):
        return False
    return not all(word.strip(".,").lower() in _JOB_WORDS | _LABEL_WORDS for word in named)


def name_parts(text: str) -> list[str]:
    """A byline's parts as its list marks and "and" words part them ("A, B and C" -> A, B, C),
    unread: to compare two spellings of one byline."""
    return [part.strip() for part in _SPLIT_RE.split(text) if part.strip()]


# A byline line that runs on into the post's taxonomy ("by Jo Roe Tagged: Unix, C", "Jo Roe
# Categories: News"): the tags and categories after their label are no writers.
_TAXONOMY_TAIL_RE = re.compile(
    r"(?:^|(?<=[^\w-]))(?:tagged|tags?|categor(?:y|ies)|filed\s+under|posted\s+in)\s*:.*$",
    re.I | re.S,
)


def before_not_writer(text: str) -> str:
    """ "Jo Roe, Edited by Al Poe" -> "Jo Roe, ": what follows an editor's, a reviewer's or a
    fact-checker's label is not the writer; nor what follows a label of the post's tags or
    categories ("Jo Roe Tagged: Unix, C" -> "Jo Roe ")."""
    return _TAXONOMY_TAIL_RE.sub("", _NOT_WRITER_RE.sub("", text))


def clean_authors(raw: Iterable[str | None], site_name: str | None = None) -> tuple[str, ...]:
    """Plausible, deduplicated author names from raw author strings, in order.

    A name equal to the site's name (or its first part) is the publisher, not an author.
    """
    names: list[str] = []
    seen: set[str] = set()
    if site_name:
        seen.add(site_name.casefold())
        seen.add(_SITE_PART_RE.split(site_name)[0].strip().casefold())
    for value in raw:
        for name in _names_in(value):
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                names.append(name)
    return tuple(names)


def clean_declared_authors(raw: Iterable[str | None]) -> tuple[str, ...]:
    """Names from fields that declare an author (JSON-LD, meta tags, microdata): trusted more.

    The page says in so many words who wrote it, so a lower-case handle ("jdoe42"), a team
    ("Resy Staff") or a name that is also the site's (a personal blog) is kept; only what is
    plainly not a name (a URL, an e-mail, a placeholder, a sentence) is dropped.
    """
    names: list[str] = []
    seen: set[str] = set()
    for value in raw:
        for name in _declared_names_in(value):
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                names.append(name)
    return tuple(names)


def looks_like_handle(value: str) -> bool:
    """A user name as forums and CMSs show it: one token of letters, digits, ``._-``."""
    return (
        bool(_HANDLE_TOKEN_RE.fullmatch(value))
        and any(map(str.isalpha, value))
        and not is_label(value)
        and not is_chrome(value)
    )


def _declared_names_in(value: str | None) -> list[str]:
    if not value:
        return []
    if len(value) > MEMO_MAX_CHARS:
        return _read_declared_names(value)
    return list(_declared_names_memo(str(value)))


@lru_cache(maxsize=MEMO_SIZE)
def _declared_names_memo(value: str) -> tuple[str, ...]:
    return tuple(_read_declared_names(value))


def _read_declared_names(value: str) -> list[str]:
    if "<" in value:
        value = html.unescape(_MARKUP_RE.sub(" ", value))
    text = _GLUED_BY_RE.sub("", " ".join(value.split()))
    if _URL_RE.search(text) or _EMAIL_RE.fullmatch(text):
        return []
    text = _HANDLE_RE.sub(" ", text) if not text.startswith("@") else text[1:]
    text = _ET_AL_RE.sub("", _without_brackets(text))
    text = _DATE_TAIL_RE.sub(r"\1", _before_last_updated(before_not_writer(text)))
    # a theme that split "A, B, and C" at its commas declares "and C": the "and" is no name's
    text = _LEADING_AND_RE.sub("", strip_byline_prefix(text).lstrip())
    if is_team(whole := _tidy(text)):
        return [whole]
    names: list[str] = []
    last_first = _LAST_FIRST_RE.fullmatch(text.strip())
    if last_first and not _is_credential(last_first.group(2)):  # "Needleman, Sarah"
        text = f"{last_first.group(2)} {last_first.group(1)}"
    elif inverted := _inverted_name(text):
        return [inverted]
    text = _without_role_tail(text)
    parts = _byline_parts(_DECLARED_SPLIT_RE.split(_AND_RE.sub(_AND_MARK, text)), declared=True)
    for part in _with_credentials(parts):
        name = _tidy(strip_byline_prefix(part))
        if not name or _NOT_NAME_RE.match(name) or not any(map(str.isalpha, name)):
            continue
        if is_label(name) or is_chrome(name):
            continue
        if _TEMPLATE_KEY_RE.match(name):  # "page.head.extra.author": a template left unfilled
            continue
        if len(name.split()) > MAX_NAME_WORDS or len(name) > MAX_NAME_CHARS:
            continue
        if _DOMAIN_RE.search(name) or _SENTENCE_RE.search(_ABBREVIATION_RE.sub(r"\1", name)):
            continue
        if looks_like_name(name) or looks_like_handle(name) or not _is_role_only(name):
            names.append(name)
    return names


_PHRASE_WORD_RE = re.compile(r"[^\W\d_][\w'.-]*")
MAX_PHRASE_WORDS = 4


def byline_phrase(text: str) -> str | None:
    """The one writer a byline line names besides its date and marks, however it is written
    ("Apr. 17, 2023 · Release automation on behalf of The Release Team": "Release
    automation"; "lcnr"): read only where a site's posts are known to print their writer
    there (the site model's byline place), since alone such words name no one. None unless
    exactly one short run of words is left, and it is no label, call to action or sentence."""
    text = _ON_BEHALF_RE.sub("", before_not_writer(" ".join(text.split())))
    text = _PARENS_RE.sub(" ", strip_byline_prefix(_after_leading_date(text)))
    parts = [part.strip(" .") for part in _SPLIT_RE.split(text) if part and part.strip(" .")]
    wordy = [part for part in parts if not any(map(str.isdigit, part)) or _handle_with_digits(part)]
    if len(wordy) != 1:
        return None
    phrase = wordy[0]
    if not 1 <= len(phrase.split()) <= MAX_PHRASE_WORDS or not all(
        _PHRASE_WORD_RE.fullmatch(word) for word in phrase.split()
    ):
        return None
    if is_label(phrase) or is_chrome(phrase) or _NOT_NAME_RE.match(phrase):
        return None
    words = {word.strip(".").lower() for word in phrase.split()}
    if words & (_LABEL_WORDS | _LINE_WORDS) or words <= MONTH_NAMES:  # "Posted in X", "Updated"
        return None
    return phrase


def _handle_with_digits(part: str) -> bool:
    """An account name with digits in it ("sciwhiz12", "Technici4n"): one token that opens
    with a letter and holds at least three, no date's part ("17th", "2023") nor a count."""
    return (
        part[:1].isalpha()
        and sum(map(str.isalpha, part)) >= 3
        and looks_like_handle(part)
        and part.lower().rstrip("0123456789") not in _LINE_WORDS | _ORDINAL_ENDS
    )


_ORDINAL_ENDS = frozenset({"st", "nd", "rd", "th"})
# Words of a date line's other parts: its labels, the day's name, a category, a reading time,
# a count.
_LINE_WORDS = frozenset(
    re.split(
        r"\s+",
        """
    updated modified filed under tagged tags tag category categories comments comment read
    min mins minutes views share reply replies
    monday tuesday wednesday thursday friday saturday sunday
    """.strip(),
    )
)


def strip_byline_prefix(text: str, prefix_re: re.Pattern[str] = _PREFIX_RE) -> str:
    """ "By Jane Doe" -> "Jane Doe", "di Mario Rossi" -> "Mario Rossi", but "Di Fox" stays: a
    prefix word that can be a name's first word is stripped only lower-case, before a mark
    (":"), or when a full name follows (two words or more before any "and" or comma)."""
    match = prefix_re.match(text)
    if match is None:
        return text
    rest = text[match.end() :]
    word = match.group().strip(" \t\n:-–—")
    if (
        word.lower() in _NAME_LIKE_PREFIXES
        and word[:1].isupper()
        and len(_SPLIT_RE.split(rest, maxsplit=1)[0].split()) < 2
        and not any(mark in match.group() for mark in ":-–—")
    ):
        return text
    return rest


def _person_like(part: str) -> bool:
    """ "Jane Doe", "jdoe42": what one of several authors looks like (not "Center for X")."""
    part = _tidy(strip_byline_prefix(part))
    return looks_like_name(part) or looks_like_handle(part)


def _is_role_only(name: str) -> bool:
    """ "Senior Editor", "Contributing Writer": job words and nothing else."""
    return all(word.strip(".,").lower() in _JOB_WORDS for word in name.split())


def looks_like_name(value: str) -> bool:
    """A short run of words with letters, no digits, not a role or placeholder (letters after
    the name, "Jo Roe, PhD", are read apart)."""
    if len(value) > MEMO_MAX_CHARS:
        return _reads_as_name(value)
    return _name_memo(str(value))


@lru_cache(maxsize=MEMO_SIZE)
def _name_memo(value: str) -> bool:
    return _reads_as_name(value)


# Chinese, Japanese or Korean words right after a name in Latin letters, up to the next name:
# the line's other words ("原文链接", "the original's link"), no part of that name.
# Chinese "and" between two names in Latin letters ("Joseph Savona 与 Sebastian Markbåge"):
# a list's separator, before the words in Chinese after a name are cut.
_CJK_AND_RE = re.compile(r"(?<=[A-Za-z\u00c0-\u024f.])\s+[与和及]\s+(?=[A-Za-z\u00c0-\u024f])")
_CJK_AFTER_LATIN_RE = re.compile(
    r"(?<=[A-Za-z\u00c0-\u024f.])\s+[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af][^,;|&]*"
)
# A sentence's marks in Chinese and Japanese: a line holding one is prose ("…征集，加入我们！"),
# never a name, however few its spaces.
_CJK_SENTENCE_MARKS = frozenset("，。！？；：、「」『』【】")


def _cjk_words_cut(match: re.Match[str]) -> str:
    """Nothing for the words after a full name in Latin letters (two capitalised words), unless
    they are a sentence (its marks: "Jenkins 中文社区议题公开征集，加入我们！" is prose); a
    heading's one word before them ("Node.js 学习笔记") is no name."""
    if not _CJK_SENTENCE_MARKS.isdisjoint(match.group()):
        return match.group()
    before = match.string[max(0, match.start() - _NAME_WINDOW) : match.start()].split()
    named = len(before) >= 2 and all(
        _LATIN_WORD_RE.sub("", word)[:1].isupper() for word in before[-2:]
    )  # (after a label glued to the first name: "作者：Oleg Nenashev")
    return "" if named else match.group()


_LATIN_WORD_RE = re.compile(r"^[^A-Za-z\u00c0-\u024f]+")


def _reads_as_name(value: str) -> bool:
    value = _without_credentials(value)
    words = value.split()
    if not words or len(words) > MAX_NAME_WORDS or len(value) > MAX_NAME_CHARS:
        return False
    if not _CJK_SENTENCE_MARKS.isdisjoint(value):
        return False
    if _NOT_NAME_RE.match(value) or is_label(value) or is_chrome(value):
        return False
    if has_stray_edges(value) or _SPACED_CHEVRON_RE.search(value):
        return False
    if any(map(str.isdigit, value)) and not _digits_glued(words):
        return False
    if not any(map(str.isalpha, value)):
        return False
    if _DOMAIN_RE.search(value) or words[0].lower() in _LEADING_NON_NAME_WORDS:
        return False
    if any(word[0].islower() and word.lower() not in _NAME_PARTICLES for word in words):
        return False
    lowered = [word.strip(".,").lower() for word in words]
    return not any(word in _JOB_WORDS for word in lowered)


def _digits_glued(words: list[str]) -> bool:
    """ "3i Global": one word with letters and digits glued, beside a word with none; a bare
    number ("May 2", "Top 10") or two such words is no name."""
    glued = [word for word in words if any(map(str.isdigit, word))]
    return (
        len(glued) == 1
        and _GLUED_DIGITS_RE.fullmatch(glued[0].strip(".,")) is not None
        and len(glued) < len(words)
    )


def _byline_parts(pieces: list[str], *, declared: bool) -> list[tuple[str, bool]]:
    """The parts of a byline split at its separators, its "and"s marked (``_AND_MARK``), each
    with whether an "and" comes before it (letters after a name follow a comma, never an
    "and"). "A, and B": the Oxford comma's "and" opens a part. In a declared byline an "and"
    parts persons ("David Cardozo and Josh Bottum" beside a team name: two) but joins the
    words of a name that is no person's ("Center for Science and Democracy")."""
    parts: list[tuple[str, bool]] = []
    for piece in pieces:
        after_and = piece.startswith("_and_ ")
        piece = piece.removeprefix("_and_ ")
        names = piece.split(_AND_MARK)
        if declared and len(names) > 1 and not all(_person_or_letters(n) for n in names):
            names = [piece.replace(_AND_MARK, " and ")]
        parts.append((names[0], after_and))
        parts.extend((name, True) for name in names[1:])
    return parts


def _marked_ands(text: str) -> str:
    """The byline with each "and" between two writers marked (``_AND_MARK``)."""
    return _CAPITALS_AND_RE.sub(_capitals_and, _BYLINE_AND_RE.sub(_AND_MARK, text))


def _capitals_and(match: re.Match[str]) -> str:
    """``_AND_MARK`` between two names of two capitalised words or more, the one before the
    whole part ("Pavlína Froňková a Petr Messner"; not "section of Making a Release")."""
    text, start, end = match.string, match.start(), match.end()
    before = _PART_EDGE_RE.split(text[max(0, start - _NAME_WINDOW) : start])[-1].split()
    after = _PART_EDGE_RE.split(text[end : end + _NAME_WINDOW])[0].split()
    named = (
        len(before) >= 2
        and len(after) >= 2
        and all(word[:1].isupper() for word in (*before, *after[:2]))
    )
    return _AND_MARK if named else match.group()


_PART_EDGE_RE = re.compile(r"[,;|/&+·•]|" + _AND_MARK + r"|\s(?:a|i|og|och|и)\s")
_NAME_WINDOW = 60  # characters read beside a Czech "a" or after a name (bounded: linear)


def _person_or_letters(part: str) -> bool:
    return _person_like(part) or _is_credential(part)


def _names_in(value: str | None) -> list[str]:
    if not value:
        return []
    if len(value) > MEMO_MAX_CHARS:
        return _read_names(value)
    return list(_names_memo(str(value)))


@lru_cache(maxsize=MEMO_SIZE)
def _names_memo(value: str) -> tuple[str, ...]:
    return tuple(_read_names(value))


# "TL;DR", the label of a post's summary, opens a paragraph at the byline's place on some blogs:
# its ";" would part two capitals, "TL" and "DR", read as two writers.
_TLDR_RE = re.compile(r"^\s*tl\s*;?\s*dr\b", re.I)


def _read_names(value: str) -> list[str]:
    text = _GLUED_BY_RE.sub("", " ".join(value.split()))
    if _TLDR_RE.match(text):
        return []
    if "@" in text and (handles := _handles_only(text)):
        return handles
    if _URL_RE.fullmatch(text):
        return []
    text = _EMAIL_RE.sub(" ", text)
    text = _URL_RE.sub(" ", text)
    text = _CJK_AND_RE.sub(", ", text)  # "Jesslyn Tannady 与 Rick Hanlon": two
    text = _CJK_AFTER_LATIN_RE.sub(_cjk_words_cut, text)  # "Oleg Nenashev 原文链接"
    text = _BRACKETED_HANDLE_RE.sub(",", text)  # "Jo Roe (@jroe) Bo Chen (@bchen)": two
    text = _PRINTED_HANDLE_RE.sub(" ", text)
    text = _ET_AL_RE.sub("", _without_brackets(text))
    text = after_date_head(text)
    if _DATED_BY_RE.match(text):  # "Posted on: <date> by Jo Roe": its date is the label's
        text = strip_byline_prefix(text)
    text = _DATE_TAIL_RE.sub(r"\1", _before_last_updated(before_not_writer(text)))
    text = strip_byline_prefix(before_trailing_date(text))
    names: list[str] = []
    text = _without_role_tail(_ON_BEHALF_RE.sub("", text))
    if is_team(whole := _tidy(text)):
        return [whole]
    if inverted := _inverted_name(text):
        return [inverted]
    pieces = _SPLIT_RE.split(_marked_ands(text))
    parts = _with_credentials(_byline_parts(pieces, declared=False))
    if len(parts) == 2 and "," in text and all(len(part.split()) == 1 for part in parts):
        parts = [f"{parts[1]} {parts[0]}"]  # "Needleman, Sarah": last name first
    for part in parts:
        name = _tidy(strip_byline_prefix(part))
        if name and (looks_like_name(name) or is_team(name)):
            names.append(name)
        elif name:
            names.extend(_name_before_title(name))
    return names


def _without_brackets(text: str) -> str:
    """The text without what it puts in brackets (a handle, a role, a place), but for a
    nickname between a first and a last name ("Robert (Bob) Turner")."""
    if "(" not in text and "[" not in text:
        return text
    kept = [m.span() for m in _NICKNAME_RE.finditer(text) if not is_label(m.group(1))]
    if not kept:
        return _PARENS_RE.sub(" ", text)
    return _PARENS_RE.sub(
        lambda m: m.group(0) if any(a < m.start() < b for a, b in kept) else " ", text
    )


def after_date_head(text: str) -> str:
    """What a line opening with its date gives after the date's dash ("March 11, 2022 - Jo
    Roe": the writer); the text as it is unless the part before the first spaced dash is short
    and holds a year and the rest holds no digit (a date tail, "Jo Roe - May 2, 2025", is
    read by ``_DATE_TAIL_RE``). A "by" after the date reads the same ("June 6, 2024 by Jo
    Roe")."""
    text = _CJK_DAY_HEAD_RE.sub("", text, count=1)
    for dash in (" - ", " – ", " — ", " by ", " By ", *_BY_ABROAD):
        head, found, rest = text.partition(dash)
        if found:
            if (
                len(head) <= _DATE_HEAD_CHARS
                and _YEAR_IN_RE.search(head)
                and not any(map(str.isdigit, rest))
            ):
                return rest
            return text
    return _after_leading_date(text)


# "By" in the languages whose bylines follow their date ("7 de outubro de 2025 por Ana Lee",
# "Veröffentlicht am 11.09.2017 von Jo Roe"): read after the English separators.
_BY_ABROAD = (" por ", " par ", " von ", " door ")
# A Chinese or Japanese day opening a byline ("2021 年 12 月 17 日 Jesslyn Tannady 与 Rick
# Hanlon", "2020年12月21日，作者：Dan Abramov"), and the comma after it.
_CJK_DAY_HEAD_RE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[，,]?\s*(?=\S)")
# A day written out at a line's start: "19 June 2021", "June 19, 2021", "Jun. 19th 2021",
# "May, 19 2022".
_DAY_AND_MONTH = (
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[^\W\d_]{3,10})\.?,?"
    r"|(?P<m2>[^\W\d_]{3,10})\.?,?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?)"
)
_LEADING_DATE_RE = re.compile(_DAY_AND_MONTH + r"\s+(?:1[89]|20)\d\d\s+")


def _names_a_month(found: re.Match[str] | None) -> bool:
    """Whether a day-and-month match's month word is a month's name (not "Jo 12")."""
    return found is not None and (found["m1"] or found["m2"]).casefold() in MONTH_NAMES


def _after_leading_date(text: str) -> str:
    """What a line opening with a day written out gives after it and the bullet that may part
    them, when the rest holds no digit ("19 June 2021 Dominik Picheta", "Mar 20, 2026 • Andrea
    Aime": the writer; a template's meta line of date and name). The text as it is otherwise."""
    found = _LEADING_DATE_RE.match(text)
    if not _names_a_month(found):
        return text
    rest = text[found.end() :].lstrip("•·⋅| ")
    return rest if rest and not any(map(str.isdigit, rest)) else text


# A day written out at a line's end, no mark before it: "Jo Roe Sep 26, 2023". ((?<!\s): one
# try per run of spaces, linear)
_TRAILING_DATE_RE = re.compile(r"(?<!\s)\s+" + _DAY_AND_MONTH + r"\s+(?:1[89]|20)\d\d\s*$")


def before_trailing_date(text: str) -> str:
    """What a line ending with a day written out gives before it, when that holds no digit
    ("A, B, C Sep 26, 2023": a theme's writers then its date, nothing between them; the last
    writer is no "C Sep 26"). The text as it is otherwise."""
    if not text[-1:].isdigit():
        return text
    found = _TRAILING_DATE_RE.search(text)
    if not _names_a_month(found):
        return text
    head = text[: found.start()]
    return head if head.strip() and not any(map(str.isdigit, head)) else text


_DATE_HEAD_CHARS = 32
_YEAR_IN_RE = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_BRACKETED_HANDLE_RE = re.compile(r"\(\s*@\w[\w.-]*\s*\)")


def _handles_only(text: str) -> list[str]:
    """The accounts of a byline that names its writers by handle alone, without their "@"
    (as a declared "@jdoe" is read): [] unless the byline, less its "By", opens with them and
    names no one else after them (a date line may follow)."""
    text = strip_byline_prefix(text)
    run = _HANDLE_RUN_RE.match(text)
    if run is None:
        return []
    rest = _LEADING_AND_RE.sub("", text[run.end() :].strip(" ,.;"))
    if rest and _read_names(_DATE_TAIL_RE.sub(r"\1", rest)):
        return []
    return list(dict.fromkeys(_HANDLE_AT_RE.findall(run.group(0))))


def _inverted_name(text: str) -> str:
    """ "Kaufman, Jeff T." -> "Jeff T. Kaufman", "Doe, J. R." -> "J. R. Doe": a surname, its
    comma, then given names with initials is one person written last name first (as
    "Needleman, Sarah" is), not the two names a comma splits; "" when the text is no such name
    (a list "A, B and C", letters after a name "Jo Roe, MD")."""
    found = _INVERTED_RE.fullmatch(text.strip())
    if found is None:
        return ""
    surname, given = found.groups()
    if _is_credential(given) or _is_credential(surname):
        return ""
    name = _tidy(f"{given} {surname}")
    return name if looks_like_name(name) else ""


def _name_before_title(part: str) -> list[str]:
    """ "Jane Doe Senior Writer" -> "Jane Doe": keep the words before the first job word."""
    words = part.split()
    for index, word in enumerate(words):
        if word.strip(".,").lower() in _JOB_WORDS:
            head = " ".join(words[:index])
            return [head] if index >= 2 and looks_like_name(head) else []
    return []


def _without_role_tail(text: str) -> str:
    """ "Paul Frew, Home and Digital Security Expert" -> "Paul Frew": one name, then after its
    comma a job title (which may hold an "and"), is one person, not three."""
    head, comma, tail = text.partition(",")
    if not comma or not looks_like_name(head.strip()) or _is_credential(tail):
        return text
    letters, tail = _leading_credentials(tail)
    if letters:  # "Jo Roe, MD, gastroenterologist": the letters stay with the name
        head = f"{head.rstrip()}, {letters}"
        if not tail:
            return text
    words = {word.strip(".,&").lower() for word in tail.split()}
    if words & (_JOB_WORDS | _ROLE_WORDS) and not any(
        looks_like_name(part.strip()) and not (set(part.lower().split()) & _ROLE_WORDS)
        for part in _TAIL_PARTS_RE.split(tail)
        if len(part.split()) >= 2
    ):
        return head
    return text


def _leading_credentials(tail: str) -> tuple[str, str]:
    """ " MD, FACP, gastroenterologist" -> ("MD, FACP", " gastroenterologist"): the
    post-nominal letters before a job title are the name's, as printed."""
    parts = tail.split(",")
    count = 0
    while count < len(parts) - 1 and _is_credential(parts[count]):
        count += 1
    letters = ", ".join(part.strip() for part in parts[:count])
    return letters, ",".join(parts[count:])


def _with_credentials(parts: list[tuple[str, bool]]) -> list[str]:
    """ "Jane Doe, MD, FACP" split at its commas -> "Jane Doe, MD, FACP": letters after a
    name (degrees, licences, "Jr.") belong to it, as printed; they are nobody's name. Each
    part comes with whether an "and" is before it (``_byline_parts``): letters never follow an
    "and" ("MEG KINNARD and ERRIN HAINES" names two people in capitals)."""
    out: list[str] = []
    for part, after_and in parts:
        if out and not after_and and _is_credential(part) and not _is_credential(out[-1]):
            out[-1] = f"{out[-1].rstrip()}, {part.strip()}"
        else:
            out.append(part)
    return out


def _without_credentials(name: str) -> str:
    """ "Jo Roe, MD, PhD" -> "Jo Roe"."""
    head, comma, tail = name.partition(",")
    return head.rstrip() if comma and _is_credential(tail) else name


def _is_credential(part: str) -> bool:
    """ "MD", "Ph.D.", "MS, RD", "M.D. FACLM", "CFP®", "Jr.": post-nominal letters only."""
    words = part.replace(",", " ").split()
    return bool(words) and len(words) <= 4 and all(_CREDENTIAL_RE.fullmatch(w) for w in words)


def _before_last_updated(text: str) -> str:
    """ "Jo Roe Last updated on 17 May 2025" -> "Jo Roe" (apart: the date-tail regex grew
    super-linear with one more alternative)."""
    found = _LAST_UPDATED_RE.search(text)
    return text[: found.start()] if found and found.start() > 0 else text


def _without_icon(name: str) -> str:
    """ "✉ Jo Roe", "👤 Jo Roe" -> "Jo Roe": an icon glyph before the name is the markup's; a
    copyright or trademark sign ("© Al Poe": a credit) is no icon and stays."""
    start = 0
    while start < len(name) and (
        name[start].isspace()
        or (unicodedata.category(name[start]) == "So" and name[start] not in "©®℗™")
    ):
        start += 1
    return name[start:] if start and start < len(name) else name


def _tidy(name: str) -> str:
    if name.count("(") != name.count(")"):  # "Jo Roe (jo@x.org)" once the e-mail is cut
        name = name.replace("(", " ").replace(")", " ")
    spaced = " ".join(_without_icon(name).split())
    name = spaced.strip(" \t\n\"'“”‘’:-–—.,·•⋅|*†")  # "Paramita (Guha) Ghosh"
    if _DOTTED_END_RE.search(name) and spaced[spaced.find(name) + len(name) :][:1] == ".":
        name += "."  # "Jo Roe, Ph.D.": the last dot of an abbreviation is part of it
    elif _INITIAL_END_RE.search(name) and spaced[spaced.find(name) + len(name) :][:1] == ".":
        name += "."  # "Jeff T.", "Mary J. K.": an initial keeps its dot
    if name.isupper() and len(name) > 3:
        name = name.title()
    return name
