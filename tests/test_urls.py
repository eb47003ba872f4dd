"""URL normalisation (one page, one key) and scope (never off-site)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from w3lib.url import safe_url_string

from scraper.crawler.urls import (
    _PLAIN_PATH_RE,
    Scope,
    _normalize_absolute,
    is_plain_url,
    normalize_url,
    site_root,
    url_host,
)
from scraper.errors import InputError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://Example.COM:80/a/b/", "http://example.com/a/b/"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("https://example.com/a/#comments", "https://example.com/a/"),
        ("https://example.com/a/index.html", "https://example.com/a/"),
        ("https://example.com/a/INDEX.HTM", "https://example.com/a/"),
        ("https://example.com/a/./b/../c/", "https://example.com/a/c/"),
        ("https://example.com/p?utm_source=x&utm_medium=y&id=3", "https://example.com/p?id=3"),
        ("https://example.com/p?fbclid=abc", "https://example.com/p"),
        ("https://example.com/p?PHPSESSID=ab12&id=3", "https://example.com/p?id=3"),
        ("https://example.com/p;jsessionid=AB12?id=3", "https://example.com/p?id=3"),
        ("https://example.com/p?b=2&a=1", "https://example.com/p?a=1&b=2"),
        ("https://example.com/l?u=%2Fx&UTM_Term=1&a", "https://example.com/l?a&u=%2Fx"),
        ("https://example.com/caf\u00e9/", "https://example.com/caf%C3%A9/"),
        ("https://example.com/caf%C3%A9/", "https://example.com/caf%C3%A9/"),
        ("https://example.com/a b", "https://example.com/a%20b"),
    ],
)
def test_normalize_url_gives_one_spelling(raw: str, expected: str) -> None:
    assert normalize_url(raw) == expected


def test_relative_links_resolve_against_the_page() -> None:
    assert normalize_url("../b/", "https://x.org/a/c/") == "https://x.org/a/b/"
    assert normalize_url("/page/2/", "https://x.org/a/") == "https://x.org/page/2/"
    assert normalize_url("//cdn.x.org/f", "https://x.org/") == "https://cdn.x.org/f"


@pytest.mark.parametrize(
    "raw", ["mailto:a@b.c", "javascript:void(0)", "ftp://x.org/f", "", "   ", "http://"]
)
def test_non_http_urls_are_dropped(raw: str) -> None:
    assert normalize_url(raw) is None


def test_host_and_site_root() -> None:
    assert url_host("http://127.0.0.1:8080/a/") == "127.0.0.1:8080"
    assert site_root("https://x.org/blog/post/?q=1") == "https://x.org/"


def test_scope_keeps_to_the_start_site_and_path_prefix() -> None:
    scope = Scope(["https://Example.com/blog/"])
    assert scope.in_scope("https://example.com/blog/2014/07/post/")
    assert scope.in_scope("http://www.example.com/blog/")
    assert not scope.in_scope("https://example.com/shop/")
    assert not scope.in_scope("https://other.org/blog/")
    assert not scope.in_scope("https://evil-example.com/blog/")
    assert scope.in_site("https://example.com/sitemap.xml")
    assert not scope.in_site("https://cdn.example.com/sitemap.xml")


def test_root_start_url_scopes_the_whole_host() -> None:
    scope = Scope(["http://127.0.0.1:5000"])
    assert scope.in_scope("http://127.0.0.1:5000/any/path/")
    assert not scope.in_scope("http://127.0.0.1:5001/any/path/")


@settings(max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from(["http", "https", "HTTP", "ftp", ""]),
    www=st.sampled_from(["", "www.", "www.www.", "WWW."]),
    host=st.sampled_from(
        ["example.com", "example.com:8080", "example.com.evil", "evil-example.com"]
    ),
    rest=st.text(alphabet="/?#@:.%ab", max_size=12),
    prefix=st.sampled_from(["/", "/blog/", "/blog"]),
)
def test_scope_prefix_shortcut_agrees_with_the_url_parts(
    scheme: str, www: str, host: str, rest: str, prefix: str
) -> None:
    """``in_scope`` answers most URLs by their start alone; it must say what reading the URL's
    host and path says, for every spelling."""
    scope = Scope(["https://example.com" + prefix], exclude=[r"/tag/"])
    for url in (f"{scheme}://{www}{host}{rest}", f"{scheme}://{www}{host}/blog/{rest}"):
        assert scope.in_scope(url) == scope._in_scope_split(url), url


def test_exclude_blocks_fetching_and_include_limits_export() -> None:
    scope = Scope(["https://x.org/"], include=[r"/20\d\d/"], exclude=[r"/tag/"])
    assert not scope.in_scope("https://x.org/tag/news/")
    assert scope.in_scope("https://x.org/category/news/")
    assert scope.exportable("https://x.org/2014/07/09/post/")
    assert not scope.exportable("https://x.org/category/news/")


def test_bad_inputs_are_input_errors() -> None:
    with pytest.raises(InputError):
        Scope(["not a url"])
    with pytest.raises(InputError):
        Scope([])
    with pytest.raises(InputError):
        Scope(["https://x.org/"], exclude=["(unclosed"])


def _joined_then_normalised(href: str, base: str) -> str | None:
    """What ``normalize_url(href, base)`` means: ``urljoin``, then the normalisation of the
    joined URL as it is (not stripped again)."""
    href = href.strip()
    return _normalize_absolute(urljoin(base, href)) if href else None


BASES = [
    "http://Example.com/a/b/c.html?x=1#f",
    "https://example.com:443/",
    "http://[::1]:8080/p;q?r",
    "https://example.com/c/d;p",
    "file:///x/y",
]


@pytest.mark.parametrize(
    "href",
    [
        "/",
        "/a/../b/",
        "//other.org/x",
        "///x",
        "//",
        "//?q",
        "//#f",
        "/x;p?q#f",
        "http:foo",
        "http://",
        "http://?q",
        "HTTP://Example.com/Y",
        "https://x.org/a/./b/?utm_source=1&b=2",
        "ftp://x/y",
        "/\t/",
        "//\t?q",
        "http://\t?q",
        "/x\ny",
        "?q",
        "#f",
        "rel/x",
        "../up",
    ],
)
def test_links_resolved_by_origin_mean_what_urljoin_says(href: str) -> None:
    """Links resolved by the base's scheme and host alone (a memo shared by every page of a
    site) resolve as ``urljoin`` resolves them against the whole base."""
    for base in BASES:
        assert normalize_url(href, base) == _joined_then_normalised(href, base), (href, base)


@settings(max_examples=400, deadline=None)
@given(
    start=st.sampled_from(["/", "//", "http://", "https://", "http:", ""]),
    rest=st.text(alphabet="/?#:;.\t\n\r%ab@[]1 \x00\u3000\u00e9", max_size=9),
    base=st.sampled_from(BASES),
)
def test_every_link_resolves_as_urljoin_then_normalisation(
    start: str, rest: str, base: str
) -> None:
    href = start + rest
    try:
        expected: str | None = _joined_then_normalised(href, base)
    except ValueError:  # an address urllib cannot read ("//]", "http://[x") is no link
        expected = None
    assert normalize_url(href, base) == expected, (href, base)


@settings(max_examples=600, deadline=None)
@given(
    scheme=st.sampled_from(["http", "https"]),
    host=st.from_regex(r"[a-z0-9-]{1,8}(\.[a-z0-9-]{1,8}){0,2}", fullmatch=True),
    port=st.sampled_from(["", ":80", ":443", ":8080", ":1", ":65535", ":65536", ":99999"]),
    path=st.text(alphabet="abZ09_~.-/", max_size=14),
)
def test_plain_links_skip_only_what_changes_nothing(
    scheme: str, host: str, port: str, path: str
) -> None:
    """The fast paths' premises: a plain URL (``is_plain_url``) is one ``safe_url_string``
    leaves as it is, and a plain ``/path`` with no dot segment joins its origin as the two put
    together, so skipping them changes no URL's spelling (nor which URLs are refused)."""
    origin = f"{scheme}://{host}{port}/"
    href = "/" + path
    if _PLAIN_PATH_RE.fullmatch(href) and "/." not in href:
        assert urljoin(origin, href) == origin + path
    url = origin + path
    if is_plain_url(url):
        assert safe_url_string(url) == url
    base = origin + "page/"
    assert normalize_url(href, base) == _joined_then_normalised(href, base)


_URL_PIECES = st.sampled_from(
    [
        "http",
        "HTTPS",
        "a",
        "1x",
        ":",
        "//",
        "/",
        "?",
        "#",
        "@",
        "[",
        "]",
        "::1",
        "h",
        "Ex.COM",
        ":8080",
        " ",
        "\t",
        "\n",
        "\x00",
        "é",
        "\uff0f",
        "%2F",
        "x.y",
    ]
)


def _split_netloc(url: str) -> str | type[ValueError]:
    try:
        return urlsplit(url).netloc
    except ValueError:
        return ValueError


def _memo_host(url: str) -> str | type[ValueError]:
    try:
        return url_host(url)
    except ValueError:
        return ValueError


_SHAPED_URLS = st.tuples(  # origin-shaped: many share a prefix, or nearly (collisions likely)
    st.sampled_from(["http", "https", "HTTP", " http", "a:b"]),
    st.sampled_from(["://", ":/", ":///", "://["]),
    st.text(alphabet="ab:@[]1.\t?#", max_size=4),
    st.sampled_from(["/", "?", "#", ""]),
    st.text(alphabet="ab/?#:", max_size=4),
).map("".join)


@settings(max_examples=1500)
@given(
    st.lists(
        st.one_of(_SHAPED_URLS, st.lists(_URL_PIECES, max_size=9).map("".join)),
        min_size=1,
        max_size=8,
    )
)
def test_url_host_memo_is_urlsplit(spelled: list[str]) -> None:
    """``url_host`` reads a netloc from its memo of URL prefixes: for any spelling, and for
    URLs met one after the other in one memo (shared prefixes, other hosts), what ``urlsplit``
    says (or its error), in either order."""
    import scraper.crawler.urls as urls

    urls._HOSTS.clear()
    for url in [*spelled, *reversed(spelled), *(u + "/x?y#z" for u in spelled)]:
        assert _memo_host(url) == _split_netloc(url), url


def test_url_host_memo_shared_by_an_origin() -> None:
    import scraper.crawler.urls as urls

    urls._HOSTS.clear()
    assert url_host("http://Ex.com:81/a?b") == "Ex.com:81"
    assert url_host("http://Ex.com:81/c/d#e") == "Ex.com:81"
    assert urls._HOSTS == {"http://Ex.com:81/": "Ex.com:81"}
    assert url_host("http://ex\t.com/a") == "ex.com"  # urlsplit deletes the tab: not kept
    assert "http://ex\t.com/" not in urls._HOSTS
    assert url_host("http://h?q=/x") == "h"


def test_the_crawl_reads_a_site_model_key_from_the_memo() -> None:
    """The crawl keys site models by ``url_host(url).lower()``: ``host_of``'s key, memo or not."""
    from scraper.sitemodel import host_of

    for url in ("http://Ex.COM:81/a?b", "https://ex.com/p/", "http://ex.com/q", "HTTP://B.org/"):
        assert url_host(url).lower() == host_of(url)
        assert url_host(url).lower() == host_of(url)  # the second from the memo
