"""A page of a few teasers among the site's posts, undated (round sixty; seen on
ablog-brainglobe, a Sphinx blog with ABlog).

ABlog writes a page per place, year and category beside the posts
(``blog/location/norway.html`` beside ``blog/demba.html``): a headline ("Posts from Norway")
over the teasers of a few posts, each a linked title, an excerpt and "Read more ...". Read
alone, such a page with a few hundred words of excerpts is an article, and most of the sample's
pages of its address's shape (those naming one or two posts) were judged so: the site model
kept it one. Where the site's posts show their date and the page shows none, and its text is
the titles of three or more of the site's posts, it is a listing. A dated post that links three
others by title stays a post, and so does an undated page naming two."""

from __future__ import annotations

from scraper.models import Article
from scraper.sitemodel.model import SiteModel
from scraper.sitemodel.refine import PageFacts, refine

TITLES = (
    "An atlas of the developing mouse brain joins the atlas API",
    "An extended framework for the mouse brain has been added",
    "An atlas for the grey mouse lemur has been added",
)
MODEL = SiteModel(
    host="h",
    pages=40,
    date_place="body/main/article/p.date",
    title_place="body/main/article/h1",
    kinds={"blog/*.html": {"article": 24}, "blog/location/*.html": {"article": 6, "other": 2}},
)


def _page(titles: tuple[str, ...], date: str | None) -> tuple[Article, PageFacts]:
    url = "http://h/blog/location/norway.html"
    text = "\n".join(
        f"{title}\nResearchers published release {n} of this atlas, with annotations for many "
        "regions, and it can be downloaded through the atlas API like any other."
        for n, title in enumerate(titles)
    )
    article = Article(
        url=url, title="Posts from Norway", text=text, date_published=date, page_kind="article"
    )
    links = tuple((f"../post-{n}.html", title) for n, title in enumerate(titles))
    facts = PageFacts(url=url, title=None, headline="Posts from Norway", links=links)
    return article, facts


def test_an_undated_page_of_three_post_titles_is_a_listing() -> None:
    assert refine(*_page(TITLES, None), MODEL).page_kind == "listing"


def test_a_dated_page_or_one_naming_two_posts_stays_an_article() -> None:
    assert refine(*_page(TITLES, "2025-09-15"), MODEL).page_kind == "article"
    assert refine(*_page(TITLES[:2], None), MODEL).page_kind == "article"
