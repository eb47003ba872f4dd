"""Round thirty-eight: two byline forms two unseen blogs print (the dev archives
pelican-datafusion and jekyll-fortran-lang).

- "Posted on: Fri 13 September 2024 by Xiangpeng Hao, Andrew Lamb": a date line that names its
  writers after the date.
- A newsletter's issue is wrapped in ``<div class="newsletter">``: a "newsletter" box is a
  sign-up form beside most posts, no place of other people's names (comments, reviews), so
  the "Authors:" line inside it is read.
"""

from __future__ import annotations

import pytest

from scraper.extractor import parse_tree
from scraper.extractor.authors import clean_authors
from scraper.extractor.authorscan import scan_authors
from scraper.extractor.metadata import gather_sources
from scraper.extractor.pagemarks import BY_TEXT_RE

PROSE = " ".join(f"Sentence {i} sums up the month's compiler news." for i in range(12))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Posted on: Fri 13 September 2024 by Xiangpeng Hao, Andrew Lamb",
            ("Xiangpeng Hao", "Andrew Lamb"),
        ),
        ("Posted on: Mon 20 July 2026 by Qi Zhu and Andrew Lamb", ("Qi Zhu", "Andrew Lamb")),
        ("Published on 2024-05-02 by Jo Roe", ("Jo Roe",)),
    ],
)
def test_a_date_line_names_its_writers_after_the_date(line: str, expected: tuple) -> None:
    assert BY_TEXT_RE.match(line)  # the page walk marks it as a byline
    assert clean_authors([line]) == expected


@pytest.mark.parametrize("line", ["Posted on March 3, 2024 in Tutorials", "Published on 2024"])
def test_a_date_line_without_by_names_no_one(line: str) -> None:
    assert clean_authors([line]) == ()


def test_an_authors_line_inside_a_newsletters_box_is_read() -> None:
    html = (
        "<html><head><title>Fortran newsletter: June 2022</title></head><body>"
        '<section><div class="container"><div class="newsletter col-wide">'
        '<a href="/news">Back to news</a><h1>Fortran newsletter: June 2022</h1>'
        "<div><p><i>June 09, 2022</i></p><p><b>Authors:</b> Milan Curcic, Alexis Perry-Holby, "
        f"Henil Panchal</p></div><p>{PROSE}</p><p>{PROSE}</p></div></div></section>"
        "</body></html>"
    )
    sources = gather_sources(parse_tree(html))
    found = scan_authors(sources.marks(), sources.post_scope(), None)
    # (main dropped the line: "newsletter" was read as a box of other people's names)
    assert ("Milan Curcic", "Alexis Perry-Holby", "Henil Panchal") in [i.names for i in found]


def _scan(body: str) -> list[tuple[str, ...]]:
    html = (
        "<html><head><title>SQL on MongoDB</title></head><body>"
        f"<article>{body}</article></body></html>"
    )
    sources = gather_sources(parse_tree(html))
    return [item.names for item in scan_authors(sources.marks(), sources.post_scope(), None)]


def test_by_in_a_sentence_or_in_code_is_no_byline() -> None:
    # (main: "default" from "By default, ... port 27017." and "city" from SQL's GROUP BY)
    prose = f"<p>{PROSE}</p><p>By default, <code>mongod</code> listens on port 27017.</p>"
    sql = '<pre><code><span class="k">GROUP</span> <span class="k">BY</span> city</code></pre>'
    assert _scan(prose + sql) == []
    assert _scan(f"<p>By Jane Doe</p><p>{PROSE}</p>") == [("Jane Doe",)]  # the yardstick
