"""The export path's fast naming is exact: ``normalise_url``'s plain-URL path against
``urlsplit``'s, and the exporter's text paths against ``Path`` joins."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.export import naming
from scraper.export.writers import JsonDirExporter

_HOSTS = st.one_of(
    st.text(alphabet="abc019.-", min_size=1, max_size=8),
    st.text(alphabet="abcXYZ019.-_", max_size=12),
)
_PORTS = st.one_of(
    st.just(""),
    st.sampled_from([":80", ":443", ":8080", ":0", ":080", ":65535", ":65536", ":99999", ":"]),
    st.integers(0, 70000).map(lambda p: f":{p}"),
)
_TAILS = st.text(alphabet='/aZ9-_.?#%&= \t\n"!$~é\\', max_size=20)


@st.composite
def url_like(draw: st.DrawFn) -> str:
    """URLs near the plain form and across its edges (case, ports, fragments, empty query)."""
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https", "ftp", ""]))
    lead = draw(st.sampled_from(["", " ", "\t"]))
    return f"{lead}{scheme}://{draw(_HOSTS)}{draw(_PORTS)}{draw(_TAILS)}"


@settings(max_examples=3000, deadline=None)
@given(st.one_of(url_like(), st.text(max_size=40)))
def test_plain_normal_is_urlsplits(url: str) -> None:
    try:
        expected: str | type[Exception] = naming._split_normal(url)
    except ValueError:
        expected = ValueError
    fast = naming._plain_normal(url)
    if fast is not None:
        assert fast == expected, url
    try:
        got: str | type[Exception] = naming.normalise_url(url)
    except ValueError:
        got = ValueError
    assert got == expected


def test_plain_normal_takes_the_common_urls() -> None:
    for url, normal in [
        ("http://127.0.0.1:8080/post/1/", "http://127.0.0.1:8080/post/1/"),
        ("https://example.org:443/a?b=c", "https://example.org/a?b=c"),
        ("http://example.org:80/", "http://example.org/"),
    ]:
        assert naming._plain_normal(url) == normal == naming._split_normal(url)
    assert naming._plain_normal("http://e.org:65535/") == "http://e.org:65535/"
    for url in [
        "HTTP://Example.org/",
        "http://e.org",
        "http://e.org/#x",
        "http://e.org/?",
        "http://e.org:65536/",  # out of range: ``urlsplit`` drops it
        "http://e.org:080/",
    ]:
        assert naming._plain_normal(url) is None  # the long way


def test_exporter_names_and_paths_unchanged(tmp_path: Path) -> None:
    """Files written by the linker's text paths are where ``path_for`` puts them, and
    ``last_path`` and ``sync`` see the same files."""
    exporter = JsonDirExporter(tmp_path / "out")
    urls = [
        "http://127.0.0.1:8080/post/1/",
        "https://Example.org:443/a/b?x=1",
        "http://example.org/caf%C3%A9",
        "http://example.org/",
    ]
    with exporter:
        for url in urls:
            record = {"url": url, "title": "t", "text": "x"}
            exporter.export(record)
            path = exporter.last_path
            assert isinstance(path, Path)
            assert json.loads(path.read_text(encoding="utf-8"))["url"] == url
            assert path == exporter.path_for(record)
            assert exporter._unsynced[-1] == path or Path(exporter._unsynced[-1]) == path
        exporter.sync()
        assert exporter._unsynced == [] and not exporter._unsynced_folders
    assert sorted(p.name for p in (tmp_path / "out").rglob("*.json")) == sorted(
        naming.file_name(u, ".json", name_url=u) for u in urls
    )
