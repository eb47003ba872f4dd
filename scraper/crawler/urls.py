"""URL normalisation and crawl scope: one page, one URL, and never a step off-site.

``normalize_url`` maps the many spellings of a page (scheme and host case, default ports, dot
segments, fragments, tracking parameters, a trailing ``index.html``) to one key, so the frontier
fetches each page once. ``Scope`` decides which URLs belong to the crawl.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

from scraper.errors import InputError

__all__ = ["Scope", "normalize_url", "site_root", "url_host"]

DEFAULT_PORTS = {"http": 80, "https": 443}

# Parameters that only say where a click came from: dropping them never changes the page.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "igshid",
        "ref_src",
        "spm",
        # Session ids: a fresh one in every link is a spider trap, and never a different page.
        "sid",
        "sessionid",
        "session_id",
        "phpsessid",
        "jsessionid",
        "aspsessionid",
        "sessid",
        "cfid",
        "cftoken",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "__hs", "hsa_")
DIRECTORY_INDEXES = ("index.html", "index.htm", "index.php", "default.htm", "default.html")
PATH_SESSION_RE = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def _clean_path(path: str) -> str:
    path = PATH_SESSION_RE.sub("", path)  # ``/page;jsessionid=AB12``: a session id in the path
    if not path:
        return "/"
    trailing = path.endswith("/") or path.endswith("/.") or path.endswith("/..")
    cleaned = posixpath.normpath(path)
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    if cleaned == ".":
        cleaned = "/"
    if trailing and not cleaned.endswith("/"):
        cleaned += "/"
    head, _, last = cleaned.rpartition("/")
    if last.lower() in DIRECTORY_INDEXES:
        cleaned = head + "/"
    return cleaned


def normalize_url(url: str, base: str | None = None) -> str | None:
    """The canonical spelling of ``url`` (resolved against ``base``), or None if not http(s).

    Lower-cases scheme and host, drops default ports, fragments and tracking parameters
    (``utm_*``, ``fbclid``...), resolves dot segments, strips a trailing ``index.html`` and sorts
    the query's pairs so one page has one key. Unsafe characters are percent-encoded by w3lib;
    existing escapes are kept as they are.
    """
    url = url.strip()
    if not url:
        return None
    if base:
        try:
            if _BASE_PATH_FREE_RE.fullmatch(url):
                origin = _origin(base)
                if origin is not None:
                    return _normalize_from_origin(origin, url)
            url = urljoin(base, url)
        except ValueError:  # "http://[x": an address urllib cannot read is no link
            return None
    return _normalize_absolute(url)


# Links ``urljoin`` resolves without the base's path: a ``/path`` (by the base's scheme and host),
# a ``//host`` or ``scheme://host`` (by the base's scheme). Not a bare ``//`` or ``//?q``,
# which take the base's path; none with a tab or newline, which it drops before reading the URL.
_BASE_PATH_FREE_RE = re.compile(
    r"\A(?:/(?!/)|//[^?#\t\n\r]|[A-Za-z][A-Za-z0-9+.-]*://[^/?#\t\n\r])[^\t\n\r]*", re.DOTALL
)


@functools.lru_cache(maxsize=64)
def _origin(base: str) -> str | None:
    """``scheme://host/`` of an http(s) base URL (a page's links are resolved against it one
    after the other), or None for another base."""
    parts = urlsplit(base)
    if parts.scheme not in DEFAULT_PORTS:
        return None
    return f"{parts.scheme}://{parts.netloc}/"


@functools.lru_cache(maxsize=4096)
def _normalize_from_origin(origin: str, url: str) -> str | None:
    """A ``/path`` or ``scheme://host`` link resolved and normalised: what ``urljoin`` makes of
    it depends on the base's scheme and host only (``origin``), so the menu, sidebar and footer
    links of every page of a site are resolved once."""
    if _PLAIN_PATH_RE.fullmatch(url) and "/." not in url:  # no dot segment: nothing to resolve
        return _normalize_absolute(origin + url[1:])
    return _normalize_absolute(urljoin(origin, url))


# A ``/path`` of unreserved characters alone, with no ``//`` to start it: ``urljoin`` of it and
# an origin (without a dot segment in it) is the two put together.
_PLAIN_PATH_RE = re.compile(r"/(?!/)[A-Za-z0-9_~./-]*")
# An http(s) URL ``safe_url_string`` leaves as it is (a lower-case ASCII host, a port with no
# leading zero, a path of unreserved characters; no query): most of a site's own links. Not a
# host whose last label is a number (``_NUMERIC_LABEL_RE``): w3lib 2.6 reads it as an IPv4
# address, as browsers do ("http://0/" is "http://0.0.0.0/", "http://a.0/" no address at all).
_PLAIN_URL_RE = re.compile(
    r"https?://([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::([1-9][0-9]{0,4}))?(?:/[A-Za-z0-9_~./-]*)?"
)
_NUMERIC_LABEL_RE = re.compile(r"[0-9]+|0x[0-9a-f]*")
# A "." or ".." segment, which w3lib 2.6 resolves ("http://a/." is "http://a/").
_DOT_SEGMENT_RE = re.compile(r"/\.\.?(?=/|$)")


def is_plain_url(url: str) -> bool:
    """Whether ``safe_url_string`` leaves ``url`` as it is, told without it (``_PLAIN_URL_RE``,
    a port up to 65535, no host ending in a number, no dot segment)."""
    plain = _PLAIN_URL_RE.fullmatch(url)
    return (
        plain is not None
        and int(plain.group(2) or 0) <= 65535
        and _NUMERIC_LABEL_RE.fullmatch(plain.group(1).rpartition(".")[2]) is None
        and _DOT_SEGMENT_RE.search(url, plain.end(1)) is None
    )


@functools.lru_cache(maxsize=16384)
def _normalize_absolute(url: str) -> str | None:
    """Cached: the same menu and sidebar links recur on every page of a site (in the workers
    that read pages; the crawl's own process normalises only redirect targets, so its memory
    does not grow with the crawl)."""
    try:
        if not is_plain_url(url):
            url = safe_url_string(url)
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    # Pairs stay as sent (``%2F`` is not ``/`` to every server); only their order is canonical.
    query_pairs = [
        pair
        for pair in parts.query.split("&")
        if pair and not _is_tracking(unquote_plus(pair.split("=", 1)[0]))
    ]
    query = "&".join(sorted(query_pairs))
    return urlunsplit((scheme, netloc, _clean_path(parts.path), query, ""))


# ``url_host``'s memo: a URL's origin spelled as it starts (``scheme://host[:port]/``) to its
# netloc. Bounded: a crawl of very many hosts starts over rather than grow.
_HOSTS: dict[str, str] = {}
_MAX_HOSTS = 1024
_REMOVED_CHARS = ("\t", "\r", "\n")  # what ``urlsplit`` deletes anywhere before splitting


def url_host(url: str) -> str:
    """``host[:port]`` of a normalised URL: the unit of politeness and of robots.txt.

    ``urlsplit(url).netloc``, looked up by the URL's first characters up to the ``/`` after
    ``://`` (each fetch asks twice, and a new URL misses ``urlsplit``'s own cache): ``urlsplit``
    reads the netloc from the characters before the first ``/``, ``?`` or ``#`` after the
    ``//`` that follows the URL's first ``:``, all inside that prefix, so every URL that starts
    with it has the same netloc (unless the prefix holds a character ``urlsplit`` deletes, which
    could shift what it reads: such a prefix is not kept)."""
    start = url.find("://")
    end = url.find("/", start + 3) if start > 0 else -1
    if end < 0:
        return urlsplit(url).netloc
    prefix = url[: end + 1]
    host = _HOSTS.get(prefix)
    if host is None:
        host = urlsplit(url).netloc
        if not any(c in prefix for c in _REMOVED_CHARS):
            if len(_HOSTS) >= _MAX_HOSTS:
                _HOSTS.clear()
            _HOSTS[prefix] = host
    return host


def site_root(url: str) -> str:
    """``scheme://host[:port]/`` of a URL: where robots.txt, sitemaps and feeds live."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def _bare_host(netloc: str) -> str:
    return netloc[4:] if netloc.startswith("www.") else netloc


def _compile(patterns: Iterable[str], what: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise InputError(f"bad {what} pattern {pattern!r}: {exc}") from exc
    return tuple(compiled)


@dataclass(frozen=True, slots=True)
class _Root:
    scheme_host: str
    path_prefix: str


class Scope:
    """Which URLs a crawl may touch: the start URLs' sites, under their path prefixes.

    A start URL ``https://example.com/blog/`` scopes the crawl to ``example.com`` (``www.`` or
    not, http or https) under ``/blog/``. ``exclude`` patterns (regular expressions searched in
    the normalised URL) keep URLs from being fetched at all; ``include`` patterns, when given,
    limit which pages are *exported*: other in-scope pages are still read for their links, so
    discovery through listings keeps working.
    """

    def __init__(
        self,
        start_urls: Iterable[str],
        include: Iterable[str] = (),
        exclude: Iterable[str] = (),
    ) -> None:
        roots = []
        for start in start_urls:
            normal = normalize_url(start)
            if normal is None:
                raise InputError(f"not an http(s) URL: {start!r}")
            parts = urlsplit(normal)
            prefix = parts.path.rsplit("/", 1)[0] + "/"
            roots.append(_Root(_bare_host(parts.netloc), prefix))
        if not roots:
            raise InputError("at least one start URL is needed")
        self.roots = tuple(roots)
        # How every URL of a root starts once normalised (any scheme, ``www.`` or not): most
        # links match one, and one ``startswith`` replaces splitting each URL.
        self._prefixes = tuple(
            f"{scheme}://{www}{root.scheme_host}{root.path_prefix}"
            for root in self.roots
            for scheme in DEFAULT_PORTS
            for www in ("", "www.")
        )
        self.include = _compile(include, "include")
        self.exclude = _compile(exclude, "exclude")

    def in_site(self, url: str) -> bool:
        """On one of the crawl's hosts (any path): robots.txt, sitemaps and feeds qualify."""
        host = _bare_host(urlsplit(url).netloc)
        return any(root.scheme_host == host for root in self.roots)

    def in_scope(self, url: str) -> bool:
        """On a crawl host, under its path prefix, and not excluded: may be fetched."""
        if url.startswith(self._prefixes):
            return not any(pattern.search(url) for pattern in self.exclude)
        return self._in_scope_split(url)

    def _in_scope_split(self, url: str) -> bool:
        """``in_scope`` read from the URL's parts: for URLs not spelled as normalised."""
        parts = urlsplit(url)
        host = _bare_host(parts.netloc)
        path = parts.path or "/"
        if not any(
            root.scheme_host == host and path.startswith(root.path_prefix) for root in self.roots
        ):
            return False
        return not any(pattern.search(url) for pattern in self.exclude)

    def exportable(self, url: str) -> bool:
        """Matches the include patterns (all URLs do when there are none)."""
        return not self.include or any(pattern.search(url) for pattern in self.include)
