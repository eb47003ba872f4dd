"""The headline as a reader sees it, chosen by agreement between the page's title sources.

Every source (JSON-LD headline, og:title, twitter:title, other meta titles, <title>, the <h1>s)
votes for its whole text and, with less weight, for each run of its parts that touches an end
("Post | Site" votes for "Post" and "Site"). A part that is the site's name (og:site_name, the
publisher, or the host's own name) votes for what is left instead, and never wins itself while
the page has another candidate. The candidate with most votes wins, written as the strongest
visible source writes it. Agreement is the general signal: a headline repeated by the <h1> and
the <title> beats an SEO title found only in og:title, and a site name found in every <title>
of a site is never the headline when the page has its own.

With the learned model (meta_model.json) the votes become features and the model picks among
the candidates; each way the sources write a candidate's words is a candidate of its own
("Pricing: plans" and "Pricing plans" are different titles to a reader), and the URL's slug
is evidence of which candidate names the page (a slug is made from the headline, not the
site's slogan).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote

from scraper.extractor.meta_model import FieldModel

__all__ = [
    "TitleChoice",
    "TitleWeights",
    "choose_title",
    "loose",
    "slug_words",
    "split_title",
    "without_trailing_mark",
]

MAX_TITLE_CHARS = 300
MAX_PARTS = 6

_SEPARATOR_RE = re.compile(  # (?<!\s): spaces match from a run's start only (linear)
    # (a bare mark inside a word's brackets separates no parts: "mentor(a|e)s")
    r"(?<!\s)\s+(?:[|·•»«/~›▶►❯]|[-–—]{1,2}|::?)\s+|(?:(?<!\s)\s+)?[|·•»«](?![^\s()|·•»«]*+\))\s*"
)
# (runs from their start; a mark glued to a lone capital is a language's name: "C#", "F#")
_TRAILING_MARK_RE = re.compile(r"(?:(?<!\s)\s+|(?<![\s¶§#🔗])(?<!^[A-Z])(?<!\W[A-Z]))[¶§#🔗]+$")
_NON_ALNUM_RE = re.compile(r"[\W_]+")
_NON_WORD_RE = re.compile(r"[^\w\s]")
_HOST_NOISE = frozenset({"www", "com", "org", "net", "co", "blog", "shop", "store", "app", "io"})
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True, slots=True)
class TitleWeights:
    """How much each source's vote counts. Tuned on domain folds of wcxb-dev (see docs)."""

    jsonld: float = 1.0
    og: float = 0.5
    twitter: float = 0.3
    meta: float = 0.5
    title: float = 0.5
    h1_first: float = 2.5
    h1_other: float = 0.7
    h1_short: float = 0.8
    entry: float = 2.5
    short_words: int = 3
    part: float = 0.7
    site_strip: float = 1.0


DEFAULT_WEIGHTS = TitleWeights()


@dataclass(frozen=True, slots=True)
class TitleChoice:
    title: str | None
    source: str | None
    candidates: list[tuple[str, str]]
    ranked: list[tuple[str, dict[str, float]]] = field(default_factory=list)


def without_trailing_mark(text: str) -> str:
    """A heading's text without the permalink mark its template puts at its end ("#", "¶")."""
    return _TRAILING_MARK_RE.sub("", text)


@lru_cache(maxsize=2048)
def loose(text: str) -> str:
    """Case, punctuation and spacing folded away: how two sources' titles are compared."""
    return " ".join(_NON_WORD_RE.sub(" ", text.casefold()).split())


@lru_cache(maxsize=1024)
def _split(text: str) -> tuple[str, ...]:
    parts = (part.strip() for part in _SEPARATOR_RE.split(text))
    return tuple(part for part in parts if part)


def split_title(text: str) -> list[str]:
    """The parts a template joined with separators ("Post | Blog | Site" -> three parts)."""
    return list(_split(text))


def _weight(source: str, text: str, weights: TitleWeights) -> float:
    if source.startswith("h1") and len(text.split()) <= weights.short_words:
        return min(weights.h1_short, weights.h1_first if source == "h1" else weights.h1_other)
    if source == "h1":
        return weights.h1_first
    if source.startswith("h1"):
        return weights.h1_other
    return {
        "entry title": weights.entry,
        "json-ld headline": weights.jsonld,
        "og:title": weights.og,
        "twitter:title": weights.twitter,
        "title": weights.title,
    }.get(source, weights.meta)


@lru_cache(maxsize=2048)
def _compact(text: str) -> str:
    return _NON_ALNUM_RE.sub("", text.casefold())


def host_labels(host: str | None) -> list[str]:
    """The host's own name(s): 'docs.example-shop.co.uk' -> ['docs', 'exampleshop', 'uk']."""
    if not host:
        return []
    labels = [label for label in host.lower().split(".") if label and label not in _HOST_NOISE]
    return [_compact(label) for label in labels if len(label) >= 3]


def is_site_part(part: str, site_keys: set[str], host_labels: list[str]) -> bool:
    """A part that names the site: equal to a known site name, or to the host's own name."""
    key = loose(part)
    if not key:
        return True
    if key in site_keys:
        return True
    compact = _compact(part)
    if len(compact) < 3:
        return False
    return any(
        compact == label or compact.startswith(label) or label.startswith(compact)
        for label in host_labels
    )


def choose_title(
    sources: list[tuple[str, str]],
    site_names: list[str],
    host: str | None,
    weights: TitleWeights = DEFAULT_WEIGHTS,
    model: FieldModel | None = None,
    page: dict[str, float] | None = None,
    slug: frozenset[str] = frozenset(),
    links: dict[str, int] | None = None,
    echoes: dict[str, str] | None = None,
) -> TitleChoice:
    """The best-supported headline among ``(source, text)`` pairs, strongest source first.

    With a ``model``, the votes become features of each candidate (which sources give it whole
    or as a part, how many agree, its length, whether it names the site ...) and the learned
    score picks; without, the most-voted candidate wins."""
    site_keys = {loose(name) for name in site_names if name and loose(name)}
    labels = host_labels(host)
    score: dict[str, float] = {}
    whole: set[str] = set()
    display: dict[str, tuple[float, str, str]] = {}
    forms: dict[str, dict[str, tuple[float, str, str, set[str]]]] = {}
    seen: list[tuple[str, str]] = []
    support: dict[str, dict[str, float]] = {}
    for source, text in sources:
        text = without_trailing_mark(" ".join(_readable(text).split()))
        if not text or len(text) > MAX_TITLE_CHARS:
            continue
        seen.append((source, text))
        weight = _weight(source, text, weights)
        whole.add(loose(text))
        visible = source.startswith("h1") or source == "entry title"
        kind = _kind(source)
        for variant, share, end in _variants(text, site_keys, labels, weights):
            key = loose(variant)
            if not key:
                continue
            if visible:
                whole.add(key)
            score[key] = score.get(key, 0.0) + weight * share
            marks = support.setdefault(key, {})
            mark = f"whole:{kind}" if variant == text else f"part:{kind}"
            marks[mark] = 1.0
            if end:
                marks[f"{end}:{kind}"] = 1.0
                if share == 1.0:  # what is left once a site name is cut off
                    marks[f"rest:{kind}"] = 1.0
            rank = (2.0 if visible else 0.0) + weight * share
            if key not in display or rank > display[key][0]:
                display[key] = (rank, variant, source)
            written = forms.setdefault(key, {})
            form = _form(variant)
            best_rank, _, _, writers = written.get(form, (-1.0, "", "", set()))
            writers.discard("bare")  # a source writes it so: not only the bare form
            if variant == text:  # the sources that write the whole title in this form
                writers.add(kind)
            if rank > best_rank:
                written[form] = (rank, variant, source, writers)
            bare = _bare(variant)
            if bare != variant and _form(bare) not in written:
                # the same words without their end marks, as no source writes them
                written[_form(bare)] = (rank - 0.01, bare, source, {"bare"})
    ranked = sorted(score, key=lambda key: -score[key])
    own = [key for key in ranked if key not in site_keys and not _only_site(key, labels)]
    if own and own[0] not in whole and any(key in site_keys for key in whole):
        own = []  # only a fragment of a title ("Page 3") against the site's own name
    winners = own or ranked
    if not winners:
        return TitleChoice(None, None, seen)
    # The model ranks the same candidates the vote may pick: the site's own name stays out
    # while the page has a headline of its own.
    echo_keys = {name: loose(text) for name, text in (echoes or {}).items() if text}
    seen_keys = [
        (_kind(source), loose(text), frozenset(loose(text).split())) for source, text in seen
    ]
    years = frozenset(int(year) for _, text in seen for year in _YEAR_RE.findall(text))
    features: list[tuple[str, str, str, dict[str, float]]] = []
    per_page = _PageShared(
        max(score.values()) or 1.0,
        sum(kind.startswith("h1") for kind, _, _ in seen_keys),
        _page_kind(page or {}),
    )
    for key in winners:
        common = _features(
            key,
            display[key][1],
            score,
            support[key],
            winners[0],
            site_keys,
            labels,
            seen_keys,
            page or {},
            per_page,
        )
        common.update(_slug_overlap(key, slug))
        common.update(_echo_marks(key, echo_keys))
        common.update(_year_marks(display[key][1], years))
        linked = links.get(key, 0) if links is not None else 0  # no len(): lazy counts
        if linked:  # the words of a link elsewhere on the page: a section's or a site's name
            common["linked"] = 1.0
            common["linked_many"] = float(linked > 1)

        best_form = _form(display[key][1])
        for form, (_, text, source, writers) in _by_rank(forms[key]):
            # The same words may be written differently (a colon, an apostrophe): each way is a
            # candidate, marked with the sources that write it so.
            marks = dict(common)
            for kind in writers:
                marks[f"form:{kind}"] = 1.0
            if form != best_form:
                marks["form:other"] = 1.0
            features.append((key, text, source, marks))
    best_text, best_source = display[winners[0]][1:]
    if model is not None:
        _, best_text, best_source, _ = max(features, key=lambda item: model.score(item[3]))
    return TitleChoice(
        best_text, best_source, seen, [(text, marks) for _, text, _, marks in features]
    )


_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# A UTF-8 lead byte read as Latin-1/cp1252 and followed by a continuation byte read so:
# "Investorâ€™s" is "Investor’s" decoded twice.
_MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
    "\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022"
    "\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


@lru_cache(maxsize=1024)
def _readable(text: str) -> str:
    """A source's text as a reader sees it: soft hyphens and zero-width marks dropped (they
    split a word for the metric, not for the eye), and UTF-8 that was decoded as Latin-1 or
    cp1252 ("Investorâ€™s") decoded once more, only when the whole text
    round-trips."""
    text = _INVISIBLE_RE.sub("", text)
    if not text.isascii() and _MOJIBAKE_RE.search(text):
        for codec in ("latin-1", "cp1252"):
            try:
                return text.encode(codec).decode("utf-8")
            except UnicodeError:
                continue
    return text


_BARE_END_RE = re.compile(r"(?<![\s.?!:;,])[\s.?!:;,]+$")  # from a run's start: linear
_OPEN_MARKS = "\"'*\u201c\u2018\u00ab"
_CLOSE_MARKS = "\"'*\u201d\u2019\u00bb"


@lru_cache(maxsize=1024)
def _bare(text: str) -> str:
    """The text without its trailing punctuation and the quotes or asterisks that wrap it whole
    ("How Much is Pet Insurance?", "'Why hike heavy'"): a reader copying a headline
    often leaves those off, and the metric counts them. Offered as one more written form of the
    same words (mark ``form:bare``), so the ranker learns how often the bare form is the one
    a reader means; never the empty string."""
    bare = _BARE_END_RE.sub("", text)
    if bare[:1] in _OPEN_MARKS and bare[-1:] in _CLOSE_MARKS:  # a pair only: a quote that
        bare = bare.lstrip(_OPEN_MARKS).rstrip(_CLOSE_MARKS)  # opens a part stays
    return bare.strip() or text


def _year_marks(text: str, years: frozenset[int]) -> dict[str, float]:
    """Whether the candidate keeps the year its page's sources state. A year in a title is
    part of the headline ("Best Laptops 2025"), not an affix a template adds: a candidate cut
    without it is rarely the title (on wcxb-dev the gold holds the year on 225 of the 265
    pages where a source names one). Where the sources disagree ("... in 2024" in the
    <title>, "... in 2025" in the <h1>), the page was updated and its latest year is the one
    a reader sees."""
    if not years:
        return {}
    own = [int(year) for year in _YEAR_RE.findall(text)]
    if not own:
        return {"year_none": 1.0}
    if len(years) < 2:
        return {}
    return {"year_latest": 1.0} if max(own) == max(years) else {"year_stale": 1.0}


def _echo_marks(key: str, echo_keys: dict[str, str]) -> dict[str, float]:
    """Whether a name the page gives itself elsewhere (its breadcrumb's last step, its
    WebPage node) is the candidate, or how much of the candidate's words it shares."""
    marks: dict[str, float] = {}
    words = set(key.split())
    for name, echo in echo_keys.items():
        if not echo or not words:
            continue
        if echo == key:
            marks[f"echo:{name}"] = 1.0
        else:
            other = set(echo.split())
            marks[f"echo_words:{name}"] = len(words & other) / len(words | other)
    return marks


_SLUG_SPLIT_RE = re.compile(r"[\W_]+")
_SLUG_EXTENSION_RE = re.compile(r"\.(?:s?html?|php|aspx?|jsp)$")


def slug_words(path: str | None) -> frozenset[str]:
    """The words of a URL's last path segment ("/blog/how-to-prune-roses/" -> how, to, prune,
    roses): a post's slug is usually made from its headline, rarely from the site's name.
    Empty for a slug of fewer than two words (an id, "index")."""
    if not path:
        return frozenset()
    segment = unquote(path).rstrip("/").rsplit("/", 1)[-1].casefold()
    words = [word for word in _SLUG_SPLIT_RE.split(_SLUG_EXTENSION_RE.sub("", segment)) if word]
    return frozenset(words) if len(words) >= 2 else frozenset()


def _slug_overlap(key: str, slug: frozenset[str]) -> dict[str, float]:
    """How much of the URL's slug the candidate says, and how much of it is the slug."""
    if not slug:
        return {}
    words = set(key.split())
    if not words:
        return {}
    shared = len(words & slug)
    return {
        "slug_cover": shared / len(slug),
        "slug_precision": shared / len(words),
        "slug_none": float(shared == 0),
    }


def _by_rank(
    written: dict[str, tuple[float, str, str, set[str]]],
) -> list[tuple[str, tuple[float, str, str, set[str]]]]:
    """The written forms of one candidate, the strongest source's first."""
    return sorted(written.items(), key=lambda item: -item[1][0])


_QUOTE_RE = re.compile("[\u2018\u2019\u201a\u2032`\u00b4]")
_DOUBLE_QUOTE_RE = re.compile("[\u201c\u201d\u201e\u2033]")
_DASH_RE = re.compile("[\u2010-\u2015\u2212]")


@lru_cache(maxsize=2048)
def _form(text: str) -> str:
    """A text as written, up to case, spacing and the kind of quote or dash: two sources that
    write a title the same way give one candidate."""
    if text.isascii():  # (NFKC changes no ASCII; the backtick is the one ASCII quote folded)
        return " ".join(text.casefold().replace("`", "'").split())
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _DASH_RE.sub("-", _DOUBLE_QUOTE_RE.sub('"', _QUOTE_RE.sub("'", text)))
    return " ".join(text.split())


_KINDS = {
    "h1": "h1",
    "entry title": "entry",
    "json-ld headline": "jsonld",
    "og:title": "og",
    "twitter:title": "twitter",
    "title": "title",
    "microdata headline": "microdata",
}


def _kind(source: str) -> str:
    if source.startswith("h1 #"):
        return "h1_other"
    return _KINDS.get(source, "meta")


def _features(
    key: str,
    text: str,
    score: dict[str, float],
    marks: dict[str, float],
    vote_winner: str,
    site_keys: set[str],
    labels: list[str],
    seen: list[tuple[str, str, frozenset[str]]],
    page: dict[str, float],
    common: _PageShared | None = None,
) -> dict[str, float]:
    """What the title model sees of one candidate (names are the model file's keys).
    ``seen``: (kind, loose key, words) of every source text. ``common``: what is the same for
    every candidate of the page, computed once by the caller (else here)."""
    if common is None:
        common = _PageShared(
            max(score.values()) or 1.0,
            sum(kind.startswith("h1") for kind, _, _ in seen),
            _page_kind(page),
        )
    top = common.top
    h1_count = common.h1_count
    words, upper, letter_count, parts, chars_log, dash_separated = _text_shape(text)
    features = dict(marks)
    kinds = {mark.split(":", 1)[1] for mark in marks if mark.startswith(("whole:", "part:"))}
    own_words = set(key.split())
    overlaps = {"title": 0.0, "og": 0.0, "h1": 0.0}
    best_other = 0.0
    for kind, other_key, other_words in seen:
        if other_key == key or not own_words or kind in kinds:
            continue  # (a candidate's own source says nothing more about it)
        shared = len(own_words & other_words)
        best_other = max(best_other, shared / len(own_words | other_words))
        if kind in overlaps:
            overlaps[kind] = max(overlaps[kind], shared / len(own_words))
    features.update(
        {
            "vote": score[key] / top,
            "vote_winner": float(key == vote_winner),
            "kinds": len(kinds) / 4.0,
            "wholes": sum(mark.startswith("whole:") for mark in marks) / 4.0,
            "is_site": float(key in site_keys or _only_site(key, labels)),
            "has_site_part": float(
                len(parts) > 1 and any(is_site_part(part, site_keys, labels) for part in parts)
            ),
            "separated": float(len(parts) > 1),
            "separated_dash": float(dash_separated),
            "words": min(words, 30) / 10.0,
            "short": float(words <= 3),
            "long": float(words >= 15),
            "chars_log": chars_log,
            "upper_ratio": upper,
            "all_caps": float(upper > 0.9 and letter_count > 3),
            "several_h1": float(h1_count > 1),
            "h1_several_whole": float(h1_count > 1 and "whole:h1" in marks),
            "h1_short_whole": float("whole:h1" in marks and words <= 3),
            "h1_and_title": float("whole:h1" in marks and "whole:title" in marks),
            "h1_in_title": float("whole:h1" in marks and "part:title" in marks),
            "title_only": float(kinds == {"title"}),
            "sources": len(seen) / 5.0,
            "overlap_other": best_other,
            # (how much of the candidate each other source says is read only crossed with
            # the source that gives it, below: alone it fitted the sites of the training folds)
            "h1_vs_title": float("whole:h1" in marks) * overlaps["title"],
            "title_vs_h1": float("whole:title" in marks or "part:title" in marks) * overlaps["h1"],
        }
    )
    features.update(_page_kind_marks(marks, common.kind))
    return features


class _PageShared(NamedTuple):
    """The parts of ``_features`` that are the same for every candidate of one page."""

    top: float  # the largest vote
    h1_count: int  # how many source texts an <h1> gives
    kind: _PageKind


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_ASCII_UPPER = bytes(range(65, 91))


def _letter_counts(text: str) -> tuple[int, int]:
    """How many letters the text has, and how many of them are upper case. On ASCII text
    (most titles) counted by deleting bytes in C: there ``str.isalpha`` holds for A-Z and
    a-z only and ``str.isupper`` for A-Z only, so the counts are those of the character loop."""
    if text.isascii():
        raw = text.encode("ascii")
        size = len(raw)
        return size - len(raw.translate(None, _ASCII_LETTERS)), size - len(
            raw.translate(None, _ASCII_UPPER)
        )
    letters = [char for char in text if char.isalpha()]
    return len(letters), sum(map(str.isupper, letters))


def _text_shape(text: str) -> tuple[int, float, int, tuple[str, ...], float, bool]:
    """A candidate's text read alone: its word count, upper-case share of its letters, letter
    count, parts, scaled log length, and whether it is split by spaced dashes only."""
    letter_count, upper_count = _letter_counts(text)
    upper = upper_count / letter_count if letter_count else 0.0
    parts = _split(text)
    dash_separated = len(parts) > 1 and _dash_separated(text)
    return (
        len(text.split()),
        upper,
        letter_count,
        parts,
        math.log1p(len(text)) / 5.0,
        dash_separated,
    )


# Which source's text is the headline depends on the kind of page: a post's <h1> is its
# headline, a shop's or a service's <h1> is often a slogan while its <title> names the page.
# The page-level signals are the same for every candidate, so only crossed with what gives
# the candidate can they move a softmax over one page's candidates. A help or reference page
# (a docs path) and a page that declares an FAQPage (often a service's or a guide's) are kinds
# of their own: the ranker learns how much each trusts its <h1> against a cut <title>.
_CROSSED_MARKS = ("whole:h1", "whole:title", "rest:title", "whole:og", "rest:og", "head:title")


class _PageKind(NamedTuple):
    """The page-level signals ``_page_kind_marks`` crosses with a candidate's marks."""

    post: float
    shop: float
    h1_main: float
    docs: float
    faq: float
    h1_signals: tuple[tuple[str, float], ...]  # (name, value) of the non-zero ones, in order


def _page_kind(page: dict[str, float]) -> _PageKind:
    """What kind of page, read once a page (the same for all its candidates)."""
    return _PageKind(
        max(
            page.get("page:ld_article", 0.0),
            page.get("page:og_article", 0.0),
            page.get("page:url:post", 0.0),
            page.get("page:url:thread", 0.0),
        ),
        max(
            page.get("page:catalogue", 0.0),
            page.get("page:url:catalogue", 0.0),
            page.get("page:url:service", 0.0),
            page.get("page:several_posts", 0.0),
        ),
        page.get("page:h1_in_main", 0.0),
        page.get("page:url:docs", 0.0),
        page.get("page:type:faqpage", 0.0),
        tuple((name, value) for name in _H1_SIGNALS if (value := page.get(f"page:{name}", 0.0))),
    )


def _page_kind_marks(marks: dict[str, float], kind: _PageKind) -> dict[str, float]:
    post, shop, h1_main, docs, faq, h1_signals = kind
    crossed: dict[str, float] = {}
    for mark in _CROSSED_MARKS:
        if mark in marks:
            crossed[f"{mark}&post"] = post
            crossed[f"{mark}&shop"] = shop
            crossed[f"{mark}&plain"] = float(not post and not shop)
            crossed[f"{mark}&h1_main"] = h1_main
            if docs:
                crossed[f"{mark}&docs"] = docs
            if faq:
                crossed[f"{mark}&faq"] = faq
    if "whole:h1" in marks:  # how the page marks its first <h1>: a headline or a banner
        crossed.update(h1_signals)
    return crossed


_H1_SIGNALS = ("h1_in_banner", "h1_banner_class", "h1_title_class", "h1_linked", "h1_late")


_DASH_SEPARATOR_RE = re.compile(r"(?<!\s)\s+[-–—]{1,2}\s+")  # (?<!\s): linear


def _dash_separated(text: str) -> bool:
    """Every separator is a spaced dash: often the headline's own ("Post - New Release!"),
    where a pipe or a bullet almost always sets off the site's name."""
    return all(_DASH_SEPARATOR_RE.fullmatch(sep) for sep in _SEPARATOR_RE.findall(text))


def _only_site(key: str, labels: list[str]) -> bool:
    compact = key.replace(" ", "")
    return bool(compact) and any(compact == label for label in labels)


def _variants(
    text: str, site_keys: set[str], labels: list[str], weights: TitleWeights
) -> list[tuple[str, float, str]]:
    """(candidate, share of the source's vote, "" or which end it runs from): the whole text
    and the runs at either end."""
    parts = _split(text)
    if len(parts) < 2 or len(parts) > MAX_PARTS:
        return [(text, 1.0, "")]
    found: list[tuple[str, float, str]] = []
    first_site = is_site_part(parts[0], site_keys, labels)
    last_site = is_site_part(parts[-1], site_keys, labels)
    whole_share = 1.0 - weights.site_strip if (first_site or last_site) else 1.0
    found.append((text, max(whole_share, 0.0), ""))
    bounds = _bounds(text, parts)
    for size in range(1, len(parts)):
        head = text[bounds[0][0] : bounds[size - 1][1]].strip()
        tail = text[bounds[len(parts) - size][0] : bounds[-1][1]].strip()
        head_share = 1.0 if last_site and size == len(parts) - 1 else weights.part
        tail_share = 1.0 if first_site and size == len(parts) - 1 else weights.part
        found.append((head, head_share, "head"))
        found.append((tail, tail_share, "tail"))
    return found


def _bounds(text: str, parts: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where each part sits in ``text``, found in order from the end of the one before: a
    part whose words come again later ("Travel Insurance - Flight and Travel Insurance
    Quotes") is the one at its own place, so a run of parts is cut where its last part ends,
    not where those words last occur."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for part in parts:
        found = text.find(part, start)
        if found < 0:  # (never for the parts of ``_split``; kept whole if it were)
            return [(0, len(text))] * len(parts)
        bounds.append((found, found + len(part)))
        start = found + len(part)
    return bounds
