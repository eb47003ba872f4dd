"""Remove boilerplate from a parsed page: by tag, by hidden state, by class/id/role vocabulary.

Tag-level pruning is final (scripts, navigation, footers are never article text). Vocabulary
pruning is reversible: each removed element is swapped for an empty placeholder, so the body
stage can put everything back and retry when the strict pass left too little text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

from lxml import etree
from lxml.html import HtmlElement

from scraper.extractor import vocab
from scraper.extractor.parse import element_text, text_length

# The compiled pre-walk (built from _cwalks.pyx by setup.py; optional). Not built, or built
# for another lxml (a C type or function that does not match): the scan's loop visits
# every element itself.
try:
    from scraper.extractor._cwalks import attributed as _compiled_attributed
    from scraper.extractor._cwalks import reaches as _compiled_reaches
    from scraper.extractor._cwalks import wrapped_chars as _compiled_wrapped
except (ImportError, TypeError, ValueError):
    _compiled_attributed = _compiled_reaches = _compiled_wrapped = None
try:
    from scraper.extractor._cwalks import WordTable as _WordTable
    from scraper.extractor._cwalks import literal_mask as _literal_mask
    from scraper.extractor._cwalks import without_digits as _without_digits
except (ImportError, TypeError, ValueError):
    _WordTable = _literal_mask = _without_digits = None
try:
    from scraper.extractor._cwalks import VerdictWords as _VerdictWords
    from scraper.extractor._cwalks import ascii_verdict as _ascii_verdict
except (ImportError, TypeError, ValueError):
    _VerdictWords = _ascii_verdict = None
try:
    from scraper.extractor._cwalks import ColdVerdicts as _ColdVerdicts
except (ImportError, TypeError, ValueError):  # a build from before round twenty-three
    _ColdVerdicts = None
try:  # a build from before round twenty-four has no prose walk
    from scraper.extractor._cwalks import article_scopes as _compiled_scopes
    from scraper.extractor._cwalks import doomed_drops as _compiled_drops
    from scraper.extractor._cwalks import holds_prose as _compiled_prose
except (ImportError, TypeError, ValueError):
    _compiled_prose = _compiled_drops = _compiled_scopes = None
try:
    from scraper.extractor._cwalks import document_section as _compiled_section
    from scraper.extractor._cwalks import title_normal as _title_normal
except (ImportError, TypeError, ValueError):
    _compiled_section = _title_normal = None
# The same build's walks take the attention roles and pairs (``attributed``) and the quiet test
# and memo misses (``context_bits``); an older build (not rebuilt after a merge) does not.
WALKS_TAKE_ROLES = _VerdictWords is not None

# The scan's loop given only the elements it reads (``_cwalks.attributed``) when it is built.
COMPILED_SCAN = True
# ``drop_never_text``'s wrapper test read before stripping (``_cwalks.wrapped_chars``), so
# the two strips are one pass over the tree where the test says no: the same tree, less CPU.
COMPILED_STRIP = True
# ``swap_out``'s test that an element still hangs under the root: its parent pointers followed in
# C (``_cwalks.reaches``) instead of a generator over ``iterancestors``.
COMPILED_REACH = True
# A cold class/id string's verdict: each pattern searched only where one of its literal words
# occurs (``_cwalks.literal_mask``), the memo key's digits taken out in C
# (``_cwalks.without_digits``). The same verdicts, fewer regex calls.
COMPILED_WORDS = True
# A cold ASCII class/id string's whole verdict (digits out, lower-cased, taxonomy tokens out,
# each pattern as the finite set of strings it matches) in one C call
# (``_cwalks.ascii_verdict``): ``attr_verdict``'s answer without its regexes and frames.
COMPILED_VERDICT = True
# The scan's pre-walk judges a cold ASCII class/id string itself (``_cwalks.ColdVerdicts``:
# ``ascii_verdict`` stored in the memo as ``words_verdict`` stores it), without calling back
# into ``words_verdict``'s Python frame for each of the ~100 cold strings of a page.
COMPILED_COLD = True
# The scan's pre-walk also reads the attention attributes (style, hidden, aria-hidden, role,
# itemprop) and passes over an element whose attributes give the loop nothing to do
# (``_cwalks._quiet_attention``) and whose class/id verdict is KEEP.
COMPILED_ATTENTION = True
# ... and hands over an element the loop would only record (no id, no soft tag, a class
# whose verdict is not KEEP) as ``(element, verdict)``: the loop records it without reading
# its tag and attributes again.
COMPILED_PAIRS = True
# An ASCII id's or heading's slug words (``_slug_words``) cut and lowered in C
# (``_cwalks.title_normal``), not by a regex substitution: the same words.
COMPILED_SLUG = True
# ``is_document_section`` read in C on ASCII ids and headings (``_cwalks.document_section``:
# the id's words, the heading found under the element, its text's first words and the near
# siblings' without a proxy or a serialised text); other cases (None) run below.
COMPILED_SECTION = True
# ``_holds_prose``'s paragraph count in one C walk over the element's nodes
# (``_cwalks.holds_prose``: ~40 calls a page, each an ``iter("p")`` with a proxy and a
# ``text_length`` call per paragraph); an entity reference (None) counts below.
COMPILED_PROSE = True
# ... and the scan's last filter over its doomed elements (protected, html/body, the verdict's
# tag and prose tests) in one C loop (``_cwalks.doomed_drops``): no Python step an element.
COMPILED_DROPS = True
# ``_protected_ancestors``' article and main elements and their paragraph text found in one C
# walk (``_cwalks.article_scopes``; lxml's two-tag ``iter`` took ~65 us a page), their
# verdicts still read in document order here.
COMPILED_SCOPES = True

PLACEHOLDER_TAG = "x-pruned"
_NOT_XML_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
PROSE_PARAGRAPH_CHARS = 150
MIN_WRAPPED_TEXT = 500
PROSE_PARAGRAPHS = 4
# the paragraph text that makes an <article> or <main> a protected scope
SCOPE_PROSE_CHARS = 500

_TAXONOMY_WORDS = ("tag", "category", "cat", "format", "author")
_TAXONOMY_TOKEN_RE = re.compile(r"(?:^|\s)(?:" + "|".join(_TAXONOMY_WORDS) + r")-\S*")


def attr_words(el: HtmlElement) -> str:
    """The element's class and id as one string, minus CMS taxonomy tokens ("tag-social")."""
    cls = el.get("class")
    ident = el.get("id")
    if cls is None and ident is None:
        return ""
    words = f"{cls or ''} {ident or ''}".lower()
    if "-" in words:
        words = _TAXONOMY_TOKEN_RE.sub(" ", words)
    return words


def is_hidden(el: HtmlElement) -> bool:
    """True for elements a reader never sees (hidden attribute, aria-hidden, display:none)."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style) and vocab.HIDDEN_STYLE_RE.search(style) is not None


def drop_light(elements: list[HtmlElement]) -> None:
    """Remove soft-dropped elements (form, header) for good when they hold little prose."""
    for el in elements:
        if is_light(el):
            drop_keeping_tail(el)


def is_light(el: HtmlElement) -> bool:
    """A form or header holding little prose: a search box, a login form, a site header."""
    prose = 0
    for p in el.iter("p"):
        prose += text_length(p)
        if prose > 400:
            return False
    return True


def drop_keeping_tail(el: HtmlElement) -> None:
    """Remove ``el`` and its subtree, keeping its tail text in place (like ``drop_tree``)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        previous = el.getprevious()
        if previous is None:
            set_text(parent, (parent.text or "") + tail)
        else:
            set_tail(previous, (previous.tail or "") + tail)
    parent.remove(el)


def xml_safe(text: str) -> str:
    """``text`` without the characters lxml refuses to store (C0 controls, lone surrogates)."""
    return _NOT_XML_CHARS_RE.sub("", text)


def set_tail(el: HtmlElement, text: str | None) -> None:
    """Set a tail; libxml2 may hand us characters lxml will not take back, so clean on refusal."""
    try:
        el.tail = text
    except ValueError:
        el.tail = xml_safe(text or "")


def set_text(el: HtmlElement, text: str | None) -> None:
    """Set an element's text, cleaning it when lxml refuses it (see ``set_tail``)."""
    try:
        el.text = text
    except ValueError:
        el.text = xml_safe(text or "")


@dataclass(slots=True)
class PruneLog:
    """Elements swapped out by vocabulary pruning, to restore them if needed."""

    swapped: list[tuple[HtmlElement, HtmlElement]] = field(default_factory=list)

    def restore(self) -> None:
        """Put every swapped-out element back where it was (latest first)."""
        for original, placeholder in reversed(self.swapped):
            parent = placeholder.getparent()
            if parent is not None:
                set_tail(original, placeholder.tail)
                parent.replace(placeholder, original)
        self.swapped.clear()


KEEP, COMMENTS, HARD, HARD_UNLESS_PROSE, SOFT, STRONG_CONTENT = range(6)
STRONG_MIN_CHARS = 400


@lru_cache(maxsize=16384)
def attr_verdict(words: str) -> int:
    """What a class/id string says about its element (cached: themes repeat class strings).

    The cheap tests run first and the content pattern only when a boilerplate word needs it:
    most class strings are layout names, and each pattern costs microseconds on a cold string.
    """
    words = words.lower()
    if "-" in words and _may_name_taxonomy(words):
        words = _TAXONOMY_TOKEN_RE.sub(" ", words)
    if _has_comments_key(words) and vocab.COMMENTS_ATTR_RE.search(words):
        return COMMENTS
    may = pattern_mask(words)  # which patterns' literal words occur (all bits: not known)
    if may & _HARD and vocab.HARD_BOILERPLATE_ATTR_RE.search(words):
        if _is_embed(words):
            return KEEP
        content = may & _CONTENT and vocab.CONTENT_ATTR_RE.search(words)
        return HARD_UNLESS_PROSE if content else HARD
    if (
        (may & _CAMEL and vocab.CAMEL_BOILERPLATE_ATTR_RE.search(words))
        or (may & _BOILERPLATE and vocab.BOILERPLATE_ATTR_RE.search(words))
    ) and not (may & _CONTENT and vocab.CONTENT_ATTR_RE.search(words)):
        return KEEP if _is_embed(words) else SOFT
    if _has_strong_key(words) and vocab.STRONG_CONTENT_ATTR_RE.search(words):
        return STRONG_CONTENT
    return KEEP


_HARD, _CAMEL, _BOILERPLATE, _CONTENT = 1, 2, 4, 8
_ALL_PATTERNS = _HARD | _CAMEL | _BOILERPLATE | _CONTENT
_PATTERN_BITS = {"hard": _HARD, "camel": _CAMEL, "boilerplate": _BOILERPLATE, "content": _CONTENT}
_WORD_TABLE = (
    None
    if _WordTable is None
    else _WordTable(
        [
            (_PATTERN_BITS[name], word, name in vocab.ATTR_EDGE_PATTERNS)
            for name, words in vocab.ATTR_PATTERN_WORDS.items()
            for word in words
        ]
    )
)


def pattern_mask(words: str) -> int:
    """Which of ``attr_verdict``'s patterns (``_HARD``, ``_CAMEL``, ``_BOILERPLATE``,
    ``_CONTENT``) may match ``words``: the bit of each pattern one of whose literal words
    (``vocab.ATTR_PATTERN_WORDS``) occurs in it (where a token starts, for the edge patterns),
    read in C; every bit without the build."""
    if COMPILED_WORDS and _WORD_TABLE is not None:
        return _literal_mask(_WORD_TABLE, words)
    return _ALL_PATTERNS


def _may_name_taxonomy(words: str) -> bool:
    """A substring test that rules out ``_TAXONOMY_TOKEN_RE`` for most strings."""
    return "tag-" in words or "cat" in words or "format-" in words or "author-" in words


def _has_any(words: str, keys: tuple[str, ...]) -> bool:
    return any(map(words.__contains__, keys))  # no generator frame: this runs per class string


def _has_comments_key(words: str) -> bool:
    """``_has_any(words, vocab.COMMENTS_KEYS)`` spelled out: every cold class string asks."""
    return "comment" in words or "discussion" in words or "disqus" in words or "respond" in words


def _has_strong_key(words: str) -> bool:
    """``_has_any(words, vocab.STRONG_CONTENT_KEYS)`` spelled out, likewise."""
    return "content" in words or "body" in words or "text" in words or "entry" in words


def _is_embed(words: str) -> bool:
    """Embedded posts (tweets...) stay even inside "social" wrappers."""
    return _has_any(words, vocab.EMBED_KEYS) and vocab.EMBED_ATTR_RE.search(words) is not None


_DIGITS_RE = re.compile("[0-9]+")  # faster than str.translate with deletions
_RAW_VERDICTS: dict[str, int] = {}
_RAW_CACHE_MAX = 50_000
# the boilerplate roles as the pre-walk compares them (lower-cased ASCII names under 32 bytes;
# None, the loop reads every role, if that ever stops holding or the style test changes)
_ROLE_NAMES = (
    tuple(sorted(role.encode() for role in vocab.BOILERPLATE_ROLES))
    if all(
        role.isascii() and role == role.lower() and len(role) < 32
        for role in vocab.BOILERPLATE_ROLES
    )
    and vocab.HIDDEN_STYLE_RE.pattern == r"display\s*:\s*none|visibility\s*:\s*hidden"
    and vocab.HIDDEN_STYLE_RE.flags & re.IGNORECASE
    else None
)
_LEAF_TAGS = frozenset({"a", "img", "i", "b", "em", "strong", "small", "abbr", "time", "br", "hr"})
CODE_TAGS = frozenset({"pre", "code"})
_ATTENTION_KEYS = frozenset({"style", "hidden", "aria-hidden", "role", "itemprop"})


def words_verdict(words: str) -> int:
    """``attr_verdict`` behind a plain dict on the raw string: the hot path of the scan.
    A cold ASCII string is judged in C (``_cwalks.ascii_verdict``), the same verdict."""
    verdict = _RAW_VERDICTS.get(words)
    if verdict is not None:
        return verdict
    if COMPILED_VERDICT and _VERDICT_WORDS is not None:
        verdict = _ascii_verdict(_VERDICT_WORDS, words)
        if verdict >= 0:
            if len(_RAW_VERDICTS) >= _RAW_CACHE_MAX:
                _RAW_VERDICTS.clear()
            _RAW_VERDICTS[words] = verdict
            return verdict
    return memo_without_digits(_RAW_VERDICTS, words, attr_verdict)


_VERDICT_WORDS = (
    None
    if _VerdictWords is None
    else _VerdictWords(
        vocab.ATTR_VERDICT_WORDS,
        (KEEP, COMMENTS, HARD, HARD_UNLESS_PROSE, SOFT, STRONG_CONTENT),
        (vocab.COMMENTS_KEYS, vocab.STRONG_CONTENT_KEYS, vocab.EMBED_KEYS),
        _TAXONOMY_WORDS,
    )
)


_COLD_VERDICTS = (
    None
    if _ColdVerdicts is None or _VERDICT_WORDS is None
    else _ColdVerdicts(_VERDICT_WORDS, _RAW_VERDICTS, _RAW_CACHE_MAX, words_verdict)
)


def memo_without_digits(cache: dict[str, int], words: str, compute: Callable[[str], int]) -> int:
    """``compute`` of a class/id string with its numbers taken out (they make ids unique,
    "post-1234", and would defeat every cache), stored in ``cache`` under the raw string;
    ``cache`` is emptied when full, so memory stays bounded on a long run."""
    if COMPILED_WORDS and _without_digits is not None:
        value = compute(_without_digits(words))
    else:
        value = compute(_DIGITS_RE.sub("", words))
    if len(cache) >= _RAW_CACHE_MAX:
        cache.clear()
    cache[words] = value
    return value


def _element_verdict(el: HtmlElement) -> int:
    cls = el.get("class")
    ident = el.get("id")
    if cls is None:
        if ident is None:
            return KEEP
        return words_verdict(ident)
    return words_verdict(cls if ident is None else f"{cls} {ident}")


_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SLUG_SPLIT_RE = re.compile(r"[\W_]+")
MIN_SLUG_WORDS = 2
NEAR_SIBLINGS = 3


def is_document_section(el: HtmlElement) -> bool:
    """True when ``el``'s id spells its own heading ("respond-to-review-comments" on a section
    headed "Respond to review comments") and a sibling of its tag is named the same way.

    Documentation generators and table-of-contents plugins name every section (or heading)
    after its title: those ids are the author's words, not a theme's, so a title that happens
    to say "comments" or "share" does not make its section boilerplate. A lone box named after
    its heading ("related-posts" over "Related posts") is still judged by its words.
    """
    if COMPILED_SECTION and _compiled_section is not None:
        found = _compiled_section(el)
        if found is not None:
            return bool(found)
    if not _names_own_heading(el):
        return False
    # the nearest siblings of its tag only: a bounded look, whatever the page's size
    for siblings in (el.itersiblings(el.tag, preceding=True), el.itersiblings(el.tag)):
        for sibling in islice(siblings, NEAR_SIBLINGS):
            if sibling.get("id") and _names_own_heading(sibling):
                return True
    return False


def _names_own_heading(el: HtmlElement) -> bool:
    words = _slug_words(el.get("id") or "")
    if len(words) < MIN_SLUG_WORDS:
        return False
    heading = el if el.tag in _HEADING_TAGS else next(el.iter(*_HEADING_TAGS), None)
    if heading is None:
        return False
    return _slug_words(element_text(heading))[: len(words)] == words


def _slug_words(text: str) -> list[str]:
    if COMPILED_SLUG and _title_normal is not None:
        # ``clean.normalise_title`` is these words joined by single spaces (the same pattern)
        return _title_normal(_plain_slug, text).split()
    return _plain_slug(text).split()


def _plain_slug(text: str) -> str:
    """The slug words joined by spaces (``clean.normalise_title``'s form, in Python)."""
    return _SLUG_SPLIT_RE.sub(" ", text.casefold())


class Scan(NamedTuple):
    """What one pass over the page found."""

    soft: list[HtmlElement]  # forms and headers: dropped unless they hold prose
    comments: list[HtmlElement]
    boilerplate: list[HtmlElement]
    markers: list[HtmlElement]  # itemprop=articleBody/text elements


def drop_never_text(root: HtmlElement) -> None:
    """Remove the elements that are never article text (scripts, navigation, forms' inputs...).

    lxml removes them in C (tails kept), with no Python proxy per element, so the boilerplate
    scan that follows is a plain ``iter()`` over what is left, not a walk that skips subtrees.
    """
    body = root.find("body")
    top = body if body is not None else root
    if COMPILED_STRIP and _compiled_wrapped is not None:
        # the test on the text the first strip would leave, then one strip (removing an
        # element takes its subtree and keeps its tail: two strips and one leave the same tree)
        counts = _compiled_wrapped(top, _INVISIBLE_NAMES, _STRUCTURAL_NAMES)
        if counts is not None:  # None: a namespaced tag or an entity reference (two passes)
            if _wrappers_hold_the_text(*counts):
                etree.strip_elements(top, *vocab.INVISIBLE_TAGS, with_tail=False)
            else:
                etree.strip_elements(top, *_NEVER_TEXT_TAGS, with_tail=False)
            return
    etree.strip_elements(top, *vocab.INVISIBLE_TAGS, with_tail=False)
    if _text_lives_in_dropped_wrappers(top):
        return  # a page served inside <noscript>, <nav>...: keep it, the body stage decides
    etree.strip_elements(top, *vocab.DROP_TAGS, with_tail=False)


_NEVER_TEXT_TAGS = tuple(sorted(vocab.INVISIBLE_TAGS | vocab.DROP_TAGS))
_INVISIBLE_NAMES = tuple(tag.encode() for tag in sorted(vocab.INVISIBLE_TAGS))
_STRUCTURAL_NAMES = tuple(tag.encode() for tag in sorted(vocab.STRUCTURAL_DROP_TAGS))


def _text_lives_in_dropped_wrappers(top: HtmlElement) -> bool:
    """True when the structural drop tags (nav, aside, noscript...) hold nearly all the text."""
    inside = wrapped_text_chars(top)
    if inside * 10 <= MIN_WRAPPED_TEXT * 9:
        return False  # under 90% of any page long enough to count: the page's text is not read
    return _wrappers_hold_the_text(inside, len(element_text(top)))


def _wrappers_hold_the_text(inside: int, total: int) -> bool:
    """``_text_lives_in_dropped_wrappers`` on its two counts."""
    if inside * 10 <= MIN_WRAPPED_TEXT * 9 or total < MIN_WRAPPED_TEXT:
        return False
    return total - inside < total * 0.1


def wrapped_text_chars(top: HtmlElement) -> int:
    """The text characters inside the outermost structural drop tags under ``top``."""
    tags = vocab.STRUCTURAL_DROP_TAGS
    # In document order an outermost wrapper comes before the wrappers inside it: those are
    # found in C under it (walking up from each wrapper to the root cost more, in Python).
    nested: set[HtmlElement] = set()
    inside = 0
    for el in top.iter(*tags):
        if el in nested:
            continue
        nested.update(el.iterdescendants(*tags))
        inside += len(element_text(el))
    return inside


def scan_boilerplate(root: HtmlElement, strict: bool = True) -> Scan:
    """One pass over the page: comment sections, other boilerplate, article-body markers.

    Run after ``drop_never_text``. Hidden elements and boilerplate ARIA roles are always
    boilerplate; class/id vocabulary only when ``strict``. Explicit article markers and their
    ancestors are never removed.
    """
    soft: list[HtmlElement] = []
    comments: list[HtmlElement] = []
    doomed: list[tuple[HtmlElement, int]] = []
    markers: list[HtmlElement] = []
    body = root.find("body")
    soft_tags = vocab.SOFT_DROP_TAGS
    attention = _ATTENTION_KEYS
    leaf_tags = _LEAF_TAGS
    # (the single-attribute case is spelled out: it is most elements, and calls cost here)
    cached = _RAW_VERDICTS.get  # the hot loop: plain dict lookups, no calls per element
    top = body if body is not None else root
    # In C, when built: the elements the loop reads (a soft tag, or a non-leaf with attributes
    # other than a class/id whose verdict is KEEP, memoised or judged there, beside attributes
    # the loop does not read); the loop passes over all others without a step (None: a case
    # it does not model).
    judge = words_verdict if COMPILED_WORDS else None  # cold strings judged in the walk
    cold = _COLD_VERDICTS
    if (
        judge is not None
        and COMPILED_COLD
        and COMPILED_VERDICT
        and cold is not None
        and cold.memo is _RAW_VERDICTS
        and cold.cap == _RAW_CACHE_MAX
    ):
        judge = cold  # the same verdicts, memoised alike, read in C
    found = None
    if COMPILED_SCAN and _compiled_attributed:
        if WALKS_TAKE_ROLES:
            roles = _ROLE_NAMES if COMPILED_WORDS and COMPILED_ATTENTION else None
            pairs = COMPILED_PAIRS and judge is not None
            found = _compiled_attributed(
                top, leaf_tags, soft_tags, _RAW_VERDICTS, KEEP, judge, roles, pairs
            )
        else:  # an extension built before round twenty: its six arguments
            found = _compiled_attributed(top, leaf_tags, soft_tags, _RAW_VERDICTS, KEEP, judge)
    for el in top.iter(etree.Element) if found is None else found:
        if el.__class__ is tuple:  # (element, verdict): one the walk judged, to record as is
            # ``_record`` inlined (a call for every judged element), the walk's pair kept
            node, verdict = el
            if node.tag == "span" and in_code(node):
                continue
            if verdict == COMMENTS:
                comments.append(node)
            elif strict:
                doomed.append(el)
            continue
        tag = el.tag
        if tag in leaf_tags:
            continue  # links, images, emphasis: their classes style text, never a section
        if tag in soft_tags:
            soft.append(el)
        items = el.items()  # one call: names and values together
        if not items:
            continue
        if len(items) == 1:
            only, words = items[0]
            if only == "class" or only == "id":
                verdict = cached(words)
                if verdict is None:
                    verdict = words_verdict(words)
                if verdict != KEEP and not (only == "id" and is_document_section(el)):
                    _record(el, verdict, strict, comments, doomed)
                continue
            if only not in attention:
                continue
        keys = [name for name, _ in items]
        if (
            "style" in keys
            or "role" in keys
            or "hidden" in keys
            or "aria-hidden" in keys
            or "itemprop" in keys
        ):
            if _is_article_marker(el):
                markers.append(el)
            if is_hidden(el) or (el.get("role") or "").lower() in vocab.BOILERPLATE_ROLES:
                doomed.append((el, HARD))
                continue
        if "class" in keys:
            words = el.get("class")
            if "id" in keys:
                words = f"{words} {el.get('id')}"
        elif "id" in keys:
            words = el.get("id")
        else:
            continue
        verdict = cached(words)
        if verdict is None:
            verdict = words_verdict(words)
        if verdict != KEEP and "id" in keys and is_document_section(el):
            cls = el.get("class")
            verdict = words_verdict(cls) if cls else KEEP
        if verdict != KEEP:
            _record(el, verdict, strict, comments, doomed)
    strong = [el for el, verdict in doomed if verdict == STRONG_CONTENT]
    if strong:
        doomed = [(el, verdict) for el, verdict in doomed if verdict != STRONG_CONTENT]
    if not doomed:
        return Scan(soft, comments, [], markers)
    protected = _protected_ancestors(root, markers, strong)
    found = None
    if COMPILED_DROPS and COMPILED_PROSE and _compiled_drops is not None:
        found = _compiled_drops(
            doomed,
            protected,
            HARD,
            HARD_UNLESS_PROSE,
            PROSE_PARAGRAPH_CHARS,
            PROSE_PARAGRAPHS,
            _holds_prose,
        )
    if found is None:
        found = [  # ``_drops``, its first test inlined
            el
            for el, verdict in doomed
            if el not in protected
            and el.tag not in ("html", "body")
            and (verdict == HARD or _drops_by_words(el, el.tag, verdict))
        ]
    comments = [el for el in comments if el.tag not in ("html", "body", "main")]
    return Scan(soft, comments, found, markers)


def _record(
    el: HtmlElement,
    verdict: int,
    strict: bool,
    comments: list[HtmlElement],
    doomed: list[tuple[HtmlElement, int]],
) -> None:
    if el.tag == "span" and in_code(el):
        return  # a highlighted token ("comment", "hljs-meta"), not a page section
    if verdict == COMMENTS:
        comments.append(el)
    elif strict:
        doomed.append((el, verdict))


def in_code(el: HtmlElement) -> bool:
    """True inside a code block, where class words name syntax tokens (a walk up in C)."""
    return next(el.iterancestors(*CODE_TAGS), None) is not None


def _is_article_marker(el: HtmlElement) -> bool:
    return el.get("itemprop") in ("articleBody", "text")


def _drops(el: HtmlElement, verdict: int) -> bool:
    return verdict == HARD or _drops_by_words(el, el.tag, verdict)


def _drops_by_words(el: HtmlElement, tag: str, verdict: int) -> bool:
    if verdict == HARD:
        return True
    if verdict == HARD_UNLESS_PROSE:
        return not _holds_prose(el)
    return tag not in ("article", "main", "p") and not _holds_prose(el)


def _holds_prose(el: HtmlElement) -> bool:
    """True when an element holds several real paragraphs (a layout wrapper, not a widget)."""
    if COMPILED_PROSE and _compiled_prose is not None:
        found = _compiled_prose(el, PROSE_PARAGRAPH_CHARS, PROSE_PARAGRAPHS)
        if found is not None:
            return found
    count = 0
    for p in el.iter("p"):
        if text_length(p) > PROSE_PARAGRAPH_CHARS:
            count += 1
            if count >= PROSE_PARAGRAPHS:
                return True
    return False


def _protected_ancestors(
    root: HtmlElement, markers: list[HtmlElement], strong: list[HtmlElement]
) -> set[HtmlElement]:
    """Ancestors (and selves) of article-body markers, which vocabulary never removes.

    Markers: itemprop=articleBody, <article>/<main> with prose, and strong content classes
    (.entry-content, .post-body...) holding real text (not a teaser's excerpt).
    """
    protected: set[HtmlElement] = set()
    for el in markers:
        _add_ancestors(el, protected)
    scopes = None
    if COMPILED_SCOPES and _compiled_scopes is not None:
        scopes = _compiled_scopes(root, SCOPE_PROSE_CHARS)
    if scopes is not None:
        for el, prose in scopes:  # the verdict first, as below: the memo fills alike
            if _element_verdict(el) in (KEEP, STRONG_CONTENT) and prose:
                _add_ancestors(el, protected)
    else:
        for el in root.iter("article", "main"):
            if (
                _element_verdict(el) in (KEEP, STRONG_CONTENT)
                and _prose_chars(el, SCOPE_PROSE_CHARS) >= SCOPE_PROSE_CHARS
            ):
                _add_ancestors(el, protected)
    for el in strong:
        if el not in protected and text_length(el) >= STRONG_MIN_CHARS:
            _add_ancestors(el, protected)
    return protected


def _prose_chars(el: HtmlElement, enough: int) -> int:
    """Characters of paragraph text under ``el``, counting no further than ``enough``."""
    total = 0
    for p in el.iter("p"):
        total += text_length(p)
        if total >= enough:
            break
    return total


def _add_ancestors(el: HtmlElement | None, into: set[HtmlElement]) -> None:
    while el is not None and el not in into:
        into.add(el)
        el = el.getparent()


def swap_out(root: HtmlElement, elements: list[HtmlElement], log: PruneLog) -> None:
    """Replace each element by an empty placeholder that keeps its tail text."""
    for el in elements:
        parent = el.getparent()
        if parent is None or _detached(root, parent):
            continue
        placeholder = el.makeelement(PLACEHOLDER_TAG)
        set_tail(placeholder, el.tail)
        el.tail = None
        parent.replace(el, placeholder)
        log.swapped.append((el, placeholder))


def _detached(root: HtmlElement, el: HtmlElement) -> bool:
    """True when ``el`` is in a subtree already swapped out (it no longer reaches ``root``).
    The walk up runs in C and builds a proxy only for ancestors of ``root``'s tag."""
    if el is root:
        return False
    if COMPILED_REACH and _compiled_reaches is not None:
        return not _compiled_reaches(el, root)
    return not any(node is root for node in el.iterancestors(root.tag))
