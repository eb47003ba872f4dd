"""Two byline shapes from real blogs. Crystal's posts name their writers in like elements side
by side with nothing between them (``<div class="author-names"><span class="author-name">Juan
Wajnerman</span> <span class="author-name">Brian J. Cardiff</span></div>``), and declare
their GitHub handles ("waj,bcardiff"): the site model's byline place reads one writer per
element, where the block's text ran them into one name.
openSUSE's news prints "17. Aug 2026 | openSUSE Asia Summit Team | CC-BY-SA-3.0": a team named
by a brand written lower-case first is a team all the same."""

from __future__ import annotations

from scraper.extractor import parse_html
from scraper.extractor.authors import is_team
from scraper.extractor.authorscan import repeated_names
from scraper.extractor.bylines import clean_authors
from scraper.sitemodel import SiteModels

WRITERS = [
    ("Juan Wajnerman", "Brian J. Cardiff"),
    ("Beta Ziliani",),
    ("Johannes Müller", "Julien Portalier"),
    ("Ary Borenszweig",),
]


def _post(n: int) -> str:
    writers = WRITERS[n % len(WRITERS)]
    names = "\n".join(f'  <span class="author-name">{w}</span>' for w in writers)
    handles = ",".join((w[0] + w.split()[-1]).lower() for w in writers)  # as written: "jwajnerman"
    declared = (
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":'
        f'"BlogPosting","author":{{"@type":"Person","name":"{handles}"}},"headline":"Post {n}"}}'
        "</script>"
    )
    prose = "".join(
        f"<p>Section {i} of post {n}: the scheduler, the fibers and the event loop, and what "
        f"changes for programs that use them on every platform.</p>"
        for i in range(8)
    )
    return (
        f"<!DOCTYPE html><html><head><title>Post {n} - The Crystal Programming Language</title>"
        f'<meta name="author" content="{handles}">{declared}'
        '</head><body><header><a href="/">Crystal</a> <a href="/blog/">Blog</a></header><main>'
        f'<article class="post"><hgroup><h1 class="post-title">Post {n}</h1></hgroup><time '
        f'class="post-date" datetime="2024-03-{n + 1:02d}">{n + 1:02d} Mar 2024</time><div '
        f'class="author-names">\n{names}\n</div><div class="post__body">{prose}</div></article>'
        "</main><footer><p>Licensed under the Apache License, Version 2.0</p></footer></body>"
        "</html>"
    )


def _url(n: int) -> str:
    return f"http://crystal/2024/03/{n + 1:02d}/post-{n}/"


def test_writers_side_by_side_are_read_one_per_element() -> None:
    pages = [(_url(n), _post(n)) for n in range(20)]
    models = SiteModels(None)
    decided = models.learn("crystal", pages)
    assert models.models["crystal"].byline_place
    for n in range(20):
        assert decided[_url(n)].authors == WRITERS[n % len(WRITERS)], n


def test_a_team_named_by_a_brand_written_lower_case_first() -> None:
    assert is_team("openSUSE Asia Summit Team")
    assert is_team("iPhone Team")
    line = "17. Aug 2026 | openSUSE Asia Summit Team | CC-BY-SA-3.0"
    assert clean_authors([line], None) == ("openSUSE Asia Summit Team",)
    assert not is_team("ios team")  # lower-case throughout: no name
    assert not is_team("The news team")


def test_a_meta_line_of_a_date_and_a_writer_in_like_spans_is_no_row_of_names() -> None:
    # Nim's blog: "<h3 class="post-meta"><span>01 June 2021</span> <span>The Nim Community
    # </span></h3>" is one line, the date beside the writer (read whole, as before)
    meta = parse_html(
        '<html><body><h3 class="post-meta">\n<span><i class="far fa-calendar"></i> 01 June 2021'
        '</span>\n<span><i class="fa fa-user-circle"></i> The Nim Community</span>\n</h3>'
        "</body></html>"
    ).find(".//h3")
    assert not repeated_names(meta, None)
    names = parse_html(
        '<html><body><div class="author-names">\n<span class="author-name">Juan Wajnerman'
        '</span>\n<span class="author-name">Brian J. Cardiff</span>\n</div></body></html>'
    ).find(".//div")
    assert repeated_names(names, None)
