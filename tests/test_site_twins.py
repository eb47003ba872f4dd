"""A menu page's counterpart in another language is no post, however much it looks like one.

On ``twin_site`` (a bilingual blog whose About and Projects pages are dated and laid out like
its posts, see its docstring) the Spanish "Acerca" and "Proyectos" are linked by no menu: the
Spanish menu names the English pages. What tells them from the Spanish posts is the language
switch at the menu's place ("en"), whose target is each page's own counterpart: on "Acerca" it
leads to the English "About", a menu page. "Newer" and "Older" also change target from page to
page, but lead along the pages that show them, not out of them: no counterparts.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import fast_config
from twin_site import write_site

from scraper import crawl
from scraper.archive.mirror import iter_mirror_articles
from scraper.extractor import extract
from scraper.site_server import SiteServer
from scraper.sitemodel import MODEL_FILE, SiteModel, SiteModels

MENU_PAGES = ("about/", "projects/", "es/about/", "es/projects/")


def _path(url: str) -> str:
    path = unquote(urlsplit(url).path).lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


@pytest.fixture(scope="module")
def twin_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("twin-site")
    return root, write_site(root)


def _pages(root: Path) -> list[tuple[str, str]]:
    return [
        ("http://h/" + str(p.parent.relative_to(root)).strip(".").strip("/") + "/", p.read_text())
        for p in sorted(root.rglob("index.html"))
    ]


def _url(path: str) -> str:
    return "http://h/" + path.removesuffix("index.html")


def test_the_language_switch_is_learned_and_newer_and_older_are_not(twin_site) -> None:
    root, _ = twin_site
    models = SiteModels(None)
    models.learn("h", _pages(root))
    model = models.models["h"]
    assert {"/about/", "/projects/"} <= model.menu_paths
    assert not {"/es/about/", "/es/projects/"} & model.menu_paths  # no menu links to them
    assert {key.rsplit(" ", 1)[1] for key in model.twin_links} == {"en", "es"}
    assert all("menu" in key for key in model.twin_links)
    assert SiteModel.from_json(json.loads(json.dumps(model.to_json()))) == model


def test_menu_pages_and_their_twins_are_no_posts_and_short_posts_stay(twin_site) -> None:
    root, gold = twin_site
    pages = _pages(root)
    models = SiteModels(None)
    decided = models.learn("h", pages)
    kinds = {_path(url): article.page_kind for url, article in decided.items()}
    assert {p for p, k in kinds.items() if k == "article"} == set(gold)
    talks = [p for p in gold if "/talk-" in p]
    assert talks and any(p.startswith("es/") for p in talks)  # short posts, in both languages
    # The yardstick: alone, every menu page reads as an article ...
    html = dict(pages)
    assert all(extract(html[_url(p)], _url(p)).page_kind == "article" for p in MENU_PAGES)
    # ... and without the twin links the model keeps the Spanish ones: the signal does the work.
    model = models.models["h"]
    models.models["h"] = dataclasses.replace(model, twin_links=frozenset())
    for path in ("es/about/", "es/projects/"):
        assert models.extract(html[_url(path)], _url(path)).page_kind == "article"
    models.models["h"] = model
    for path in MENU_PAGES:
        assert models.extract(html[_url(path)], _url(path)).page_kind != "article"


def test_a_crawl_exports_the_posts_alone_and_keeps_the_twin_links(
    twin_site, tmp_path: Path
) -> None:
    root, gold = twin_site
    with SiteServer(root) as server:
        items = list(crawl(fast_config(server.url, tmp_path, concurrency=8)))
        got = [_path(i.final_url) for i in items]
        assert sorted(got) == sorted(gold)  # every post, short or not; no menu page; none twice
        saved = json.loads((tmp_path / ".scraper" / MODEL_FILE).read_text("utf-8"))
        (model,) = saved["hosts"].values()
        assert len(model["twin_links"]) == 2
        again = list(crawl(fast_config(server.url, tmp_path)))  # the saved model, reused
    assert again == []  # nothing changed, nothing exported again


def test_the_mirror_of_the_site_is_read_the_same(twin_site, tmp_path: Path) -> None:
    root, gold = twin_site
    items = list(iter_mirror_articles(root, "http://h/", state_dir=tmp_path))
    assert sorted(_path(i.final_url) for i in items) == sorted(gold)
