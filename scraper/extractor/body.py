"""The article body: find the main content, drop boilerplate, render text and Markdown.

A ladder, like Readability's: prune by tag, then by class/id vocabulary, pick the container with
the most prose; when that leaves too little text, put the vocabulary-pruned elements back and
try again, keeping whichever attempt found more.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from scraper.extractor import vocab
from scraper.extractor.candidates import select_body
from scraper.extractor.clean import clean_lines
from scraper.extractor.markdown import to_markdown
from scraper.extractor.prune import (
    PruneLog,
    Scan,
    drop_light,
    drop_never_text,
    scan_boilerplate,
    swap_out,
)
from scraper.extractor.render import CELL_SEPARATOR, Line, render_lines

MIN_BODY_CHARS = 250
COMMENT_MAX_LINK_DENSITY = 0.8


@dataclass(frozen=True, slots=True)
class Body:
    """The body as text (one paragraph or heading a line), Markdown, and comments if asked."""

    text: str = ""
    markdown: str | None = None
    comments: str | None = None
    link_density: float = 0.0
    paragraph_count: int = 0


def extract_body(
    root: HtmlElement,
    url: str | None,
    *,
    markdown: bool = False,
    include_comments: bool = False,
) -> Body:
    """Extract the main text of a parsed page. Prunes ``root`` in place."""
    title = page_title(root)
    drop_never_text(root)
    scan = scan_boilerplate(root, strict=True)
    drop_light(scan.soft)
    comments = comments_text(scan.comments) if include_comments else None
    lines = _body_lines(root, title, scan)
    text = lines_to_text(lines)
    total = sum(len(line.text) for line in lines)
    links = sum(line.link_chars for line in lines)
    return Body(
        text=text,
        markdown=to_markdown(lines) if markdown else None,
        comments=comments,
        link_density=links / total if total else 0.0,
        paragraph_count=sum(1 for line in lines if line.kind in ("p", "quote", "pre")),
    )


def _body_lines(root: HtmlElement, title: str | None, scan: Scan) -> list[Line]:
    log = PruneLog()
    swap_out(root, scan.comments + scan.boilerplate, log)
    lines = _attempt(root, title, scan.markers)
    if _chars(lines) >= MIN_BODY_CHARS:
        return lines
    log.restore()
    scan = scan_boilerplate(root, strict=False)
    swap_out(root, scan.comments + scan.boilerplate, log)
    relaxed = _attempt(root, title, scan.markers)
    return relaxed if _chars(relaxed) > _chars(lines) else lines


def _attempt(root: HtmlElement, title: str | None, markers: list[HtmlElement]) -> list[Line]:
    selection = select_body(root, markers)
    if selection is None:
        body = root.find("body")
        elements: tuple[HtmlElement, ...] = (body if body is not None else root,)
    else:
        elements = selection.elements
    return clean_lines(render_lines(elements, vocab.SKIP_RENDER_TAGS), title)


def _chars(lines: list[Line]) -> int:
    return sum(len(line.text) for line in lines)


def lines_to_text(lines: list[Line]) -> str:
    """Plain text: one line per block, table cells separated by spaces."""
    return "\n".join(line.text.replace(CELL_SEPARATOR, " ") for line in lines)


def page_title(root: HtmlElement) -> str | None:
    """The page's own title (og:title, else <title>), to recognise it in the body."""
    head = root.find("head")
    for meta in (head if head is not None else root).iter("meta"):
        if meta.get("property") == "og:title" or meta.get("name") == "twitter:title":
            content = meta.get("content")
            if content and content.strip():
                return content.strip()
    title = next(root.iter("title"), None)
    if title is not None and title.text:
        return title.text.strip()
    return None


def comments_text(sections: list[HtmlElement]) -> str | None:
    """The comment sections' text (found by the comment vocabulary); None when there is none."""
    sections = [el for el in sections if not _has_ancestor_in(el, sections)]
    if not sections:
        return None
    skip = [el for section in sections for el in section.iter() if _is_comment_form(el)]
    lines = [
        line
        for line in render_lines(sections, vocab.SKIP_RENDER_TAGS, skip=skip)
        if line.link_density < COMMENT_MAX_LINK_DENSITY
        and not vocab.BOILERPLATE_LINE_RE.match(line.text)
    ]
    text = lines_to_text(lines)
    return text or None


def _is_comment_form(el: HtmlElement) -> bool:
    """The reply form inside a comment section ("Leave a reply", "You must be logged in")."""
    words = f"{el.get('class') or ''} {el.get('id') or ''}"
    return len(words) > 1 and vocab.COMMENT_FORM_ATTR_RE.search(words.lower()) is not None


def _has_ancestor_in(el: HtmlElement, elements: list[HtmlElement]) -> bool:
    """True when another of ``elements`` contains ``el`` (keep outermost sections only)."""
    others = set(elements)
    node = el.getparent()
    while node is not None:
        if node in others:
            return True
        node = node.getparent()
    return False


@dataclass(frozen=True, slots=True)
class BlockDecision:
    """One text block of the page and what the body stage did with it (``scraper explain``)."""

    text: str
    kept: bool
    reason: str
    path: str = ""
    score: float | None = None


def explain_body(root: HtmlElement, url: str | None) -> list[BlockDecision]:
    """Every text block of the page, kept or dropped, in page order. Prunes ``root``.

    PROVISIONAL: matches the extracted lines against the page's rendered blocks."""
    import copy

    whole = copy.deepcopy(root)
    drop_never_text(whole)
    body_el = whole.find("body")
    blocks = render_lines((body_el if body_el is not None else whole,), vocab.SKIP_RENDER_TAGS)
    kept = [line for line in extract_body(root, url).text.split("\n") if line]
    decisions: list[BlockDecision] = []
    i = 0
    for line in blocks:
        text = line.text.replace(CELL_SEPARATOR, " ")
        if i < len(kept) and text == kept[i]:
            decisions.append(BlockDecision(text, True, "kept: main content"))
            i += 1
        else:
            decisions.append(BlockDecision(text, False, "outside the main content"))
    if i < len(kept):
        decisions = [d for d in decisions if not d.kept]
        decisions += [BlockDecision(t, True, "kept: main content") for t in kept]
    return decisions
