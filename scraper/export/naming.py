"""Safe, stable file names for exported articles.

The same URL always maps to the same path, so a re-run overwrites its earlier file instead of
adding a second one. Names are built only from ``[a-z0-9._-]``, bounded in length, never a
Windows reserved name or a dot-name, and always inside the output folder.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from scraper.errors import ExportError

__all__ = [
    "MAX_NAME_BYTES",
    "article_path",
    "file_name",
    "normalise_url",
    "site_folder",
    "url_hash",
]

MAX_NAME_BYTES = 120
"""Upper bound of one file name, suffix included (most file systems allow 255 bytes)."""

SHORT_HASH_CHARS = 10
_LONG_HASH_CHARS = 32
_UNSAFE_RE = re.compile(r"[^a-z0-9]+")
_HOST_UNSAFE_RE = re.compile(r"[^a-z0-9.-]+")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
_PAGE_SUFFIX_RE = re.compile(r"\.(html?|php|aspx?|jsp)$", re.IGNORECASE)
_INDEX_SEGMENTS = {"index", "index.html", "index.htm", "index.php", "default.aspx"}


# A URL already in the form ``normalise_url`` gives, but for a default port: lower-case http(s)
# scheme and host of ``[a-z0-9.-]``, a port ``urlsplit`` reads as written, a path, and printable
# ASCII after it without a fragment, spaces or an empty query (every one of which ``urlsplit`` or
# ``urlunsplit`` would change). Most crawled URLs are; anything else is split the long way.
_PLAIN_URL_RE = re.compile(r"(https?)://([a-z0-9.-]+)(?::([1-9][0-9]{0,4}))?(/[!\"$-~]*)")


def _plain_normal(url: str) -> str | None:
    """``normalise_url(url)`` for a URL ``_PLAIN_URL_RE`` matches whole; None for any other."""
    plain = _PLAIN_URL_RE.fullmatch(url)
    if plain is None:
        return None
    scheme, host, port, rest = plain.groups()
    query_at = rest.find("?")
    if query_at == len(rest) - 1:
        return None  # an empty query: ``urlunsplit`` drops its ``?``
    if port is None:
        return url
    if int(port) > 65535:
        return None  # ``urlsplit`` refuses it: the port is dropped
    if int(port) == _DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}{rest}"
    return url


def normalise_url(url: str) -> str:
    """The URL's identity for naming: lower-case scheme and host, no default port or fragment."""
    return _plain_normal(url) or _split_normal(url)


def _split_normal(url: str) -> str:
    """``normalise_url`` by ``urlsplit``: any URL."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def url_hash(url: str, length: int = SHORT_HASH_CHARS) -> str:
    """A short hex digest of the normalised URL: what makes two names with one slug differ."""
    return hashlib.sha256(normalise_url(url).encode("utf-8")).hexdigest()[:length]


def site_folder(url: str) -> str:
    """The per-site folder name: the host, lower-case and punycode-encoded (IDNA)."""
    return _site_folder_of(urlsplit(url.strip()).hostname or "")


@functools.lru_cache(maxsize=1024)
def _site_folder_of(hostname: str) -> str:
    """Cached: a crawl writes thousands of articles of a few hosts."""
    host = hostname.rstrip(".")
    try:
        ascii_host = host.encode("idna").decode("ascii") if host else ""
    except UnicodeError:
        ascii_host = _slugify(host, 60)
    name = _HOST_UNSAFE_RE.sub("-", ascii_host.lower()).strip(".-")
    name = name[:MAX_NAME_BYTES]
    if not name:
        return "_local"
    return _avoid_reserved(name)


def file_name(
    url: str, suffix: str, *, hash_chars: int = SHORT_HASH_CHARS, name_url: str | None = None
) -> str:
    """``<slug>-<hash><suffix>``: readable from the URL path (``name_url``'s when given), unique
    by the URL's hash."""
    digest = url_hash(url, hash_chars)
    room = MAX_NAME_BYTES - len(suffix) - len(digest) - 1
    slug = _slugify(_path_words(name_url or url), room) or "index"
    return _avoid_reserved(f"{slug}-{digest}") + suffix


def article_path(
    root: Path,
    url: str,
    suffix: str,
    *,
    long_hash: bool = False,
    name_url: str | None = None,
    resolved_root: Path | None = None,
    known_folders: set[Path] | None = None,
) -> Path:
    """Where the article from ``url`` goes under ``root``; checked to stay inside ``root``.

    ``long_hash=True`` gives the collision fallback: the same slug with a 32-character hash.
    ``name_url`` (a saved page's canonical URL) chooses the site folder and the slug; ``url``
    alone makes the name unique. ``resolved_root`` is ``root.resolve()`` when the caller knows
    it already, ``known_folders`` the folders it found inside (an exporter writing thousands of
    files: see ``is_inside``).
    """
    chars = _LONG_HASH_CHARS if long_hash else SHORT_HASH_CHARS
    shown = name_url or url
    path = root / site_folder(shown) / file_name(url, suffix, hash_chars=chars, name_url=shown)
    resolved_root = resolved_root or root.resolve()
    if not is_inside(path, resolved_root, known_folders):
        raise ExportError(f"refusing to write outside {root}: {path}")
    return path


def is_inside(path: Path, resolved_root: Path, known_folders: set[Path] | None = None) -> bool:
    """Whether ``path``, symlinks followed, lies inside ``resolved_root``. ``known_folders``
    holds folders already found inside (a real folder, not a link): then only the file itself is
    looked at, one ``lstat`` instead of resolving the whole path again."""
    if known_folders is not None and path.parent in known_folders and not path.is_symlink():
        return True
    inside = path.resolve().is_relative_to(resolved_root)
    if inside and known_folders is not None and not path.parent.is_symlink():
        known_folders.add(path.parent)
    return inside


def _path_words(url: str) -> str:
    parts = urlsplit(url.strip())
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if segments and segments[-1].lower() in _INDEX_SEGMENTS:
        segments.pop()
    if segments:
        segments[-1] = _PAGE_SUFFIX_RE.sub("", segments[-1])
    words = "-".join(segments[-3:])
    if parts.query:
        words = f"{words}-{unquote(parts.query)}"
    return words


def _slugify(text: str, max_bytes: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _UNSAFE_RE.sub("-", ascii_text.lower()).strip("-")
    # Keep the end of the path (the post's own slug) when the whole is too long.
    if len(slug) > max_bytes:
        slug = slug[-max_bytes:].strip("-")
    return slug


def _avoid_reserved(name: str) -> str:
    stem = name.split(".", 1)[0]
    if stem.lower() in _WINDOWS_RESERVED or name.startswith("."):
        return f"_{name}"
    return name
