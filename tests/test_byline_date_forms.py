"""Bylines as real blogs print them beside their dates and handles (round forty-two's held-out
archives): "Posted 15 Jan 2021 by Jo Roe" (the date between the verb and "by"), "A, B, C Sep
26, 2023" (writers then a date, nothing between them), "Jo Roe<br><small>@jroe" (a handle
under the name, read glued to it), and a theme's JSON-LD that split "A, B, and C" at its
commas ("and C"). A site-wide meta author ("Cloudera" on every page) gives way to the post's
printed byline."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extractor.authors import clean_authors, clean_declared_authors
from scraper.sitemodel import SiteModels

PROSE = "<p>" + "Tablets split when a region server grows past its size limit. " * 30 + "</p>"
URL = "https://example.org/2021/01/15/bloom-filter-predicate.html"


def post(byline: str, head: str = "") -> str:
    return (
        f"<html><head><title>Bloom filter predicates</title>{head}</head><body><article>"
        f"<h1>Bloom filter predicates</h1>{byline}{PROSE}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Posted 15 Jan 2021 by Bankim Bhavsar", ("Bankim Bhavsar",)),
        ("Posted Jan 15, 2021 by Jo Roe and Bo Chen", ("Jo Roe", "Bo Chen")),
        ("Published 2020-01-01 by Jane Doe", ("Jane Doe",)),
        ("Posted on March 3, 2020 by Jo Roe", ("Jo Roe",)),
        # the post's categories before "by": a byline's label too (round fifty-nine)
        ("Posted in News by Jo Roe", ("Jo Roe",)),
        ("Luca Guerra, Andrea Terzolo, Rohith Raju Sep 26, 2023", None),
        ("Thomas Labarussias Sep 26, 2023", ("Thomas Labarussias",)),
        ("Jo Roe 26 September 2023", ("Jo Roe",)),
        ("By Jo Roe on May 2, 2025", ("Jo Roe",)),
        ("Matthew Fisher@bacongobbler", ("Matthew Fisher",)),
        ("Matt Butcher & Matt Farina@technosophos & @mattfarina", ("Matt Butcher", "Matt Farina")),
        ("Jo Roe jo@example.com", ("Jo Roe",)),
    ],
)
def test_printed_bylines_with_dates_and_handles(raw: str, names: tuple[str, ...] | None) -> None:
    expected = ("Luca Guerra", "Andrea Terzolo", "Rohith Raju") if names is None else names
    assert clean_authors([raw], None) == expected


def test_a_declared_and_opening_a_name_is_no_part_of_it() -> None:
    got = clean_declared_authors(["Tim Holy", "Jeff Bezanson", "and Jameson Nash", "& Jo Roe"])
    assert got == ("Tim Holy", "Jeff Bezanson", "Jameson Nash", "Jo Roe")
    assert clean_declared_authors(["Andy Smith"]) == ("Andy Smith",)


def test_the_printed_dated_byline_wins_over_a_site_wide_meta_author() -> None:
    html = post(
        '<p class="meta">Posted 15 Jan 2021 by Bankim Bhavsar</p>',
        '<meta name="author" content="Cloudera">',
    )
    assert extract(html, URL).authors == ("Bankim Bhavsar",)


WRITERS = (("Luca Guerra", "Andrea Terzolo", "Rohith Raju"), ("Thomas Labarussias",))


def _prose(number: int) -> str:
    return "".join(
        f"<p>Paragraph {i} of release {number} lists the rules, fixes and drivers it ships.</p>"
        for i in range(10)
    )


def _themed_post(number: int) -> str:
    """A theme that prints the writers in bold, then the date, nothing between them."""
    names = WRITERS[number % 2]
    day = f"2023-09-{number + 1:02d}"
    return (
        f"<html><head><title>Release {number} | Falcon</title></head><body><header><a "
        'href="/">Falcon</a><nav><a href="/blog/">Blog</a></nav></header><main><article><div '
        'class="post-meta"><b class="text-uppercase">'
        f'{", ".join(names)}</b> <time datetime="{day}">Sep {number + 1}, 2023</time></div>'
        f"<h1>Release {number}</h1>{_prose(number)}</article></main>"
        "<footer>Falcon</footer></body></html>"
    )


def test_a_site_whose_writers_run_into_their_date_gives_every_writer() -> None:
    pages = [(f"http://h/blog/release-{n}/", _themed_post(n)) for n in range(20)]
    models = SiteModels(None)
    decided = models.learn("h", pages)
    for n in range(20):
        assert decided[f"http://h/blog/release-{n}/"].authors == WRITERS[n % 2]


def test_a_release_post_by_ten_writers_names_all_ten() -> None:
    names = [
        f"{first} {last}"
        for first, last in zip(
            ["Ada", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ida", "Jo"],
            ["Byron", "Chen", "Young", "Diaz", "Evans", "Fox", "Grant", "Hale", "Ives", "Jones"],
            strict=True,
        )
    ]
    head = (
        '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Bloom '
        'filter predicates", "author": ['
        + ", ".join(f'{{"@type": "Person", "name": "{n}"}}' for n in names)
        + "]}</script>"
    )
    assert extract(post("", head), URL).authors == tuple(names)


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("The Falco Authors", ("The Falco Authors",)),
        ("The Falco Maintainers", ("The Falco Maintainers",)),
        ("The Julia contributors", ("The Julia contributors",)),
        ("The Authors", ()),  # a role alone
        ("Wikipedia contributors", ()),  # no "The": no project's group
        ("Jo Roe and contributors", ("Jo Roe",)),
    ],
)
def test_a_projects_people_after_the_write_as_one(raw: str, names: tuple[str, ...]) -> None:
    assert clean_authors([raw], None) == names
