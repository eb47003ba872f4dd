"""Every crawl default in one place, and the one options object the crawl stages receive.

Defaults are polite: one request at a time per host, about one per second (raised to
robots.txt's ``Crawl-delay``), bounded bodies, redirects and retries.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from scraper._version import __version__
from scraper.errors import InputError

__all__ = ["DEFAULT_USER_AGENT", "CrawlConfig"]

PROJECT_URL = "https://github.com/scraper-project/scraper"
DEFAULT_USER_AGENT = f"scraper/{__version__} (+{PROJECT_URL})"

DEFAULT_OUTPUT_DIR = Path("output")
DEFAULT_CONCURRENCY = 8
DEFAULT_PER_HOST_CONCURRENCY = 1
DEFAULT_DELAY_SECONDS = 1.0
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 30.0
# A whole exchange, body included, may take connect + this many read timeouts (slow drips stop).
REQUEST_TIMEOUT_READS = 4
DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 10
DEFAULT_MAX_RETRIES = 3
# Runs that may die while one URL is in flight before the crawl gives that URL up (a page that
# crashes the process every time). High, because an ordinary kill or power cut also lands on
# some URL: at 5, repeated interruptions lost articles the crash-resume test expects.
DEFAULT_MAX_ATTEMPTS = 25
DEFAULT_BACKOFF_BASE = 0.5
DEFAULT_BACKOFF_MAX = 60.0
DEFAULT_MAX_RETRY_AFTER = 300.0
DEFAULT_MAX_URL_LENGTH = 2048
DEFAULT_MAX_DEPTH = 50
RENDER_MODES = ("never", "auto", "always")
DEFAULT_RENDER_TIMEOUT = 30.0
DEFAULT_MAX_BROWSER_PAGES = 2


@dataclass(frozen=True, slots=True)
class CrawlConfig:
    """What to crawl and how; every field has a polite default.

    ``output_dir`` holds the exported articles and the crawl state (``.scraper/state.sqlite``),
    so running the same crawl again on the same folder resumes it. ``fresh=True`` forgets the
    previous state and starts over.
    """

    start_urls: tuple[str, ...] = ()
    output_dir: Path = DEFAULT_OUTPUT_DIR
    max_pages: int | None = None
    max_depth: int = DEFAULT_MAX_DEPTH
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    concurrency: int = DEFAULT_CONCURRENCY
    per_host_concurrency: int = DEFAULT_PER_HOST_CONCURRENCY
    delay: float = DEFAULT_DELAY_SECONDS
    respect_robots: bool = True
    user_agent: str = DEFAULT_USER_AGENT
    proxy: str | None = None
    trust_env: bool = True
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    request_timeout: float | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    max_retries: int = DEFAULT_MAX_RETRIES
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    backoff_base: float = DEFAULT_BACKOFF_BASE
    backoff_max: float = DEFAULT_BACKOFF_MAX
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    max_url_length: int = DEFAULT_MAX_URL_LENGTH
    fresh: bool = False
    markdown: bool = False
    site_model: bool = True  # learn each host's template from its pages (scraper.sitemodel)
    warc_path: Path | None = None
    extra_headers: dict[str, str] = field(default_factory=dict)
    # JavaScript rendering (scraper.crawler.render): "auto" renders only detected app shells.
    render: Literal["never", "auto", "always"] = "never"
    browser_path: Path | None = None
    render_timeout: float = DEFAULT_RENDER_TIMEOUT
    max_browser_pages: int = DEFAULT_MAX_BROWSER_PAGES

    def __post_init__(self) -> None:
        checks = [
            (self.concurrency >= 1, "concurrency must be at least 1"),
            (self.per_host_concurrency >= 1, "per-host concurrency must be at least 1"),
            (self.delay >= 0, "delay must be 0 or more seconds"),
            (self.max_pages is None or self.max_pages >= 1, "max pages must be at least 1"),
            (self.max_depth >= 0, "max depth must be 0 or more"),
            (
                self.connect_timeout > 0
                and self.read_timeout > 0
                and (self.request_timeout is None or self.request_timeout > 0),
                "timeouts must be positive",
            ),
            (self.max_body_bytes >= 1024, "max body size must be at least 1 KiB"),
            (self.max_redirects >= 0, "max redirects must be 0 or more"),
            (self.max_retries >= 0, "max retries must be 0 or more"),
            (self.max_attempts >= 1, "max attempts must be at least 1"),
            (self.render in RENDER_MODES, f"render must be one of {', '.join(RENDER_MODES)}"),
            (self.render_timeout > 0, "render timeout must be positive"),
            (self.max_browser_pages >= 1, "max browser pages must be at least 1"),
        ]
        for ok, message in checks:
            if not ok:
                raise InputError(message)
        object.__setattr__(self, "output_dir", Path(self.output_dir))
        object.__setattr__(self, "start_urls", tuple(self.start_urls))
        object.__setattr__(self, "include", tuple(self.include))
        object.__setattr__(self, "exclude", tuple(self.exclude))

    @property
    def request_deadline(self) -> float:
        """Seconds one whole exchange may take: ``request_timeout``, else connect + 4 reads."""
        if self.request_timeout is not None:
            return self.request_timeout
        return self.connect_timeout + REQUEST_TIMEOUT_READS * self.read_timeout

    @property
    def state_dir(self) -> Path:
        """Where the crawl keeps its state database and lock, beside the output."""
        return self.output_dir / ".scraper"

    def with_changes(self, **changes: object) -> CrawlConfig:
        """A copy with some fields changed (the config is frozen)."""
        return replace(self, **changes)  # type: ignore[arg-type]
