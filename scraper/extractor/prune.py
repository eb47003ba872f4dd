"""Remove boilerplate from a parsed page: by tag, by hidden state, by class/id/role vocabulary.

Tag-level pruning is final (scripts, navigation, footers are never article text). Vocabulary
pruning is reversible: each removed element is swapped for an empty placeholder, so the body
stage can put everything back and retry when the strict pass left too little text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from lxml.html import HtmlElement

from scraper.extractor import vocab

PLACEHOLDER_TAG = "x-pruned"
_NOT_XML_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
PROSE_PARAGRAPH_CHARS = 150
PROSE_PARAGRAPHS = 4

_TAXONOMY_TOKEN_RE = re.compile(r"(?:^|\s)(?:tag|category|cat|format|author)-\S*")


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


def drop_by_tag(root: HtmlElement) -> None:
    """Remove subtrees that are never article text: scripts, styles, navigation, forms...

    Only inside <body>: the head stays whole for the stages that read metadata. (The body
    stage gets the same list from ``scan_boilerplate``'s single pass instead.)
    """
    body = root.find("body")
    drop_elements(list((body if body is not None else root).iter(*vocab.DROP_TAGS)))
    drop_elements(list(root.iter(*vocab.SOFT_DROP_TAGS)))


def drop_elements(elements: list[HtmlElement]) -> None:
    """Remove elements for good; soft-dropped tags (form, header) only when they lack prose."""
    for el in elements:
        if el.tag not in vocab.SOFT_DROP_TAGS or _is_light(el):
            _drop(el)


def _is_light(el: HtmlElement) -> bool:
    """A form or header holding little prose: a search box, a login form, a site header."""
    prose = 0
    for p in el.iter("p"):
        prose += len(p.text_content())
        if prose > 400:
            return False
    return True


def _drop(el: HtmlElement) -> None:
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


KEEP, COMMENTS, HARD, HARD_UNLESS_PROSE, SOFT = range(5)


@lru_cache(maxsize=16384)
def attr_verdict(words: str) -> int:
    """What a class/id string says about its element (cached: themes repeat class strings)."""
    words = words.lower()
    if "-" in words:
        words = _TAXONOMY_TOKEN_RE.sub(" ", words)
    if vocab.COMMENTS_ATTR_RE.search(words):
        return COMMENTS
    if vocab.EMBED_ATTR_RE.search(words):
        return KEEP
    content = vocab.CONTENT_ATTR_RE.search(words) is not None
    if vocab.HARD_BOILERPLATE_ATTR_RE.search(words):
        return HARD_UNLESS_PROSE if content else HARD
    if not content and vocab.BOILERPLATE_ATTR_RE.search(words):
        return SOFT
    return KEEP


_DIGITS = str.maketrans("", "", "0123456789")
_RAW_VERDICTS: dict[str, int] = {}
_RAW_VERDICTS_MAX = 50_000
_ATTENTION_KEYS = frozenset({"style", "hidden", "aria-hidden", "role", "itemprop"})


def words_verdict(words: str) -> int:
    """``attr_verdict`` behind a plain dict on the raw string: the hot path of the scan."""
    verdict = _RAW_VERDICTS.get(words)
    if verdict is None:
        # Numbers make ids unique ("post-1234"); without them the cache hits.
        verdict = attr_verdict(words.translate(_DIGITS))
        if len(_RAW_VERDICTS) >= _RAW_VERDICTS_MAX:
            _RAW_VERDICTS.clear()
        _RAW_VERDICTS[words] = verdict
    return verdict


def _element_verdict(el: HtmlElement) -> int:
    cls = el.get("class")
    ident = el.get("id")
    if cls is None:
        if ident is None:
            return KEEP
        return words_verdict(ident)
    return words_verdict(cls if ident is None else f"{cls} {ident}")


def find_comment_sections(root: HtmlElement) -> list[HtmlElement]:
    """Elements the comment vocabulary marks (#comments, .comment-list...)."""
    return scan_boilerplate(root, strict=False).comments


class Scan(NamedTuple):
    """What one pass over the page found."""

    by_tag: list[HtmlElement]  # never text: scripts, navigation... (see ``drop_elements``)
    comments: list[HtmlElement]
    boilerplate: list[HtmlElement]
    markers: list[HtmlElement]  # itemprop=articleBody/text elements


def scan_boilerplate(root: HtmlElement, strict: bool = True) -> Scan:
    """One pass over the page: comment sections, other boilerplate, article-body markers.

    Hidden elements and boilerplate ARIA roles are always boilerplate; class/id vocabulary
    only when ``strict``. Explicit article markers and their ancestors are never removed.
    """
    by_tag: list[HtmlElement] = []
    comments: list[HtmlElement] = []
    doomed: list[tuple[HtmlElement, int]] = []
    markers: list[HtmlElement] = []
    body = root.find("body")
    drop_tags = vocab.DROP_TAGS
    soft_tags = vocab.SOFT_DROP_TAGS
    for el in (body if body is not None else root).iter():
        tag = el.tag
        if tag in drop_tags or tag in soft_tags:
            by_tag.append(el)
            if tag in drop_tags:
                continue
        keys = el.keys()
        if not keys:
            continue
        if len(keys) == 1 and keys[0] == "class":  # the common case, kept fast
            verdict = words_verdict(el.get("class"))
        else:
            if not _ATTENTION_KEYS.isdisjoint(keys):
                if _is_article_marker(el):
                    markers.append(el)
                if is_hidden(el) or (el.get("role") or "").lower() in vocab.BOILERPLATE_ROLES:
                    doomed.append((el, HARD))
                    continue
            verdict = _element_verdict(el)
        if verdict == KEEP:
            continue
        if verdict == COMMENTS:
            comments.append(el)
        elif strict:
            doomed.append((el, verdict))
    if not doomed:
        return Scan(by_tag, comments, [], markers)
    protected = _protected_ancestors(root, markers)
    found = [
        el
        for el, verdict in doomed
        if el not in protected and el.tag not in ("html", "body") and _drops(el, verdict)
    ]
    comments = [el for el in comments if el.tag not in ("html", "body", "main")]
    return Scan(by_tag, comments, found, markers)


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
    count = 0
    for p in el.iter("p"):
        if len(p.text_content()) > PROSE_PARAGRAPH_CHARS:
            count += 1
            if count >= PROSE_PARAGRAPHS:
                return True
    return False


def _protected_ancestors(root: HtmlElement, markers: list[HtmlElement]) -> set[HtmlElement]:
    """Ancestors (and selves) of explicit article-body markers, which vocabulary never removes."""
    protected: set[HtmlElement] = set()
    for el in markers:
        _add_ancestors(el, protected)
    for el in root.iter("article", "main"):
        if _element_verdict(el) == KEEP and _prose_chars(el, 500) >= 500:
            _add_ancestors(el, protected)
    return protected


def _prose_chars(el: HtmlElement, enough: int) -> int:
    """Characters of paragraph text under ``el``, counting no further than ``enough``."""
    total = 0
    for p in el.iter("p"):
        total += len(p.text_content())
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
    """True when ``el`` is in a subtree already swapped out (it no longer reaches ``root``)."""
    while True:
        if el is root:
            return False
        parent = el.getparent()
        if parent is None:
            return True
        el = parent
