"""A byline whose theme sets "<>" between its writers (Kowainik's Hakyll blog: "Dmitrii
Kovanikov <> Veronika Romashkina", two people who wrote together): two writers, as "&" and "+"
already part them. A name never holds "<>"."""

from __future__ import annotations

import pytest

from scraper.extractor.authors import clean_authors


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dmitrii Kovanikov <> Veronika Romashkina", ("Dmitrii Kovanikov", "Veronika Romashkina")),
        ("By Jo Roe <> Bo Chen · May 2, 2024", ("Jo Roe", "Bo Chen")),
        ("Geno + Oliver", ("Geno", "Oliver")),
        ("Jo Roe", ("Jo Roe",)),
    ],
)
def test_writers_set_apart_by_angle_brackets_are_two(raw: str, expected: tuple[str, ...]) -> None:
    assert clean_authors([raw], None) == expected
