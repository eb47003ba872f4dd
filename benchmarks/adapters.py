"""Adapters that let ``../shared/benchmarks/score.py`` call scraper's extractor.

python ../shared/benchmarks/score.py --set aeb --extractor benchmarks.adapters:scraper_text
"""

from __future__ import annotations

from scraper import extract


def scraper_text(html: str, url: str | None = None) -> str:
    """The full ``extract()`` (metadata, body, classification); returns the body text."""
    return extract(html, url).text


def scraper_meta(html: str, url: str | None = None) -> dict[str, object]:
    """For ``meta_score.py``: the full ``extract()``'s title, authors and publication date."""
    article = extract(html, url)
    return {
        "title": article.title,
        "authors": list(article.authors),
        "date_published": article.date_published,
    }
