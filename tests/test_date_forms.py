"""Dates printed in forms the scans did not read before: a month spelled out in the URL path,
"the 18th of July 2025", and a labelled date inside a sentence longer than a date line."""

from __future__ import annotations

import pytest

from scraper.extractor import parse_html
from scraper.extractor.dates import date_from_url, visible_date
from scraper.extractor.datescan import find_visible_dates
from scraper.extractor.pagemarks import walk_marks


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://example.org/blog/2023/october/03/how-many-styles/", "2023-10-03"),
        ("https://example.org/news/2021/Dec/9", "2021-12-09"),
        ("https://example.org/2014/07/09/slug", "2014-07-09"),
        ("https://example.org/2023/garden/03/slug", None),  # not a month
        ("https://example.org/2023/march/32/slug", None),  # not a day
        ("https://example.org/2023/march/slug", None),  # a month alone names no day
    ],
)
def test_a_url_with_the_month_spelled_out_names_its_day(url: str, day: str | None) -> None:
    assert date_from_url(url) == day


def test_a_day_written_with_of_is_read() -> None:
    assert visible_date("Updated on the 18th of July 2025") == "2025-07-18"


def _page(paragraphs: str) -> list:
    root = parse_html(f"<html><body><article><h1>Post</h1>{paragraphs}</article></body></html>")
    return find_visible_dates(walk_marks(root), root.find(".//article"))


def test_a_labelled_date_inside_a_long_sentence_is_a_published_candidate() -> None:
    (shown,) = _page(
        "<p>This article was originally published on 26 Sep 2019 at 4:12pm but has been "
        "regularly updated to keep the information current and accurate for every reader.</p>"
    )
    assert shown.day == "2019-09-26"
    assert shown.published and not shown.updated


def test_a_long_sentence_labelled_updated_gives_an_update() -> None:
    (shown,) = _page(
        "<p>It was last updated on the 18th of July 2025 by the editors of this publication, "
        "who check every claim twice and then once more.</p>"
    )
    assert (shown.day, shown.updated) == ("2025-07-18", True)


def test_a_date_a_long_sentence_only_talks_about_is_no_candidate() -> None:
    assert not _page(
        "<p>In a long paragraph about history, on March 3, 2020 the company announced a merger "
        "that changed the whole industry for many years to come, they said.</p>"
    )
