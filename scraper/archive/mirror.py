"""Read a saved site mirror (wget, HTTrack) as pages with their original URLs.

``scraper extract DIR --base-url https://blog.example/`` maps every saved file back to the URL it
was fetched from: ``index.html`` is its directory's URL, ``.html`` suffixes added by wget's
``--adjust-extension`` are removed again, ``?query`` (or ``%3F``) file names become query strings,
a leading host folder (wget without ``-nH``, HTTrack) is recognised, and HTTrack's "Mirrored
from" comment, when present, is believed over the file name. Feeds saved as ``.html``, redirect
stubs (meta refresh pages) and non-HTML files are counted and skipped; the extractor's page-kind
decision then keeps articles only, as in a crawl.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from scraper.archive.inputs import InputRefused, read_bounded
from scraper.archive.pipeline import ExtractSettings, extract_items
from scraper.archive.progress import ArchiveProgress
from scraper.archive.sitepass import learn_site_models, load_models
from scraper.archive.stats import ArchiveStats, SkipReason
from scraper.archive.warc_read import ArchiveItem
from scraper.config import DEFAULT_EXTRACT_TIMEOUT, DEFAULT_MAX_BODY_BYTES
from scraper.errors import ArchiveError, InputError
from scraper.extractor import decode_html
from scraper.extractor.decode import iter_tags, looks_binary
from scraper.models import CrawledArticle, Page

__all__ = ["iter_mirror_articles", "iter_mirror_pages", "mirror_url"]

log = logging.getLogger("scraper.archive")

_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_CODE_AND_DATA = (".css", ".js", ".mjs", ".json", ".xml", ".rss", ".atom", ".txt", ".csv", ".map")
_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp", ".tif")
_FONTS_AND_MEDIA = (".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".webm", ".ogg")
_DOCUMENTS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".swf", ".exe", ".dmg")
_PACKED = (".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".orig", ".wav", ".tiff")
_NOT_HTML_SUFFIXES = frozenset(
    (*_CODE_AND_DATA, *_IMAGES, *_FONTS_AND_MEDIA, *_DOCUMENTS, *_PACKED)
)
_SCRIPT_SUFFIXES = (".php", ".asp", ".aspx", ".jsp", ".cgi", ".pl", ".cfm", ".do", ".py")
_TOOL_FOLDERS = frozenset({".scraper", "hts-cache"})  # our state; HTTrack's cache
_HEAD_BYTES = 65536
_MAX_STUB_DELAY = 10.0
_MAX_STUB_BYTES = 16384  # stubs (Hugo aliases, Jekyll redirects) are tiny; articles are not

_HTTRACK_RE = re.compile(rb"<!--\s*Mirrored from\s+(\S+)\s+by HTTrack", re.IGNORECASE)
_REFRESH_CONTENT_RE = re.compile(rb"""(?<!\s)\s*(\d{1,9}(?:\.\d{1,9})?)\s*[;,]""")
# What may open a feed before its root element, each piece atomic and the run possessive: a
# comment's lazy ".*?" could otherwise reach on to any later "-->", and a page whose head holds
# many comments took exponential time to fail (a Minimal Mistakes page: minutes, stalling a run).
_FEED_RE = re.compile(
    rb"^(?>\s|<\?[^>]*>|<!--.*?-->|<!doctype[^>]*>)*+<(?:rss|feed|rdf:rdf)[\s>]", re.DOTALL
)


def mirror_url(relative_path: str, base_url: str) -> str:
    """The URL a mirror file was most likely saved from (the first of ``_candidates``)."""
    return _candidates(relative_path, base_url)[0]


def iter_mirror_pages(
    directory: str | os.PathLike[str],
    base_url: str,
    *,
    stats: ArchiveStats | None = None,
) -> Iterator[Page]:
    """Every HTML page saved under ``directory``, with its URL, in sorted path order.

    Raises ``ArchiveError`` if ``directory`` is not a folder and ``InputError`` for a base URL
    that is not http(s).
    """
    for item in _MirrorReader(directory, base_url, stats or ArchiveStats(), True).iter_items():
        if item.page is not None:
            yield item.page


def iter_mirror_articles(
    directory: str | os.PathLike[str],
    base_url: str,
    *,
    processes: int = 1,
    markdown: bool = False,
    include_comments: bool = False,
    articles_only: bool = True,
    state_dir: str | os.PathLike[str] | None = None,
    stats: ArchiveStats | None = None,
    on_progress: Callable[[ArchiveStats], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BODY_BYTES,
    timeout: float = DEFAULT_EXTRACT_TIMEOUT,
    site_model: bool = True,
) -> Iterator[CrawledArticle]:
    """The articles of a mirror folder, extracted by ``processes`` processes, in path order.

    With ``site_model`` the folder is read twice: first to learn each host's site model from
    its pages (saved as ``site-model.json`` in ``state_dir``; a resumed run reuses it), then to
    extract every page with its host's model.

    Only regular files of at most ``max_bytes`` inside the folder are read: FIFOs, devices,
    symlinks leading out of the folder and huge files are counted and skipped.

    With ``state_dir`` an interrupted run resumes after the last file its consumer took.
    """
    stats = stats if stats is not None else ArchiveStats()
    reader = _MirrorReader(directory, base_url, stats, False, max_bytes)
    progress = ArchiveProgress(Path(state_dir)) if state_dir is not None else None
    try:
        resume_from = progress.load() if progress is not None else {}
        settings = ExtractSettings(markdown, include_comments, articles_only, timeout)
        models = None
        state = Path(state_dir) if state_dir is not None else None
        if site_model and state is not None and reader.key in resume_from:
            models = load_models(state)  # resumed: the models the first pass learned
        elif site_model:
            first = _MirrorReader(directory, base_url, ArchiveStats(), False, max_bytes)
            models = learn_site_models(
                first.iter_items({}),
                processes=processes,
                markdown=markdown,
                timeout=timeout,
                memory_mb=settings.memory_mb,
                state_dir=state,
            )
        yield from extract_items(
            reader.iter_items(resume_from),
            processes=processes,
            settings=settings,
            stats=stats,
            progress=progress,
            on_progress=on_progress,
            models=models,
        )
        if progress is not None:
            progress.clear([reader.key])
    finally:
        if progress is not None:
            progress.close()


class _MirrorReader:
    """Walks a mirror folder in sorted order and turns its HTML files into pages."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        base_url: str,
        stats: ArchiveStats,
        decode_text: bool,
        max_bytes: int = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        self.root = Path(directory)
        self.max_bytes = max_bytes
        if not self.root.is_dir():
            raise ArchiveError(f"no such mirror folder: {directory}")
        try:
            parts = urlsplit(base_url)
            parts.port  # noqa: B018 - raises ValueError for a port out of range
        except ValueError:
            parts = urlsplit("")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InputError(f"--base-url must be an http(s) URL, not {base_url!r}")
        self.base_url = base_url
        self.stats = stats
        self.decode_text = decode_text
        self.key = f"mirror:{self.root.resolve()}"

    def iter_items(
        self, resume_from: Mapping[str, int | str] | None = None
    ) -> Iterator[ArchiveItem]:
        after = (resume_from or {}).get(self.key)
        if after == "done":
            return
        for relative in self._files():
            if isinstance(after, str) and relative <= after:
                continue
            try:
                page = self._page(relative)
            except Exception as exc:  # one file fails, the mirror goes on
                log.warning("%s: skipped (%s: %s)", relative, type(exc).__name__, exc)
                self.stats.skip(SkipReason.MALFORMED)
                continue
            if page is not None:
                yield ArchiveItem(self.key, relative, page)
        yield ArchiveItem(self.key, "done", None)

    def _files(self) -> list[str]:
        found: list[str] = []
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = [d for d in dirs if d not in _TOOL_FOLDERS]
            base = Path(folder).relative_to(self.root)
            found += [(base / name).as_posix() for name in files]
        return sorted(found)

    def _page(self, relative: str) -> Page | None:
        stats = self.stats
        stats.records += 1
        name = relative.rsplit("/", 1)[-1]
        if _suffix(name) in _NOT_HTML_SUFFIXES:
            stats.skip(SkipReason.NOT_HTML)
            return None
        path = self.root / relative
        try:
            content = read_bounded(path, self.max_bytes, within=self.root)
            mtime = path.stat().st_mtime
        except InputRefused as exc:
            log.info("%s", exc)
            stats.skip(exc.reason)
            return None
        except OSError:
            stats.skip(SkipReason.MALFORMED)
            return None
        stats.bytes_read += len(content)
        head = content[:_HEAD_BYTES]
        reason = SkipReason.NOT_HTML if looks_binary(head) else None
        reason = reason or _skip_reason(name, head, len(content))
        if reason is not None:
            stats.skip(reason)
            return None
        url = _choose_url(_candidates(relative, self.base_url), head, self.base_url)
        html, encoding = decode_html(content) if self.decode_text else ("", None)
        stats.pages += 1
        return Page(
            url=url,
            final_url=url,
            status=200,
            headers={},
            content=content,
            html=html,
            content_type="text/html",
            encoding=encoding,
            fetched_at=datetime.fromtimestamp(mtime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            content_hash=hashlib.sha256(content).hexdigest() if content else "",
        )


def _suffix(name: str) -> str:
    stem = name.split("?", 1)[0].split("%3F", 1)[0].split("%3f", 1)[0]
    dot = stem.rfind(".")
    return stem[dot:].lower() if dot > 0 else ""


def _skip_reason(name: str, head: bytes, size: int) -> str | None:
    """Why a saved file is not a page to extract, or None if it is one."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    looks_html = b"<html" in text or text.startswith(b"<!doctype html")
    if _FEED_RE.match(text):
        return SkipReason.FEED
    html_name = _suffix(name) in _HTML_SUFFIXES or ".htm" in name.lower()
    if not html_name and not looks_html:
        return SkipReason.NOT_HTML
    if size <= _MAX_STUB_BYTES and _is_redirect_stub(head):
        return SkipReason.REDIRECT_STUB
    return None


def _is_redirect_stub(head: bytes) -> bool:
    """A meta refresh that sends the reader elsewhere within seconds: a moved-page stub."""
    for name, attributes in iter_tags(head):
        if name != b"meta" or attributes.get(b"http-equiv", b"").strip().lower() != b"refresh":
            continue
        delay = _REFRESH_CONTENT_RE.match(attributes.get(b"content", b""))
        return delay is not None and float(delay.group(1)) <= _MAX_STUB_DELAY
    return False


def _candidates(relative_path: str, base_url: str) -> list[str]:
    """Possible URLs for a saved file, most likely first (wget's and HTTrack's naming rules)."""
    base = urlsplit(base_url)
    parts = [p for p in relative_path.split("/") if p]
    host_names = {base.netloc.lower(), base.netloc.lower().replace(":", "+")}
    if base.hostname:
        host_names.add(base.hostname.lower())
    if len(parts) > 1 and parts[0].lower() in host_names:
        root = f"{base.scheme}://{base.netloc}/"
        parts = parts[1:]
    else:
        root = base_url if base_url.endswith("/") else urljoin(base_url, ".")
    name = re.sub("%3f", "?", parts[-1], flags=re.IGNORECASE) if parts else ""
    folders = parts[:-1]
    filename, has_query, query = name.partition("?")
    names: list[tuple[str, str]] = []
    if has_query:
        query = _strip_html_suffix(query)
        filename = "" if filename.lower() in ("index.html", "index.htm") else filename
        names.append((filename, query))
    else:
        lower = filename.lower()
        if lower in ("index.html", "index.htm"):
            names.append(("", ""))
        else:
            stripped = _strip_html_suffix(filename)
            script = stripped.lower().endswith(_SCRIPT_SUFFIXES)
            if stripped != filename and script:
                names.append((stripped, ""))
            else:
                names.append((filename, ""))
                if stripped != filename:
                    names.append((stripped, ""))
    urls = []
    for last, query_text in names:
        path = "/".join([*folders, last]) if folders else last
        url = urljoin(root, _quote_path(path))
        if query_text:
            url += "?" + quote(query_text, safe="=&%+;/:,@?!$'()*-._~")
        urls.append(url)
    return urls


def _strip_html_suffix(name: str) -> str:
    lower = name.lower()
    for suffix in (".html", ".htm"):
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _quote_path(path: str) -> str:
    """Percent-encode a saved name for a URL; escapes already in the name are kept as they are."""
    return quote(unquote(path), safe="/:@!$&'()*+,;=-._~")


def _choose_url(candidates: list[str], head: bytes, base_url: str) -> str:
    """Believe HTTrack's own note, then a canonical or og:url naming one of the candidates."""
    mirrored = _HTTRACK_RE.search(head)
    if mirrored is not None:
        target = mirrored.group(1).decode("utf-8", "replace")
        if "://" not in target:
            target = f"{urlsplit(base_url).scheme}://{target}"
        return target
    if len(candidates) > 1:
        for href in _canonical_hints(head):
            try:
                hint = urljoin(candidates[0], href.decode("utf-8", "replace"))
            except ValueError:  # "http://[x": no address to believe
                continue
            for candidate in candidates:
                if _same_url(hint, candidate):
                    return candidate
    return candidates[0]


def _canonical_hints(head: bytes) -> list[bytes]:
    """The page's ``<link rel=canonical>`` URLs, then its ``og:url`` (tags read in linear time;
    the attribute-order regular expressions this replaces went cubic on junk)."""
    links: list[bytes] = []
    og_urls: list[bytes] = []
    for name, attributes in iter_tags(head):
        if name == b"link" and b"canonical" in attributes.get(b"rel", b"").lower().split():
            links.append(attributes.get(b"href", b"").strip())
        elif name == b"meta" and attributes.get(b"property", b"").lower() == b"og:url":
            og_urls.append(attributes.get(b"content", b"").strip())
    return [hint for hint in (*links, *og_urls) if hint]


def _same_url(a: str, b: str) -> bool:
    first, second = urlsplit(a), urlsplit(b)
    return (first.path.rstrip("/"), first.query) == (second.path.rstrip("/"), second.query)
