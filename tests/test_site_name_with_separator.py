"""A site name that holds a separator itself ("Metal³ - Metal Kubed") is learned whole: stripping
only its last part would leave "| Metal³" on every <title>, no headline would match it, and a
talk's title "Title - Speaker, Company" would lose its speaker to the single-page cut. A real
crawl on 127.0.0.1 and the pieces on their own."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import fast_config

from scraper import crawl
from scraper.site_server import SiteServer
from scraper.sitemodel import MODEL_FILE, SiteModels
from scraper.sitemodel.model import strip_site_name

SITE = "Kubed³ - Bare Metal Kubed"
SPEAKERS = ("Ada Byron, Acme", "Grace Hopper, Navy Labs", "Alan Turing, Bletchley")


def _headline(number: int) -> str:
    topic = f"Bare Metal, Part {number}: Managed Racks with Kubernetes Operators"
    if number % 3 == 0:  # a conference talk: its speaker and company after a dash
        return f"{topic} - {SPEAKERS[number % len(SPEAKERS)]}"
    return topic


def _page(title: str, heading: str, content: str, date: str = "") -> str:
    dated = f'<p class="date">{date}</p>' if date else ""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {SITE}'
        '</title></head><body><header><a href="/">Kubed³</a><nav><a href="/blog/">Blog</a>'
        '<a href="/docs/">Docs</a></nav><h1 class="masthead">Blog</h1></header>'
        f'<main><article><h1 class="post-title">{heading}</h1>{dated}{content}</article></main>'
        "<footer><p>Kubed³ is free software.</p></footer></body></html>"
    )


def _prose(number: int) -> str:
    return "".join(
        f"<p>Paragraph {i} of post {number} tells how a host is inspected, cleaned and"
        " provisioned by the operator before a cluster takes it over.</p>"
        for i in range(8)
    )


def _write_site(root: Path) -> dict[str, str]:
    headlines = {f"blog/2024/03/{n:02d}/post-{n}.html": _headline(n) for n in range(1, 21)}
    pages = {
        path: _page(title, title, _prose(n), f"March {n}, 2024")
        for n, (path, title) in enumerate(headlines.items(), start=1)
    }
    links = "".join(f'<li><a href="/{p}">Read more</a></li>' for p in headlines)
    pages["index.html"] = _page("Home", "Kubed³", f"<ul>{links}</ul>")
    pages["blog/index.html"] = _page("Blog", "Blog", f"<ul>{links}</ul>")
    for path, html in pages.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(html, "utf-8")
    return headlines


def test_a_crawl_keeps_the_talks_speakers_in_their_titles(tmp_path: Path) -> None:
    headlines = _write_site(tmp_path / "site")
    with SiteServer(tmp_path / "site") as server:
        items = list(crawl(fast_config(server.url, tmp_path / "out")))
        base = server.url.rstrip("/") + "/"
    titles = {i.final_url.removeprefix(base): i.article.title for i in items}
    assert titles == headlines
    saved = json.loads((tmp_path / "out" / ".scraper" / MODEL_FILE).read_text("utf-8"))
    (model,) = saved["hosts"].values()
    assert (model["site_name"], model["title_place"]) == (SITE, "body/main/article/h1.post-title")


def test_the_whole_site_name_is_learned_and_stripped(tmp_path: Path) -> None:
    site = tmp_path / "site"
    headlines = _write_site(site)
    pages = [(f"http://h/{p}", (site / p).read_text("utf-8")) for p in headlines]
    models = SiteModels(None)
    models.learn("h", pages)
    model = models.models["h"]
    assert (model.site_name, model.site_name_side) == (SITE, "suffix")
    assert model.title_place is not None


def test_stripping_a_name_with_a_separator_leaves_the_headline_whole() -> None:
    title = f"Racks - Ada Byron, Acme | {SITE}"
    assert strip_site_name(title, SITE, "suffix") == "Racks - Ada Byron, Acme"
    assert (
        strip_site_name(title, "Bare Metal Kubed", "suffix") == "Racks - Ada Byron, Acme | Kubed³"
    )
    assert strip_site_name("Kubed³ - News | Racks", "Kubed³ - News", "prefix") == "Racks"
    assert strip_site_name("Racks | Elsewhere", SITE, "suffix") == "Racks | Elsewhere"
    # a page of another section keeps the section, loses the site's own name
    assert strip_site_name("Racks | Events | Kubed", "News | Kubed", "suffix") == "Racks | Events"
