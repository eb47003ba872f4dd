"""Adapters that let ``../shared/benchmarks/score.py`` call scraper's extractor.

python ../shared/benchmarks/score.py --set aeb --extractor benchmarks.adapters:scraper_text
"""

from __future__ import annotations

from scraper import extract


def scraper_text(html: str, url: str | None = None) -> str:
    """The full ``extract()`` (metadata, body, classification); returns the body text."""
    return extract(html, url).text
