"""A site that names no writer gets none (issue 12): its own name in every page's meta author
("xHain hack+makespace", the <title> of every page) is no writer, and a picture's credit
("Foto von Jo Roe", in one link) is never learned as the posts' byline (round fifty-four:
hugo-xhain). A person's name as a personal site's title stays its writer. A real crawl on
127.0.0.1 and the pieces."""

from __future__ import annotations

from pathlib import Path

from conftest import crawled_posts, write_pages

from scraper.extractor.authorscan import is_credit_text
from scraper.sitemodel import SiteModels
from scraper.sitemodel.model import SiteModel
from scraper.sitemodel.refine import _names_the_site

SITE = "Nordhain hack+makespace"
PHOTOGRAPHERS = ("Marco Verch", "Athena Lam", "Heye Jensen", "Finn Hackshaw")


def _post(number: int) -> str:
    credit = (
        '<div class="image-attribution"><div class="image-attribution-inner">'
        f'<a href="https://photos.example.net/{number}/">Foto von '
        f"{PHOTOGRAPHERS[number % len(PHOTOGRAPHERS)]}</a></div></div>"
        if number % 2
        else ""
    )
    body = "".join(
        f"<p>Absatz {i} von Beitrag {number}: wir haben die Werkbank aufgeräumt, die Lötstation"
        " repariert und laden alle ein, am Freitag vorbeizukommen und mitzubauen.</p>"
        for i in range(8)
    )
    return _page(
        f'<h1 id="article-title">Neues aus dem Space, Teil {number}</h1>'
        f'<p class="article-post-date">2023-06-{number:02d}</p>'
        f'<div class="image">{credit}<img src="/img/{number}.jpg"></div><div><article>{body}'
        "</article></div>"
    )


def _page(main: str) -> str:
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        f'<meta name="author" content="{SITE}"><title>{SITE}</title></head><body>'
        '<header><a href="/">Nordhain</a><nav><a href="/de/blog/">Blog</a>'
        '<a href="/de/kontakt/">Kontakt</a></nav></header>'
        f'<main><div id="main-wrapper">{main}</div></main><footer><p>MIT</p></footer>'
        "</body></html>"
    )


def _write_site(root: Path) -> list[str]:
    paths = [f"de/blog/2023/06/{n:02d}/teil-{n}/index.html" for n in range(1, 21)]
    links = "".join(f'<li><a href="/{p.removesuffix("index.html")}">Teil</a></li>' for p in paths)
    listing = _page(f"<h1>Blog</h1><ul>{links}</ul>")
    pages = {path: _post(n) for n, path in enumerate(paths, start=1)}
    write_pages(root, pages | {"index.html": listing, "de/blog/index.html": listing})
    return paths


def test_a_crawl_names_no_writer_where_the_site_names_none(tmp_path: Path) -> None:
    paths = _write_site(tmp_path / "site")
    posts = crawled_posts(tmp_path / "site", tmp_path / "out")
    assert {p.removesuffix("index.html") for p in paths} <= set(posts)
    assert {path: article.authors for path, article in posts.items() if article.authors} == {}


def test_a_pictures_credit_is_no_name() -> None:
    for text in ("Foto von Jo Roe", "Photo: Jo Roe", "Bild von Jo Roe", "Foto di Jo Roe"):
        assert is_credit_text(text)
    for text in ("Jo Roe", "von Jo Roe", "Fotini Roe", "Imagen Roe"):
        assert not is_credit_text(text)


def _learned(root: Path, site: str) -> SiteModel:
    paths = _write_site(root)
    pages = [(f"http://h/{p}", (root / p).read_text("utf-8").replace(SITE, site)) for p in paths]
    models = SiteModels(None)
    models.learn("h", pages)
    return models.models["h"]


def test_the_site_name_is_learned_as_no_writer(tmp_path: Path) -> None:
    model = _learned(tmp_path / "site", SITE)
    assert model.byline_place is None  # (no credit learned as the byline either)
    assert model.own_name_writer is not None
    assert _names_the_site(("Nordhain hack", "makespace"), model)
    assert not _names_the_site(("Jo Roe",), model)


def test_a_personal_site_titled_with_its_owner_keeps_its_writer(tmp_path: Path) -> None:
    model = _learned(tmp_path / "site", "Jane Doe")
    assert model.own_name_writer is None
    assert not _names_the_site(("Jane Doe",), model)
