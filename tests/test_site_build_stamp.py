"""A site whose documentation pages all declare the build's time as their publication date
(jekyll-seo-tag's ``datePublished`` where a plugin dates each page by its build): several pages
that are no lists sharing one publication time to the second tell the build, not a day of their
own. With the site model those pages are undated, and so not among the site's posts; the posts
keep their own dates, also the newest, whose time its listings share."""

from __future__ import annotations

from scraper.models import Article
from scraper.sitemodel.model import Sample, SiteModel, learn_build_stamps
from scraper.sitemodel.refine import PageFacts, refine

STAMP = "2026-04-22T07:50:06-07:00"
DOCS = ("themes", "plugins", "layouts", "includes", "permalinks")


def _post(n: int) -> Article:
    return Article(
        url=f"http://h/news/2024/03/{n + 1:02d}/release-{n}/",
        title=f"Release {n} is out",
        date_published=f"2024-03-{n + 1:02d}T1{n % 10}:{10 + n:02d}:{20 + n:02d}+01:00",
        text=f"Release {n} brings faster builds and new themes for the users.",
    )


def _doc(name: str, date: str | None = STAMP) -> Article:
    return Article(
        url=f"http://h/docs/{name}/",
        title=name.title(),
        date_published=date,
        text=f"How {name} work: the files, the configuration and what each setting does.",
    )


def _samples(articles: list[Article]) -> list[Sample]:
    return [Sample(a.url or "", (), a.title, a) for a in articles]


def _site() -> list[Article]:
    newest = _post(11)
    listings = [
        Article(url=url, date_published=newest.date_published, page_kind="listing", text="x")
        for url in ("http://h/", "http://h/news/", "http://h/news/releases/")
    ]
    return [_post(n) for n in range(12)] + [_doc(name) for name in DOCS] + listings


def test_a_time_several_pages_share_to_the_second_is_the_builds() -> None:
    model = learn_build_stamps(SiteModel(host="h"), _samples(_site()))
    assert model.build_stamps == frozenset({STAMP})  # (the newest post's time: lists share it)


def test_a_page_dated_by_the_build_is_undated_and_no_post() -> None:
    model = learn_build_stamps(
        SiteModel(host="h", pages=20, dated_sections=frozenset({"news"})), _samples(_site())
    )
    for name in DOCS:
        page = refine(_doc(name), PageFacts(url=f"http://h/docs/{name}/", title=None), model)
        assert page.date_published is None, name
        assert page.page_kind == "other", name
    for n in range(12):
        post = _post(n)
        kept = refine(post, PageFacts(url=post.url or "", title=None), model)
        assert (kept.date_published, kept.page_kind) == (post.date_published, "article"), n


def test_times_set_by_hand_and_a_time_two_pages_share_are_no_stamp() -> None:
    """Front matter's round times ("10:00:00") on many posts, and a time only two share."""
    by_hand = [_doc(name, "2024-03-05T10:00:00+01:00") for name in DOCS]
    two = [_doc(name) for name in DOCS[:2]]
    for articles in (by_hand, two):
        model = learn_build_stamps(SiteModel(host="h"), _samples([*articles, _post(1)]))
        assert model.build_stamps == frozenset()


def test_the_stamps_are_kept_in_the_saved_model() -> None:
    model = SiteModel(host="h", build_stamps=frozenset({STAMP}))
    assert SiteModel.from_json(model.to_json()).build_stamps == frozenset({STAMP})
    assert SiteModel.from_json(SiteModel(host="h").to_json()).build_stamps == frozenset()
