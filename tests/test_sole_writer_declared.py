"""A one-writer blog whose byline is its sidebar (round fifty-five: jekyll-mertcangokgoz): every
post's ``<meta name="author">`` names the blog's owner, also its ``<title>``'s site name, and
no byline prints it on the post. The sidebar is template, taken out before the writer is
read, so on some posts the meta tag alone was too weak for the page gate and the writer was
lost. Where every sampled post declares that one person and nearly every post given a writer
was given that one, the site's posts are told by their meta tag. A site's own name (no
person's), or a sample with other writers, is no such owner. A real crawl on 127.0.0.1 and
the learning rule."""

from __future__ import annotations

from pathlib import Path

from conftest import crawled_posts, write_pages

from scraper.extractor.parse import parse_tree
from scraper.models import Article
from scraper.sitemodel.model import SiteModel, with_declared_writers
from scraper.sitemodel.refine import declared_writers

OWNER = "Mertan Gökay"
TOPICS = ("SSH", "DNS", "IPv6", "Keybase", "MySQL", "cPanel", "Netflix", "Livepatch")


def _page(title: str, main: str, tag: str = 'name="author"') -> str:
    return (
        '<!DOCTYPE html><html lang="tr"><head><meta charset="utf-8">'
        f'<meta {tag} content="{OWNER}"><title>{title} | {OWNER}</title></head><body>'
        '<div class="container"><div class="columns sidebar"><img src="/me.jpg">'
        f"<h3>{OWNER}</h3><p>Linux, ağ ve güvenlik üzerine notlar.</p>"
        '<ul><li><a href="/">Ana sayfa</a></li><li><a href="/hakkimda/">Hakkımda</a></li></ul>'
        f'</div><div class="columns content">{main}</div></div>'
        "<footer><p>CC BY-SA 3.0</p></footer></body></html>"
    )


def _post(number: int, tag: str = 'name="author"') -> str:
    topic = TOPICS[number % len(TOPICS)]
    body = "".join(
        f"<p>{topic} hakkında {i}. paragraf: sunucuda ayarları değiştirdik, komutları tek tek"
        " denedik ve sonuçları burada adım adım anlatıyoruz.</p>"
        for i in range(7)
    )
    title = f"{topic} Kullanımı {number}"
    return _page(
        title,
        f'<p class="meta">March {number:02d}, 2016</p><form><input name="email"></form>'
        f'<h1 class="title">{title}</h1>{body}',
        tag,
    )


def _write_site(root: Path, tag: str = 'name="author"') -> list[str]:
    paths = [f"{TOPICS[n % len(TOPICS)].lower()}-kullanimi-{n}/index.html" for n in range(1, 25)]
    links = "".join(f'<li><a href="/{p.removesuffix("index.html")}">Yazı</a></li>' for p in paths)
    pages = {path: _post(n, tag) for n, path in enumerate(paths, start=1)}
    write_pages(root, pages | {"index.html": _page("Blog", f"<ul>{links}</ul>")})
    return paths


def test_a_one_writer_blogs_posts_all_keep_their_writer(tmp_path: Path) -> None:
    paths = _write_site(tmp_path / "site")
    posts = crawled_posts(tmp_path / "site", tmp_path / "out")
    assert {p.removesuffix("index.html") for p in paths} <= set(posts)
    assert {path: a.authors for path, a in posts.items() if a.authors != (OWNER,)} == {}


def test_an_open_graph_article_author_declares_the_writer_too(tmp_path: Path) -> None:
    """(round fifty-six: hexo-chameleon-mdleom declares its owner in ``article:author`` alone)"""
    paths = _write_site(tmp_path / "site", 'property="article:author"')
    posts = crawled_posts(tmp_path / "site", tmp_path / "out")
    assert {p.removesuffix("index.html") for p in paths} <= set(posts)
    assert {path: a.authors for path, a in posts.items() if a.authors != (OWNER,)} == {}


def _article(*writers: str) -> Article:
    return Article(url="http://h/p/", page_kind="article", authors=writers)


def _declared(pages: list[tuple[Article, tuple[str, ...]]], **model: object) -> bool:
    return with_declared_writers(SiteModel(host="h", **model), pages).declared_writers  # type: ignore[arg-type]


def test_one_declared_person_given_to_nearly_every_post_is_the_writer() -> None:
    pages = [(_article(OWNER), (OWNER,)) for _ in range(9)] + [(_article(), (OWNER,))] * 3
    assert _declared(pages)


def test_a_site_name_a_team_or_guests_are_no_sole_writer() -> None:
    site = [(_article("Nordhain hack+makespace"), ("Nordhain hack+makespace",))] * 10
    assert not _declared(site)
    guests = [(_article(OWNER), (OWNER,))] * 6
    guests += [(_article(f"Guest {c}"), (OWNER,)) for c in "ABCD"]
    assert not _declared(guests)
    too_few = [(_article(OWNER), (OWNER,))] * 4
    assert not _declared(too_few)
    with_byline = [(_article(OWNER), (OWNER,))] * 10
    assert not _declared(with_byline, byline_place="body/div.post/p.byline")


def test_the_declared_writer_is_read_from_article_author_where_no_author_tag_names_one() -> None:
    def declared(head: str) -> tuple[str, ...]:
        return declared_writers(
            parse_tree(f"<html><head>{head}</head><body><p>x</p></body></html>")
        )

    assert declared(f'<meta property="article:author" content="{OWNER}">') == (OWNER,)
    assert declared('<meta property="article:author" content="https://facebook.com/jo">') == ()
    both = (
        f'<meta name="author" content="Jo Roe"><meta property="article:author" content="{OWNER}">'
    )
    assert declared(both) == ("Jo Roe",)
