"""A blog that prints no date on its posts (a Gatsby theme dates them only in their addresses and
in the listings' cards): where most of the sample's dated posts are dated the day their address
names (``/2014/01/29/slug/``), the site model dates every post by its address, also those whose
page gives no date or mentions another day in its text. A site whose posts' addresses name
other days than their dates learns no such rule."""

from __future__ import annotations

import dataclasses

from scraper.models import Article
from scraper.sitemodel.model import SiteModel, menu_path, url_shape, with_url_dates
from scraper.sitemodel.refine import PageFacts, refine


def _url(n: int) -> str:
    return f"http://h/{2014 + n // 12}/{n % 12 + 1:02d}/{n % 27 + 1:02d}/post-{n}/"


def _day(n: int) -> str:
    return f"{2014 + n // 12}-{n % 12 + 1:02d}-{n % 27 + 1:02d}"


def _post(n: int, date: str | None) -> Article:
    return Article(url=_url(n), title=f"Post {n}", date_published=date, text="Crowdsourcing.")


def _sample(dates: dict[int, str | None]) -> list[tuple[str, Article]]:
    return [(_url(n), _post(n, date)) for n, date in dates.items()]


def test_posts_dated_by_their_address_teach_the_rule() -> None:
    dates: dict[int, str | None] = {n: _day(n) for n in range(9)}
    dates.update({9: None, 10: None, 11: "2013-06-13"})  # undated, and a day the text mentions
    model = with_url_dates(SiteModel(host="h"), _sample(dates))
    assert model.url_dates
    assert SiteModel.from_json(model.to_json()).url_dates
    for n in (9, 10, 11):
        dated = refine(_post(n, dates[n]), PageFacts(url=_url(n), title=None), model)
        assert dated.date_published == _day(n), n
    kept = refine(_post(3, _day(3) + "T10:00:00+01:00"), PageFacts(url=_url(3), title=None), model)
    assert kept.date_published == _day(3) + "T10:00:00+01:00"  # (the same day: kept as read)


def test_the_day_the_page_prints_where_posts_print_theirs_still_wins() -> None:
    model = SiteModel(host="h", url_dates=True, date_place="body/article/p.date")
    facts = PageFacts(url=_url(2), title=None, date_texts=("March 5, 2015",))
    assert refine(_post(2, None), facts, model).date_published == "2015-03-05"


def test_addresses_that_name_other_days_teach_nothing() -> None:
    later = {n: f"{2015 + n // 12}-01-{n % 27 + 1:02d}" for n in range(9)}
    assert not with_url_dates(SiteModel(host="h"), _sample(later)).url_dates
    few = {n: _day(n) for n in range(4)}  # too few to tell
    assert not with_url_dates(SiteModel(host="h"), _sample(few)).url_dates
    undated = Article(url="http://h/about/", title="About", text="Who we are.")
    assert (
        refine(
            undated,
            PageFacts(url="http://h/about/", title=None),
            SiteModel(host="h", url_dates=True),
        ).date_published
        is None
    )


def test_a_post_the_menu_links_to_stays_a_post_where_addresses_date_posts() -> None:
    """A series' first post, which every later post links to by a short "day 1" in a paragraph
    they all repeat, reads as a page of the site's menu; its address names a day where the
    site's posts are dated by theirs, so it is still a post (an "About" has no such address)."""
    first = "http://h/2015/12/08/dia-1-introducao.html"
    about = "http://h/about.html"
    model = SiteModel(
        host="h",
        pages=30,
        kinds={url_shape(first): {"article": 25}, url_shape(about): {"article": 3}},
        menu_paths=frozenset({menu_path(first), menu_path(about)}),
        url_dates=True,
    )
    post = Article(url=first, title="Dia 1", date_published="2015-12-08", text="O índice.")
    assert refine(post, PageFacts(url=first, title=None), model).page_kind == "article"
    page = Article(url=about, title="About", text="Who we are and what the blog is for.")
    assert refine(page, PageFacts(url=about, title=None), model).page_kind == "other"
    model = dataclasses.replace(model, url_dates=False)
    assert refine(post, PageFacts(url=first, title=None), model).page_kind == "other"


def test_a_banner_s_post_named_for_a_version_is_built_like_the_other_posts() -> None:
    """A banner on every page ("Linkerd 2.20 is out! Learn more") links the newest post from
    the template, as a menu would. Its slug's version number is no file extension: the page is
    of the posts' URL shape, dated where they are, so it stays a post."""
    post = "http://h/2026/06/23/announcing-linkerd-2.20/"
    model = SiteModel(
        host="h",
        pages=30,
        kinds={url_shape("http://h/2025/01/02/a-post/"): {"article": 20}},
        menu_paths=frozenset({menu_path(post)}),
        date_place="body/main/div.meta",
    )
    facts = PageFacts(url=post, title=None, date_texts=("June 23, 2026",))
    article = Article(
        url=post, title="Linkerd 2.20", date_published="2026-06-23", text="Today, Linkerd 2.20."
    )
    assert refine(article, facts, model).page_kind == "article"
