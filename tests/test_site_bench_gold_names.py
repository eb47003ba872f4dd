"""The real-blog benchmark's gold bylines are parted into names as written in their language:
"Louis und Yannik", "Geno + Oliver" and "Petra Vondrová, Pavlína Froňková a Petr Messner" name
two and three writers, each of which must be found; a lower-case word between lower-case words
parts nothing."""

from __future__ import annotations

import pytest

from benchmarks.site_bench import gold_authors


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Jo Roe, Bo Chen and Al Poe", {"jo roe", "bo chen", "al poe"}),
        ("Louis und Yannik", {"louis", "yannik"}),
        ("Geno + Oliver", {"geno", "oliver"}),
        (
            "Petra Vondrová, Pavlína Froňková a Petr Messner",
            {"petra vondrová", "pavlína froňková", "petr messner"},
        ),
        ("@phil-opp", {"phil-opp"}),
        ("C++ Team", {"c++ team"}),
        ("Maria a silva", {"maria a silva"}),
    ],
)
def test_gold_bylines_part_into_names(byline: str, names: set[str]) -> None:
    assert gold_authors(byline) == names
