"""A headline whose classes change with the post (round fifty-nine; seen on hugo-bulma-harbor,
a Hugo blog on the Bulma framework).

Bulma sets ``is-spaced`` on a title that a subtitle follows: ``<p class="title is-size-1
has-text-weight-light is-spaced">``. A place step keeps an element's first two classes
(sorted, those with digits left out), so the headline of a post with a subtitle sits at
``p.has-text-weight-light.is-spaced`` and that of a post without one at
``p.has-text-weight-light.title``. The site model learned the first, most posts' place, and
found no headline on the others: a third of the posts were not exported. A block at the
learned place but for one class, with the others, is the headline.

A real crawl on 127.0.0.1, and the place matching itself."""

from __future__ import annotations

from pathlib import Path

from conftest import crawled_posts, write_pages

from scraper.extractor import parse_html
from scraper.sitemodel.blocks import page_blocks
from scraper.sitemodel.refine import _blocks_restyled_at


def _title(n: int) -> str:
    return f"Registry release {n} brings proxy caching to edge sites"


def _hero(n: int, subtitle: bool) -> str:
    spaced = " is-spaced" if subtitle else ""
    sub = (
        f'<p class="subtitle is-size-3 has-text-weight-light">What changed in release {n}</p>'
        if subtitle
        else ""
    )
    return (
        '<section class="hero is-small"><div class="hero-body"><div class="container">'
        f'<p class="title is-size-1 has-text-weight-light{spaced}">{_title(n)}</p>{sub}'
        f'<hr class="color"><p class="is-size-4">March {n % 27 + 1}, 2024</p>'
        "</div></div></section>"
    )


def _post(n: int, subtitle: bool) -> str:
    prose = "".join(
        f"<p>Part {i} of note {n}: the registry now replicates signed artifacts to "
        f"{n + i} zones and keeps a cache of {n * 3 + i} images close to each cluster.</p>"
        for i in range(6)
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{_title(n)} | "
        "The Registry blog</title></head><body><nav class='navbar'><a href='/'>Home</a> "
        "<a href='/blog/'>Blog</a> <a href='/docs/'>Docs</a></nav><main class='is-main'>"
        f"{_hero(n, subtitle)}<section class='section'><div class='container'>"
        f"<div class='content'>{prose}</div></div></section></main>"
        "<footer class='footer'><p>The Registry project</p></footer></body></html>"
    )


def test_posts_without_the_modifier_are_found_with_their_headline(tmp_path: Path) -> None:
    subtitled = {n: n % 3 != 0 for n in range(1, 25)}
    paths = {n: f"blog/release-{n}/index.html" for n in subtitled}
    pages = {paths[n]: _post(n, subtitled[n]) for n in subtitled}
    links = "".join(
        f"<li><a href='/{p.removesuffix('index.html')}'>{_title(n)}</a></li>"
        for n, p in paths.items()
    )
    pages["blog/index.html"] = (
        f"<html><head><title>Blog</title></head><body><ul>{links}</ul></body></html>"
    )
    pages["index.html"] = "<html><body><a href='/blog/'>Blog</a></body></html>"
    write_pages(tmp_path / "site", pages)
    posts = crawled_posts(tmp_path / "site", tmp_path / "out")
    titles = {
        n: posts[p.removesuffix("index.html")].title
        for n, p in paths.items()
        if p.removesuffix("index.html") in posts
    }
    assert titles == {n: _title(n) for n in subtitled}


def test_a_place_one_class_off_is_the_headline_place() -> None:
    place = (
        "body/main.is-main/section.hero.is-small/div.hero-body/div.container/"
        "p.has-text-weight-light.is-spaced"
    )
    plain = page_blocks(parse_html(_post(3, subtitle=False)), placed=True)
    assert [b.text for b in _blocks_restyled_at(plain, place, set())] == [_title(3)]
    # a place of one class that the page's blocks lack shares none with them: no headline
    other = place.rsplit("/", 1)[0] + "/p.is-spaced"
    assert list(_blocks_restyled_at(plain, other, set())) == []
