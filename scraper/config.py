"""Every crawl default in one place, and the one options object the crawl stages receive.

Defaults are polite: one request at a time per host, about one per second (raised to
robots.txt's ``Crawl-delay``), bounded bodies, redirects and retries.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Literal

from scraper._version import __version__
from scraper.errors import InputError

__all__ = ["DEFAULT_USER_AGENT", "CrawlConfig", "check_http_url"]

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
# A robots.txt Crawl-delay is the server's wish; beyond this many seconds it is capped, so one
# line in robots.txt cannot stall a crawl for hours.
DEFAULT_MAX_CRAWL_DELAY = 60.0
# Parsing and extraction of one page (or sitemap, or feed) run in a worker process under these
# budgets; a page over budget is recorded as failed and not fetched again (until --fresh).
DEFAULT_EXTRACT_TIMEOUT = 30.0
DEFAULT_EXTRACT_MEMORY_MB = 2048
# URLs taken from one page, sitemap or feed (the sitemap protocol's own limit per file).
DEFAULT_MAX_LINKS_PER_DOCUMENT = 50_000


def default_extract_workers() -> int:
    """Worker processes for parsing and extraction: one per spare core, at least one."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


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
    max_crawl_delay: float = DEFAULT_MAX_CRAWL_DELAY
    max_links_per_document: int = DEFAULT_MAX_LINKS_PER_DOCUMENT
    extract_workers: int | None = None
    extract_timeout: float = DEFAULT_EXTRACT_TIMEOUT
    extract_memory_mb: int | None = DEFAULT_EXTRACT_MEMORY_MB

    def __post_init__(self) -> None:
        self._check_types()
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
            (self.max_url_length >= 16, "max URL length must be at least 16"),
            (self.backoff_base >= 0 and self.backoff_max >= 0, "backoff must be 0 or more"),
            (self.max_retry_after >= 0, "max Retry-After must be 0 or more seconds"),
            (self.max_crawl_delay >= 0, "max crawl delay must be 0 or more seconds"),
            (self.max_links_per_document >= 1, "max links per document must be at least 1"),
            (
                self.extract_workers is None or self.extract_workers >= 0,
                "extract workers must be 0 (extract in the crawl's own process) or more",
            ),
            (self.extract_timeout > 0, "extract timeout must be positive"),
            (
                self.extract_memory_mb is None or self.extract_memory_mb >= 256,
                "extract memory limit must be at least 256 MiB",
            ),
        ]
        for ok, message in checks:
            if not ok:
                raise InputError(message)
        object.__setattr__(self, "output_dir", Path(self.output_dir))
        if self.warc_path is not None:
            object.__setattr__(self, "warc_path", Path(self.warc_path))

    def _check_types(self) -> None:
        """Library callers get an ``InputError`` for nonsense, never a TypeError later on: a
        string of start URLs is one URL (not its characters), numbers must be finite."""
        starts = self.start_urls
        if isinstance(starts, str | bytes):
            starts = (starts,)
        try:
            starts = tuple(starts)
        except TypeError:
            raise InputError("start_urls must be a URL or a list of URLs") from None
        for url in starts:
            if not isinstance(url, str):
                raise InputError(f"start URLs must be strings, not {type(url).__name__}")
        object.__setattr__(self, "start_urls", starts)
        for name in ("include", "exclude"):
            value = getattr(self, name)
            value = (value,) if isinstance(value, str) else value
            try:
                value = tuple(value)
            except TypeError:
                raise InputError(f"{name} must be a pattern or a list of patterns") from None
            if not all(isinstance(v, str) for v in value):
                raise InputError(f"{name} patterns must be strings")
            object.__setattr__(self, name, value)
        for spec in fields(self):
            value = getattr(self, spec.name)
            if spec.type in ("float", "float | None") and value is not None:
                _check_number(spec.name, value, float)
            elif spec.type in ("int", "int | None") and value is not None:
                _check_number(spec.name, value, int)
            elif spec.type == "bool" and not isinstance(value, bool):
                raise InputError(f"{spec.name} must be True or False, not {value!r}")
        if not isinstance(self.output_dir, str | os.PathLike):
            raise InputError(f"output_dir must be a path, not {type(self.output_dir).__name__}")
        if self.warc_path is not None and not isinstance(self.warc_path, str | os.PathLike):
            raise InputError(f"warc_path must be a path, not {type(self.warc_path).__name__}")
        if not isinstance(self.user_agent, str) or not self.user_agent.strip():
            raise InputError("user_agent must be a non-empty string")
        if any(c in self.user_agent for c in "\r\n\x00"):
            raise InputError("user_agent must be one line")
        if self.proxy is not None:
            if not isinstance(self.proxy, str) or "://" not in self.proxy:
                raise InputError(f"proxy must be a URL like http://host:port, not {self.proxy!r}")
            scheme = self.proxy.split("://", 1)[0].lower()
            if scheme not in ("http", "https", "socks5", "socks5h"):
                raise InputError(f"unsupported proxy scheme {scheme!r} (use http, https or socks5)")
        if not isinstance(self.extra_headers, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in self.extra_headers.items()
        ):
            raise InputError("extra_headers must map header names to strings")

    @property
    def request_deadline(self) -> float:
        """Seconds one whole exchange may take: ``request_timeout``, else connect + 4 reads."""
        if self.request_timeout is not None:
            return self.request_timeout
        return self.connect_timeout + REQUEST_TIMEOUT_READS * self.read_timeout

    @property
    def workers_for_extraction(self) -> int:
        """``extract_workers``, or the default for this machine when it is None."""
        if self.extract_workers is None:
            return default_extract_workers()
        return self.extract_workers

    @property
    def state_dir(self) -> Path:
        """Where the crawl keeps its state database and lock, beside the output."""
        return self.output_dir / ".scraper"

    def with_changes(self, **changes: object) -> CrawlConfig:
        """A copy with some fields changed (the config is frozen)."""
        try:
            return replace(self, **changes)  # type: ignore[arg-type]
        except TypeError as exc:
            raise InputError(f"unknown crawl option: {exc}") from exc


def check_http_url(url: str, what: str = "URL") -> str:
    """``url`` stripped, when it is a usable http(s) URL; ``InputError`` saying why otherwise."""
    from urllib.parse import urlsplit

    if not isinstance(url, str):
        raise InputError(f"{what} must be a string, not {type(url).__name__}")
    text = url.strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise InputError(f"bad {what} {url!r}: {exc}") from None
    if parts.scheme.lower() not in ("http", "https"):
        hint = f" (did you mean https://{text}?)" if "://" not in text else ""
        raise InputError(f"not an http(s) {what}: {url!r}{hint}")
    if not parts.hostname:
        raise InputError(f"bad {what} (no host): {url!r}")
    if any(c in text for c in " \t\r\n\x00"):
        raise InputError(f"bad {what} (spaces or control characters): {url!r}")
    return text


def _check_number(name: str, value: object, kind: type) -> None:
    """A finite number of the right kind (an int is fine where a float is asked for)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{name} must be a number, not {value!r}")
    if kind is int and not isinstance(value, int):
        raise InputError(f"{name} must be a whole number, not {value!r}")
    if not math.isfinite(value):
        raise InputError(f"{name} must be a finite number, not {value!r}")
