"""A headless Chromium, driven through Playwright, that turns a fetched page into its built DOM.

The browser never touches the network itself: every request it makes goes through one route
handler. The page's own document is answered from the bytes the crawl already fetched, and every
other request is handed to a ``SubresourceLoader`` (the crawl's polite fetcher) or blocked. So
the crawl's robots rules, per-host delay, size limits and WARC recording hold for the browser too.

Bounds: at most ``max_pages`` pages open at once, ``timeout`` seconds per page from start to DOM.
A browser that crashes or hangs costs only the pages it had open (each raises ``RenderError``);
the next page launches a fresh one. Playwright is imported only when the first page is rendered,
so a crawl that never renders never starts a browser and never imports it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scraper.errors import RenderError

if TYPE_CHECKING:
    from playwright.async_api import (
        Browser,
        BrowserContext,
        Page,
        Playwright,
        Request,
        Route,
    )

__all__ = ["HeadlessBrowser", "Subresource", "SubresourceLoader"]

log = logging.getLogger(__name__)

# After the load event: how long the text must stay unchanged to count as settled, the longest
# wait for that, and the longest wait for the network to go quiet (lazy paragraphs, JSON).
SETTLE_INTERVAL = 0.25
SETTLE_MAX = 3.0
NETWORK_IDLE_WAIT = 5.0
# Kept free before the page deadline for reading the DOM out.
SETTLE_MARGIN = 1.0
CLOSE_TIMEOUT = 5.0
# Hop-by-hop and coding headers describe the fetcher's exchange, not the decoded body handed over.
_DROPPED_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
_SCROLL_TO_END = "window.scrollTo(0, document.body ? document.body.scrollHeight : 0)"
_TEXT_LENGTH = "document.body ? document.body.innerText.length : 0"


@dataclass(frozen=True, slots=True)
class Subresource:
    """A response to hand to the browser: status, headers, decoded body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


# (url, Playwright resource type, method) -> the response, or None to block the request.
SubresourceLoader = Callable[[str, str, str], Awaitable[Subresource | None]]


class HeadlessBrowser:
    """One Chromium for a whole crawl, launched on first use and relaunched after a crash."""

    def __init__(
        self,
        executable: str,
        load: SubresourceLoader,
        *,
        timeout: float,
        max_pages: int,
        user_agent: str,
    ) -> None:
        self.executable = executable
        self.load = load
        self.timeout = timeout
        self.user_agent = user_agent
        self.launches = 0
        self._slots = asyncio.Semaphore(max_pages)
        self._start_lock = asyncio.Lock()
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    async def render(self, url: str, document: Subresource) -> str:
        """The DOM of ``url`` after its scripts ran, as HTML; ``RenderError`` if that fails."""
        async with self._slots:
            browser = await self._ensure_browser(url)
            try:
                return await self._render_in(browser, url, document)
            except RenderError:
                raise
            except Exception as exc:  # Playwright's errors: a crash, a closed target
                if not browser.is_connected():
                    await self._discard(browser)
                    raise RenderError(url, f"browser crashed: {_first_line(exc)}") from exc
                raise RenderError(url, f"rendering failed: {_first_line(exc)}") from exc

    async def stop(self) -> None:
        """Close the browser and the Playwright driver (bounded: a hung browser is left to die)."""
        browser, self._browser = self._browser, None
        if browser is not None:
            await self._discard(browser)
        playwright, self._playwright = self._playwright, None
        if playwright is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(CLOSE_TIMEOUT):
                    await playwright.stop()

    # --- one page ----------------------------------------------------------------------------

    async def _render_in(self, browser: Browser, url: str, document: Subresource) -> str:
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        try:
            context = await asyncio.wait_for(
                browser.new_context(
                    user_agent=self.user_agent, service_workers="block", accept_downloads=False
                ),
                CLOSE_TIMEOUT,
            )
        except TimeoutError as exc:
            await self._discard(browser)  # it does not answer: the next page starts afresh
            raise RenderError(url, "browser hung (no new page)") from exc
        deadline = time.monotonic() + self.timeout
        try:
            async with asyncio.timeout(self.timeout):
                page = await context.new_page()
                await page.route("**/*", self._router(page, url, document))
                await page.goto(url, wait_until="load", timeout=self.timeout * 1000)
                await self._settle(page, deadline)
                return str(await page.content())
        except (TimeoutError, PlaywrightTimeout) as exc:
            # A script that never ends, or a load that never finishes: this page only.
            raise RenderError(url, f"page did not load within {self.timeout:g}s") from exc
        finally:
            if not await self._close(context):
                await self._discard(browser)

    async def _settle(self, page: Page, deadline: float) -> None:
        """Scroll to the end (lazy loaders); wait for a quiet network and for the text to settle.

        Bounded twice: a page that never goes quiet (polling) or whose text never stops changing
        (a ticking clock) is taken as it is after a few seconds, well before the page deadline.
        """
        from playwright.async_api import Error as PlaywrightError

        until = min(deadline - SETTLE_MARGIN, time.monotonic() + NETWORK_IDLE_WAIT)
        with contextlib.suppress(PlaywrightError):
            await page.evaluate(_SCROLL_TO_END)
        if until > time.monotonic():
            with contextlib.suppress(PlaywrightError):
                timeout = (until - time.monotonic()) * 1000
                await page.wait_for_load_state("networkidle", timeout=timeout)
        until = min(deadline - SETTLE_MARGIN, time.monotonic() + SETTLE_MAX)
        previous = -1
        while time.monotonic() + SETTLE_INTERVAL < until:
            length = await page.evaluate(_TEXT_LENGTH)
            if length == previous:
                return
            previous = length
            with contextlib.suppress(PlaywrightError):
                await page.evaluate(_SCROLL_TO_END)
            await asyncio.sleep(SETTLE_INTERVAL)

    def _router(
        self, page: Page, url: str, document: Subresource
    ) -> Callable[[Route, Request], Awaitable[None]]:
        served = False

        async def route(route: Route, request: Request) -> None:
            nonlocal served
            from playwright.async_api import Error as PlaywrightError

            try:
                if request.is_navigation_request():
                    if served or request.frame != page.main_frame:
                        await route.abort("blockedbyclient")  # frames, scripted navigation
                        return
                    served = True
                    await _fulfil(route, document)
                    return
                response = await self.load(request.url, request.resource_type, request.method)
                if response is None:
                    await route.abort("blockedbyclient")
                else:
                    await _fulfil(route, response)
            except PlaywrightError:
                pass  # the page closed while the request was pending
            except Exception as exc:  # a fetch that failed: the browser sees a network error
                log.debug("subresource %s failed: %s", request.url, exc)
                with contextlib.suppress(PlaywrightError):
                    await route.abort("failed")

        return route

    # --- the browser process -----------------------------------------------------------------

    async def _ensure_browser(self, url: str) -> Browser:
        async with self._start_lock:
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            try:
                from playwright.async_api import async_playwright

                if self._playwright is None:
                    self._playwright = await async_playwright().start()
                self._browser = await self._playwright.chromium.launch(
                    executable_path=self.executable,
                    headless=True,
                    args=["--disable-dev-shm-usage", "--disable-gpu", "--mute-audio"],
                    timeout=self.timeout * 1000,
                )
            except Exception as exc:
                raise RenderError(
                    url, f"cannot start the browser {self.executable}: {_first_line(exc)}"
                ) from exc
            self.launches += 1
            log.info("started headless browser %s", self.executable)
            return self._browser

    async def _close(self, context: BrowserContext) -> bool:
        """Close a page's context; False when the browser does not answer."""
        try:
            async with asyncio.timeout(CLOSE_TIMEOUT):
                await context.close()
        except TimeoutError:
            return False
        except Exception:  # already gone with a crashed browser
            return True
        return True

    async def _discard(self, browser: Browser) -> None:
        if self._browser is browser:
            self._browser = None
        with contextlib.suppress(Exception):
            async with asyncio.timeout(CLOSE_TIMEOUT):
                await browser.close()


async def _fulfil(route: Route, response: Subresource) -> None:
    headers = {k: v for k, v in response.headers.items() if k.lower() not in _DROPPED_HEADERS}
    await route.fulfill(status=response.status, headers=headers, body=response.body)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
