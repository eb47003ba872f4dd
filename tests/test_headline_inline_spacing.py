"""Two reader's-view details of a post's header, on a personal blog with a bare ``<h1>`` and a
date line under it, no ``<article>`` and no byline:
- a headline with an inline element right before its punctuation ("Who reads <em>Marginal
  Revolution</em>?") is the text a reader sees, with no space put before the "?", also where
  the site model reads it from the headline's learned place;
- a phrase set off in a paragraph of prose (an ``<em>`` title of a book or a blog) is never a
  writer's name line."""

from __future__ import annotations

from scraper import extract
from scraper.sitemodel import SiteModels

SITE = "Ben Roe"
TOPICS = ["Marginal Revolution", "The Economist", "Hacker News", "Nature", "Science"]


def _url(n: int) -> str:
    return f"http://h/blog/post-{n}/"


def _post(n: int) -> str:
    topic = TOPICS[n % len(TOPICS)]
    prose = "".join(
        f"<p>Paragraph {i} of post {n}. I looked at who reads <em>{topic}</em> and how its "
        "readers found my earlier posts, counting the visits by country and by the day of the "
        "week, then comparing those counts with the year before.</p>"
        for i in range(8)
    )
    return (
        f"<!DOCTYPE html><html><head><title>Who reads {topic} {n}? - {SITE}</title>"
        f'<meta name="author" content="{SITE}">'
        f'<meta property="og:title" content="Who reads {topic} {n}?"></head><body>'
        f'<nav class="menu"><a href="/">{SITE}</a> <a href="/blog/">Blog</a></nav>'
        '<div class="main"><div class="content"><div class="banner">'
        f"<h1>Who reads <em>{topic} {n}</em>?</h1><p>May {n + 1}, 2023</p></div>{prose}"
        f"</div></div><footer><p>Copyright {SITE}.</p></footer></body></html>"
    )


def test_an_emphasis_in_prose_is_no_writer() -> None:
    article = extract(_post(0), _url(0))
    assert article.authors == (SITE,)


def test_the_headline_read_at_its_place_keeps_the_readers_spacing() -> None:
    pages = [(_url(n), _post(n)) for n in range(20)]
    models = SiteModels(None)
    decided = models.learn("h", pages)
    assert models.models["h"].title_place is not None
    for n in range(20):
        assert decided[_url(n)].title == f"Who reads {TOPICS[n % len(TOPICS)]} {n}?", n


def _release(n: int) -> str:
    prose = "".join(
        f"<p>Release 1.{n}.0 brings change {i}: a faster planner, fewer copies of each row and "
        f"a fix for issue {100 * n + i} that several users reported.</p>"
        for i in range(8)
    )
    return (
        f"<!DOCTYPE html><html><head><title>Release 1.{n}.0 | Calcite</title>"
        '<meta property="og:type" content="article"></head><body>'
        '<nav class="menu"><a href="/">Calcite</a> <a href="/news/">News</a></nav>'
        f'<div class="grid"><article><h2>\n    Release 1.{n}.0\n    <a href="/news/2019/03/'
        f'{n + 1:02d}/release-1.{n}.0/" class="permalink" title="Permalink">∞</a>\n  </h2>'
        f'<div class="post-meta">{n + 1} Mar 2019</div>{prose}</article></div></body></html>'
    )


def test_a_headlines_permalink_glyph_is_no_part_of_it() -> None:
    pages = [
        (f"http://h/news/2019/03/{n + 1:02d}/release-1.{n}.0/", _release(n)) for n in range(20)
    ]
    models = SiteModels(None)
    decided = models.learn("h", pages)
    assert models.models["h"].title_place is not None
    for n in range(20):
        assert decided[f"http://h/news/2019/03/{n + 1:02d}/release-1.{n}.0/"].title == (
            f"Release 1.{n}.0"
        ), n
