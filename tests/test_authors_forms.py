"""Author cleaning, round seventeen: a name written last name first with initials is one person,
the site's chrome (account menu, calls to action, network links) is no name, and a meta tag
about the author (its institution, its URL) is no author."""

from __future__ import annotations

import pytest

from scraper.extractor import parse_html
from scraper.extractor.authors import (
    clean_authors,
    clean_declared_authors,
    has_stray_edges,
    is_chrome,
)
from scraper.extractor.metadata import explain_metadata


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kaufman, Jeff T.", ("Jeff T. Kaufman",)),
        ("By Kaufman, Jeff T.", ("Jeff T. Kaufman",)),
        ("Doe, J. R.", ("J. R. Doe",)),
        ("O'Brien, Mary K.", ("Mary K. O'Brien",)),
        ("Smith-Jones, A. B.", ("A. B. Smith-Jones",)),
        ("Needleman, Sarah", ("Sarah Needleman",)),  # as before: one word each side
    ],
)
def test_last_name_first_with_initials_is_one_person(raw: str, expected: tuple[str, ...]) -> None:
    assert clean_authors([raw]) == expected
    assert clean_declared_authors([raw]) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ann Lee, Bo Chen and Cy Dee", ("Ann Lee", "Bo Chen", "Cy Dee")),
        ("Ann Lee, Bo C.", ("Ann Lee", "Bo C.")),  # two words before the comma: a list
        ("Jo Roe, MD", ("Jo Roe, MD",)),  # letters after a name, not a given name
    ],
)
def test_lists_and_credentials_are_not_read_as_inverted(
    raw: str, expected: tuple[str, ...]
) -> None:
    assert clean_authors([raw]) == expected
    assert clean_declared_authors([raw]) == expected


def test_a_credential_after_a_surname_is_not_a_given_name() -> None:
    assert clean_declared_authors(["Roe, Jr."]) != ("Jr. Roe",)


def test_an_oxford_comma_and_leaves_no_placeholder() -> None:
    names = clean_declared_authors(["Center for Science and Technology, and Jo Roe"])
    assert names == ("Center for Science and Technology", "Jo Roe")
    assert not any("_and_" in name for name in clean_declared_authors(["Smith, Al, and Jones, Bo"]))


@pytest.mark.parametrize(
    "raw",
    [
        "Sign Up",
        "Log In",
        "Member Login",
        "Learn More",
        "YouTube",
        "Bluesky Bluesky",
        "X",
        "View Full Profile",
        "About the Author",
        "See all posts",
        "Follow on Bluesky",
        "More By This Contributor",
    ],
)
def test_site_chrome_is_no_name(raw: str) -> None:
    assert is_chrome(raw)
    assert clean_authors([raw]) == ()
    assert clean_declared_authors([raw]) == ()


@pytest.mark.parametrize("raw", ["Hi,", "Hello everyone,", "Hey folks", "Dear all", "Bonjour"])
def test_a_letters_salutation_is_no_name(raw: str) -> None:
    """Round fifty-seven: a release note written as a letter, its "Hi," paragraph right after
    the byline paragraph, gave the post the writer "Hi"."""
    assert is_chrome(raw)
    assert clean_authors([raw]) == ()


@pytest.mark.parametrize("raw", ["Jo Hey", "Hiro Tanaka", "Dear Jo Roe"])
def test_a_name_after_or_like_a_salutation_is_kept(raw: str) -> None:
    assert not is_chrome(raw)


@pytest.mark.parametrize(
    "raw", ["Jane Share", "Al", "Printer Jones", "Jo Roe", "Thomas More", "Kate Read", "Will Judd"]
)
def test_a_name_holding_a_chrome_word_is_kept(raw: str) -> None:
    assert not is_chrome(raw)
    assert clean_authors([raw]) == (raw,)


def test_chrome_beside_a_name_in_a_byline_is_dropped() -> None:
    assert clean_authors(["Ramon Berenguer | Share"]) == ("Ramon Berenguer",)


def candidates(head: str) -> list[tuple[str, str]]:
    root = parse_html(f"<html><head>{head}</head><body><p>Text.</p></body></html>")
    return list(explain_metadata(root, "https://example.org/p/1")["authors"].candidates)


def test_a_citation_author_last_name_first_is_one_candidate() -> None:
    head = "<meta name='citation_author' content='Kaufman, Jeff T.'>"
    assert candidates(head) == [("meta citation_author", "Jeff T. Kaufman")]


def test_a_meta_tag_about_the_author_is_no_author() -> None:
    head = "<meta name='citation_author_institution' content='Department of Psychiatry'>"
    assert candidates(head) == []
    assert candidates("<meta name='og:author' content='Jo Roe'>") == [
        ("meta other author", "Jo Roe")
    ]


@pytest.mark.parametrize("raw", ["© Victor Sailer", "Marketing Hub®", "Chapters ▾", "Learn more →"])
def test_a_name_with_a_symbol_at_its_edge_is_no_name(raw: str) -> None:
    assert has_stray_edges(raw)
    assert clean_authors([raw]) == ()


@pytest.mark.parametrize("raw", ["Brian Stormont, CFP®", "Élodie Roe", "Jo Roe", "3i Global"])
def test_letters_and_a_credentials_mark_are_clean_edges(raw: str) -> None:
    assert not has_stray_edges(raw)
    assert clean_authors([raw]) == (raw,)


def test_the_as_printed_byline_needs_clean_edges() -> None:
    body = (
        "<article><h1>How to grow tomatoes</h1>"
        "<div class='author'>✉ Jo Roe jo@example.org</div>"
        "<p>" + "Tomatoes need sun and water to grow. " * 20 + "</p></article>"
    )
    root = parse_html(f"<html><head></head><body>{body}</body></html>")
    found = explain_metadata(root, "https://example.org/p/1")["authors"].candidates
    assert ("scan class", "Jo Roe") in found  # the icon is the markup's
    assert not any(has_stray_edges(value) for _, value in found)


def test_an_icon_before_a_name_is_dropped_a_credit_sign_is_not() -> None:
    assert clean_authors(["✉ Jo Roe"]) == ("Jo Roe",)
    assert clean_authors(["© Victor Sailer"]) == ()


def test_by_in_a_sentence_is_no_byline() -> None:
    link = "<a href='https://example.org/edit'>by sending a Pull Request</a>"
    body = (
        "<article><h1>How to grow tomatoes</h1>"
        + "<p>"
        + "Tomatoes need sun and water to grow. " * 20
        + f"</p><p>Help us improve these pages {link}.</p></article>"
    )
    root = parse_html(f"<html><head></head><body>{body}</body></html>")
    found = explain_metadata(root, "https://example.org/p/1")["authors"].candidates
    assert not any("Pull Request" in value for _, value in found)


def test_a_name_after_by_is_still_read() -> None:
    body = (
        "<article><h1>How to grow tomatoes</h1><p>By <a href='/u/jo'>Jo Roe</a></p>"
        "<p>" + "Tomatoes need sun and water to grow. " * 20 + "</p></article>"
    )
    root = parse_html(f"<html><head></head><body>{body}</body></html>")
    found = explain_metadata(root, "https://example.org/p/1")["authors"].candidates
    assert any(value == "Jo Roe" for _, value in found)
