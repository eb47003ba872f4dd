"""A real browser's copy of a page: headless Chromium's ``document.body.innerText``.

The text a user gets with Ctrl-A / Ctrl-C in Chromium, JavaScript off, nothing fetched: the
page's own HTML is served to the browser from memory (a Playwright route on a made-up
``http://page.invalid/`` address) and every other request (stylesheets, images, frames,
fonts) is aborted, so only the page's inline ``<style>`` and ``style`` attributes and the
browser's default stylesheet decide what is hidden. ``<noscript>`` content is shown (scripting
is off). One browser and one tab serve every page; a page that fails or overruns its time is
a missing render (``None``), counted, and the browser is restarted, so one page never hangs
a run.

    renderer = ChromiumText()
    text = renderer.render(html)   # str, or None when the page failed
    renderer.close()

Needs Playwright (the ``browser`` extra) and a Chromium on the PATH (Debian: ``apt-get
install chromium``), found as the crawler's ``--render`` finds them; ``missing()`` says which
is absent.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scraper.config import CrawlConfig
from scraper.crawler.render import find_browser
from scraper.errors import RenderUnavailable

PAGE_URL = "http://page.invalid/"
PAGE_TIMEOUT = 20.0  # seconds for one page: load and innerText
CLOSE_TIMEOUT = 5.0
# innerText of <body> (a frameset page has none: the root element's then).
INNER_TEXT = "() => (document.body || document.documentElement).innerText"


def executable() -> str:
    """The Chromium the crawler's ``--render`` would drive (``RenderUnavailable`` when none)."""
    return find_browser(CrawlConfig(render="always"))


def missing() -> str | None:
    """Why Chromium's innerText cannot be rendered here, or None when it can."""
    try:
        executable()
    except RenderUnavailable as exc:
        return str(exc)
    return None


class ChromiumText:
    """One headless Chromium kept open; ``render`` is synchronous (its own event loop)."""

    def __init__(self, timeout: float = PAGE_TIMEOUT, width: int = 1280) -> None:
        self.timeout = timeout
        self.width = width
        self.rendered = 0
        self.failed = 0
        self.launches = 0
        self._loop = asyncio.new_event_loop()
        self._playwright: Any = None
        self._browser: Any = None
        self._page: Any = None
        self._html = b""
        self._serial = 0

    def render(self, html: str) -> str | None:
        """The page's innerText, or None when it failed or overran ``timeout`` (counted)."""
        try:
            text = self._loop.run_until_complete(asyncio.wait_for(self._render(html), self.timeout))
        except Exception as exc:  # a timeout or a browser error: skip the page, fresh browser
            self.failed += 1
            print(f"chromium: page failed ({type(exc).__name__}: {exc!s:.120})", file=sys.stderr)
            self._loop.run_until_complete(self._discard())
            return None
        self.rendered += 1
        return text

    def close(self) -> None:
        self._loop.run_until_complete(self._discard())
        if self._playwright is not None:
            with contextlib.suppress(Exception):
                self._loop.run_until_complete(self._playwright.stop())
            self._playwright = None
        self._loop.close()

    async def _render(self, html: str) -> str:
        page = await self._ensure_page()
        self._html = html.encode("utf-8")
        self._serial += 1  # a new address a page: nothing cached, a real navigation
        await page.goto(f"{PAGE_URL}{self._serial}.html", wait_until="domcontentloaded")
        text = await page.evaluate(INNER_TEXT)
        return str(text or "")

    async def _route(self, route: Any) -> None:
        """Serve the page itself as UTF-8 HTML (as the text browsers are told); abort the rest."""
        request = route.request
        top = request.resource_type == "document" and request.frame.parent_frame is None
        if top and request.url.startswith(PAGE_URL):
            await route.fulfill(
                status=200,
                headers={"content-type": "text/html; charset=utf-8"},
                body=self._html,
            )
            return
        await route.abort()

    async def _ensure_page(self) -> Any:
        if self._page is not None and not self._page.is_closed():
            return self._page
        from playwright.async_api import async_playwright

        if self._playwright is None:
            self._playwright = await async_playwright().start()
        path = executable()
        self._browser = await self._playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=["--disable-dev-shm-usage", "--disable-gpu", "--mute-audio"],
        )
        self.launches += 1
        context = await self._browser.new_context(
            java_script_enabled=False,
            viewport={"width": self.width, "height": 800},
            service_workers="block",
        )
        await context.route("**/*", self._route)
        self._page = await context.new_page()
        return self._page

    async def _discard(self) -> None:
        """Close the browser (it is started again for the next page)."""
        browser, self._browser, self._page = self._browser, None, None
        if browser is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(browser.close(), CLOSE_TIMEOUT)
