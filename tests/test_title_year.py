"""The title ranker reads whether a candidate keeps the year its page's sources state: a year
is part of a headline ("Best Laptops 2025"), and where the sources disagree the latest is the
one the updated page shows."""

from __future__ import annotations

from scraper.extractor.titles import choose_title


def _marks(sources: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    return dict(choose_title(sources, [], None).ranked)


def test_a_candidate_cut_without_the_stated_year_is_marked() -> None:
    marks = _marks(
        [("title", "15 Best Tutoring Platforms 2025"), ("h1", "15 Best Tutoring Platforms")]
    )
    assert marks["15 Best Tutoring Platforms"]["year_none"] == 1.0
    assert "year_none" not in marks["15 Best Tutoring Platforms 2025"]
    # one year stated: nothing to tell latest from stale
    assert "year_latest" not in marks["15 Best Tutoring Platforms 2025"]


def test_the_latest_of_disagreeing_years_against_a_stale_one() -> None:
    marks = _marks(
        [
            ("title", "Guide to filing your taxes in 2024"),
            ("h1", "Guide to filing your taxes in 2025"),
        ]
    )
    assert marks["Guide to filing your taxes in 2025"]["year_latest"] == 1.0
    assert marks["Guide to filing your taxes in 2024"]["year_stale"] == 1.0


def test_no_year_on_the_page_adds_no_mark() -> None:
    marks = _marks([("title", "Sudo - Wiki"), ("h1", "Sudo")])
    assert not any(name.startswith("year_") for features in marks.values() for name in features)


def test_a_number_is_not_a_year() -> None:
    marks = _marks([("title", "Shelf 301/8x575/8 model 12025"), ("h1", "Shelf")])
    assert not any(name.startswith("year_") for features in marks.values() for name in features)
