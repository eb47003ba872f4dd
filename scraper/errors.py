"""The one exception tree of scraper: catch ``ScraperError`` to catch them all.

::

    ScraperError
     ├── InputError            bad argument or option value from the caller (also a ValueError)
 │    └── RenderUnavailable --render needs Playwright or a Chromium that is not installed
     ├── ExtractionError       the extractor could not read the document at all
     │    └── ExtractionTimeout one page ran over its time or memory budget
     ├── FetchError            a URL could not be fetched (carries ``url`` and ``reason``)
     │    ├── RobotsDisallowed  robots.txt forbids the URL
     │    ├── OutOfScope        the URL (or a redirect target) leaves the crawl's scope
     │    ├── TooLarge          the body exceeded the size limit while streaming
     │    ├── RedirectError     too many redirects, or a redirect loop
     │    ├── HTTPStatusError   a final non-success HTTP status (carries ``status``)
     │    └── RenderError       the headless browser crashed, hung or failed on the page
     ├── StateError            the crawl state database is unusable
     │    └── CrawlLocked       another crawl is already running on the same output folder
     │         └── ArchiveLocked another crawl is writing the same WARC file (+ArchiveError)
     ├── ExportError           an article could not be written (unwritable folder, full disk)
     │    └── ArchiveWriteError the WARC file cannot be written or is not ours (+ArchiveError)
     └── ArchiveError          a WARC file or mirror folder cannot be read at all

Why one tree: library users catch a single base class, and the CLI turns any of these into one
clear line and a non-zero exit instead of a traceback.
"""

from __future__ import annotations

__all__ = [
    "ArchiveError",
    "ArchiveLocked",
    "ArchiveWriteError",
    "CrawlLocked",
    "ExportError",
    "ExtractionError",
    "ExtractionTimeout",
    "FetchError",
    "HTTPStatusError",
    "InputError",
    "OutOfScope",
    "RedirectError",
    "RenderError",
    "RenderUnavailable",
    "RobotsDisallowed",
    "ScraperError",
    "StateError",
    "TooLarge",
]


class ScraperError(Exception):
    """Base class of every error scraper raises on purpose."""


class InputError(ScraperError, ValueError):
    """A caller passed a bad argument or option value."""


class RenderUnavailable(InputError):
    """``--render`` asks for a browser, but Playwright or a Chromium is not installed."""


class ExtractionError(ScraperError):
    """The extractor could not read the document at all (wrong type, undecodable)."""


class ExtractionTimeout(ExtractionError):
    """One page (or sitemap, or feed) ran over its extraction time or memory budget."""


class FetchError(ScraperError):
    """A URL could not be fetched; ``reason`` says why in a few words."""

    def __init__(self, url: str, reason: str) -> None:
        from scraper.models import redact_url  # same layer; imported late to keep errors light

        url = redact_url(url)
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class RobotsDisallowed(FetchError):
    """robots.txt forbids fetching the URL."""


class OutOfScope(FetchError):
    """The URL, or a redirect target, lies outside the crawl's scope."""


class TooLarge(FetchError):
    """The response body exceeded the configured maximum while streaming."""


class RedirectError(FetchError):
    """Too many redirects, or a redirect loop."""


class HTTPStatusError(FetchError):
    """The server's final answer was a non-success HTTP status."""

    def __init__(self, url: str, status: int, reason: str | None = None) -> None:
        super().__init__(url, reason or f"HTTP {status}")
        self.status = status


class RenderError(FetchError):
    """The headless browser crashed, hung or failed on a page (the next run retries it)."""


class StateError(ScraperError):
    """The crawl state database is unusable (corrupt, wrong version, unwritable)."""


class CrawlLocked(StateError):
    """Another crawl is already running on the same output folder."""


class ExportError(ScraperError):
    """An article could not be written (unwritable folder, full disk, bad path)."""


class ArchiveError(ScraperError):
    """A WARC file or mirror folder cannot be read at all."""


class ArchiveLocked(CrawlLocked, ArchiveError):
    """Another crawl is writing the same WARC file."""


class ArchiveWriteError(ExportError, ArchiveError):
    """The WARC file cannot be written, or exists and was not written by scraper."""
