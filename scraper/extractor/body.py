"""The article body: find the main content, drop boilerplate, render text and Markdown."""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement


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
    """Placeholder: every <p> of the page."""
    paragraphs = [" ".join(p.text_content().split()) for p in root.iter("p")]
    paragraphs = [p for p in paragraphs if p]
    return Body(text="\n".join(paragraphs), paragraph_count=len(paragraphs))
