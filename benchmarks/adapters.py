"""Adapters that let ``../shared/benchmarks/score.py`` call scraper's extractor.

python ../shared/benchmarks/score.py --set aeb --extractor benchmarks.adapters:scraper_text
"""

from __future__ import annotations

from scraper import extract


def scraper_text(html: str, url: str | None = None) -> str:
    """The full ``extract()`` (metadata, body, classification); returns the body text."""
    return extract(html, url).text


def scraper_meta(html: str, url: str | None = None) -> dict[str, object]:
    """For ``meta_score.py``: the full ``extract()``'s title, authors and publication date.

    Authors are given as ``Article.authors`` holds them, one person per item, each as the
    page prints the name (letters after it kept: "Jo Roe, MD"). meta_score counts a page right
    when its gold equals one of them or all of them joined with ", "; a gold that joins
    several people with "and" or "&" ("Ann Lee and Bo Chen") matches neither, and is left a
    miss rather than met by joining names the way that gold happens to."""
    article = extract(html, url)
    return {
        "title": article.title,
        "authors": list(article.authors),
        "date_published": article.date_published,
    }
