"""A post that names no writer still prints its date at the site's byline place: Docsy's
``td-byline`` holds only "Tuesday, May 20, 2025", an Apache site's block only "Date: 06 Mar
2017" where others add "Author: Dave Marion". The day's name and the "Date" label left once the
date is read are no writer: the post gets none, where the site model gave "Tuesday" and
"Date"."""

from __future__ import annotations

import pytest

from scraper.extractor.authors import byline_phrase, clean_authors
from scraper.models import Article
from scraper.sitemodel.model import SiteModel
from scraper.sitemodel.refine import PageFacts, refine

URL = "http://h/blog/x/"


@pytest.mark.parametrize(
    "line",
    [
        "Tuesday, May 20, 2025",
        "Date:   06 Mar 2017",
        "Date: 2019-02-28",
        "Sunday 3 March 2024",
        "Posted on Friday, 12 July 2019",
    ],
)
def test_a_byline_place_holding_a_date_alone_names_no_writer(line: str) -> None:
    model = SiteModel(host="h", pages=20, byline_place="body/div/div")
    facts = PageFacts(url=URL, title="X", byline_texts=(line,))
    assert refine(Article(url=URL, title="X"), facts, model).authors == ()
    assert clean_authors([line], None) == ()
    assert byline_phrase(line) is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("Author: Dave Marion", "Date: 06 Mar 2017"), ("Dave Marion",)),
        (("By Jean de Klerk (Google) | Tuesday, May 20, 2025",), ("Jean de Klerk",)),
        (("By Jo Date",), ("Jo Date",)),
    ],
)
def test_the_writer_beside_the_date_is_still_read(
    lines: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    model = SiteModel(host="h", pages=20, byline_place="body/div/div")
    facts = PageFacts(url=URL, title="X", byline_texts=lines)
    assert refine(Article(url=URL, title="X"), facts, model).authors == expected


def test_a_one_word_writer_at_the_place_is_still_read() -> None:
    """Where the site's posts print their writer, a handle alone is one ("lcnr")."""
    assert byline_phrase("May 20, 2025 · lcnr") == "lcnr"
