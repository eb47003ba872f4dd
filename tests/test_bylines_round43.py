"""Bylines and list pages as more small sites print them:
- a nickname between a first and a last name ("Robert (Bob) Turner") is part of the name as
  printed, where a role or handle after the name ("Jo Roe (Editor)") is not;
- a meta paragraph that gives its day, then its writers ("April 24, 2020 - Jo Roe, Bo Chen");
- the same line loose after a subtitle heading, where a template's ``<p class="meta"><h2>``
  made the parser close the paragraph at the ``<h2>``;
- jekyll-paginate's ``/blog/page2/`` is a list's second page, never a post, also where the
  site model reads the section's pages as dated posts."""

from __future__ import annotations

from scraper import extract
from scraper.extractor.authors import clean_authors
from scraper.extractor.explain import explain
from scraper.sitemodel import SiteModels


def _candidates(html: str, url: str) -> list[str]:
    return [value for _, value in explain(html, url).metadata["authors"].candidates]


def test_a_nickname_between_first_and_last_name_is_kept() -> None:
    assert clean_authors(["Robert (Bob) Turner"], None) == ("Robert (Bob) Turner",)
    assert clean_authors(["By Paramita (Guha) Ghosh"], None) == ("Paramita (Guha) Ghosh",)
    assert clean_authors(["Robert (Bob) Turner and Jo Roe"], None) == (
        "Robert (Bob) Turner",
        "Jo Roe",
    )
    assert clean_authors(["Jo Roe (Editor)"], None) == ("Jo Roe",)
    assert clean_authors(["Andreas Rumpf (Araq)"], None) == ("Andreas Rumpf",)
    assert clean_authors(["Jo Roe (@jroe) Bo Chen (@bchen)"], None) == ("Jo Roe", "Bo Chen")


def _prose(n: int) -> str:
    return "".join(
        f"<p>Paragraph {i} of {n}: what workshop {n} taught, who came, and what we change "
        f"next time for the learners and the helpers in room {n + i}.</p>"
        for i in range(8)
    )


PROSE = _prose(0)


def _meta_post(meta: str) -> str:
    return (
        "<!DOCTYPE html><html><head><title>Rebase vs merge - Refinery</title></head><body>"
        '<div class="uk-container"><div class="markdown"><article class="uk-article">'
        '<h1 class="uk-article-title"><a href="">Rebase vs merge</a></h1>\n'
        f'<p class="uk-article-meta">{meta}</p><hr>{PROSE}</article></div></div></body></html>'
    )


def test_a_meta_line_of_a_day_then_its_writers() -> None:
    html = _meta_post("\n  April 24, 2020\n  \n    - Bjørn Lindi, Juho Lehtonen\n  ")
    assert "Bjørn Lindi, Juho Lehtonen" in _candidates(html, "http://h/blog/rebase/")


def test_a_meta_line_loose_after_a_subtitle_the_parser_moved_out_of_its_paragraph() -> None:
    html = _meta_post(
        "\n  <h2>We do not start on the command line anymore.</h2>\n  April 19, 2024\n"
        "  \n    - Radovan Bast\n  "
    )
    assert "Radovan Bast" in _candidates(html, "http://h/blog/rebase/")


def test_a_subtitle_with_a_year_is_no_deck_and_a_body_heading_is_not_read() -> None:
    html = _meta_post("\n  <h2>The 2024 plan for the lessons.</h2>\n  Radovan Bast wrote it\n")
    assert "Radovan Bast" not in _candidates(html, "http://h/blog/rebase/")


def _blog_page(n: int, posts: range) -> str:
    items = "".join(
        f'<div class="post"><h2><a href="/2019/10/{p:02d}/post-{p}.html">Post {p} on '
        f'research software</a></h2><p class="date"><time datetime="2019-10-{p:02d}">{p} '
        f"October 2019</time></p>{_prose(p)}</div>"
        for p in posts
    )
    return (
        "<!DOCTYPE html><html><head><title>RSE Blog</title></head><body>"
        '<nav class="menu"><a href="/">RSE</a> <a href="/blog/">Blog</a></nav>'
        f'<main class="blog">{items}<a href="/blog/page{n + 1}/">Older</a></main></body></html>'
    )


def test_a_paginated_lists_page_is_never_a_post() -> None:
    page = _blog_page(2, range(1, 2))  # one long teaser: read alone it looks like a post
    assert extract(page, "http://h/blog/page2/").page_kind != "article"
    assert extract(page, "http://h/blog/page2/index.html").page_kind != "article"


def test_the_site_model_keeps_a_lists_dated_pages_lists() -> None:
    def post(p: int) -> str:
        return (
            f"<!DOCTYPE html><html><head><title>Post {p} - RSE Blog</title>"
            '<meta property="og:type" content="article"></head><body>'
            '<nav class="menu"><a href="/">RSE</a> <a href="/blog/">Blog</a></nav>'
            f'<main class="blog"><article><h1>Post {p} on research software</h1>'
            f'<p class="date">{p} October 2019</p>{_prose(p)}</article></main></body></html>'
        )

    pages = [(f"http://h/blog/2019-10-{p:02d}-post-{p}/", post(p)) for p in range(1, 21)]
    pages += [(f"http://h/blog/page{n}/", _blog_page(n, range(n, n + 1))) for n in range(2, 8)]
    decided = SiteModels(None).learn("h", pages)
    for n in range(2, 8):
        assert decided[f"http://h/blog/page{n}/"].page_kind != "article", n
