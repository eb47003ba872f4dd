"""A date line that opens with an adverb is no byline (round fifty-six: jekyll-abseil prints
"Originally posted as TotW #172 on December 11, 2019" above "By Aaron Jacobs"). The words
before a date line's verb name a writer ("Jo Roe posted on <date>"), but "Originally",
"First" or "Previously" are how the line begins, not who wrote it. The site model learns
both lines as the byline place and read "Originally" as a second writer on every post. A
real crawl on 127.0.0.1 and the name reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import crawled_posts, write_pages

from scraper.extractor.authors import clean_authors

WRITERS = ("Aaron Jacobs", "Hyrum Wright", "Titus Winters", "Andy Soffer")


@pytest.mark.parametrize(
    "line",
    [
        "Originally posted as TotW #172 on December 11, 2019",
        "Originally posted on December 11, 2019",
        "First published on May 3, 2020",
        "Previously posted on 2020-05-03",
    ],
)
def test_an_adverb_opening_a_date_line_is_no_writer(line: str) -> None:
    assert clean_authors([line]) == ()


def test_a_name_before_a_date_lines_verb_is_still_the_writer() -> None:
    assert clean_authors(["Jane Roe posted on May 3, 2020"]) == ("Jane Roe",)


def _post(number: int) -> str:
    writer = WRITERS[number % len(WRITERS)]
    body = "".join(
        f"<p>Tip {number}, part {i}: prefer the simplest interface that works, measure before"
        " you optimise, and write the test that shows the bug before you fix it.</p>"
        for i in range(7)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Tip of the Week #{number}</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/tips/">Tips</a></nav>'
        f'<div class="markdown"><h1>Tip of the Week #{number}: Designated Initializers</h1>'
        f"<p>Originally posted as TotW #{number} on December {number % 28 + 1}, 2019</p>"
        f'<p><em>By <a href="mailto:w@example.org">{writer}</a></em></p>'
        f"<p>Updated 2020-04-06</p>{body}</div>"
        "<footer><p>CC BY 4.0</p></footer></body></html>"
    )


def test_a_crawled_sites_posts_name_their_writer_alone(tmp_path: Path) -> None:
    paths = [f"tips/{n}/index.html" for n in range(100, 124)]
    links = "".join(f'<li><a href="/{p.removesuffix("index.html")}">Tip</a></li>' for p in paths)
    pages = {path: _post(n) for n, path in zip(range(100, 124), paths, strict=True)}
    write_pages(
        tmp_path / "site", pages | {"index.html": f"<html><body><ul>{links}</ul></body></html>"}
    )
    posts = crawled_posts(tmp_path / "site", tmp_path / "out")
    assert {p.removesuffix("index.html") for p in paths} <= set(posts)
    wrong = {
        path: a.authors
        for path, a in posts.items()
        if a.authors != (WRITERS[int(path.split("/")[1]) % len(WRITERS)],)
    }
    assert wrong == {}
