"""Find the element that holds the article: paragraphs vote for their ancestors (Readability).

Each paragraph-like block credits its prose length (minus link text) to its parent, and less to
its grandparent and great-grandparent. The best-scored container, nudged by content-class hints
and link density, is the body; siblings that carry prose of their own join it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

from lxml.html import HtmlElement

from scraper.extractor import vocab
from scraper.extractor.parse import element_text, text_length
from scraper.extractor.prune import PLACEHOLDER_TAG, attr_words, is_document_section

# The compiled vote (built from _cwalks.pyx by setup.py; optional). Not built, or built for
# another lxml: the Python loop below runs (the same scores).
try:
    from scraper.extractor._cwalks import container_scores as _compiled_scores
except (ImportError, TypeError, ValueError):
    _compiled_scores = None
try:  # a build from before round twenty-four has no tag text walk
    from scraper.extractor._cwalks import tagged_text_chars as _compiled_tag_chars
except (ImportError, TypeError, ValueError):
    _compiled_tag_chars = None
try:
    from scraper.extractor._cwalks import document_order as _compiled_order
    from scraper.extractor._cwalks import reaches as _compiled_reaches
except (ImportError, TypeError, ValueError):
    _compiled_order = _compiled_reaches = None

# ``score_containers`` in C (``_cwalks.container_scores``) when built: the same dict, less CPU.
COMPILED_SCORES = True
# The article chunks put in document order and the ancestor tests read in C
# (``_cwalks.document_order``, ``_cwalks.reaches``): no proxy for every element of the chunks' tag
# on the page, no ``getparent()`` chain per pair. The same chunks.
COMPILED_CHUNKS = True
# The text of the links or paragraphs under an element (``link_chars``, ``prose_chars``, the
# scope's paragraph totals) added up in one C walk (``_cwalks.tagged_text_chars``): no proxy
# and ``text_length`` call per link or paragraph. The same counts.
COMPILED_TAG_CHARS = True
_ALL = sys.maxsize  # ``tagged_text_chars``' bar: never stop early

MIN_PARAGRAPH_CHARS = 25
SCOPE_MIN_PROSE = 400
# The article element is the body when the container found inside it holds less than this
# share of its paragraph text, and its link density is under the second figure.
SCOPE_SHARE = 0.5
SCOPE_MAX_LINK_DENSITY = 0.3
MIN_CHUNK_SCORE = 100.0
CHUNK_MAX_LEVELS = 8
ANCESTOR_WEIGHTS = (1.0, 0.5, 0.25)
# A code block votes like one long paragraph, not by its length: else a long listing's table
# cell or wrapper outvotes the post's prose (as Readability caps each block's score).
MAX_CODE_WEIGHT = 400.0
_CODE_TAGS = frozenset({"pre", "code"})
_SCORED_TAGS = (*vocab.PARAGRAPH_TAGS, "div", "section", "span", "article", "font", "h2", "h3")
_OWN_TEXT_TAGS = frozenset({"div", "section", "span", "article", "font"})
_NESTING_TAGS = frozenset({"td", "li", "dd", "blockquote"})
_INLINE_TAGS = frozenset({"span", "font", "b", "i", "em", "strong", "a", "u", "small", "big"})
_PLACEHOLDER_NAME = PLACEHOLDER_TAG.encode()


@dataclass(frozen=True, slots=True)
class Selection:
    """The chosen body: one or more sibling elements in document order."""

    elements: tuple[HtmlElement, ...]
    score: float


def link_chars(el: HtmlElement) -> int:
    """Characters of text inside links under ``el``."""
    if COMPILED_TAG_CHARS and _compiled_tag_chars is not None:
        found = _compiled_tag_chars(el, b"a", _ALL)
        if found is not None:  # None: an entity reference (counted below)
            return found
    return sum(text_length(a) for a in el.iter("a"))


def paragraph_chars(el: HtmlElement) -> int:
    """Characters of text inside the paragraphs under ``el`` (``el`` itself if one)."""
    if COMPILED_TAG_CHARS and _compiled_tag_chars is not None:
        found = _compiled_tag_chars(el, b"p", _ALL)
        if found is not None:
            return found
    return sum(text_length(p) for p in el.iter("p"))


def has_paragraph(el: HtmlElement) -> bool:
    """True when a <p> sits under ``el`` (a C-level walk; ElementPath's find is Python)."""
    return next(el.iter("p"), None) is not None


def _paragraph_weight(el: HtmlElement, tag: str) -> float:
    """Prose characters this block contributes, or 0 when it is not prose."""
    if tag in _OWN_TEXT_TAGS:
        return _own_text_weight(el)
    if tag in _NESTING_TAGS and has_paragraph(el):
        return 0.0
    text = element_text(el)
    length = len(text.strip())
    if length < MIN_PARAGRAPH_CHARS:
        return 0.0
    links = link_chars(el)
    if links > length * 0.5:
        return 0.0
    weight = float(length - links)
    if tag == "li" or tag == "td":
        weight *= 0.5
    elif tag in ("h2", "h3"):
        weight *= 0.3
    return weight


def _own_raw_text(el: HtmlElement) -> str:
    """Text directly inside a container (its text and children's tails, or the text of an
    inline child without a tail), whitespace as written: divs used as <p>."""
    text = el.text
    if not len(el):  # childless (most spans): no walk over children
        return text or ""
    parts = [text or ""]
    for child in el:
        tail = child.tail
        if tail:
            parts.append(tail)
        elif child.tag in ("b", "i", "em", "strong", "a") and child.text:
            parts.append(child.text)
    return "".join(parts)


def _own_text(el: HtmlElement) -> str:
    """A container's own text, whitespace collapsed."""
    return " ".join(_own_raw_text(el).split())


def _own_text_weight(el: HtmlElement) -> float:
    """``len(_own_text(el))`` when it reaches 60 characters, else 0. Most containers hold only
    whitespace of their own: collapsing can only shorten the text, so the raw length decides
    those without building the collapsed string."""
    raw = _own_raw_text(el)
    if len(raw) < 60:
        return 0.0
    length = len(" ".join(raw.split()))
    return float(length) if length >= 60 else 0.0


def score_containers(root: HtmlElement) -> dict[HtmlElement, float]:
    """Credit every paragraph's prose to its nearest ancestors; returns raw scores."""
    if COMPILED_SCORES and _compiled_scores is not None:
        found = _compiled_scores(root, _PLACEHOLDER_NAME, MAX_CODE_WEIGHT, ANCESTOR_WEIGHTS)
        if found is not None:  # None: a namespaced tag, an entity reference (Python counts)
            return found
    scores: dict[HtmlElement, float] = {}
    for el in root.iter(*_SCORED_TAGS):
        tag = el.tag
        weight = _paragraph_weight(el, tag)
        if weight <= 0:
            continue
        if tag in _INLINE_TAGS:
            # text in (nested) spans counts as a paragraph of the nearest block element
            el = _nearest_block(el)
            if el is None:
                continue
            tag = el.tag
            if tag in _CODE_TAGS:
                continue  # a highlighted code line: the block itself was counted
        elif tag == "pre" and weight > MAX_CODE_WEIGHT:
            weight = MAX_CODE_WEIGHT
        if tag in _OWN_TEXT_TAGS:
            scores[el] = scores.get(el, 0.0) + weight
        parent = el.getparent()
        for factor in ANCESTOR_WEIGHTS:
            if parent is None or parent.tag == PLACEHOLDER_TAG:
                break
            scores[parent] = scores.get(parent, 0.0) + weight * factor
            parent = parent.getparent()
    return scores


def _nearest_block(el: HtmlElement) -> HtmlElement | None:
    node = el.getparent()
    while node is not None and node.tag in _INLINE_TAGS:
        node = node.getparent()
    return node


def _class_factor(el: HtmlElement) -> float:
    """Content-class hints raise a container's score; boilerplate hints lower it."""
    factor = 1.0
    if el.get("itemprop") == "articleBody":
        factor *= 1.6
    elif el.tag == "article":
        factor *= 1.2
    words = attr_words(el).lower()
    if words and el.get("id") and is_document_section(el):
        words = (el.get("class") or "").lower()  # its id is its title's words, not a theme's
    if words:
        if vocab.STRONG_CONTENT_ATTR_RE.search(words):
            factor *= 1.4
        if vocab.BOILERPLATE_ATTR_RE.search(words) and not vocab.CONTENT_ATTR_RE.search(words):
            factor *= 0.6
    return factor


def _link_density(el: HtmlElement) -> float:
    text_len = text_length(el)
    if text_len == 0:
        return 1.0
    return min(1.0, link_chars(el) / text_len)


def semantic_scope(root: HtmlElement, markers: Sequence[HtmlElement] = ()) -> HtmlElement | None:
    """The page's own article marker holding real prose: articleBody, else main, else article.

    ``markers`` are the itemprop elements the boilerplate scan already found (no second pass).
    """
    for el in markers:
        if (
            el.get("itemprop") == "articleBody"
            and el.getparent() is not None
            and prose_chars(el, SCOPE_MIN_PROSE) >= SCOPE_MIN_PROSE
        ):
            return el
    scope = root
    for el in root.iter("main"):
        if prose_chars(el, SCOPE_MIN_PROSE) >= SCOPE_MIN_PROSE:
            scope = el
            break
    for el in scope.iter("article"):
        if prose_chars(el, SCOPE_MIN_PROSE) >= SCOPE_MIN_PROSE:
            return el
    return scope if scope is not root else None


def prose_chars(el: HtmlElement, enough: int) -> int:
    """Characters of <p> text under ``el``, counting no further than ``enough``."""
    if COMPILED_TAG_CHARS and _compiled_tag_chars is not None:
        found = _compiled_tag_chars(el, b"p", enough)
        if found is not None:
            return found
    total = 0
    for p in el.iter("p"):
        total += text_length(p)
        if total >= enough:
            break
    return total


def select_body(root: HtmlElement, markers: Sequence[HtmlElement] = ()) -> Selection | None:
    """The best container and its belonging siblings; None when the page has no prose.

    The search runs inside the page's semantic article marker first, when there is one.
    """
    scope = semantic_scope(root, markers)
    if scope is not None:
        found = _select_within(scope)
        if found is not None and found.score >= SCOPE_MIN_PROSE * 0.5:
            if _covers_little_of(found, scope):
                return Selection(elements=(scope,), score=found.score)
            return found
    return _select_within(root)


def _covers_little_of(found: Selection, scope: HtmlElement) -> bool:
    """True when the page's own article element holds twice the paragraph text of the container
    found inside it, and is prose (not a list of links): the story is split into sections or
    blocks that the votes, which reach three levels up, never joined. The article is taken."""
    if scope.tag != "article" and scope.get("itemprop") != "articleBody":
        return False  # <main> also holds listings, forums and service pages' many parts
    if any(el is scope for el in found.elements):
        return False
    chosen = sum(map(paragraph_chars, found.elements))
    total = paragraph_chars(scope)
    return chosen < SCOPE_SHARE * total and _link_density(scope) < SCOPE_MAX_LINK_DENSITY


def _select_within(root: HtmlElement) -> Selection | None:
    scores = score_containers(root)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:8]
    best: HtmlElement | None = None
    best_score = 0.0
    for el, raw in ranked:
        if el.tag not in vocab.CONTAINER_TAGS and el.tag not in ("blockquote", "dd"):
            continue
        upper = raw * _class_factor(el)
        if upper <= best_score:
            continue  # cannot win even without links: skip the costly link density
        adjusted = upper * (1.0 - _link_density(el))
        if adjusted > best_score:
            best, best_score = el, adjusted
    if best is None:
        return None
    best = _widen_to_shared_ancestor(best, best_score, ranked)
    if best is root:
        return Selection(elements=(best,), score=best_score)
    cousins = _same_class_cousins(root, best, scores)
    if cousins:
        return Selection(elements=cousins, score=best_score)
    return Selection(elements=_with_siblings(best, best_score, scores), score=best_score)


def _same_class_cousins(
    root: HtmlElement, best: HtmlElement, scores: dict[HtmlElement, float]
) -> tuple[HtmlElement, ...]:
    """Article bodies split into chunks (between ads) share one class: take every chunk.

    Chunks are same-tag elements whose class list starts with the same distinctive name, under
    a common ancestor at most ``CHUNK_MAX_LEVELS`` above the best one.
    """
    key = _chunk_class(best)
    if key is None:
        return ()
    tag = best.tag
    family = _ancestors(best, CHUNK_MAX_LEVELS)
    others = {
        el
        for el, score in scores.items()
        if el is not best
        and score >= MIN_CHUNK_SCORE
        and el.tag == tag
        and _chunk_class(el) == key
        and not family.isdisjoint(_ancestors(el, CHUNK_MAX_LEVELS))
    }
    if not others:
        return ()
    others.add(best)
    if COMPILED_CHUNKS and _compiled_order is not None:
        ordered = _compiled_order(root, others)
    else:
        ordered = [el for el in root.iter(tag) if el in others]
    # keep outermost chunks only
    return tuple(el for el in ordered if not any(_is_descendant(el, o) for o in others))


def _chunk_class(el: HtmlElement) -> str | None:
    """The first class name, when it is distinctive enough to identify article chunks."""
    cls = el.get("class")
    if not cls:
        return None
    first = cls.split(None, 1)[0].lower() if cls.strip() else ""
    if len(first) < 4 or first in vocab.LAYOUT_CLASSES:
        return None
    return first


def _ancestors(el: HtmlElement, levels: int) -> set[HtmlElement]:
    found: set[HtmlElement] = set()
    node = el.getparent()
    for _ in range(levels):
        if node is None or node.tag in ("body", "html"):
            break
        found.add(node)
        node = node.getparent()
    return found


def _widen_to_shared_ancestor(
    best: HtmlElement, best_score: float, ranked: list[tuple[HtmlElement, float]]
) -> HtmlElement:
    """When several strong candidates sit under one ancestor, the article is split: take it."""
    strong = [el for el, raw in ranked if el is not best and raw >= best_score * 0.75]
    if len(strong) < 2:
        return best
    ancestor = best.getparent()
    for _ in range(3):
        if ancestor is None or ancestor.tag in ("body", "html"):
            break
        inside = sum(1 for el in strong if _is_descendant(el, ancestor))
        if inside >= 1:
            return ancestor
        ancestor = ancestor.getparent()
    return best


def _is_descendant(el: HtmlElement, ancestor: HtmlElement) -> bool:
    if COMPILED_CHUNKS and _compiled_reaches is not None:
        return el is not ancestor and _compiled_reaches(el, ancestor)
    node = el.getparent()
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def _with_siblings(
    best: HtmlElement, best_score: float, scores: dict[HtmlElement, float]
) -> tuple[HtmlElement, ...]:
    """Siblings that hold prose of their own join the body, in document order."""
    parent = best.getparent()
    if parent is None:
        return (best,)
    threshold = max(200.0, best_score * 0.2)
    chosen: list[HtmlElement] = []
    for sibling in parent:
        if sibling is best:
            chosen.append(sibling)
            continue
        tag = sibling.tag
        if not isinstance(tag, str) or tag == PLACEHOLDER_TAG or tag == "article":
            continue
        score = scores.get(sibling, 0.0)
        if (
            score and score * _class_factor(sibling) * (1.0 - _link_density(sibling)) >= threshold
        ) or _is_prose_paragraph(sibling):
            chosen.append(sibling)
    return tuple(chosen)


def _is_prose_paragraph(el: HtmlElement) -> bool:
    """A sibling that is itself one paragraph of prose: a <p>, or a <div> used as one."""
    if el.tag == "div":
        if has_paragraph(el) or len(_own_text(el)) < 80:
            return False
    elif el.tag != "p":
        return False
    text = element_text(el)
    length = len(text)
    if length < 80:
        return False
    return link_chars(el) < length * 0.25
