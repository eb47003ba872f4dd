"""A project's site (Pelican, bootstrap theme) whose documentation and community pages, judged
articles alone and more of them in the sample than news posts, print their headline in one
place (``section.body > h1.entry-title``) while the dated news posts print theirs in another
(``article > header > h1 > a``). The headline place is the dated posts' own, so the posts stay
posts and the undated pages no posts."""

from __future__ import annotations

from scraper.sitemodel import SiteModels

NAV = (
    '<div class="navbar"><a class="navbar-brand" href="/">MONARC</a><ul>'
    + "".join(
        f'<li><a href="/{s}/">{s.title()}</a></li>' for s in ("news", "documentation", "community")
    )
    + "</ul></div>"
)
FOOT = "<footer><p>Content CC BY-SA 4.0. Powered by Pelican.</p></footer>"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September"]


def _prose(topic: str, n: int) -> str:
    return "".join(
        f"<p>Part {i} about {topic} {n}: what the analysis covers, how the risks are rated and "
        f"which measures the organisation takes after the assessment is finished.</p>"
        for i in range(7)
    )


def _doc(n: int) -> str:
    title = f"Guide chapter {n}"
    return (
        f"<!DOCTYPE html><html><head><title>{title} - MONARC</title></head><body>{NAV}"
        f'<div class="container"><div class="row"><div class="col-sm-9"><section class="body">'
        f'<h1 class="entry-title">{title}</h1><div class="entry-content">{_prose("the guide", n)}'
        f"</div></section></div></div></div>{FOOT}</body></html>"
    )


def _news(n: int) -> str:
    title = f"MONARC 2.{n}.0 released"
    day = f"{MONTHS[n % 9]} {n + 1}, 2020"
    iso = f"2020-{n % 9 + 1:02d}-{n + 1:02d}"
    return (
        f"<!DOCTYPE html><html><head><title>{title} - MONARC</title></head><body>{NAV}"
        '<div class="container"><div class="row"><div class="col-sm-9"><section id="content">'
        f'<article><header class="page-header"><h1><a href="/news/{n}/" rel="bookmark">{title}'
        '</a></h1></header><div class="entry-content"><footer class="post-info"><span>Date'
        f'</span> <time datetime="{iso}">{day}</time></footer>{_prose("release", n)}</div>'
        f"</article></section></div></div></div>{FOOT}</body></html>"
    )


def test_the_dated_posts_headline_place_is_learned_and_posts_stay_posts() -> None:
    docs = [(f"http://p/documentation/chapter-{n}/", _doc(n)) for n in range(14)]
    news = [
        (f"http://p/news/2020/{n % 9 + 1:02d}/{n + 1:02d}/release-{n}/", _news(n)) for n in range(7)
    ]
    models = SiteModels(None)
    decided = models.learn("p", docs + news)
    model = models.models["p"]
    assert model.title_place and model.title_place.endswith("header.page-header/h1")
    for url, _ in news:
        assert decided[url].page_kind == "article", url
    assert all(decided[url].page_kind == "other" for url, _ in docs)


def _linked_news(n: int) -> str:
    """A post that links away (Docusaurus: its headline an <h2> linking to the post elsewhere)."""
    return (
        _news(n)
        .replace('<header class="page-header"><h1>', '<header class="page-header"><h2>')
        .replace("</a></h1></header>", "</a></h2></header>")
    )


def test_posts_of_two_layouts_keep_the_vote_of_all_the_articles() -> None:
    # 5 of the 7 dated posts show their headline in an <h1>, 2 in an <h2>: no place nearly all
    # the dated ones agree on, so the place is voted by all the articles, as before
    docs = [(f"http://p/documentation/chapter-{n}/", _doc(n)) for n in range(14)]
    news = [
        (
            f"http://p/news/2020/{n % 9 + 1:02d}/{n + 1:02d}/release-{n}/",
            (_linked_news if n < 2 else _news)(n),
        )
        for n in range(7)
    ]
    models = SiteModels(None)
    models.learn("p", docs + news)
    place = models.models["p"].title_place
    assert place is None or place.endswith("h1.entry-title"), place
