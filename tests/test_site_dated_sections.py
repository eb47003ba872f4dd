"""A site that dates its posts keeps them in the sections where its sample shows dated pages:
an undated page elsewhere (the project's documentation, a book beside its blog) is none of its
posts, however much prose it holds. Real crawls on 127.0.0.1 of a small project site, and the
rule's pieces on their own.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import fast_config

from scraper import crawl
from scraper.models import Article
from scraper.site_server import SiteServer
from scraper.sitemodel import MODEL_FILE, SiteModel, SiteModels
from scraper.sitemodel.model import MIN_DATED_PAGES, url_section, with_dated_sections
from scraper.sitemodel.refine import outside_dated_sections

TOPICS = ("pipelines", "plugins", "tables", "modules", "aliases", "hooks", "scripts", "sorting")


def _prose(name: str, count: int = 30) -> str:
    return " ".join(
        f"Sentence {i} of {name} explains one more detail of how the shell reads its input."
        for i in range(count)
    )


def _page(title: str, content: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Shellcraft'
        f'</title>{head}</head><body><header><a href="/">Shellcraft</a><nav><a href="/blog/">'
        'Blog</a> <a href="/docs/">Docs</a></nav></header>'
        f"<main><article><h1>{title}</h1>{content}</article></main>"
        "<footer><p>Shellcraft is free software.</p></footer></body></html>"
    )


def _post(number: int, dated: bool = True) -> str:
    day = f"2024-03-{number + 1:02d}"
    head = f'<meta property="article:published_time" content="{day}">' if dated else ""
    title = f"Release notes for version {number}"  # dated in its metadata alone
    return _page(title, f"<p>{_prose(f'release {number}')}</p>", head)


def _doc(topic: str) -> str:
    return _page(f"The {topic} chapter", f"<p>{_prose(f'the {topic} chapter')}</p>")


def _write_site(root: Path, undated_post: bool = True) -> tuple[set[str], set[str]]:
    """Twelve dated posts (one more undated) under /blog/ and sixteen undated chapters under
    /docs/ (two languages); returns the posts' and the chapters' paths."""
    posts = {f"blog/release-{n}/" for n in range(12)}
    docs = {f"{lang}/{t}/" for lang in ("docs", "de") for t in TOPICS}
    pages = {f"blog/release-{n}/": _post(n) for n in range(12)}
    if undated_post:  # a post whose date is printed nowhere: still one of the posts
        posts.add("blog/release-99/")
        pages["blog/release-99/"] = _post(99, dated=False)
    pages.update({f"{lang}/{t}/": _doc(t) for lang in ("docs", "de") for t in TOPICS})
    links = "".join(f'<li><a href="/{p}">{p}</a></li>' for p in sorted(pages))
    pages[""] = _page("Shellcraft", f"<ul>{links}</ul>")
    pages["blog/"] = _page("Blog", f"<ul>{links}</ul>")
    for path, html in pages.items():
        folder = root / path
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(html, "utf-8")
    return posts, docs


def _exported(root: Path, out: Path, **changes: object) -> set[str]:
    with SiteServer(root) as server:
        items = list(crawl(fast_config(server.url, out, **changes)))
        base = server.url.rstrip("/") + "/"
    return {i.final_url.removeprefix(base) for i in items}


def test_the_crawl_exports_the_dated_posts_and_not_the_undated_docs_beside_them(
    tmp_path: Path,
) -> None:
    posts, docs = _write_site(tmp_path / "site")
    alone = _exported(tmp_path / "site", tmp_path / "alone", site_model=False)
    assert docs & alone  # the yardstick: judged alone, chapters of prose read as articles
    got = _exported(tmp_path / "site", tmp_path / "out")
    assert got == posts  # every post (the undated one too), no chapter
    saved = json.loads((tmp_path / "out" / ".scraper" / MODEL_FILE).read_text("utf-8"))
    (model,) = saved["hosts"].values()
    assert model["dated_sections"] == ["blog"]


def test_url_sections_are_first_folders_with_years_alike_and_root_pages_apart() -> None:
    assert url_section("http://h/blog/2024/03/x/") == "blog"
    assert url_section("http://h/Docs/install.html") == "docs"
    assert url_section("http://h/2021/02/16/x/") == url_section("http://h/1999/x.html") == "#"
    assert url_section("http://h/about/") == url_section("http://h/a-post.html") == ""
    assert url_section("http://h/") == ""


def _article(url: str, kind: str = "article", date: str | None = None) -> Article:
    return Article(url=url, page_kind=kind, date_published=date)


def test_the_sections_need_enough_dated_pages_and_leave_listings_out() -> None:
    blank = SiteModel(host="h")
    dated = [
        (f"http://h/blog/{n}/", _article(f"http://h/blog/{n}/", date="2024-01-02"))
        for n in range(MIN_DATED_PAGES)
    ]
    listing = ("http://h/tags/x/", _article("http://h/tags/x/", "listing", "2024-01-02"))
    assert with_dated_sections(blank, [*dated[:-1], listing]).dated_sections == frozenset()
    model = with_dated_sections(blank, [*dated, listing])
    assert model.dated_sections == frozenset({"blog"})
    assert SiteModel.from_json(json.loads(json.dumps(model.to_json()))) == model
    older = model.to_json()
    del older["dated_sections"]  # a model saved before the sections were learned
    assert SiteModel.from_json(older).dated_sections == frozenset()


def test_only_an_undated_page_outside_the_dated_sections_is_outside() -> None:
    model = SiteModel(host="h", dated_sections=frozenset({"blog", "#"}))
    assert outside_dated_sections(_article("http://h/docs/install/"), model)
    assert outside_dated_sections(_article("http://h/about/"), model)
    assert not outside_dated_sections(_article("http://h/docs/x/", date="2024-01-02"), model)
    assert not outside_dated_sections(_article("http://h/blog/x/"), model)
    assert not outside_dated_sections(_article("http://h/2019/05/x/"), model)
    assert not outside_dated_sections(_article("http://h/docs/x/"), SiteModel(host="h"))


def test_too_few_dated_pages_leave_every_page_its_kind(tmp_path: Path) -> None:
    pages = [(f"http://127.0.0.1/blog/release-{n}/", _post(n)) for n in range(MIN_DATED_PAGES - 1)]
    pages += [(f"http://127.0.0.1/docs/{t}/", _doc(t)) for t in TOPICS]
    pages += [(f"http://127.0.0.1/de/{t}/", _doc(t)) for t in TOPICS]
    models = SiteModels(tmp_path / MODEL_FILE)
    decided = models.learn("127.0.0.1", pages)
    assert models.models["127.0.0.1"].dated_sections == frozenset()
    assert all(decided[u].page_kind == "article" for u, _ in pages if "/docs/" in u)
