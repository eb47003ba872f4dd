"""A page whose head types nothing (older markup): its shape may stand in for a declaration."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scraper import extract
from scraper.extractor.articleshape import (
    SHAPE_NAMES,
    ArticleShape,
    PageEvidence,
    load_article_shape,
    shape_row,
    shipped_article_shape,
)
from scraper.extractor.body import (
    analyse_page,
    ladder_bounds,
    page_evidence,
    redeclare,
    shape_may_declare,
)
from scraper.extractor.jsonld import types_page_in
from scraper.extractor.parse import parse_html
from scraper.extractor.render import Line

PROSE = (
    "The council voted on Tuesday night to rebuild the harbour wall before the winter storms, "
    "after engineers warned that the old stones could give way in one more bad season. "
)
TEASER = "<li><a href='/news/{n}'>Another story about the town, number {n}</a></li>"
STORY_URL = "https://news.example.org/2009/03/14/council-votes-to-rebuild-the-harbour-wall.html"
NONE = PageEvidence()


BYLINE = "<p class='byline'>By Jane Whitfield, March 14, 2009</p>"


def story(head: str = "", byline: bool = False) -> str:
    """A news story as a 2009 page writes it: no sections, no head data, teasers beside it;
    ``byline``: its writer and day printed under the headline."""
    paragraphs = (BYLINE if byline else "") + "".join(f"<p>{PROSE * 2}</p>" for _ in range(4))
    teasers = "".join(TEASER.format(n=n) for n in range(8))
    return (
        f"<html><head><title>Council votes</title>{head}</head><body>"
        "<div id='top'><a href='/'>Home</a> <a href='/news'>News</a></div>"
        f"<div id='content'><h1>Council votes to rebuild the harbour wall</h1>{paragraphs}</div>"
        f"<div id='more'><h3>More news</h3><ul>{teasers}</ul></div>"
        "</body></html>"
    )


def parsed(html: str):
    root = parse_html(html)
    assert root is not None
    return root


@pytest.mark.parametrize(
    ("head", "typed"),
    [
        ('<meta property="og:type" content="article">', True),
        ('<meta property="og:type" content="website">', True),
        ('<script type="application/ld+json">{"@type": "WebPage"}</script>', True),
        ('<meta property="og:title" content="Council votes">', False),
        ("", False),
    ],
)
def test_a_head_types_the_page_only_with_og_type_or_json_ld(head: str, typed: bool) -> None:
    root = parsed(story(head))
    assert types_page_in(root.iter("meta", "script")) is typed


def test_shape_row_reads_the_url_and_the_lines() -> None:
    ladder = [Line(PROSE, "p"), Line("Read more", "p", link_chars=9)]
    lines = [*ladder, Line("Home", "li", link_chars=4)]
    row = dict(zip(SHAPE_NAMES, shape_row(ladder, lines, False, STORY_URL, NONE), strict=True))
    assert len(row) == len(SHAPE_NAMES)
    assert row["url_depth"] == 4.0  # 2009 / 03 / 14 / slug
    assert row["url_hyphens"] == STORY_URL.rsplit("/", 1)[1].count("-")
    assert row["url_digits"] == 1.0 and row["url_page"] == 1.0 and row["url_root"] == 0.0
    assert row["ladder_lines"] == pytest.approx(np.log1p(2))
    assert row["page_links"] == pytest.approx(13 / sum(len(line.text) for line in lines))
    for home_url in ("https://x.org/", "https://x.org"):
        home = dict(zip(SHAPE_NAMES, shape_row(ladder, lines, False, home_url, NONE), strict=True))
        assert home["url_root"] == 1.0 and home["url_depth"] == 0.0
    # no URL, or one that does not parse: the URL's signals are zeros, never an error
    for url in (None, "http://[::1"):
        bare = dict(zip(SHAPE_NAMES, shape_row(ladder, lines, False, url, NONE), strict=True))
        assert bare["url_depth"] == bare["url_root"] == bare["url_slug"] == 0.0


def test_the_metadata_evidence_is_two_signals_of_the_row() -> None:
    lines = [Line(PROSE, "p")]
    for dated in (False, True):
        for signed in (False, True):
            evidence = PageEvidence(dated=dated, signed=signed)
            row = dict(
                zip(SHAPE_NAMES, shape_row(lines, lines, False, None, evidence), strict=True)
            )
            assert row["page_dated"] == float(dated) and row["page_signed"] == float(signed)


def test_page_evidence_is_what_the_metadata_decides() -> None:
    """A dated, signed story gives both; a page with neither gives neither."""
    signed = story(byline=True)
    assert page_evidence(parsed(signed), STORY_URL) == PageEvidence(dated=True, signed=True)
    assert page_evidence(parsed(story()), None) == PageEvidence()


def test_extract_hands_its_own_metadata_to_the_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    """``extract`` reads the metadata once: the shape model gets its verdicts, and the body
    never reads them a second time."""
    from scraper.extractor import body

    seen: list[PageEvidence] = []
    real = body.shape_signals
    monkeypatch.setattr(
        body,
        "shape_signals",
        lambda page, url, evidence: seen.append(evidence) or real(page, url, evidence),
    )
    monkeypatch.setattr(body, "page_evidence", lambda root, url: pytest.fail("read twice"))
    article = extract(story(byline=True), STORY_URL)
    assert article.authors and article.date_published
    assert seen == [PageEvidence(dated=True, signed=True)]


def test_the_shipped_model_loads_and_refuses_other_signals(tmp_path: Path) -> None:
    shape = shipped_article_shape()
    assert shape is not None and shape.coef.shape == (len(SHAPE_NAMES),)
    assert 0.0 < shape.threshold < 1.0
    wrong = tmp_path / "shape.npz"
    np.savez(
        wrong,
        mean=np.zeros(2),
        scale=np.ones(2),
        coef=np.zeros(2),
        intercept=np.array(0.0),
        threshold=np.array(0.5),
        feature_names=np.array(["a", "b"]),
    )
    with pytest.raises(ValueError, match="signals"):
        load_article_shape(wrong)


def always(says: bool) -> ArticleShape:
    """A model that says ``says`` of every page (its intercept alone decides)."""
    n = len(SHAPE_NAMES)
    return ArticleShape(np.zeros(n), np.ones(n), np.zeros(n), 30.0 if says else -30.0, 0.5)


def test_only_a_page_whose_head_types_nothing_is_declared_by_its_shape() -> None:
    undeclared = analyse_page(parsed(story()), all_blocks=True, url=STORY_URL, shape=always(True))
    assert not undeclared.head_typed and undeclared.declared_article
    website = '<meta property="og:type" content="website">'
    typed = analyse_page(parsed(story(website)), all_blocks=True, url=STORY_URL, shape=always(True))
    assert typed.head_typed and not typed.declared_article
    said_no = analyse_page(parsed(story()), all_blocks=True, url=STORY_URL, shape=always(False))
    assert not said_no.declared_article
    # the trainer's examples are cut without a shape model: the page's own declaration
    plain = analyse_page(parsed(story()), all_blocks=True)
    assert not plain.declared_article and shape_may_declare(plain)


def test_a_declaration_by_shape_gives_the_share_a_declared_page_gets() -> None:
    declared_html = story('<meta property="og:type" content="article">')
    declared = analyse_page(parsed(declared_html), all_blocks=True)
    page = analyse_page(parsed(story()), all_blocks=True)
    # the story's ladder is short: undeclared, it does not bound the body, so no share is taken
    assert not ladder_bounds(False, page.heuristic) and page.ladder_share == 0.0
    assert page.text_chars > 0 and declared.ladder_share > 0.0
    redeclare(page, True)
    assert page.declared_article
    assert page.ladder_share == pytest.approx(declared.ladder_share)


def test_extract_reads_an_old_news_page_as_its_declared_twin() -> None:
    """The shipped shape model takes the 2009 story for an article, so ``extract`` keeps the
    same text as for the same page with an og:type "article": the teasers stay out."""
    old = extract(story(), STORY_URL).text
    twin = extract(story('<meta property="og:type" content="article">'), STORY_URL).text
    assert old == twin
    assert "Another story about the town" not in old
    assert old.count("harbour wall") >= 4


@pytest.mark.parametrize(
    ("head", "asked"),
    [
        ("", True),
        ('<meta property="og:type" content="website">', False),
        ('<script type="application/ld+json">{"@type": "WebPage"}</script>', False),
    ],
)
def test_extract_asks_the_shape_only_where_the_head_types_nothing(
    monkeypatch: pytest.MonkeyPatch, head: str, asked: bool
) -> None:
    """Through ``extract`` (metadata read first, on the same tree): the head's types are
    still seen, so a page that says it is a website is never declared by its shape."""
    from scraper.extractor import body

    calls: list[bool] = []
    monkeypatch.setattr(body, "redeclare", lambda page, declared: calls.append(declared))
    extract(story(head), STORY_URL)
    assert calls == ([True] if asked else [])


def story_with_teasers() -> str:
    """The 2009 story with a column of teasers: six linked headings, three "Read more" links,
    two of the page-kind rules' signs of a page of excerpts."""
    teasers = "".join(
        f"<h3><a href='/news/{n}'>Another story about the town, number {n}</a></h3>"
        f"<a href='/news/{n}'>Read more</a>"
        for n in range(6)
    )
    return story().replace("<div id='more'>", f"<div id='more'>{teasers}")


@pytest.mark.parametrize("says", [True, False])
def test_the_page_kind_reads_a_declaration_by_shape(
    monkeypatch: pytest.MonkeyPatch, says: bool
) -> None:
    """Where the head types nothing, the shape's verdict is read as an article type would be:
    a story beside a column of teasers is an article, not a listing (the crawler exports only
    articles)."""
    from scraper.extractor import body

    monkeypatch.setattr(body, "shipped_article_shape", lambda: always(says))
    article = extract(story_with_teasers(), STORY_URL)
    assert article.page_kind == ("article" if says else "listing")
    assert "harbour wall" in article.text


WEBPAGE = '<script type="application/ld+json">{"@type": "WebPage"}</script>'


def test_the_shape_reads_every_page_that_declares_no_article() -> None:
    """A page typed only as a WebPage gets the shape's probability (for the page kind) but is
    never declared by it; a declared article is not read at all."""
    typed = analyse_page(parsed(story(WEBPAGE)), all_blocks=True, url=STORY_URL, shape=always(True))
    assert typed.head_typed and not typed.declared_article
    assert typed.shape_probability == pytest.approx(1.0)
    declared_html = story('<meta property="og:type" content="article">')
    declared = analyse_page(parsed(declared_html), all_blocks=True, shape=always(False))
    assert declared.declared_article and declared.shape_probability is None


def test_extract_exports_the_typed_story_unless_its_shape_rules_it_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through ``extract``: the shipped shape model keeps the 2009 story typed as a WebPage an
    article; a model that rules it out makes it another page, with the same text."""
    from scraper.extractor import body

    kept = extract(story(WEBPAGE), STORY_URL)
    assert kept.page_kind == "article"
    monkeypatch.setattr(body, "shipped_article_shape", lambda: always(False))
    vetoed = extract(story(WEBPAGE), STORY_URL)
    assert vetoed.page_kind == "other" and vetoed.text == kept.text
