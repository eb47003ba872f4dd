"""Round thirty-seven: what two unseen real blogs (the dev archives jekyll-kubeflow and rust-blog)
showed about bylines and page kinds.

- A theme that prints its byline field as is puts markup into JSON-LD and <meta>
  (``<a href='…'>Jane Doe</a>, <a …>John Roe</a>``): the names it links are the authors.
- "A, B, and C" (the Oxford comma) names three people; "Team, A and B" one team and two people;
  "MEG KINNARD and ERRIN HAINES" two people set in capitals, not a name with letters after it.
- "The Rust Release Team" is a team's own name.
- A section's permalink in a heading (``<h2><a href="#install">``) is no link to another page:
  a long post whose headings all carry one is no page of linked teasers.
"""

from __future__ import annotations

import json

import pytest

from scraper import extract
from scraper.extractor.authors import clean_authors, clean_declared_authors, is_team

PROSE = " ".join(
    f"Sentence {i} explains how the operator schedules training jobs across the cluster."
    for i in range(12)
)


def post(*, head: str = "", byline: str = "", headings: str = "") -> str:
    sections = "".join(
        f"<h2>{heading}</h2><p>{PROSE}</p>" for heading in (headings or "Intro|Usage").split("|")
    )
    return (
        f"<html><head><title>Elastic training | Blog</title>{head}</head><body>"
        '<nav><a href="/">Home</a> <a href="/about/">About</a></nav>'
        f"<article><h1>Elastic training</h1>{byline}{sections}</article>"
        "<footer>Copyright 2024 Blog</footer></body></html>"
    )


def test_markup_in_a_declared_author_is_read_as_the_names_it_links() -> None:
    field = (
        "<a href='https://example.org/in/ce'>Ce Gao</a> (Ant Group), "
        "<a href='https://example.org/in/wang'>Wang Zhang</a>"
    )
    assert clean_declared_authors([field]) == ("Ce Gao", "Wang Zhang")
    ld = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Elastic training"}
    ld["author"] = {"@type": "Person", "name": field}
    head = (
        f'<meta name="author" content="{field.replace(chr(39), "&#39;")}">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    )
    assert extract(post(head=head), "https://blog.example/elastic/").authors == (
        "Ce Gao",
        "Wang Zhang",
    )


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        (
            "Kubeflow 1.8 Release Team, David Cardozo and Josh Bottum",
            ("Kubeflow 1.8 Release Team", "David Cardozo", "Josh Bottum"),
        ),
        ("Anna Jung, Johnu George, and Josh Bottum", ("Anna Jung", "Johnu George", "Josh Bottum")),
        ("MEG KINNARD and ERRIN HAINES", ("Meg Kinnard", "Errin Haines")),
        # an "and" inside a name that is no person's still joins its words
        (
            "Center for Science and Democracy, Jane Doe",
            ("Center for Science and Democracy", "Jane Doe"),
        ),
        ("Jane Doe, MD, FACP", ("Jane Doe, MD, FACP",)),
    ],
)
def test_declared_bylines_name_every_writer(declared: str, expected: tuple[str, ...]) -> None:
    assert clean_declared_authors([declared]) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        (
            "Yuan Tang (Ant Group), Wei Yan (Ant Group), and Rong Ou (NVIDIA)",
            ("Yuan Tang", "Wei Yan", "Rong Ou"),
        ),
        ("By Jane Doe, and John Roe", ("Jane Doe", "John Roe")),
        ("MEG KINNARD and ERRIN HAINES", ("Meg Kinnard", "Errin Haines")),
        ("Jo Roe, PhD", ("Jo Roe, PhD",)),
        ("Mar. 9, 2023 · The Rust Release Team", ("The Rust Release Team",)),
    ],
)
def test_printed_bylines_name_every_writer(byline: str, expected: tuple[str, ...]) -> None:
    assert clean_authors([byline]) == expected


def test_a_team_may_open_with_the_but_a_role_is_no_team() -> None:
    assert is_team("The Rust Release Team")
    assert not is_team("The Editors")
    assert not is_team("The Team")
    assert not is_team("the rust team")
    assert not is_team("The Verge Staff")  # a publication's staff, as before


def test_an_oxford_comma_byline_on_a_page_gives_all_three_writers() -> None:
    # (main gave the first two: the third part read "and Rong Ou", no name)
    byline = (
        '<p class="byline">By Yuan Tang (Ant Group), Wei Yan (Ant Group), and Rong Ou (NVIDIA)'
        '</p><p class="date"><time datetime="2020-03-16">March 16, 2020</time></p>'
    )
    article = extract(post(byline=byline), "https://blog.example/mpi/")
    assert article.authors == ("Yuan Tang", "Wei Yan", "Rong Ou")


def test_section_permalinks_are_no_listing_sign() -> None:
    website = '<meta property="og:type" content="website">'
    names = [f"Part {n}" for n in range(8)]
    anchored = "|".join(f'<a href="#part-{n}">{name}</a>' for n, name in enumerate(names))
    article = extract(post(head=website, headings=anchored), "https://blog.example/a/")
    assert article.page_kind == "article"
    # the yardstick: the same headings linking to eight other pages are a page of teasers
    linked = "|".join(f'<a href="/posts/{n}/">{name}</a>' for n, name in enumerate(names))
    assert extract(post(head=website, headings=linked), "https://blog.example/b/").page_kind == (
        "listing"
    )
