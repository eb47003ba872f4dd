"""Recognise a page that a browser must build: an app shell with no readable content of its own.

A growing share of sites send an empty frame (``<div id="root"></div>`` and a script bundle) and
build the article in the browser, often from a JSON state blob shipped in the same page. The
extractor finds nothing in such a page, so the crawl counts it and, with ``--render auto``,
hands it to a headless browser.

Two stages keep it cheap and conservative. In the crawl the extractor has already read the page:
one with an article of its own is no shell, at no cost. Otherwise a few substring tests over the
raw text look for any shell marker (a mount element, a ``<noscript>``, a state blob, a module
script or a framework attribute); a large page without one stops there. Only then is the page
parsed, and it is a shell only when its visible text (scripts, styles and templates left out) is
too short to be an article AND a marker is confirmed on the tree: an empty mount element, a
``noscript`` asking for JavaScript, scripts and almost no text, or a state blob holding more
prose than the page shows. General signals only: no framework's or site's special case decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from scraper.extractor.parse import element_text, parse_html

__all__ = ["AppShell", "detect_app_shell", "needs_rendering"]

# Visible text (non-space characters) below which a page holds no readable article: about 70
# English words. A page with a shell marker and less than this is a shell.
SHELL_MAX_TEXT = 400
# Less visible text than this, with scripts on the page: a "Loading…" placeholder at most.
NEAR_EMPTY_TEXT = 50
# Pages up to this size are always parsed (cheap, and where bare shells are); larger ones only
# with a marker in their raw text.
SMALL_PAGE_CHARS = 20_000
# A page whose state blobs carry this much prose, and at least BLOB_TEXT_RATIO times what it
# shows, keeps its content in the blob (a header and footer rendered, the article not).
BLOB_MIN_TEXT = 1000
BLOB_TEXT_RATIO = 3
BLOB_MAX_VISIBLE_TEXT = 2000

# Ids and custom tags of the element a client-side app mounts into.
_MOUNT_IDS = frozenset(
    {"root", "app", "__next", "__nuxt", "___gatsby", "svelte", "app-root", "main-app"}
    | {"application", "react-root", "vue-app", "spa-root", "mount", "container-root"}
)
_MOUNT_TAGS = frozenset({"app-root", "my-app", "ion-app"})
_MOUNT_ATTRIBUTES = ("data-reactroot", "ng-version", "data-v-app", "ng-app", "data-server-rendered")
# Not visible without scripts. ``noscript`` is: it is what a reader without JavaScript sees, and
# some sites put their whole server-rendered content there.
_INVISIBLE_TAGS = ("script", "style", "template", "svg")
_JS_PLEA = re.compile(
    r"(enable|turn on|activate|allow|requires?|required|needs?|must|support)\W+(?:\w+\W+){0,6}?"
    r"javascript|javascript\W+(?:\w+\W+){0,4}?(required|disabled|needed|must|is off|enabled)",
    re.IGNORECASE,
)
# Stage one: any of these substrings in the raw text sends the page to stage two. Plain
# substring tests (case variants spelled out) cost a fraction of a parse; a regular expression
# or a lower-cased copy costs as much as the parse itself.
_MARKERS = (
    "<noscript",
    "<NOSCRIPT",
    "_STATE__",
    "_DATA__",
    "__NUXT__",
    "self.__next_f",
    "module",
    "application/json",
    "data-reactroot",
    "ng-version",
    "data-v-app",
    "data-server-rendered",
    "<app-root",
    *(f"id={q}{name}" for q in ('"', "'", "") for name in ("root", "app", "__next", "___gatsby")),
)
_FRAMEWORK_XPATH = "(" + " | ".join(f"//*[@{name}]" for name in _MOUNT_ATTRIBUTES) + ")[1]"
_MOUNT_XPATH = " | ".join(
    [f".//*[@id='{name}']" for name in sorted(_MOUNT_IDS)] + [f".//{tag}" for tag in _MOUNT_TAGS]
)
# JSON string literals; long ones with spaces are prose (state blobs carry articles as strings).
_JSON_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')
PROSE_MIN_CHARS = 40
PROSE_MIN_SPACES = 5
_STATE_ASSIGNMENT = re.compile(r"window\.__[A-Za-z0-9_$]+__?\s*=|self\.__next_f|__NUXT__\s*=")


@dataclass(frozen=True, slots=True)
class AppShell:
    """Why a page was taken for an app shell: its visible text and the markers found."""

    visible_chars: int
    blob_chars: int
    markers: tuple[str, ...]


def needs_rendering(html: str, *, readable_chars: int | None = None) -> bool:
    """True when ``html`` is a script-built app shell with no readable content of its own."""
    return detect_app_shell(html, readable_chars=readable_chars) is not None


def detect_app_shell(html: str, *, readable_chars: int | None = None) -> AppShell | None:
    """The shell's signals when ``html`` is an app shell, else None (see the module docstring).

    ``readable_chars``, the length of the text the extractor already read from the page, makes
    the common case free: a page with an article of its own is no shell, whatever it carries.
    """
    if readable_chars is not None and readable_chars >= SHELL_MAX_TEXT:
        return None
    if not html or (
        len(html) > SMALL_PAGE_CHARS and not any(marker in html for marker in _MARKERS)
    ):
        return None
    root = parse_html(html)
    if root is None:
        return None
    body = root.find("body")
    if body is None:
        body = root
    scripts = [
        (_script_type(script), script.text or "", script.get("src"))
        for script in root.iter("script")
    ]
    markers: list[str] = []
    _noscript_plea(body, markers)
    etree.strip_elements(body, *_INVISIBLE_TAGS, with_tail=False)
    visible = _visible_chars(body)
    if visible >= BLOB_MAX_VISIBLE_TEXT:
        return None  # readable content of its own: most pages stop here
    blob_chars = _state_blob_chars(scripts)
    if blob_chars:
        markers.append("state blob")
    if any(kind == "module" and src for kind, _, src in scripts):
        markers.append("module script bundle")
    if root.xpath(_FRAMEWORK_XPATH):
        markers.append("framework attribute")
    if any(not element_text(mount).strip() for mount in body.xpath(_MOUNT_XPATH)):
        markers.append("empty mount element")
    if visible < NEAR_EMPTY_TEXT and any(src or code.strip() for _, code, src in scripts):
        markers.append("scripts and almost no text")
    if visible < SHELL_MAX_TEXT and markers:
        return AppShell(visible, blob_chars, tuple(markers))
    if blob_chars >= BLOB_MIN_TEXT and blob_chars >= BLOB_TEXT_RATIO * visible:
        return AppShell(visible, blob_chars, (*markers, "content in a state blob"))
    return None


def _script_type(script: HtmlElement) -> str:
    return (script.get("type") or "").strip().lower()


def _visible_chars(element: HtmlElement) -> int:
    return len("".join(element_text(element).split()))


def _state_blob_chars(scripts: list[tuple[str, str, str | None]]) -> int:
    """Prose held in JSON state scripts (not JSON-LD, which is metadata for search engines)."""
    total = 0
    for kind, text, _src in scripts:
        if kind == "application/json" or (
            kind in ("", "text/javascript", "module") and _STATE_ASSIGNMENT.search(text[:2000])
        ):
            total += sum(
                len(match.group(1))
                for match in _JSON_STRING.finditer(text)
                if match.end() - match.start() > PROSE_MIN_CHARS
                and match.group(1).count(" ") >= PROSE_MIN_SPACES
            )
    return total


def _noscript_plea(body: HtmlElement, markers: list[str]) -> None:
    for noscript in body.iter("noscript"):
        text = " ".join(element_text(noscript).split())
        if text and len(text) < 500 and _JS_PLEA.search(text):
            markers.append("noscript asks for JavaScript")
            return
