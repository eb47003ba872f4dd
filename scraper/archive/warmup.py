"""Loads the shipped models and warms the extractor's caches once, in the process that forks the
extraction workers (the fork server imports this module, ``workpool._PRELOAD``).

A worker forked after this starts with the models in memory. Otherwise each new worker loads
them on its first page (about 50 ms, more on a busy machine), inside that page's deadline: with a
tight ``--extract-timeout``, the worker that replaces a timed-out one would time out on its first
page too, and one slow page would take its neighbours down with it.
"""

from __future__ import annotations

from scraper.extractor import extract
from scraper.extractor.textdump import extract_text

__all__ = ["warm_extractor"]

_PAGE = (
    "<html lang='en'><head><title>Warm-up | Site</title>"
    "<meta property='article:published_time' content='2024-01-02'></head><body>"
    "<article><h1>Warm-up</h1><p class='byline'>By Jane Doe</p>"
    "<p>One short paragraph that loads every model the extractor reads.</p></article>"
    "</body></html>"
)
_TEXT = "Warm-up\n\nBy Jane Doe\n\nOne short paragraph that loads the text models too.\n"


def warm_extractor() -> None:
    """Run one small page through ``extract`` and one dump through ``extract_text``."""
    extract(_PAGE, "https://example.org/2024/01/02/warm-up/")
    extract_text(_TEXT, None)


warm_extractor()
