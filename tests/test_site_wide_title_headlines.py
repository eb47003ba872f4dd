"""A blog whose every ``<title>`` is the site's name ("Jack Q's Blog") prints each post's
headline only in its ``<h1>``. Judged alone, a dashed headline ("Training Note - Day 02") is
cut at its dash as if the end named a site; the site model learns where the headlines sit
from the titles the extractor read, and where it read a cut of the printed headline, the
printed one is the post's. A real crawl on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

from conftest import fast_config

from scraper import crawl, extract
from scraper.site_server import SiteServer

SITE = "Jack Q's Blog"


def _headline(number: int) -> str:
    if number % 2:
        return f"JavaEE Training Note - Day {number:02d}"
    return f"Theming a desktop, notes from week {number}"


def _page(heading: str, content: str, date: str = "") -> str:
    dated = f'<div class="post-meta"><a href="#">{date}</a></div>' if date else ""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{SITE}</title>'
        f'<meta property="og:title" content="{heading}"></head><body><header><a href="/">'
        'Jack Q</a><nav><a href="/">Home</a> <a href="/tags/">Tags</a></nav></header>'
        '<section class="article-content"><h1 itemprop="name">'
        f"{heading}</h1>{dated}{content}</section><aside><p>Jack Q writes about Java, ROS "
        "and Linux.</p></aside><footer>2017 © Jack Q</footer></body></html>"
    )


def _prose(number: int) -> str:
    return "".join(
        f"<p>Paragraph {i} of note {number} records what the class built that day and the"
        " questions left for the next one.</p>"
        for i in range(8)
    )


def _write_site(root: Path) -> dict[str, str]:
    headlines = {f"2017/02/{n:02d}/note-{n}/index.html": _headline(n) for n in range(1, 21)}
    pages = {
        path: _page(title, _prose(n), f"2017-02-{n:02d}")
        for n, (path, title) in enumerate(headlines.items(), start=1)
    }
    links = "".join(f'<li><a href="/{p[: -len("index.html")]}">Read</a></li>' for p in headlines)
    pages["index.html"] = _page(SITE, f"<ul>{links}</ul>")
    for path, html in pages.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(html, "utf-8")
    return headlines


def test_a_crawl_gives_each_post_its_printed_dashed_headline(tmp_path: Path) -> None:
    headlines = _write_site(tmp_path / "site")
    first = next(iter(headlines))
    alone = extract((tmp_path / "site" / first).read_text("utf-8"), f"http://h/{first}")
    assert alone.title == "JavaEE Training Note"  # the yardstick: alone, cut at the dash
    with SiteServer(tmp_path / "site") as server:
        items = list(crawl(fast_config(server.url, tmp_path / "out")))
        base = server.url.rstrip("/") + "/"
    titles = {i.final_url.removeprefix(base) + "index.html": i.article.title for i in items}
    assert titles == headlines


def test_a_cut_is_a_run_of_parts_at_either_end() -> None:
    from scraper.sitemodel.model import is_cut_from

    assert is_cut_from("JavaEE Training Note", "JavaEE Training Note - Day 02")
    assert is_cut_from("Day 02", "JavaEE Training Note - Day 02")
    assert is_cut_from("A | B", "A | B | C")
    assert not is_cut_from("JavaEE Training", "JavaEE Training Note - Day 02")
    assert not is_cut_from("JavaEE Training Note - Day 02", "JavaEE Training Note - Day 02")
    assert not is_cut_from("Note", "Note")
