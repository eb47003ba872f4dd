"""The extractor's vocabulary: which tags, classes and phrases mean content or boilerplate.

Kept in one place so the heuristics can be read and tuned without reading the algorithms.
Every rule here is general (web-wide theme and CMS conventions), never tied to one site.
"""

from __future__ import annotations

import re

# Tags whose whole subtree is never article text.
DROP_TAGS: frozenset[str] = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "button",
        "select",
        "textarea",
        "input",
        "option",
        "label",
        "nav",
        "aside",
        "footer",
        "dialog",
        "menu",
        "map",
        "audio",
        "video",
        "picture",
        "source",
        "track",
    }
)

# Of those, the ones whose text a reader never sees at all.
INVISIBLE_TAGS: frozenset[str] = frozenset(
    {"script", "style", "template", "iframe", "object", "embed", "svg", "canvas", "input"}
    | {"select", "option", "textarea", "map", "audio", "video", "picture", "source", "track"}
)
# The rest: page structure (navigation, asides, footers, no-script fallbacks, widgets).
STRUCTURAL_DROP_TAGS: frozenset[str] = DROP_TAGS - INVISIBLE_TAGS

# Tags that are boilerplate only when they carry little prose (some sites wrap all in <form>).
SOFT_DROP_TAGS: frozenset[str] = frozenset({"form", "header"})

# Block-level tags: each starts a new line when rendered.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "figure",
        "figcaption",
        "address",
        "hr",
        "center",
        "details",
        "summary",
        "caption",
        "body",
        "html",
        "form",
        "fieldset",
        "hgroup",
    }
)

# Rendered nowhere: image captions repeat what the picture shows, not the article's prose.
SKIP_RENDER_TAGS: frozenset[str] = frozenset({"figcaption"})

HEADING_TAGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Elements that hold a paragraph of prose; scoring credits their text to their ancestors.
PARAGRAPH_TAGS: frozenset[str] = frozenset({"p", "pre", "blockquote", "td", "dd", "li"})

# Generic layout class names: shared by unrelated blocks, so they never identify article chunks.
LAYOUT_CLASSES: frozenset[str] = frozenset(
    {
        "row",
        "col",
        "column",
        "columns",
        "container",
        "wrapper",
        "wrap",
        "inner",
        "clearfix",
        "grid",
        "flex",
        "block",
        "section",
        "content",
        "item",
        "box",
        "card",
        "widget",
        "module",
        "panel",
    }
)

# Containers that can be the article's body.
CONTAINER_TAGS: frozenset[str] = frozenset(
    {"div", "section", "article", "main", "td", "body", "span", "font", "center", "form"}
)

# class/id/role words meaning "not article text". Matched as whole tokens or token parts.
_BOILERPLATE_WORDS = (
    r"share|sharing|sharer|social|sociable|addthis|sharedaddy|shareaholic|"
    r"related|recommend(?:ed|ations)?|more-stories|more-from|read-more|readmore|"
    r"recent-posts?|popular|trending|most-read|mostread|also-read|you-may-like|"
    r"comment(?:s|list|-list|-respond|-form|area|s-area)?|respond|disqus|discussion|"
    r"sidebar|side-bar|widget|widgets|rail|"
    r"newsletter|subscribe|subscription|signup|sign-up|mailchimp|optin|opt-in|"
    r"promo|promotion|sponsor(?:ed)?|advert(?:isement|ising)?|ads?|adsense|dfp|"
    r"gpt-ad|banner|outbrain|taboola|"
    r"author-?(?:bio|box|info|card|profile|details)|about-?the-?author|byline|"
    r"breadcrumbs?|crumbs|pagination|pager|paging|nav|navbar|navigation|menu|"
    r"masthead|footer|header|site-header|topbar|toolbar|"
    r"cookie|cookies|consent|gdpr|modal|popup|pop-up|overlay|lightbox|"
    r"tags|tag-?list|tagcloud|post-tags|categories|cat-links|entry-meta|post-meta|"
    r"meta-?data|postmetadata|print|skip|screen-reader|sr-only|visually-hidden|"
    r"login|signin|search|"
    r"jp-relatedposts|yarpp|wp-caption-text|caption|credit|"
    r"next-?post|prev(?:ious)?-?post|post-?navigation|nav-links|"
    r"follow|donate|paywall|shoutbox|"
    r"teaser|bottom-?bar|links?-?list|more-?links|"
    r"ribbon|alert|notice|ticker|breaking|marquee"
)

# class/id words meaning "this is the article". They protect an element from boilerplate words.
_CONTENT_WORDS = (
    r"article|articles|content|contents|entry|entry-content|post|post-content|post-body|"
    r"postbody|post-entry|story|story-body|storycontent|blog-?post|main|body|text|"
    r"article-?body|articlebody|article-?content|articletext|page-content|"
    r"single|hentry|prose|rich-?text|markdown|field-body|td-post-content"
)

# Strong content hints used to prefer a container when scoring.
_STRONG_CONTENT_WORDS = (
    r"entry-?content|post-?content|post-?body|postbody|post-entry|article-?body|articlebody|"
    r"article-?content|article-?text|articletext|story-?body|story-?content|storycontent|"
    r"story-?text|blog-?post-?body|post-?text|main-?content|body-?text|bodytext|"
    r"rich-?text|field-?body|article__body|c-entry-content|single-?content|"
    r"td-post-content|text-?content|content-?body|entry-?body|post__content|"
    r"article__content|articleBody|story__body|news-?content|news-?text|page-?content"
)

# Substrings every alternative of a pattern contains: a cheap test that skips the regex.
STRONG_CONTENT_KEYS = ("content", "body", "text", "entry")
COMMENTS_KEYS = ("comment", "discussion", "disqus", "respond")
EMBED_KEYS = ("embed", "twitter", "instagram")

# A lookbehind, not a consumed character: the same matches, found faster by the engine.
_TOKEN_EDGE = r"(?<![^\s_\-:.])"
_TOKEN_END = r"(?:$|[\s_\-:.\d])"


def _alternatives(pattern: str) -> list[str]:
    """The top-level ``|`` alternatives of a pattern (groups and escapes kept whole)."""
    parts: list[str] = []
    depth = 0
    start = 0
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    parts.append(pattern[start:])
    return parts


def by_first_letter(words: str) -> str:
    """``share|social|related`` as ``s(?:hare|ocial)|r(?:elated)``: the same matches.

    Python's regex engine tries every alternative at every position, but skips one whose first
    character does not match at once; grouping by first letter makes a cold class string cost
    about half as much to classify.
    """
    alternatives = _alternatives(words)
    if not all(len(a) > 1 and a[0].isalnum() and a[1] not in "?*+{" for a in alternatives):
        return words
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


_PLAIN_RUN_RE = re.compile(r"[A-Za-z0-9_-]*")


def literal_words(pattern: str, edge: bool = False) -> tuple[str, ...]:
    """The literal words an alternation of words looks for: for each top-level alternative of
    ``pattern``, its leading run of plain characters (less the last one when a ``?``, ``*`` or
    ``{`` makes it optional), so every match of the pattern contains one of them. A word that
    holds another word of the list is left out (the shorter one occurs wherever it does). With
    ``edge`` (a pattern whose matches start at a token edge, ``_edge_pattern``) the words are
    where a match starts, and only a word that begins with another is left out.

    ``prune.attr_verdict`` runs a pattern only where one of its words occurs in the class/id
    string (a C scan): a string holding none of them cannot match. An alternative that starts
    with no plain character would give no word: ValueError, not a silently wrong filter.
    """
    words: set[str] = set()
    for alternative in _alternatives(pattern):
        word = _PLAIN_RUN_RE.match(alternative).group()  # type: ignore[union-attr]
        if alternative[len(word) : len(word) + 1] in ("?", "*", "{"):
            word = word[:-1]
        if not word:
            raise ValueError(f"alternative {alternative!r} has no leading literal word")
        words.add(word)
    if edge:
        return tuple(sorted(w for w in words if not any(o != w and w.startswith(o) for o in words)))
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


def may_hold(text: str, words: tuple[str, ...]) -> bool:
    """False only when ``text`` is ASCII and its lower case holds none of ``words``: then a
    case-insensitive pattern every match of which holds one of them (``literal_words`` of its
    alternation) cannot match it. A few substring tests cost a fraction of such a pattern's
    search, which sre tries at every position; only non-ASCII characters fold onto ASCII
    letters under ``re.I`` ("ſ", "ı", the Kelvin sign), so other text answers True."""
    if not text.isascii():
        return True
    low = text.lower()
    for word in words:  # noqa: SIM110 (a loop: no generator frame per call)
        if word in low:
            return True
    return False


_EXPANDED_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def expanded_words(pattern: str) -> tuple[str, ...]:
    """Every string an alternation of words matches in full: ``comments?|author-?box`` gives
    comment, comments, author-box, authorbox. The word lists use only plain characters,
    ``(?:...)`` groups and ``?`` after a character or a group, so the language is finite;
    anything else (``*``, ``+``, ``{``, classes, escapes, anchors) raises ValueError.

    ``prune.attr_verdict``'s patterns searched in C (``_cwalks.VerdictWords``): a plain
    pattern matches where one of its strings occurs, an edge pattern where one starts at a
    token edge and is followed by the end or a token separator."""

    def alternation(at: int) -> tuple[set[str], int]:
        found: set[str] = set()
        while True:
            sequence, at = concatenation(at)
            found |= sequence
            if at < len(pattern) and pattern[at] == "|":
                at += 1
                continue
            return found, at

    def concatenation(at: int) -> tuple[set[str], int]:
        found = {""}
        while at < len(pattern) and pattern[at] not in "|)":
            char = pattern[at]
            if char == "(":
                if not pattern.startswith("(?:", at):
                    raise ValueError(f"group at {at} of {pattern!r} is not (?:...)")
                atom, at = alternation(at + 3)
                if at >= len(pattern) or pattern[at] != ")":
                    raise ValueError(f"unclosed group in {pattern!r}")
                at += 1
            elif char in _EXPANDED_CHARS:
                atom, at = {char}, at + 1
            else:
                raise ValueError(f"{char!r} at {at} of {pattern!r} is not expanded")
            if at < len(pattern) and pattern[at] == "?":
                atom = atom | {""}
                at += 1
            found = {head + tail for head in found for tail in atom}
        return found, at

    words, end = alternation(0)
    if end != len(pattern):
        raise ValueError(f"unbalanced ')' at {end} of {pattern!r}")
    return tuple(sorted(words))


def _edge_pattern(words: str) -> re.Pattern[str]:
    """``words`` as whole tokens or token parts of a class/id string."""
    return re.compile(_TOKEN_EDGE + "(?:" + by_first_letter(words) + ")" + _TOKEN_END)


# The attribute patterns are matched against lower-cased class/id strings (faster than re.I).
BOILERPLATE_ATTR_RE = _edge_pattern(_BOILERPLATE_WORDS)
CONTENT_ATTR_RE = _edge_pattern(_CONTENT_WORDS)
# Strong words are distinctive enough to match inside camelCase names ("RichTextArticleBody").
STRONG_CONTENT_ATTR_RE = re.compile(by_first_letter(_STRONG_CONTENT_WORDS.lower()))

# Words that always mean boilerplate, even beside a content word ("post-comments", "entry-share").
_HARD_BOILERPLATE_WORDS = (
    r"share|sharing|sharedaddy|social|addthis|comments?|comment-?list|commentlist|"
    r"comments-?area|disqus|related|recommended|newsletter|subscribe|sidebar|"
    r"author-?bio|author-?box|about-?the-?author|breadcrumbs?|cookie|consent|"
    r"jp-relatedposts|yarpp|outbrain|taboola|advertisement|sponsored|popup|modal|"
    r"post-?navigation|nav-links|post-?tags|tag-?list|entry-?footer|post-?footer|"
    r"article-?footer|share-?bar|social-?share|print-?only|screen-reader-text|sr-only|"
    r"visually-?hidden"
)
HARD_BOILERPLATE_ATTR_RE = _edge_pattern(_HARD_BOILERPLATE_WORDS)

# Distinctive boilerplate words also found inside camelCase names ("newsCaption", "shareBar").
_CAMEL_BOILERPLATE_WORDS = (
    r"caption|newsletter|related|advert|sharebar|sharing|socialshare|sponsor|breadcrumb|"
    r"cookie|promo|popular|trending|recommend"
)
CAMEL_BOILERPLATE_ATTR_RE = re.compile(by_first_letter(_CAMEL_BOILERPLATE_WORDS))

# Roles that are never article text.
BOILERPLATE_ROLES: frozenset[str] = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "menu",
        "menubar",
        "dialog",
        "alertdialog",
        "toolbar",
        "tablist",
    }
)

# class/id marking a comment section (kept for ``include_comments``).
_COMMENTS_WORDS = (
    r"comments|comment-?list|commentlist|comments-?area|comment-?section|"
    r"comments-?section|comments-?container|comments-?wrapper|discussion|disqus_thread|"
    r"respond|comment-?thread|comment-?respond|comments-?block"
)
COMMENTS_ATTR_RE = _edge_pattern(_COMMENTS_WORDS)

# Embedded posts (tweets, Instagram) quoted inside an article are part of its text.
_EMBED_WORDS = r"embed|twitter-tweet|instagram-media|tiktok-embed"
EMBED_ATTR_RE = re.compile(_EMBED_WORDS)

# The reply form of a comment section: not comment text.
COMMENT_FORM_ATTR_RE = re.compile(
    r"respond|reply-?form|comment-?form|commentform|comment-?reply-?title|must-log-in|logged-in-as"
)

HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# Whole lines that are boilerplate wherever they appear inside the body.
BOILERPLATE_LINE_RE = re.compile(
    r"^(?:share(?: this(?: article| post| story)?)?(?: on \w+)?|"
    r"click to (?:share|print|email)\b.*|"
    r"(?:related|recent|popular|more) (?:posts|articles|stories)|"
    r"read (?:more|next)|continue reading|"
    r"advertisement|sponsored|"
    r"like this:?|loading\.*|"
    r"(?:leave|post) a (?:comment|reply)|\d+ comments?|comments?|"
    r"tweet|pin it|email|print|facebook|twitter|linkedin|whatsapp|reddit|pinterest|"
    r"subscribe(?: now)?|sign up(?: now)?|"
    r"(?:tags|categories|filed under|posted in)\s*:?.*|"
    r"(?:image|photo|photograph|picture) (?:credit|source|by)\b.*|"
    r"skip to (?:main )?content|back to top|don'?t miss|must read|"
    r"\W*)$",
    re.I,
)

# Phrases that mark the start of trailing junk after the article (a "related posts" heading).
TRAILING_JUNK_RE = re.compile(
    r"^(?:related(?: posts| articles| stories| content| reading)?|"
    r"(?:you (?:may|might) (?:also )?(?:like|enjoy))|"
    r"(?:more|recent|popular|latest) (?:posts|articles|stories|from)\b.*|"
    r"(?:read|see) (?:also|more)\s*:?|also read\s*:?|"
    r"share this(?: article| post| story)?:?|"
    r"about the author|(?:\d+ )?comments?|leave a (?:comment|reply)|"
    r"(?:sign up|subscribe) (?:for|to) (?:our|the) .*newsletter.*)$",
    re.I,
)


# Class/id word groups the block model sees as features (token starts, camelCase lower-cased).
# General web-design words only; what each group is worth is learned, not set here.
MODEL_ATTR_GROUPS: tuple[str, ...] = (
    r"nav|menu|breadcrumb|crumb|pagination|pager|paging|toolbar|topbar|skip",
    r"header|masthead|banner|hero",
    r"footer|bottom|copyright|legal|colophon",
    r"sidebar|side|widget|aside|rail",
    r"comment|reply|respond|disqus|discussion",
    r"related|recommend|more|popular|trending|also|suggest",
    r"share|social|follow|facebook|twitter|linkedin",
    r"ad|ads|advert|promo|sponsor|newsletter|subscribe|signup|cookie|consent|modal|popup",
    r"meta|date|time|author|byline|tags|categor|posted",
    r"title|headline|heading",
    r"content|article|entry|post|story|body|text|main|prose|markdown|rich",
    r"product|price|description|detail|spec|review|rating|feature",
    r"thread|topic|message|forum|answer|question|reply",
    r"list|grid|card|item|tile|teaser|excerpt|summary|feed",
    r"hidden|sr-only|screen-reader|visually|collapse|tooltip",
    r"doc|api|code|highlight|syntax|example",
    r"faq|accordion|tab|panel|section",
    r"btn|button|cta|action|link",
)
# All groups in one pattern: one scan of a class string finds every group it names.
MODEL_ATTR_RE = re.compile(
    r"(?<![a-z])(?:"
    + "|".join(f"(?P<g{index}>{words})" for index, words in enumerate(MODEL_ATTR_GROUPS))
    + ")"
)

# The literal words of the class/id patterns ``prune.attr_verdict`` runs on every cold string
# (``literal_words``): a string that holds none of a pattern's words (at a token edge, for the
# edge patterns: ``ATTR_EDGE_PATTERNS``) is not searched with it.
ATTR_EDGE_PATTERNS = frozenset({"hard", "boilerplate", "content"})
ATTR_PATTERN_WORDS: dict[str, tuple[str, ...]] = {
    "hard": literal_words(_HARD_BOILERPLATE_WORDS, edge=True),
    "camel": literal_words(_CAMEL_BOILERPLATE_WORDS),
    "boilerplate": literal_words(_BOILERPLATE_WORDS, edge=True),
    "content": literal_words(_CONTENT_WORDS, edge=True),
}

# Every string each of ``prune.attr_verdict``'s patterns matches (``expanded_words``) and
# whether it is an edge pattern (``_edge_pattern``): the verdict of an ASCII class/id string
# read in C (``_cwalks.VerdictWords``) without the regexes. Same order as the C bits.
ATTR_VERDICT_WORDS: tuple[tuple[str, bool, tuple[str, ...]], ...] = (
    ("hard", True, expanded_words(_HARD_BOILERPLATE_WORDS)),
    ("camel", False, expanded_words(_CAMEL_BOILERPLATE_WORDS)),
    ("boilerplate", True, expanded_words(_BOILERPLATE_WORDS)),
    ("content", True, expanded_words(_CONTENT_WORDS)),
    ("comments", True, expanded_words(_COMMENTS_WORDS)),
    ("strong", False, expanded_words(_STRONG_CONTENT_WORDS.lower())),
    ("embed", False, expanded_words(_EMBED_WORDS)),
)
