"""A site whose ``<meta name="author">`` names each post's own writer (jekyll-seo-tag, Minimal
Mistakes): where the sample's posts given a writer nearly all declare that writer (however the
byline spells the name: "Mohammad Asif Siddiqui" for "Asif Siddiqui"), and the tag names more
than one writer over the sample, a post no writer was given to (its page gate withholds a meta
tag alone, and the post prints no byline) takes the one its tag declares. A tag naming one
writer on every post (a site's owner or team) teaches nothing."""

from __future__ import annotations

from lxml import html

from scraper.models import Article
from scraper.sitemodel.model import SiteModel, with_declared_writers
from scraper.sitemodel.refine import PageFacts, declared_writers, refine

WRITERS = ("Dean Lee", "Willem Jiang", "Sean Yin", "Zen Lin", "Li Bo")


def _post(n: int, authors: tuple[str, ...]) -> Article:
    return Article(url=f"http://h/docs/post-{n}/", title=f"Post {n}", authors=authors, text="x")


def _sample(declared: list[tuple[str, ...]]) -> list[tuple[Article, tuple[str, ...]]]:
    return [(_post(n, names), names) for n, names in enumerate(declared)]


def test_a_meta_tag_naming_each_posts_writer_gives_a_post_its_writer() -> None:
    sample = _sample([(WRITERS[n % 5],) for n in range(12)])
    sample.append((_post(12, ("Mohammad Asif Siddiqui",)), ("Asif Siddiqui",)))
    sample.append((_post(13, ()), ("Mabin",)))  # (withheld: teaches nothing either way)
    model = with_declared_writers(SiteModel(host="h"), sample)
    assert model.declared_writers
    assert SiteModel.from_json(model.to_json()).declared_writers
    facts = PageFacts(url="http://h/docs/post-13/", title=None, declared=("Mabin",))
    assert refine(_post(13, ()), facts, model).authors == ("Mabin",)
    given = refine(
        _post(2, ("Sean Yin",)), PageFacts("http://h/docs/post-2/", None, declared=("X Y",)), model
    )
    assert given.authors == ("Sean Yin",)  # a writer given stays


def test_one_name_on_every_post_or_a_tag_that_disagrees_teaches_nothing() -> None:
    owner = _sample([("Site Team",)] * 6)
    owner = [(_post(n, ("Site Team",)), names) for n, (_, names) in enumerate(owner)]
    assert not with_declared_writers(SiteModel(host="h"), owner).declared_writers
    wrong = [
        (_post(n, (WRITERS[n % 5],)), ("Apple Inc.", "Jo Roe")[n % 2 : n % 2 + 1])
        for n in range(10)
    ]
    assert not with_declared_writers(SiteModel(host="h"), wrong).declared_writers


def test_the_writers_a_page_declares() -> None:
    page = html.fromstring(
        '<html><head><meta name="author" content="Zen Lin, Bao Liu"></head>'
        "<body><p>x</p></body></html>"
    )
    assert declared_writers(page.find("body/p")) == ("Zen Lin", "Bao Liu")
    assert declared_writers(html.fromstring("<html><body><p>x</p></body></html>")) == ()
