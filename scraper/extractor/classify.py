"""Article or listing? Decided from evidence in the page, not from one site's URL pattern."""

from __future__ import annotations

from lxml.html import HtmlElement

from scraper.extractor.body import Body
from scraper.extractor.metadata import Metadata
from scraper.models import PageKind


def classify_page(root: HtmlElement, meta: Metadata, body: Body) -> PageKind:
    """Placeholder: an article when there is body text."""
    return "article" if body.text else "other"
