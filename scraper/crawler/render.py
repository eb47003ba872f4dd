"""JavaScript rendering in the crawl: which pages need a browser, and rendering them politely.

``PageRenderer`` is the crawl's one contact with rendering. ``wanted(page, article)`` runs on
every HTML page after extraction: it counts the pages detected as app shells
(``scraper.extractor.shell``; free for a page that yielded an article) and says whether this one
is to be rendered (``--render auto``: the shells; ``always``: every page; ``never``: none).
``render(page, url)`` returns the page with its HTML replaced by the browser's DOM, which then
goes through the same extractor, exporter and WARC writer (as a ``conversion`` record beside the
raw response).

Every request the browser makes is fetched by the crawl's own ``Fetcher``: robots.txt and the
per-host delay apply, bodies are bounded, exchanges are archived. Images, media and fonts are
blocked; other hosts get scripts and data requests only (their own robots.txt and delay apply);
other methods than GET are blocked. Scripts and styles are cached for the crawl, so a bundle
shared by every page is fetched once.

The setup is checked when the crawler is made: ``--render auto|always`` without Playwright or a
Chromium raises ``RenderUnavailable`` with what to install. The browser itself starts only when
the first page needs it.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from scraper.config import CrawlConfig
from scraper.crawler.browser import HeadlessBrowser, Subresource
from scraper.crawler.fetch import ExchangeRecorder, Fetcher
from scraper.crawler.robots import RobotsPolicy
from scraper.crawler.urls import Scope
from scraper.errors import HTTPStatusError, RenderUnavailable, RobotsDisallowed
from scraper.extractor.shell import needs_rendering
from scraper.models import Article, Page

__all__ = ["BROWSER_NAMES", "PageRenderer", "find_browser", "render_note"]

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_PLAYWRIGHT = "pip install 'scraper[browser]' (or: pip install playwright)"
INSTALL_BROWSER = "install it (Debian: apt-get install chromium)"
# Never worth a request for text: images, audio/video, fonts, live channels.
BLOCKED_TYPES = frozenset(
    {"image", "media", "font", "texttrack", "eventsource", "websocket", "manifest", "ping"}
)
# What another host may serve the page: its code and its data, nothing decorative.
OTHER_HOST_TYPES = frozenset({"script", "xhr", "fetch"})
CACHED_TYPES = frozenset({"script", "stylesheet"})
CACHE_MAX_BYTES = 32 * 1024 * 1024

T = TypeVar("T")
PolicyLookup = Callable[[str], Awaitable[RobotsPolicy]]


class RenderCounts(Protocol):
    """The crawl's figures that rendering adds to (``CrawlStats``)."""

    needed_render: int
    rendered: int


def find_browser(config: CrawlConfig) -> str:
    """The Chromium to drive: ``config.browser_path``, else the first one on the PATH."""
    try:
        import playwright  # noqa: F401 - only whether it is installed; imported for real later
    except ImportError:
        raise RenderUnavailable(
            f"--render {config.render} needs Playwright: {INSTALL_PLAYWRIGHT}"
        ) from None
    if config.browser_path is not None:
        path = str(config.browser_path)
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise RenderUnavailable(
                f"--browser-path {path} is not an executable file: give a Chromium's path, or "
                f"{INSTALL_BROWSER} and leave --browser-path out"
            )
        return path
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise RenderUnavailable(
        f"--render {config.render} needs Chromium and none is on the PATH "
        f"({', '.join(BROWSER_NAMES)}): {INSTALL_BROWSER} or pass --browser-path"
    )


def render_note(mode: str, counts: RenderCounts) -> str | None:
    """The summary's line about JavaScript pages, or None when there were none."""
    if mode == "never":
        if counts.needed_render:
            return f"{_pages(counts.needed_render)} needed JavaScript rendering (use --render auto)"
        return None
    if counts.rendered or counts.needed_render:
        return (
            f"{_pages(counts.rendered)} rendered with JavaScript "
            f"({counts.needed_render} detected as needing it)"
        )
    return None


def _pages(count: int) -> str:
    return f"{count} page" if count == 1 else f"{count} pages"


class PageRenderer:
    """Detection counts and rendering for one crawl (see the module docstring)."""

    def __init__(self, config: CrawlConfig, scope: Scope, counts: RenderCounts) -> None:
        self.config = config
        self.mode = config.render
        self.scope = scope
        self.counts = counts
        self.executable = find_browser(config) if self.mode != "never" else None
        self.blocked = 0
        self._fetcher: Fetcher | None = None
        self._policy: PolicyLookup | None = None
        self._recorder: ExchangeRecorder | None = None
        self._browser: HeadlessBrowser | None = None
        self._cache: OrderedDict[str, Subresource] = OrderedDict()
        self._cache_bytes = 0

    @property
    def launches(self) -> int:
        """How many times a browser process was started (0 when no page needed one)."""
        return self._browser.launches if self._browser is not None else 0

    def attach(
        self, fetcher: Fetcher, policy: PolicyLookup, recorder: ExchangeRecorder | None
    ) -> None:
        """Give the renderer the running crawl's fetcher, robots lookup and recorder."""
        self._fetcher = fetcher
        self._policy = policy
        self._recorder = recorder

    def wanted(self, page: Page, article: Article | None) -> bool:
        """Count an app shell; True when this page is to be rendered. Without an ``article``
        (a page held for its site's model, not extracted yet) detection reads the page itself."""
        readable = None if article is None else len(article.text or "")
        shell = needs_rendering(page.html, readable_chars=readable)
        if shell:
            self.counts.needed_render += 1
        return self.mode == "always" or (self.mode == "auto" and shell)

    async def render(self, page: Page, url: str) -> Page:
        """``page`` with the browser's DOM as its HTML; ``RenderError`` when the browser fails."""
        if self._browser is None:
            if self.executable is None:
                raise RenderUnavailable("rendering is off (--render never)")
            self._browser = HeadlessBrowser(
                self.executable,
                self._load,
                timeout=self.config.render_timeout,
                max_pages=self.config.max_browser_pages,
                user_agent=self.config.user_agent,
            )
        document = Subresource(page.status, dict(page.headers), page.content)
        html = await self._browser.render(url, document)
        self.counts.rendered += 1
        record = getattr(self._recorder, "record_conversion", None)
        if record is not None:
            record(url, html.encode("utf-8"), "text/html; charset=utf-8")
        return dataclasses.replace(page, html=html, encoding="utf-8")

    async def aclose(self) -> None:
        """Stop the browser if one was started."""
        if self._browser is not None:
            await self._browser.stop()

    # --- the browser's requests ----------------------------------------------------------------

    async def _load(self, url: str, resource_type: str, method: str) -> Subresource | None:
        """Fetch one request of the browser through the crawl's fetcher, or None to block it.

        A ``FetchError`` (unreachable, too large) propagates: the browser sees a network error.
        """
        if not self._may_load(url, resource_type, method):
            self.blocked += 1
            return None
        cached = self._cache.get(url)
        if cached is not None:
            self._cache.move_to_end(url)
            return cached
        policy = await self._require(self._policy)(url)
        if not policy.allowed(url):
            self.blocked += 1
            return None
        try:
            fetched = await self._require(self._fetcher).fetch(url, "asset", check=self._check)
        except HTTPStatusError as exc:
            return Subresource(exc.status)
        except RobotsDisallowed:
            self.blocked += 1
            return None
        response = Subresource(fetched.status, dict(fetched.headers), fetched.content)
        if resource_type in CACHED_TYPES and fetched.status == 200:
            self._remember(url, response)
        return response

    def _may_load(self, url: str, resource_type: str, method: str) -> bool:
        if method != "GET" or resource_type in BLOCKED_TYPES:
            return False
        if not url.startswith(("http://", "https://")):
            return False
        return self.scope.in_site(url) or resource_type in OTHER_HOST_TYPES

    async def _check(self, target: str) -> None:
        if not (await self._require(self._policy)(target)).allowed(target):
            raise RobotsDisallowed(target, "redirect target disallowed by robots.txt")

    def _remember(self, url: str, response: Subresource) -> None:
        size = len(response.body)
        if size > CACHE_MAX_BYTES // 4:
            return
        self._cache[url] = response
        self._cache_bytes += size
        while self._cache_bytes > CACHE_MAX_BYTES:
            _, dropped = self._cache.popitem(last=False)
            self._cache_bytes -= len(dropped.body)

    @staticmethod
    def _require(value: T | None) -> T:
        if value is None:
            raise RenderUnavailable("the renderer is not attached to a running crawl")
        return value
