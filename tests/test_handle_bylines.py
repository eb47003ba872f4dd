"""Round thirty-eight: bylines of accounts alone, and a date line's label (the dev archive
zola-rust-osdev: "Written by @phil-opp, @toku-sa-n, and @berkus", "Published on <time>").

A handle beside a name ("Jane Doe @janedoe") is the name's social account and is dropped; a
byline of handles alone names its writers by them. "Published on" opens a date line, and is
never a name.
"""

from __future__ import annotations

import pytest

from scraper.extractor.authors import clean_authors, is_label


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        (
            "Written by @phil-opp, @toku-sa-n, and @GabrielMajeri Published on May 07, 2022",
            ("phil-opp", "toku-sa-n", "GabrielMajeri"),
        ),
        ("Written by @valibali", ("valibali",)),
        ("By @a.b and @c_d", ("a.b", "c_d")),
    ],
)
def test_a_byline_of_handles_names_its_writers_by_them(
    byline: str, expected: tuple[str, ...]
) -> None:
    assert clean_authors([byline]) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Jane Doe @janedoe", ("Jane Doe",)),  # a name's account: dropped, as before
        ("@jdoe and Jane Roe", ("Jane Roe",)),  # a name after the handles: the name reads
        ("Published on Oct 07, 2022 (edited by @phil-opp)", ()),  # an editor is no writer
    ],
)
def test_handles_beside_names_are_still_dropped(byline: str, expected: tuple[str, ...]) -> None:
    assert clean_authors([byline]) == expected


@pytest.mark.parametrize("label", ["Published on", "Posted in", "Written at"])
def test_a_date_lines_label_is_no_name(label: str) -> None:
    # (main read "Published on" as a writer's name: two capitalised-looking words)
    assert is_label(label)
    assert clean_authors([label]) == ()
