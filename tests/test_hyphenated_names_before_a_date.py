"""A byline line that ends with its date ("By Jacob Hoffman-Andrews · October 1, 2021", Let's
Encrypt's blog): the date is cut off at the first separator, and a hyphen between two letters
is none: it joins the parts of a double surname, which stays whole. A spaced dash still sets
the date apart ("Jo Roe - May 2, 2025")."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extractor.authors import clean_authors


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Jacob Hoffman-Andrews · October 1, 2021", ("Jacob Hoffman-Andrews",)),
        ("Jacob Hoffman-Andrews, October 1, 2021", ("Jacob Hoffman-Andrews",)),
        (
            "Shannon Robinson, Sarah Gran and Jonathan Weber-Mendez · February 5, 2026",
            ("Shannon Robinson", "Sarah Gran", "Jonathan Weber-Mendez"),
        ),
        ("Jo Roe - May 2, 2025", ("Jo Roe",)),
        ("Jo Roe — 12:30", ("Jo Roe",)),
        ("Anne-Marie Slaughter | 2024", ("Anne-Marie Slaughter",)),
    ],
)
def test_a_double_surname_before_the_date_stays_whole(raw: str, expected: tuple[str, ...]) -> None:
    assert clean_authors([raw], None) == expected


def test_extract_reads_the_whole_surname_from_a_dated_byline() -> None:
    prose = "".join(
        f"<p>Paragraph {i}: certificates, chains and what clients should trust when a root "
        "expires, with the steps site operators can take.</p>"
        for i in range(8)
    )
    page = (
        "<!DOCTYPE html><html><head><title>Certificate chaining help</title></head><body><main>"
        '<section class="post-hero"><h1 class="post-hero__title">Certificate chaining help</h1>'
        '<div class="post-hero__meta">By Jacob Hoffman-Andrews · <time datetime="2021-10-01">'
        f"October 1, 2021</time></div></section><article>{prose}</article></main></body></html>"
    )
    candidates = clean_authors(["By Jacob Hoffman-Andrews · October 1, 2021"], None)
    assert candidates == ("Jacob Hoffman-Andrews",)
    assert "Jacob Hoffman" not in extract(page, "https://h/2021/10/01/chaining.html").authors
