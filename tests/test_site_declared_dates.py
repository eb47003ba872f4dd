"""A site whose posts declare their own day in their structured data (``article:published_time``,
JSON-LD ``datePublished``): where the sample's dated posts nearly all declare the day they were
given, enough do, and the days differ, a post given no date takes the one it declares.

Last Week in Kubernetes Development prints no date: its headline names the week covered
("Week Ending August 16, 2026"). Read alone, each issue took the day its JSON-LD and meta tag
declare; with the site's template removed, the page left the extractor too little beside them
to trust them, and 16 of 25 issues came out undated. A day declared alike on every page (a
build's) teaches nothing, and a date given stays."""

from __future__ import annotations

from lxml import html

from scraper.models import Article
from scraper.sitemodel.model import SiteModel, with_declared_dates
from scraper.sitemodel.refine import PageFacts, declared_day, refine


def _day(n: int) -> str:
    return f"2026-{n % 12 + 1:02d}-{n % 27 + 1:02d}"


def _post(n: int, date: str | None) -> Article:
    return Article(url=f"http://h/2026/{n}/", title=f"Week {n}", date_published=date, text="x")


def test_posts_declaring_their_own_day_give_it_to_a_post_given_none() -> None:
    sample = [
        (_post(n, f"{_day(n)}T16:00:00+00:00"), f"{_day(n)}T16:00:00+00:00") for n in range(9)
    ]
    sample += [(_post(n, None), f"{_day(n)}T22:00:00+00:00") for n in range(9, 25)]
    model = with_declared_dates(SiteModel(host="h"), sample)
    assert model.declared_dates
    assert SiteModel.from_json(model.to_json()).declared_dates
    declared = "2026-08-20T22:00:00+00:00"
    facts = PageFacts(url="http://h/2026/30/", title=None, declared_day=declared)
    assert refine(_post(30, None), facts, model).date_published == declared
    given = refine(_post(31, "2026-08-19"), facts, model)
    assert given.date_published == "2026-08-19"  # a date given stays


def test_one_day_on_every_page_or_days_that_disagree_teach_nothing() -> None:
    build = [(_post(n, "2026-01-02"), "2026-01-02T10:00:00+00:00") for n in range(10)]
    assert not with_declared_dates(SiteModel(host="h"), build).declared_dates
    wrong = [(_post(n, _day(n)), f"{_day(n + 1)}T10:00:00+00:00") for n in range(10)]
    assert not with_declared_dates(SiteModel(host="h"), wrong).declared_dates
    few = [(_post(n, _day(n)), _day(n)) for n in range(3)]
    assert not with_declared_dates(SiteModel(host="h"), few).declared_dates
    facts = PageFacts(url="http://h/2026/30/", title=None, declared_day="2026-08-20")
    assert refine(_post(30, None), facts, SiteModel(host="h")).date_published is None


def test_the_day_a_page_declares() -> None:
    meta = html.fromstring(
        '<html><head><meta property="article:published_time" content="2026-08-20T22:00:00Z">'
        "</head><body><p>x</p></body></html>"
    )
    assert (declared_day(meta) or "")[:10] == "2026-08-20"
    ld = html.fromstring(
        '<html><head><script type="application/ld+json">{"@type": "BlogPosting", '
        '"datePublished": "2026-02-19T16:00:00+00:00"}</script></head><body><p>x</p></body></html>'
    )
    assert (declared_day(ld) or "")[:10] == "2026-02-19"
    assert declared_day(html.fromstring("<html><body><p>x</p></body></html>")) is None
