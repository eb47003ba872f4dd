"""Saved site mirrors: wget's and HTTrack's file names mapped back to URLs, non-pages skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.archive import pipeline
from scraper.archive.mirror import iter_mirror_articles, iter_mirror_pages, mirror_url
from scraper.archive.stats import ArchiveStats
from scraper.errors import ArchiveError, InputError

BLOG = Path(__file__).resolve().parent.parent / "fixtures" / "blog"
POST = (BLOG / "2014/07/09/no-traffic-jams-extra-mile/index.html").read_bytes()
OTHER_POST = (BLOG / "2014/07/14/small-business-big-ideas/index.html").read_bytes()
LISTING = (BLOG / "index.html").read_bytes()
BASE = "https://blog.example/"

STUB = b"""<!DOCTYPE html><html><head><meta http-equiv="refresh" content="0; url=/new-home/">
<title>Moved</title></head><body><a href="/new-home/">moved here</a></body></html>"""
FEED = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Blog</title>
<item><title>Post</title><link>https://blog.example/post/</link></item></channel></rss>"""


def _with_og_url(page: bytes, url: str) -> bytes:
    return page.replace(b"</head>", f'<meta property="og:url" content="{url}"></head>'.encode(), 1)


def build_wget_mirror(root: Path) -> Path:
    """A folder as ``wget --mirror --adjust-extension`` leaves it, host folder included."""
    site = root / "blog.example"
    files = {
        "index.html": LISTING,
        "2014/07/09/no-traffic-jams/index.html": POST,
        "post-two.html": _with_og_url(OTHER_POST, "https://blog.example/post-two"),
        "story.php.html": POST,
        "index.html?p=2.html": OTHER_POST,
        "archive%3Fpage=3.html": POST,
        "old-home/index.html": STUB,
        "feed/index.html": FEED,
        "style.css": b"body { color: red }",
        "logo.png": b"\x89PNG\r\n\x1a\n",
        "2014/07/09/no-traffic-jams/index.html.orig": POST,
        "robots.txt": b"User-agent: *\nDisallow:\n",
    }
    for name, data in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@pytest.mark.parametrize(
    ("saved", "url"),
    [
        ("index.html", "https://blog.example/"),
        ("2014/07/post/index.html", "https://blog.example/2014/07/post/"),
        ("index.html?p=2", "https://blog.example/?p=2"),
        ("index.html?p=2.html", "https://blog.example/?p=2"),
        ("index.html%3Fp=2.html", "https://blog.example/?p=2"),
        ("search%3fq=a b.html", "https://blog.example/search?q=a%20b"),
        ("page.php.html", "https://blog.example/page.php"),
        ("view.php?id=3&x=1.html", "https://blog.example/view.php?id=3&x=1"),
        ("archive?page=3", "https://blog.example/archive?page=3"),
        ("blog.example/about/index.html", "https://blog.example/about/"),
        ("café/menu.html", "https://blog.example/caf%C3%A9/menu.html"),
        ("tag/two words/index.html", "https://blog.example/tag/two%20words/"),
    ],
)
def test_wget_file_names_map_back_to_urls(saved: str, url: str) -> None:
    assert mirror_url(saved, BASE) == url


def test_a_base_url_with_a_path_is_the_mirror_root_unless_a_host_folder_is_there() -> None:
    assert mirror_url("post/index.html", "https://ex.com/blog/") == "https://ex.com/blog/post/"
    assert mirror_url("ex.com/blog/post/index.html", "https://ex.com/blog/") == (
        "https://ex.com/blog/post/"
    )


def test_mirror_pages_get_urls_and_feeds_stubs_and_assets_are_skipped(tmp_path: Path) -> None:
    build_wget_mirror(tmp_path)
    stats = ArchiveStats()
    pages = {page.url: page for page in iter_mirror_pages(tmp_path, BASE, stats=stats)}
    assert sorted(pages) == [
        "https://blog.example/",
        "https://blog.example/2014/07/09/no-traffic-jams/",
        "https://blog.example/?p=2",
        "https://blog.example/archive?page=3",
        "https://blog.example/post-two",  # og:url chose between post-two.html and post-two
        "https://blog.example/story.php",
    ]
    assert stats.skipped == {"feed": 1, "redirect-stub": 1, "not-html": 4}
    post = pages["https://blog.example/2014/07/09/no-traffic-jams/"]
    assert post.content == POST and post.status == 200 and len(post.content_hash) == 64
    assert "There are no traffic jams" in post.html
    assert post.fetched_at.endswith("Z")


def test_mirror_articles_keep_articles_only(tmp_path: Path) -> None:
    build_wget_mirror(tmp_path)
    stats = ArchiveStats()
    items = list(iter_mirror_articles(tmp_path, BASE, stats=stats))
    urls = [item.final_url for item in items]
    assert "https://blog.example/" not in urls  # the home page is a listing
    assert set(urls) == {
        "https://blog.example/2014/07/09/no-traffic-jams/",
        "https://blog.example/?p=2",
        "https://blog.example/archive?page=3",
        "https://blog.example/post-two",
        "https://blog.example/story.php",
    }
    assert urls == sorted(urls, key=lambda u: urls.index(u))  # stable path order
    titles = {item.final_url: item.article.title for item in items}
    assert titles["https://blog.example/story.php"] == "There are no traffic jams on the extra mile"
    assert stats.skipped["not-article"] == 1


def test_two_processes_match_one(tmp_path: Path) -> None:
    build_wget_mirror(tmp_path)
    one = [i.to_dict() for i in iter_mirror_articles(tmp_path, BASE, processes=1)]
    two = [i.to_dict() for i in iter_mirror_articles(tmp_path, BASE, processes=2)]
    assert one == two and len(one) == 5


def test_httrack_mirrored_from_comment_is_believed(tmp_path: Path) -> None:
    saved = POST.replace(
        b"<head>",
        b"<!-- Mirrored from blog.example/2014/07/09/no-traffic-jams/ by HTTrack Website "
        b"Copier/3.x [XR&CO'2014], Mon, 23 Nov 2026 10:00:00 GMT --><head>",
        1,
    )
    (tmp_path / "blog.example").mkdir()
    (tmp_path / "blog.example" / "index4b2f.html").write_bytes(saved)
    pages = list(iter_mirror_pages(tmp_path, BASE))
    assert [p.url for p in pages] == ["https://blog.example/2014/07/09/no-traffic-jams/"]


def test_mirror_run_resumes_after_an_interruption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 2)
    build_wget_mirror(tmp_path / "site")
    state = tmp_path / "out" / ".scraper"
    everything = [i.final_url for i in iter_mirror_articles(tmp_path / "site", BASE)]
    run = iter_mirror_articles(tmp_path / "site", BASE, state_dir=state)
    first = [next(run).final_url for _ in range(3)]
    run.close()
    rest = [i.final_url for i in iter_mirror_articles(tmp_path / "site", BASE, state_dir=state)]
    assert first == everything[:3]
    assert rest and rest == everything[len(everything) - len(rest) :]
    assert len(rest) < len(everything)


def test_bad_inputs_are_typed_errors(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError):
        list(iter_mirror_pages(tmp_path / "missing", BASE))
    with pytest.raises(InputError):
        list(iter_mirror_pages(tmp_path, "ftp://blog.example/"))
