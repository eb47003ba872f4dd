"""Text to an lxml tree, leniently: broken markup, junk and huge pages never raise."""

from __future__ import annotations

from lxml import etree, html
from lxml.html import HtmlElement


def parse_html(text: str) -> HtmlElement | None:
    """Parse a page; None when there is nothing to parse."""
    if not text or not text.strip():
        return None
    parser = html.HTMLParser(remove_comments=True, huge_tree=True)
    try:
        return html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return None
