"""A byline that opens with the post's date and names its writers after "by".

react.dev's blog prints "June 8, 2021 by Andrew Clark, Brian Vaughn, and Seth Webster" as the
post's first paragraph, with no class that says byline; many blog themes print "March 3, 2020
by Jo Roe" the same way. "Posted on <date> by" was read; a bare date before "by" was not. The
date must be a whole one (day, month and year): "2021 by the numbers" is a sentence."""

from __future__ import annotations

from post_page import post_authors

from scraper.extractor.metadata import _with_co_writers


def _authors(line: str) -> tuple[str, ...]:
    return post_authors(f"<p>{line}</p>", article=True)


def test_a_date_then_by_then_linked_writers_names_them_all() -> None:
    line = (
        "June 8, 2021 by <a href='/a'>Andrew Clark</a>, <a href='/b'>Brian Vaughn</a>, "
        "and <a href='/c'>Seth Webster</a>"
    )
    assert _authors(line) == ("Andrew Clark", "Brian Vaughn", "Seth Webster")


def test_dates_written_other_ways_before_by() -> None:
    assert _authors("June 8, 2021 by Jane Doe") == ("Jane Doe",)
    assert _authors("2021-06-08 by Jane Doe") == ("Jane Doe",)
    assert _authors("Tuesday, 8 June 2021 — by Jane Doe") == ("Jane Doe",)


def test_a_sentence_opening_with_a_date_names_no_writer() -> None:
    assert _authors("2021 by the numbers: what the team shipped this year") == ()
    assert _authors("March 3, 2020 by which time the servers had been moved") == ()


def test_the_label_is_not_counted_against_the_names_length() -> None:
    """Four writers after a long date: the names fit a byline's length, the label aside."""
    line = (
        "December 21, 2020 by <a href='/a'>Dan Abramov</a>, <a href='/b'>Lauren Tan</a>, "
        "<a href='/c'>Joseph Savona</a>, and <a href='/d'>Sebastian Markbage</a>"
    )
    assert _authors(line) == ("Dan Abramov", "Lauren Tan", "Joseph Savona", "Sebastian Markbage")


def test_a_labelled_byline_in_the_post_names_its_first_writers_co_writers() -> None:
    """The ranker judges a candidate by its first name: "Dan Abramov" alone (a profile link,
    a name line) and the byline naming him and his co-writer score alike. A labelled text in
    the post names the byline's whole list; one outside it (a card of another story, "by Ann
    Lee, Bo Chen, and Jo Roe") does not."""
    one = ("scan name line", ("Dan Abramov",), {})
    both = ("scan by text", ("Dan Abramov", "Rachel Nabors"), {"scan:in_post": 1.0})
    assert _with_co_writers([one, both], 0) == 1
    card = ("scan by text", ("Dan Abramov", "Rachel Nabors"), {"scan:in_post": 0.0})
    assert _with_co_writers([one, card], 0) == 0
