"""Every place on the page that may name the writer: candidates for the learned author ranker.

``bylines.py`` takes the first byline of the post's own block and stops there, which misses the
writer named in an author box under the post, in a hero banner above the headline, in a
forum's first post header or in a profile link (``/author/jane-doe``). This scan walks the whole
page once and reports each such place with its evidence (what marked it, whether it sits in the
post's block, in a comment, a sidebar or a bio box, how often the same name recurs), and leaves
the choice, and whether to trust any, to the ranker. It never decides by itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from scraper.extractor.authors import (
    CJK_LABELS,
    DATE_BY_LABEL,
    LEAD_SEPARATOR,
    SENTENCE_LABELS,
    SOURCE_BREAK_RE,
    after_date_head,
    before_not_writer,
    before_trailing_date,
    clean_authors,
    has_stray_edges,
    is_chrome,
    looks_like_handle,
    looks_like_name,
    strip_byline_prefix,
)
from scraper.extractor.dates import normalise_date
from scraper.extractor.nearby import after, before
from scraper.extractor.pagemarks import BY_TAIL, LINE_TAGS, PageMarks
from scraper.extractor.parse import element_text, pieces_before_break
from scraper.extractor.prune import CODE_TAGS, in_code
from scraper.extractor.vocab import BLOCK_TAGS, literal_words, may_hold

# The compiled walk by the headline (``_cwalks.name_line_walk``; optional): the elements
# ``scan_name_lines`` may read a name from, numbered as ``_near``'s walk numbers them.
try:
    from scraper.extractor._cwalks import name_line_walk as _compiled_name_walk
except (ImportError, TypeError, ValueError):
    _compiled_name_walk = None

# ``scan_name_lines`` walks in C when built: same name lines.
COMPILED_NEAR = True

# ``_names``' name-child search and text pieces read from the nodes (``_cmeta``; optional).
try:
    from scraper.extractor._cmeta import name_child as _compiled_name_child
    from scraper.extractor._cmeta import place_bits as _compiled_place_bits
    from scraper.extractor._cmeta import short_pieces as _compiled_short_pieces
except (ImportError, TypeError, ValueError):
    _compiled_name_child = _compiled_short_pieces = _compiled_place_bits = None

# ``_names`` reads in C when built: same names (tests pin the C readers to the loops below).
COMPILED_NAMES = True

__all__ = ["ScannedAuthor", "repeated_names", "scan_authors", "scan_name_lines"]

MAX_FOUND = 6
MAX_TEXT_CHARS = 80

_BIO_WORDS = r"about-?the-?author|author-?bio|author-?box|bio\b|author-?card"
_BIO_RE = re.compile(_BIO_WORDS, re.I)
_OTHER_WORDS = (
    r"comment|review|testimonial|reply|replies|respond|recommend|"
    r"quote|more-?from|signature"
)
_OTHER_RE = re.compile(r"(?:^|[-_\s])(?:" + _OTHER_WORDS + ")", re.I)
# A row of share buttons often holds the post's own byline ("socialContainer" around the
# author and the icons) and hardly ever someone else's name: a feature, not a drop.
_SOCIAL_WORDS = r"share|sharing|social"
_SOCIAL_RE = re.compile(r"(?:^|[-_\s])(?:" + _SOCIAL_WORDS + ")", re.I)
# Widgets, sidebars, related lists and footers hold the post's own author box about as often
# as other people's names (page builders wrap every block in a "widget"): a feature, not a drop.
# A "newsletter" box is a sign-up form beside most posts, and the whole post on a newsletter's
# issues (``<div class="newsletter">`` around its headline and "Authors:" line): an aside too.
_ASIDE_WORDS = r"related|sidebar|widget|footer|newsletter"
_ASIDE_RE = re.compile(r"(?:^|[-_\s])(?:" + _ASIDE_WORDS + ")", re.I)
# Every match of each place pattern holds one of its literal words (``vocab.may_hold``).
_BIO_LITERALS = literal_words(_BIO_WORDS)
_OTHER_LITERALS = literal_words(_OTHER_WORDS)
_SOCIAL_LITERALS = literal_words(_SOCIAL_WORDS)
_ASIDE_LITERALS = literal_words(_ASIDE_WORDS)
_PREFIX_RE = re.compile(
    r"^\s*" + LEAD_SEPARATOR + "(?:" + SENTENCE_LABELS + "|" + DATE_BY_LABEL + "|"
    r"(?:(?:article|post|story)\s+)?(?:written|posted|published|reported|story|words|"
    r"article|text|authored)\s+by|by|authors?|"
    r"autor|auteur|von|par|por|door|" + CJK_LABELS + r")\b(?:\(s\))?\s*[:：]?\s*",
    re.I,
)
# "<a>Jo Roe</a>, Senior Writer": the pieces joined with spaces put one before the comma.
_SPACE_BEFORE_MARK_RE = re.compile(r"(?<!\s)\s+(?=[,;.])")  # (?<!\s): linear on space runs
_RAW_BAD_RE = re.compile(r"\d|https?:|www\.|[.!?]\s+\w+\s+\w+|[|•·»:@]")
_NAME_CHILD_RE = re.compile(r"(?:^|[-_\s])(?:name|fn|nickname|p-name)(?:$|[-_\s])", re.I)
_OFF_TAGS = frozenset({"aside", "nav", "footer", "blockquote", "form"})
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
_SKIPPED_BYTES = tuple(tag.encode() for tag in sorted(_SKIPPED_TAGS))  # for ``_cmeta.place_bits``
_OFF_BYTES = tuple(tag.encode() for tag in sorted(_OFF_TAGS))


@dataclass(frozen=True, slots=True)
class ScannedAuthor:
    """Names one element gives, how it was marked, and where it sits."""

    kind: str
    names: tuple[str, ...]
    features: dict[str, float]


def scan_authors(
    marks: PageMarks, post: HtmlElement | None, site_name: str | None
) -> list[ScannedAuthor]:
    """Up to ``MAX_FOUND`` places naming someone, page order, each name set once per kind."""
    found: list[ScannedAuthor] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    counts: dict[str, int] = {}
    named: list[tuple[HtmlElement, ScannedAuthor | None]] = []
    marked = {element for element, mark in marks.authors if mark != BY_TAIL}
    for element, mark in marks.authors:
        if len(found) >= MAX_FOUND * 2:
            break
        kind = "by text" if mark == BY_TAIL else mark  # a "By" line is one, wherever it opens
        if kind == "by text" and _in_code(element):  # SQL's "GROUP BY city", in a listing
            continue
        line = element
        if mark == BY_TAIL:
            line = element.getparent()  # the line's own element, where it sits
            if line is None or line in marked:  # that element's own mark reads the line
                continue
            before = _line_before(element)
            if len(before) > MAX_TEXT_CHARS or _CHANGED_RE.search(before):
                continue  # a sentence's "by" ("… <a>v2023.2</a> von Gluon"); "Last updated … by"
            names, raw = _tail_names(element, site_name)
        else:
            names, raw = _names(element, kind, site_name)
        if kind in ("class", "itemprop") and (each := repeated_names(element, site_name)):
            names, raw = each, ", ".join(each)
        if names and mark != BY_TAIL:
            names, raw = _outside_code(element, names, raw)
        if kind == "profile link" and _mentioned_in_prose(element):
            named.append((element, None))  # no writer, but the links around it are not together
            continue
        if kind == "by text" and _prose_after_by(raw):
            raw = ""
        if kind == "by text" and _lower_in_prose(element, raw, names):
            # "By default, mongod listens on port 27017." (its raw text cut at the digits to
            # "default"): the sentence's own word, no handle ("by jdoe42" ends there)
            raw = ""
            names = tuple(name for name in names if not name[:1].islower())
        if not names and not _plausible_raw(raw):
            continue
        for name in names:
            counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
        key = (kind, names)
        if key in seen:
            continue
        seen.add(key)
        place = _place(line, post)
        if place is None or place["scan:in_other"]:  # a comment's, a review's, a quote's
            continue
        features = {f"scan:{kind}": 1.0, **place, "scan:order": min(len(found), 5) / 5.0}
        if not names:  # a team or a name the strict cleaner refuses: only as written
            found.append(ScannedAuthor(kind, (raw,), {**features, "scan:raw_only": 1.0}))
            continue
        joined = ", ".join(names)
        if len(names) > 1 and raw == joined:  # one element names them all, each apart
            features[EACH_NAMED] = 1.0
        found.append(ScannedAuthor(kind, names, features))
        if mark != BY_TAIL:  # each "By" line names its own: no co-writers of another line's
            named.append((element, found[-1]))
        if (
            raw
            and raw != joined
            and raw.casefold() != joined.casefold()
            and not has_stray_edges(raw)
        ):
            found.append(ScannedAuthor(kind, (raw,), {**features, "scan:raw": 1.0}))
    for first, together in _co_authors(named):
        found.insert(found.index(first) + 1, together)
    for item in found:
        repeats = max(counts.get(name.casefold(), 1) for name in item.names)
        item.features["scan:repeats"] = min(repeats - 1, 4) / 4.0
    return found[: MAX_FOUND * 2]


MAX_JOIN_DEPTH = 3
# A scanned element that names several writers, each apart ("<div>Ann Lee</div><div>Bo
# Chen</div>", or printed "Ann Lee, Bo Chen"): the byline's whole list (metadata._authors).
EACH_NAMED = "scan:each"
# A run of author elements of one kind side by side, joined into one byline (``_co_authors``),
# and such a run of siblings printed as one line (``_one_line``).
JOINED = "scan:joined"
LISTED = "scan:listed"
MAX_REPEATED = 30
_WORDS_RE = re.compile(r"[^\W\d_]")


def _co_authors(
    named: list[tuple[HtmlElement, ScannedAuthor | None]],
) -> list[tuple[ScannedAuthor, ScannedAuthor]]:
    """(first item, one item naming them all) for each run of author elements of one kind
    that sit together, as co-authors of one byline do ("By <a>Ann Lee</a> and <a>Bo
    Chen</a>"): each element names one of them, the byline names all, in page order. An
    element with no item (a link a sentence mentions) ends a run."""
    out: list[tuple[ScannedAuthor, ScannedAuthor]] = []
    run: list[ScannedAuthor] = []
    elements: list[HtmlElement] = []
    previous: HtmlElement | None = None
    for element, item in [*named, (None, None)]:
        if (
            item is not None
            and previous is not None
            and run
            and item.kind == run[-1].kind
            and len(item.names) == 1
            and _together(previous, element)
        ):
            run.append(item)
            elements.append(element)
        else:
            names = tuple(dict.fromkeys(name for member in run for name in member.names))
            if len(run) > 1 and len(names) > 1:
                features = {**run[0].features, JOINED: 1.0}
                if _one_line(elements):
                    features[LISTED] = 1.0
                out.append((run[0], ScannedAuthor(run[0].kind, names, features)))
            run = [item] if item is not None and len(item.names) == 1 else []
            elements = [element] if run and element is not None else []
        previous = element
    return out


_CONNECTOR_RE = re.compile(r"[\s,;&+/·•|-]*(?:\w{1,3}[\s,;&+/·•|-]*)?", re.UNICODE)


def _one_line(elements: list[HtmlElement]) -> bool:
    """The elements are siblings with nothing between them but a mark or a short word ("and",
    "y", "und", "&"): one line of co-writers ("<span class=author>Ann Lee</span>y<span
    class=author>Bo Chen</span>"), not author marks of several parts of a page."""
    return all(
        element.getnext() is after and _CONNECTOR_RE.fullmatch(element.tail or "")
        for element, after in pairwise(elements)
    )


def _together(first: HtmlElement, second: HtmlElement) -> bool:
    """Both sit within ``MAX_JOIN_DEPTH`` levels of one element (one byline's line or box)."""
    near = _ancestors(first)  # kept alive: lxml gives a live node the same proxy object
    return any(node in near for node in _ancestors(second))


def _ancestors(element: HtmlElement) -> list[HtmlElement]:
    out = []
    for node in element.iterancestors():
        if len(out) >= MAX_JOIN_DEPTH or node.tag in ("body", "html"):
            break
        out.append(node)
    return out


def _names(element: HtmlElement, kind: str, site_name: str | None) -> tuple[tuple[str, ...], str]:
    """(cleaned names, the raw short text with its "By" dropped) an element gives: its text
    pieces read from the tree here, the names read from them by ``_names_of`` (pure)."""
    target = element
    if kind in ("itemprop", "class"):
        child = _name_child(element)
        if child is not None:
            target = child
            twins = name_twins(element, child)
            if len(twins) > 1:  # co-writers, each marked: one name apiece
                texts = [" ".join(element_text(twin).split()) for twin in twins]
                raw = ", ".join(texts)
                if len(raw) > MAX_TEXT_CHARS:
                    return (), ""
                return clean_authors(texts, site_name), raw
    by_text = kind == "by text"
    if target.tag == "meta":
        text = " ".join((target.get("content") or "").split())
        return _read_names_of(_META, (text,), by_text, site_name)
    if by_text and not _without_prefix(element_text(target)):
        # "<b>Written by</b> <a>Jo Roe</a>": what follows
        return _read_names_of(_LABELLED, tuple(_after_label(target)), by_text, site_name)
    # each text node apart: "Jane Doe<span>May 2, 2025</span>" is not "Jane DoeMay"; a
    # byline's label ("June 8, 2021 by") is not counted against its names' length
    label = _PREFIX_RE.match(target.text or "") if by_text else None
    short = _short_pieces(target, MAX_TEXT_CHARS + (label.end() if label else 0))
    if short is None:  # an author box's bio: too long to be a name, however spaced
        run = _linked_run(target) if LINKED_RUNS and label else None
        if run:  # ... but for a long list of co-writers, each a link
            raw = ", ".join(run)
            return clean_authors([raw], site_name), raw
        return (), ""
    if FIRST_LINE and not by_text and next(target.iter("br"), None) is not None:
        # a profile card: the name, a line break, the role ("<strong>Ann Lee</strong><br>
        # Founding Apiarist", MkDocs Material's blog): the first line that names anyone
        first = _read_names_of(_SHORT, _first_line_pieces(target), by_text, site_name)
        if first[0]:
            return first
    return _read_names_of(_SHORT, tuple(short), by_text, site_name)


FIRST_LINE = True
# A "By" text of many co-writers, each a link with nothing but separators between them, is a
# byline however long (``_linked_run``).
LINKED_RUNS = True
MAX_LINKED_NAME_CHARS = 40
_RUN_SEPARATOR_RE = re.compile(r",?\s*(?:and|&)?\s*", re.I)


def _linked_run(element: HtmlElement) -> list[str] | None:
    """The link texts of an element whose text after its byline label is links alone, two or
    more, parted by commas, "and" or "&" (a full stop may close the run): "June 15, 2022 by
    <a>Andrew Clark</a>, <a>Dan Abramov</a>, … and <a>Xuan Huang</a>". A long run of names,
    each linked, is a byline of many co-writers, where a long text is otherwise a bio."""
    names: list[str] = []
    children = list(element)
    for index, child in enumerate(children):
        if isinstance(child.tag, str):  # (a comment adds no name, but its tail must part too)
            text = " ".join(element_text(child).split())
            if child.tag != "a" or not text or len(text) > MAX_LINKED_NAME_CHARS:
                return None
            names.append(text)
        tail = (child.tail or "").strip()
        last = index == len(children) - 1
        if not _RUN_SEPARATOR_RE.fullmatch(tail) and not (last and tail == "."):
            return None
    return names if len(names) >= 2 else None


# What ends the line a "By" tail opens: a line break or a block of its own.
_LINE_END_TAGS = BLOCK_TAGS | {"br", "footer", "aside", "nav"}


def _line_before(element: HtmlElement) -> str:
    """The text of the line a "By" tail ends, up to it: the parent's text and the element's
    previous siblings (with their tails) back to a line break or a block, then the element's
    own text; at most ``MAX_TEXT_CHARS * 2`` characters from its end. After a block or a
    line break the line starts at the tail: ""."""
    if element.tag in LINE_TAGS:
        return ""
    pieces = [element_text(element)]
    for sibling in element.itersiblings(preceding=True):
        if isinstance(sibling.tag, str) and sibling.tag in _LINE_END_TAGS:
            break
        pieces.append(sibling.tail or "")
        if isinstance(sibling.tag, str) and sibling.tag not in _SKIPPED_TAGS:
            pieces.append(element_text(sibling))
        if sum(map(len, pieces)) > MAX_TEXT_CHARS * 2:
            break
    else:
        parent = element.getparent()
        pieces.append((parent.text or "") if parent is not None else "")
    return " ".join(reversed(pieces))[-MAX_TEXT_CHARS * 2 :]


# A "by" after these names who changed the page last, not who wrote it ("Last updated on
# <time>Jan 12, 2024</time> by <b>Ann Lee</b>": the documentation sites' page footers).
_CHANGED_RE = re.compile(
    r"\b(?:updated|modified|edited|changed|revised|reviewed|translated)\b", re.I
)


def _tail_names(element: HtmlElement, site_name: str | None) -> tuple[tuple[str, ...], str]:
    """(names, raw) of the "By" line that opens in the element's tail, read as the text of
    an element holding just that line: the tail, then the next siblings (and their tails) up
    to a line break or a block ("<h1>…</h1> Posted by Jo Roe on 2020-03-09", "<time>…</time>
    by <a>Jo Roe</a>")."""
    tail = element.tail or ""
    label = _PREFIX_RE.match(tail)
    most = MAX_TEXT_CHARS + (label.end() if label else 0)
    pieces = [" ".join(tail.split())]
    for sibling in element.itersiblings():
        if isinstance(sibling.tag, str) and sibling.tag in _LINE_END_TAGS:
            break
        if not isinstance(sibling.tag, str) or sibling.tag in _SKIPPED_TAGS:
            texts: Iterable[str] = [sibling.tail or ""]  # a comment's or a script's: its tail
        else:
            texts = sibling.itertext()  # (its tail included)
        pieces.extend(" ".join(piece.split()) for piece in texts)
        if _unspaced_chars(pieces) > most:
            return (), ""  # too long for a byline, however spaced
    return _read_names_of(_SHORT, tuple(pieces), True, site_name)


def _unspaced_chars(pieces: list[str]) -> int:
    return sum(len(piece) - piece.count(" ") for piece in pieces)


def _first_line_pieces(element: HtmlElement) -> tuple[str, ...]:
    """The element's text nodes before its first ``<br>``, each apart, spaces collapsed."""
    return tuple(" ".join(piece.split()) for piece in pieces_before_break(element) if piece.strip())


# How ``_names`` joined an element's pieces: a <meta>'s content (one piece), the pieces after a
# byline's label (joined by commas), the element's own text nodes (by spaces).
_META, _LABELLED, _SHORT = 0, 1, 2

# ``_names_of`` is memoised when set: a page's author marks repeat their texts (the same
# byline in the header, the author box and the footer: 1,262 of 2,223 elements' pieces on the
# first 400 wcxb-dev pages, read once each, repeat one met before on the same run).
MEMO_NAMES = True


def _read_names_of(
    mode: int, pieces: tuple[str, ...], by_text: bool, site_name: str | None
) -> tuple[tuple[str, ...], str]:
    if MEMO_NAMES and sum(map(len, pieces)) <= _MEMO_MAX_CHARS:
        return _names_memo(mode, pieces, by_text, site_name)
    return _names_of(mode, pieces, by_text, site_name)


_MEMO_MAX_CHARS = 300


def _names_of(
    mode: int, pieces: tuple[str, ...], by_text: bool, site_name: str | None
) -> tuple[tuple[str, ...], str]:
    """(cleaned names, the raw short text with its "By" dropped) of an element's pieces."""
    if mode == _META:
        text = pieces[0]
    elif mode == _LABELLED:
        text = ", ".join(pieces)
    else:
        text = _SPACE_BEFORE_MARK_RE.sub("", " ".join(piece for piece in pieces if piece))
    if not text:
        return (), ""
    raw = _without_prefix(text)
    if len(raw if by_text else text) > MAX_TEXT_CHARS:  # (a byline's label not counted)
        return (), ""
    names = clean_authors([text], site_name)
    if not names and len(pieces) > 1:  # "<span>May 2, 2025</span><b>Jane Doe</b>": one piece
        names = next(filter(None, (clean_authors([p], site_name) for p in pieces if p)), ())
    if any(map(str.isdigit, raw)):  # a date glued on: the first piece names the writer
        raw = next((_without_prefix(piece) for piece in pieces if _without_prefix(piece)), "")
    if not names:
        handle = text.strip().lstrip("@")
        if not by_text and looks_like_handle(handle):
            names = (handle,)
        elif by_text and _numbered_handle(raw):
            names = (raw,)  # "Posted by 2TallTyler", "by peter1138": a user name after "by"
    if len(raw) > 60 or len(raw.split()) > 10:
        raw = ""
    return names, raw


_names_memo = lru_cache(maxsize=4096)(_names_of)


def _numbered_handle(raw: str) -> bool:
    """One token of letters and digits, four letters at least: a forum or code host's user
    name ("2TallTyler", "peter1138"), which the name cleaner refuses for its digits; not a
    year, a time or a count ("2021", "5pm", "3D")."""
    return any(map(str.isdigit, raw)) and sum(map(str.isalpha, raw)) >= 4 and looks_like_handle(raw)


def repeated_names(element: HtmlElement, site_name: str | None) -> tuple[str, ...]:
    """The writers of a byline that sets each in its own element of one kind, with no mark
    between them (``<div class="post-author">Ann Lee</div><div class="post-author">Bo
    Chen</div>``), whose joined text would read as one name ("Ann Lee Bo Chen"): each child
    of the same tag and class names one writer of two words or more, in its first text; ()
    unless every one does (a name beside a job title,
    "<div class='name'>…</div><div class='role'>…</div>",
    is no list)."""
    children = [child for child in element.iterchildren(etree.Element) if element_text(child)]
    if not 2 <= len(children) <= MAX_REPEATED:
        return ()
    first = children[0]
    shape = (first.tag, first.get("class"))
    if any((child.tag, child.get("class")) != shape for child in children):
        return ()
    # nothing printed between them but marks ("By <a>A</a>. Reviewed by <a>B</a>" is no list)
    between = [element.text, *(child.tail for child in element.iterchildren())]
    if any(text and _WORDS_RE.search(text) for text in between):
        return ()
    names: list[str] = []
    for child in children:
        # its first text: the name, where a profile card adds a line below it ("<strong>Ann
        # Lee</strong><br>HPC-UGent", MkDocs Material's blog)
        pieces = [piece for piece in (" ".join(p.split()) for p in child.itertext()) if piece]
        found = clean_authors(pieces[:1], site_name)
        if len(found) != 1 or len(found[0].split()) < 2:
            return ()
        names.append(found[0])
    return tuple(dict.fromkeys(names))


def _name_child(element: HtmlElement) -> HtmlElement | None:
    """The first descendant naming the name itself (``itemprop="name"``, an "author-name"
    class), in document order; in C when built (no proxy or class string a descendant)."""
    if COMPILED_NAMES and _compiled_name_child is not None:
        child = _compiled_name_child(element, _names_child)
        if child is not False:  # False: an attribute of entity references, read below
            return child
    for child in element.iterdescendants(etree.Element):
        classes = child.get("class")
        if child.get("itemprop") == "name" or (classes and _names_child(classes)):
            return child
    return None


MAX_TWINS = 6


def name_twins(element: HtmlElement, first: HtmlElement) -> list[HtmlElement]:
    """``first`` (an author element's name child) and each later descendant of the element
    with its tag, class and itemprop, while nothing but a mark or a short word ("and", "&")
    stands between them: a byline of co-writers marks every one (``By <a class="url fn">
    ChrisH</a> <a class="url fn">Ross</a>``), often with no comma between them, so their
    texts are names one by one, not one line's; "Reviewed by" before the next ends the run."""
    shape = (first.tag, first.get("class"), first.get("itemprop"))
    twins = [first]
    between: list[str] | None = None  # the text since the last twin ended
    depth = 0  # inside a twin: how deep
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if node is element:
            continue
        if depth:
            depth += 1 if event == "start" else -1
            if not depth:
                between = [node.tail or ""]
        elif event == "end":
            if between is not None:
                between.append(node.tail or "")
        elif node is first:
            depth = 1
        elif between is None:
            continue
        elif (node.tag, node.get("class"), node.get("itemprop")) != shape:
            if isinstance(node.tag, str):  # (a comment's text is not printed)
                between.append(node.text or "")
        elif not _CONNECTOR_RE.fullmatch(" ".join("".join(between).split())):
            break
        else:
            twins.append(node)
            depth = 1
            if len(twins) >= MAX_TWINS:
                break
    return twins


def _short_pieces(element: HtmlElement, most: int = MAX_TEXT_CHARS) -> list[str] | None:
    """Each text node of the element apart, its spaces collapsed; None once they hold more
    than ``most`` characters that are not spaces (the joined text is then too long whatever
    its spaces). In C when built: an author box's bio (15% of the scanned elements) stops
    past ``most`` characters instead of being read whole."""
    if COMPILED_NAMES and _compiled_short_pieces is not None:
        pieces = _compiled_short_pieces(element, most)
        if pieces is not False:  # False: a node itertext reads otherwise (entity reference)
            return pieces
    pieces = [" ".join(piece.split()) for piece in element.itertext()]
    if sum(len(piece) - piece.count(" ") for piece in pieces) > most:
        return None
    return pieces


@lru_cache(maxsize=4096)
def _names_child(classes: str) -> bool:
    """A class naming a name child ("author-name", "fn"): judged once per string, as a
    container's descendants and a site's pages repeat their class strings."""
    return _NAME_CHILD_RE.search(classes) is not None


def _after_label(label: HtmlElement) -> list[str]:
    """The text pieces after a byline's label: its tail, else the next element's short text,
    each text node apart ("<h6>Author(s)</h6><ul><li>Ann Lee</li><li>Bo Chen</li></ul>")."""
    tail = " ".join((label.tail or "").split())
    if tail:
        return [tail]
    follower = label.getnext()
    parent = label.getparent()
    if follower is None and parent is not None and parent.tag == "p" and _blank(parent.tail):
        # "<p><b>Authors:</b><ul>…</ul></p>": the parser closes the paragraph before the
        # list, which then follows the paragraph, not the label
        follower = parent.getnext()
    if follower is None or follower.tag in _SKIPPED_TAGS:
        return []
    if follower.tag == "th":  # a table's column header ("author | change | link"): the next
        return []  # column's header, no name (the names are the column's cells)
    if follower.tag in ("ul", "ol"):
        return _listed_names(follower)
    pieces = []
    for piece in follower.itertext():
        piece = " ".join(piece.split()).strip(",;")
        if piece:
            pieces.append(piece)
        if sum(map(len, pieces)) > MAX_TEXT_CHARS:
            return []
    return pieces


_BRACKETED_RE = re.compile(r"\([^()]*\)")
MAX_LISTED = 12


def _listed_names(listing: HtmlElement) -> list[str]:
    """A list after a byline's label, one writer an item, each item's bracketed part (an
    affiliation or a role: "Ann Lee (PMC Chair, Apache Drill)") left out; [] when an item
    runs long, as a list of other things does."""
    items = [element_text(item) for item in listing.iterchildren("li")]
    if not 1 <= len(items) <= MAX_LISTED:
        return []
    pieces = [" ".join(_BRACKETED_RE.sub("", item).split()).strip(",;") for item in items]
    if any(len(piece) > MAX_TEXT_CHARS for piece in pieces):
        return []
    return [piece for piece in pieces if piece]


def _blank(text: str | None) -> bool:
    return not text or text.isspace()


def _without_prefix(text: str) -> str:
    """The text as printed without its label, and without an editor's credit after it."""
    return strip_byline_prefix(before_not_writer(text), _PREFIX_RE).strip(" \t\n|·•-–—:,")


# Inline code in prose names identifiers, never people: "… graduated it to <code>TypedVar</code>"
# after a sentence's "By", a linked ``<code>TabNewEntered</code>``.
_INLINE_CODE_TAGS = ("code", "kbd", "samp", "var")


def _outside_code(
    element: HtmlElement, names: tuple[str, ...], raw: str
) -> tuple[tuple[str, ...], str]:
    """The names the element prints outside inline code (all of them where it holds none),
    and its raw text only if that is printed outside too."""
    if next(element.iter(*_INLINE_CODE_TAGS), None) is None:
        return names, raw
    outside = _text_outside_code(element).casefold()
    kept = tuple(name for name in names if name.casefold() in outside)
    return kept, raw if raw.casefold() in outside else ""


def _text_outside_code(element: HtmlElement) -> str:
    """The element's text with its inline code's left out (their tails kept), spaces collapsed
    (a walk, not a recursion: a hostile page nests thousands deep)."""
    pieces: list[str] = []
    in_code = 0
    for event, node in etree.iterwalk(element, events=("start", "end", "comment", "pi")):
        if event in ("comment", "pi"):  # (no start or end: only its tail is text)
            if not in_code:
                pieces.append(node.tail or "")
            continue
        coded = node.tag in _INLINE_CODE_TAGS
        if event == "start":
            in_code += coded
            if not in_code and isinstance(node.tag, str):
                pieces.append(node.text or "")
        else:
            in_code -= coded
            if not in_code and node is not element:
                pieces.append(node.tail or "")
    return " ".join(" ".join(pieces).split())


def _in_code(element: HtmlElement) -> bool:
    """Whether the element is or sits in a code listing: a highlighter's ``<span>BY</span>``
    is a keyword, never a byline's label."""
    return element.tag in CODE_TAGS or in_code(element)


def _lower_in_prose(element: HtmlElement, raw: str, names: tuple[str, ...]) -> bool:
    """Whether a lower-case word read after "by" is a sentence's: the element's whole text
    runs on after it in lower case, or it sits in a paragraph of prose (French "c'est <a>par
    ici</a>", "par défaut": no handle's byline) (read only where such a word was read)."""
    if not raw[:1].islower() and not any(name[:1].islower() for name in names):
        return False
    if _prose_after_by(_without_prefix(" ".join(element_text(element).split()))):
        return True
    paragraph = next((e for e in (element, *element.iterancestors()) if e.tag == "p"), None)
    if paragraph is None or paragraph is element:
        return False
    around = len("".join(element_text(paragraph).split())) - len("".join(raw.split()))
    return around > MAX_AROUND


def _mentioned_in_prose(link: HtmlElement) -> bool:
    """Whether a profile link sits well into a paragraph of prose ("… Tag us at
    <a>@project</a> on Bluesky …"): an account the sentence mentions, not the post's byline
    (a writer's bio that opens with their linked name keeps it)."""
    paragraph = next((e for e in link.iterancestors() if e.tag == "p"), None)
    if paragraph is None:
        return False
    text = " ".join(element_text(paragraph).split())
    if len(text) <= MAX_PROSE:
        return False
    shown = " ".join(element_text(link).split())
    return bool(shown) and text.find(shown) > MAX_AROUND


def _prose_after_by(raw: str) -> bool:
    """ "By continuing, you agree to our", "by sending a Pull Request": "by" in a sentence, not a
    byline's label; what follows it opens lower-case and runs on (a handle, "by jdoe42", is one
    word)."""
    return len(raw.split()) >= 2 and raw[:1].islower()


# A paragraph this long is prose, where a writer's name is mentioned, not bylined; a word
# after "by" with this much more of its paragraph around it is the sentence's.
MAX_PROSE = 200
MAX_AROUND = 60


def _plausible_raw(raw: str) -> bool:
    """A short text that may be a writer's name as printed ("The Currency editors"); not
    words of a sentence that open lower-case ("récupérez le vôtre", a profile link's)."""
    return (
        bool(raw)
        and not _prose_after_by(raw)
        and len(raw.split()) <= 5
        and any(map(str.isalpha, raw))
        and not _RAW_BAD_RE.search(raw)
        and not has_stray_edges(raw)
        and not is_chrome(raw)
    )


_BIO, _OTHER, _ASIDE, _SOCIAL = 1, 2, 3, 4


@lru_cache(maxsize=4096)
def _words_place(words: str) -> int:
    """Which of the four place patterns an ancestor's class and id name first (0: none). A
    page's candidates share their ancestors and a site its class names: the four
    case-insensitive searches (~1 us each) run once per string (~0.7% of ``extract()``)."""
    if may_hold(words, _BIO_LITERALS) and _BIO_RE.search(words):
        return _BIO
    if may_hold(words, _OTHER_LITERALS) and _OTHER_RE.search(words):
        return _OTHER
    if may_hold(words, _ASIDE_LITERALS) and _ASIDE_RE.search(words):
        return _ASIDE
    if may_hold(words, _SOCIAL_LITERALS) and _SOCIAL_RE.search(words):
        return _SOCIAL
    return 0


def _place(element: HtmlElement, post: HtmlElement | None) -> dict[str, float] | None:
    """Where the element sits: in the post's block, a bio box, a comment, a widget or
    sidebar, a page footer. None inside a <head>-like or hidden part (script, template).
    Names in comments, reviews, testimonials and quotes are other people's: the scan drops
    them (``scan:in_other``), as bylines.py does; widgets, sidebars and related lists are
    only a feature (``scan:in_aside``). In C when built (the ancestors read from the nodes,
    no proxy each): the same bits."""
    if COMPILED_NAMES and _compiled_place_bits is not None:
        bits = _compiled_place_bits(element, post, _SKIPPED_BYTES, _OFF_BYTES, _words_place)
        if bits == -1:
            return None
        if bits >= 0:
            return {
                "scan:in_post": float(bits & 1),
                "scan:in_bio": float(bits >> 1 & 1),
                "scan:in_other": float(bits >> 2 & 1),
                "scan:in_off": float(bits >> 3 & 1),
                "scan:in_article": float(bits >> 4 & 1),
                "scan:in_aside": float(bits >> 5 & 1),
                "scan:in_social": float(bits >> 6 & 1),
            }
    in_post = in_bio = in_other = in_off = in_article = in_aside = in_social = False
    for depth, node in enumerate((element, *element.iterancestors())):
        tag = node.tag
        if tag in ("body", "html"):
            break
        if tag in _SKIPPED_TAGS:
            return None
        if node is post:
            in_post = True
        if tag in _OFF_TAGS:
            in_off = True
        elif tag == "article":
            in_article = True
        if depth < 8:
            words = f"{node.get('class') or ''} {node.get('id') or ''}"
            if words.strip():
                kind = _words_place(words)
                if kind == _BIO:
                    in_bio = True
                elif kind == _OTHER:
                    in_other = True
                elif kind == _ASIDE:
                    in_aside = True
                elif kind == _SOCIAL:
                    in_social = True
        itemtype = node.get("itemtype")
        if itemtype and any(kind in itemtype for kind in ("Review", "Comment", "Answer")):
            in_other = True
    return {
        "scan:in_post": float(in_post),
        "scan:in_bio": float(in_bio),
        "scan:in_other": float(in_other),
        "scan:in_off": float(in_off),
        "scan:in_article": float(in_article),
        "scan:in_aside": float(in_aside),
        "scan:in_social": float(in_social),
    }


MAX_NEAR = 40
MAX_NAME_LINES = 3
_NAME_LINE_CHARS = 40
_BODY_STARTS = frozenset({"h2", "h3", "article"})
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def scan_name_lines(
    headline: HtmlElement, scope: HtmlElement, site_name: str | None
) -> list[ScannedAuthor]:
    """Short texts by the headline that read as a person's name, with no author mark at all:
    templates built from utility classes ("font-bold text-sm") print the byline as a bare
    name beside the date. Read after the headline up to where the body starts, then the
    headline's block before it. Whether a date sits beside the name is the ranker's evidence.
    """
    found: list[ScannedAuthor] = []
    loose = _loose_line(headline, site_name) if LOOSE_LINES else None
    if loose is None and LOOSE_LINES and (deck := _deck(headline)) is not None:
        loose = _loose_line(deck, site_name)
    if loose is not None:
        found.append(loose)
    walk = _near_numbered(headline, scope)
    if META_HEADINGS:
        walk = chain(_meta_heading(headline), walk)
    for order, element, is_after in walk:
        if len(found) >= MAX_NAME_LINES:
            break
        tag = element.tag
        if tag in _SKIPPED_TAGS or tag in _OFF_TAGS:
            continue
        text, own, holder = _name_text(element)
        if text and _names_a_topic(holder):
            continue
        if text[-1:].isdigit():  # "Jo Roe, Bo Chen, April 4, 2025": the writers, then the day
            text = before_trailing_date(text).rstrip(" ,;")
        elif _YEAR_RE.search(text):  # "April 24, 2020 - Jo Roe, Bo Chen": the day, the writers
            text = after_date_head(text)
        if not text:
            continue
        # (whether a "by" precedes the text, read from the tree, asked only where it decides:
        # a one-word text, and a text that reads as a name, for its feature)
        words = len(text.split())
        several = _several_names(text) if words > 4 and SEVERAL_NAMES else None
        if several is None and (not 1 <= words <= 4 or len(text) > _NAME_LINE_CHARS):
            continue
        after_by = None
        account = None
        if words == 1:
            after_by = own and _after_by(element)
            account = None if after_by else _account_named(holder, text)
            if not after_by and account is None:
                continue
        if several is None and account is None and not looks_like_name(text):
            continue
        if own and _after_credit(element):  # "Photo by <a>Jo Roe</a>": who took the picture
            continue
        if is_credit_text(text):  # "Foto von Jo Roe" in one element: the same
            continue
        if after_by is None:
            after_by = own and _after_by(element)
        names = (account,) if account else clean_authors(several or [text], site_name)
        place = _place(holder, None)
        if not names or place is None or place["scan:in_other"]:
            continue
        parent = holder.getparent()
        line = " ".join(element_text(parent).split()) if parent is not None else ""
        if parent is not None and parent.tag == "p" and len(line) > MAX_PROSE:
            continue  # a phrase set off in a paragraph of prose (``<em>``): no byline
        found.append(
            ScannedAuthor(
                "name line",
                names,
                {
                    "scan:name line": 1.0,
                    **place,
                    "near:after": float(is_after),
                    "near:order": min(order, 2 * MAX_NEAR) / (2 * MAX_NEAR),
                    "near:dated": float(len(line) <= 160 and bool(_YEAR_RE.search(line))),
                    "near:after_by": float(after_by),
                },
            )
        )
    return found


MAX_ACCOUNT_LEVELS = 3
_ACCOUNT_RE = re.compile(r"^@?([\w][\w.-]{1,38})$")


def _account_named(element: HtmlElement, text: str) -> str | None:
    """The account a one-word text names where it sits in a link to that account's page, with
    the account's picture (``<a href="https://github.com/zoontek"><img alt="zoontek">
    zoontek • 2017/11/23</a>``: a writer known by a handle, as the link and the avatar say;
    a menu's ``<a href="/tools">Tools</a>`` shows no one's picture); else None."""
    found = _ACCOUNT_RE.match(text)
    if found is None:
        return None
    handle = found.group(1).casefold()
    for level, node in enumerate((element, *element.iterancestors())):
        if level > MAX_ACCOUNT_LEVELS:
            return None
        if node.tag == "a":
            try:
                url = urlsplit((node.get("href") or "").strip())
            except ValueError:  # a malformed address ("http://[x"): no account's page
                return None
            segments = [part for part in url.path.split("/") if part]
            if (
                not url.netloc
                or len(segments) != 1
                or segments[0].lstrip("@~").casefold() != handle
            ):
                return None
            pictured = any(
                (img.get("alt") or "").strip().casefold() == handle for img in node.iter("img")
            )
            return found.group(1) if pictured else None
    return None


# A link to one tag's, category's or topic's page of posts ("Social Media", "Mission
# Control"): the post's subject, never its writer.
_TOPIC_PATH_RE = re.compile(r"/(?:tags?|categor(?:y|ies)|topics?)/[^/]+/?$", re.IGNORECASE)


def _names_a_topic(element: HtmlElement) -> bool:
    """Whether the element is a link to a topic's page (``rel="tag"``, ``/tags/x/``)."""
    if element.tag != "a":
        return False
    if "tag" in (element.get("rel") or "").split():
        return True
    href = element.get("href") or ""
    return "/" in href and bool(_TOPIC_PATH_RE.search(href.split("?", 1)[0].split("#", 1)[0]))


META_HEADINGS = True
_META_HEADING_TAGS = frozenset({"h2", "h3", "h4"})


def _meta_heading(headline: HtmlElement) -> Iterator[tuple[int, HtmlElement, bool]]:
    """The elements of a dated heading right under the headline: a template's meta line set in
    an ``<h3 class="post-meta">`` ("19 June 2021 · Dominik Picheta"), where the walk after the
    headline stops, since a heading there most often opens the body."""
    heading = next((e for e in headline.itersiblings() if isinstance(e.tag, str)), None)
    if heading is None or heading.tag not in _META_HEADING_TAGS:
        return
    line = " ".join(element_text(heading).split())
    if len(line) > MAX_LOOSE_CHARS or not _YEAR_RE.search(line):
        return
    for order, element in enumerate(heading.iter()):
        if order > MAX_NEAR:
            return
        if isinstance(element.tag, str):
            yield order, element, True


_LINE_SPLIT_RE = re.compile(r"(?<!\s)\s+[|·•⋅]\s+")  # (?<!\s): linear on space runs
# The parts of a loose date line: dashes and bars between spaces, commas, "and".
_LOOSE_PARTS_RE = re.compile(r"(?<!\s)\s+(?:[-–—|·•⋅]|and|&)\s+|,\s*")
_INLINE_TAGS = frozenset({"a", "span", "small", "em", "strong", "b", "i", "time", "abbr", "br"})
MAX_LOOSE_CHARS = 200


LOOSE_LINES = True


_DECK_TAGS = frozenset({"h2", "h3", "h4"})


def _deck(headline: HtmlElement) -> HtmlElement | None:
    """The subtitle heading right under the headline (empty elements between them passed
    over), whose own text holds no year: where a template printed ``<p class="meta"><h2>
    {{ description }}</h2> April 19, 2024 - Jo Roe</p>``, the parser closed the ``<p>`` at the
    ``<h2>`` and the date line is loose after the subtitle."""
    for sibling in headline.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        if sibling.tag in _DECK_TAGS:
            text = element_text(sibling)
            return sibling if text.strip() and not _YEAR_RE.search(text) else None
        if len(sibling) or (sibling.text or "").strip() or (sibling.tail or "").strip():
            return None
    return None


def _loose_line(headline: HtmlElement, site_name: str | None) -> ScannedAuthor | None:
    """The writers a dated line printed loose right after the headline names, in no element
    of its own ("<h1>…</h1> March 11, 2022 - Jo Roe <a>(@jroe)</a> Bo Chen <a>…</a>"): the
    element walk reads elements' texts, never this text. Its loose pieces (between the inline
    elements up to the next block) are read part by part, a date's parts and a handle's link
    left out. None unless the line holds a year (a date line, not a subtitle) and a name."""
    pieces = [headline.tail or ""]
    line = [pieces[0]]
    for sibling in headline.itersiblings():
        if not isinstance(sibling.tag, str) or sibling.tag not in _INLINE_TAGS:
            break
        line.append(element_text(sibling))
        pieces.append(sibling.tail or "")
        line.append(pieces[-1])
        if sum(map(len, line)) > MAX_LOOSE_CHARS:
            return None
    text = " ".join(" ".join(line).split())
    if not text or len(text) > MAX_LOOSE_CHARS or not _YEAR_RE.search(text):
        return None
    parts = [
        part.strip(" .-–—|·•⋅")  # (a chunk may open with the date's dash: "- Jo Roe")
        for piece in pieces
        for chunk in SOURCE_BREAK_RE.split(piece)
        for part in _LOOSE_PARTS_RE.split(" ".join(chunk.split()))
    ]
    names = clean_authors([part for part in parts if part and looks_like_name(part)], site_name)
    if not names:
        return None
    place = _place(headline, None)
    if place is None or place["scan:in_other"]:
        return None
    features = {
        "scan:name line": 1.0,
        **place,
        "near:after": 1.0,
        "near:order": 0.0,
        "near:dated": 1.0,
        "near:after_by": 0.0,
    }
    return ScannedAuthor("name line", names, features)


def _name_text(element: HtmlElement) -> tuple[str, bool, HtmlElement]:
    """(the short text that may name the writer, whether it is the element's own text, the
    element that holds it). The element's own text, else the text after it when it is an
    empty marker (an icon: ``<i class="icon-user"></i> Jane Doe``); a line of parts ("Jane Doe
    | Senior Writer | July 2, 2025") gives its first part, or its second after a date. Whether
    a "by" precedes an own text (``_after_by``) the caller reads only where it decides."""
    text = element.text
    holder = element
    own = True
    if not (text and text.strip()):
        text = element.tail if len(element) == 0 else None
        holder = element.getparent() if text else element
        if holder is None or not text:
            return "", False, element
        own = False
    if len(text) > 3 * _NAME_LINE_CHARS:
        return "", False, holder
    text = " ".join(text.split())
    if len(text) > _NAME_LINE_CHARS or _LINE_SPLIT_RE.search(text):
        parts = _LINE_SPLIT_RE.split(text, maxsplit=2)
        # the first part, or the one after a date that opens the line ("Mar 20, 2026 • Jo Roe")
        dated = len(parts) > 1 and _is_date(parts[0]) and not _YEAR_RE.search(parts[1])
        text = parts[1] if dated else parts[0]
    if len(text) > _SEVERAL_CHARS:
        return "", False, holder
    return text, own, holder


def _is_date(text: str) -> bool:
    """A short text that reads as a day ("Mar 20, 2026"), not one that names a year in words."""
    return (
        len(text) <= _DATE_PART_CHARS
        and _YEAR_RE.search(text) is not None
        and bool(normalise_date(text))
    )


_DATE_PART_CHARS = 32
SEVERAL_NAMES = True
_SEVERAL_CHARS = 2 * _NAME_LINE_CHARS
_NAMES_SPLIT_RE = re.compile(r"(?:,|(?<!\s))\s+(?:and|&)\s+|,\s*")  # (?<!\s): linear
MAX_SEVERAL = 4


def _several_names(text: str) -> list[str] | None:
    """The writers of a line that names two to four people and nothing else ("Jo Roe, Bo
    Chen, and Al Day"; "Jo Roe & Bo Chen"), each a name of two or three words; else None.
    Two names need their "and": "Jo Roe SSE, Intuit India" is a name and an affiliation."""
    parts = [part.strip() for part in _NAMES_SPLIT_RE.split(text)]
    if not 2 <= len(parts) <= MAX_SEVERAL or (len(parts) == 2 and "," in text):
        return None
    if all(2 <= len(part.split()) <= 3 and looks_like_name(part) for part in parts):
        return parts
    return None


_ENDS_BY_RE = re.compile(
    r"(?:^|\W)(?:by|von|par|por|door|author|authors|autor|auteur)\s*[:\-–—]?\s*$", re.I
)


_CREDIT_RE = re.compile(
    r"(?:^|\W)(?:photo|photograph|image|picture|illustration|artwork|drawing|cover|graphic|"
    r"video|banner|header)s?\s+(?:by|credit|courtesy(?:\s+of)?)\s*[:\-–—]?\s*$",
    re.I,
)


# A picture's credit as one text, in the languages the "by" labels read ("Foto von Jo Roe",
# "Photo: Jo Roe", "Foto di Jo Roe"): who took the picture, never a name line's writer.
_CREDIT_TEXT_RE = re.compile(
    r"^\W*(?:photo|photograph|foto|fotografie|fotografía|bild|image|imagen|immagine|"
    r"afbeelding|picture|illustration)s?\s*(?:(?:by|von|de|di|da|par|por|door|av|af)\b|:)",
    re.I,
)


def is_credit_text(text: str) -> bool:
    """Whether a text credits a picture ("Foto von Jo Roe") rather than naming a writer."""
    return bool(_CREDIT_TEXT_RE.match(text))


def _after_credit(element: HtmlElement) -> bool:
    """The text just before the element credits a picture ("Photo by <a>Jo</a>", "Image
    courtesy of"): the element names who took or drew it, not who wrote the post."""
    before = _text_before(element)
    return bool(before) and bool(_CREDIT_RE.search(before[-40:]))


def _after_by(element: HtmlElement) -> bool:
    """The text just before the element ends in "by" ("Posted March 3 by <a>Jo</a>",
    "<span>Written by</span> <b>Jo</b>"): the element names who wrote it."""
    before = _text_before(element)
    return bool(before) and bool(_ENDS_BY_RE.search(before[-40:]))


def _text_before(element: HtmlElement) -> str | None:
    """The text right before the element: its previous sibling's tail, else that sibling's
    own text when it has no children (a label), else its parent's text when it comes first."""
    previous = element.getprevious()
    if previous is None:
        parent = element.getparent()
        return parent.text if parent is not None else None
    if previous.tail and previous.tail.strip():
        return previous.tail
    if len(previous) == 0:  # the own text of a childless label ("By")
        return previous.text
    return None


def _near_numbered(
    headline: HtmlElement, scope: HtmlElement
) -> Iterable[tuple[int, HtmlElement, bool]]:
    """``(order, element, after)`` of ``_near``'s walk; compiled, only the elements
    ``scan_name_lines`` may read a name from (the others it passes over: same lines)."""
    if COMPILED_NEAR and _compiled_name_walk is not None:
        kept = _compiled_name_walk(headline, scope, MAX_NEAR)
        if kept is not None:
            return kept
    return (
        (order, element, is_after)
        for order, (element, is_after) in enumerate(_near(headline, scope))
    )


def _near(headline: HtmlElement, scope: HtmlElement) -> Iterator[tuple[HtmlElement, bool]]:
    """(element, after the headline): after it up to where the body starts, then before it."""
    for count, element in enumerate(after(headline, scope)):
        if count > MAX_NEAR or element.tag in _BODY_STARTS:
            break
        yield element, True
    for count, element in enumerate(before(headline)):
        if count > MAX_NEAR:
            break
        yield element, False
