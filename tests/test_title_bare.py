"""A title's words without the end marks a reader leaves off (trailing punctuation, quotes that
wrap it whole) are one more written form of the same candidate, marked ``form:bare``: the
ranker learns how often that form is the headline meant."""

from __future__ import annotations

from scraper.extractor.titles import choose_title


def _marks(sources: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    return dict(choose_title(sources, ["Site"], None).ranked)


def test_a_trailing_question_mark_gives_a_bare_form() -> None:
    marks = _marks(
        [("h1", "How Much is Pet Insurance?"), ("title", "How Much is Pet Insurance? | Site")]
    )
    assert marks["How Much is Pet Insurance"]["form:bare"] == 1.0
    # the written form keeps its sources and is not marked bare
    assert "form:bare" not in marks["How Much is Pet Insurance?"]
    assert marks["How Much is Pet Insurance?"]["form:h1"] == 1.0


def test_quotes_that_wrap_the_whole_title_are_left_off() -> None:
    marks = _marks([("og:title", "\u201cWhy hike heavy?\u201d")])
    assert marks["Why hike heavy?"]["form:bare"] == 1.0


def test_a_quote_that_opens_only_part_of_the_title_stays() -> None:
    marks = _marks([("h1", '"Quoted" words in a headline')])
    assert list(marks) == ['"Quoted" words in a headline']


def test_a_form_a_source_writes_is_not_offered_twice() -> None:
    marks = _marks([("h1", "Pet Insurance!"), ("og:title", "Pet Insurance")])
    assert "form:bare" not in marks["Pet Insurance"]
    assert marks["Pet Insurance"]["form:og"] == 1.0
    assert len(marks) == 2


def test_only_punctuation_is_kept_as_written() -> None:
    marks = _marks([("h1", "...")])
    assert all("form:bare" not in features for features in marks.values())
