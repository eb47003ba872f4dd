"""A project's site whose undated pages (lessons, "about", "join") print their heading in
another layout than its dated blog posts: the pages read as articles split the vote for the
headline's place, so no place won, and a post's headline printed whole ("Advanced git / git
masterclass materials") stayed cut at its separator. Where no place wins among all the
articles, the place that wins among the dated ones is the headline's."""

from __future__ import annotations

from scraper.sitemodel import SiteModels

SITE = "Refinery"


def _prose(n: int) -> str:
    return "".join(
        f"<p>Paragraph {i} of page {n}: how the lessons are taught, who helps in the rooms, "
        f"and what the learners of workshop {n} asked us to change in part {i}.</p>"
        for i in range(8)
    )


def _frame(title: str, main: str, meta: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{title} - {SITE}</title>{meta}</head><body>"
        f'<nav class="menu"><a href="/">{SITE}</a> <a href="/blog/">Blog</a> '
        f'<a href="/about/">About</a></nav><div class="container"><div class="markdown">'
        f"{main}</div></div><footer><p>{SITE} is funded by the council.</p></footer>"
        "</body></html>"
    )


def _page(n: int) -> str:
    if n % 2:  # (the lessons' two layouts, each its own place)
        return _frame(f"Lesson page {n}", f"<h1>Lesson page {n}</h1>{_prose(n)}")
    return _frame(
        f"Lesson page {n}", f'<section class="lesson"><h1>Lesson page {n}</h1>{_prose(n)}</section>'
    )


def _post(n: int) -> str:
    headline = f"Advanced topic {n} / materials and notes" if n % 3 == 0 else f"Post {n} news"
    return _frame(
        headline,
        f'<article class="uk-article"><h1 class="uk-article-title">{headline}</h1>'
        f'<p class="uk-article-meta">April {n + 1}, 2024 - Jo Roe</p>{_prose(100 + n)}</article>',
        '<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="2024-04-{n + 1:02d}">',
    )


def test_the_dated_posts_decide_the_headline_place_where_no_place_wins() -> None:
    pages = [(f"http://h/lessons/page-{n}/", _page(n)) for n in range(14)]
    pages += [(f"http://h/blog/2024/04/{n + 1:02d}/post-{n}/", _post(n)) for n in range(10)]
    models = SiteModels(None)
    decided = models.learn("h", pages)
    place = models.models["h"].title_place
    assert place is not None and place.endswith("h1.uk-article-title")
    for n in range(0, 10, 3):
        url = f"http://h/blog/2024/04/{n + 1:02d}/post-{n}/"
        assert decided[url].title == f"Advanced topic {n} / materials and notes", n
