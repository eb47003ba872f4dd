"""A site that glues its name to each <title> with a colon ("Cap'n Beam: Announcing v0.2")
is learned to do so: the name is cut off and the headline, printed in an <h2> under a section
<h1> ("News"), is found (round fifty-four: jekyll-capnproto). A headline's own colon varies from
post to post, so it never becomes a site's name. A real crawl on 127.0.0.1 and the pieces."""

from __future__ import annotations

from pathlib import Path

from conftest import crawled, write_pages

from scraper.sitemodel import SiteModels
from scraper.sitemodel.model import strip_site_name

SITE = "Cap'n Beam"


def _headline(number: int) -> str:
    if number % 2:  # half of them with a colon of their own
        return f"Cap'n Beam v0.{number}: Faster Builds and {number} Smaller Fixes"
    return f"Announcing Release {number} of the Serializer"


def _page(title: str, headline: str, body: str, date: str = "") -> str:
    dated = f'<p class="meta">kentonv on {date}</p>' if date else ""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '</head><body><header><a href="/">Cap\'n Beam</a><nav><a href="/news/">News</a>'
        '<a href="/docs/">Docs</a></nav></header><main><h1><a href="/news/">News</a></h1>'
        f"<h2>{headline}</h2>{dated}{body}</main>"
        "<footer><p>Cap'n Beam is MIT licensed.</p></footer></body></html>"
    )


def _prose(number: int) -> str:
    return "".join(
        f"<p>Paragraph {i} of post {number} tells how messages are laid out in memory so"
        " that reading one needs no parsing step at all.</p>"
        for i in range(8)
    )


def _write_site(root: Path) -> dict[str, str]:
    headlines = {
        f"news/2013-0{1 + n % 9}-1{n % 10}-post-{n}.html": _headline(n) for n in range(1, 21)
    }
    pages = {
        path: _page(f"{SITE}: {title}", title, _prose(n), f"1{n % 10} Mar 2013")
        for n, (path, title) in enumerate(headlines.items(), start=1)
    }
    links = "".join(f'<li><a href="/{p}">{t}</a></li>' for p, t in headlines.items())
    pages["index.html"] = _page(SITE, "Welcome", f"<ul>{links}</ul>")
    pages["news/index.html"] = _page(f"{SITE}: News", "News", f"<ul>{links}</ul>")
    write_pages(root, pages)
    return headlines


def test_a_crawl_cuts_the_colon_glued_site_name(tmp_path: Path) -> None:
    headlines = _write_site(tmp_path / "site")
    exported = crawled(tmp_path / "site", tmp_path / "out")
    titles = {path: article.title for path, article in exported.items()}
    assert {path: titles.get(path) for path in headlines} == headlines


def test_the_name_and_its_side_are_learned(tmp_path: Path) -> None:
    site = tmp_path / "site"
    headlines = _write_site(site)
    pages = [(f"http://h/{p}", (site / p).read_text("utf-8")) for p in headlines]
    models = SiteModels(None)
    models.learn("h", pages)
    model = models.models["h"]
    assert (model.site_name, model.site_name_side) == (SITE, "prefix")
    assert model.title_place is not None and model.title_place.endswith("h2")


def test_a_headlines_own_colon_names_no_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _write_site(site)
    pages = [
        (f"http://h/p{n}.html", _page(title, title, _prose(n), "12 Mar 2013"))
        for n, title in enumerate(
            f"Release {n}: {topic}"
            for n, topic in enumerate(("Faster builds", "Smaller files", "A new API") * 4)
        )
    ]
    models = SiteModels(None)
    models.learn("h", pages)
    assert models.models["h"].site_name is None


def test_stripping_the_colon_glued_name() -> None:
    assert strip_site_name(f"{SITE}: v0.2: Faster", SITE, "prefix") == "v0.2: Faster"
    assert strip_site_name("Post: Part 2 | Beam", "Beam", "suffix") == "Post: Part 2"
    assert strip_site_name("Other: Post", SITE, "prefix") == "Other: Post"
