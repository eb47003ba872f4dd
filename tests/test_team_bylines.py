"""Round thirty-eight: a project's teams and working groups write posts under their own names
(the dev archives rust-blog and jekyll-kubeflow).

- "The Rust Security Response WG", "The Rustup Working Group", "Leadership Council": a named
  group, as "The Rust Release Team" is; "The Council" or "Working Group" alone names none.
- "Kubeflow 1.9 Release Team": a release number inside a team's name is no date or count.
- "Jo Roe and the Governance Reform WG": a writer and a group.
- Where the site's posts print their writer (the site model's byline place), a writer named
  however the site names them: "Release automation", "lcnr".
"""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extractor.authors import byline_phrase, clean_authors, is_team
from scraper.sitemodel import SiteModels

PROSE = " ".join(
    f"Sentence {i} explains how the toolchain installer checks its downloads." for i in range(12)
)


@pytest.mark.parametrize(
    "name",
    [
        "The Rust Security Response WG",
        "The Rustup Working Group",
        "The Steering Committee",
        "Leadership Council",
        "Kubeflow 1.9 Release Team",
        "Kubeflow 1.10 Release Team",
    ],
)
def test_a_named_group_or_a_numbered_release_team_is_a_team(name: str) -> None:
    assert is_team(name)


@pytest.mark.parametrize(
    "value",
    ["The Council", "Working Group", "The Verge Staff", "Top 10 Team", "the rustup working group"],
)
def test_a_group_word_alone_or_a_count_names_no_team(value: str) -> None:
    assert not is_team(value)


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Jan. 10, 2023 · The Rust Security Response WG", ("The Rust Security Response WG",)),
        ("Apr. 25, 2023 · The Rustup Working Group", ("The Rustup Working Group",)),
        (
            "Jul 22, 2024 • Kubeflow 1.9 Release Team, Stefano Fioravanzo • 11 min read",
            ("Kubeflow 1.9 Release Team", "Stefano Fioravanzo"),
        ),
        (
            "Feb. 22, 2023 · Jane Losare-Lusby and the Governance Reform WG",
            ("Jane Losare-Lusby", "the Governance Reform WG"),
        ),
    ],
)
def test_printed_bylines_keep_the_group(byline: str, expected: tuple[str, ...]) -> None:
    assert clean_authors([byline]) == expected


def test_a_release_team_byline_on_a_page_names_the_team_and_the_writer() -> None:
    # (main gave "Stefano Fioravanzo" alone: "1.9" read as a number, no name's)
    html = (
        "<html><head><title>Kubeflow 1.9 | Kubeflow</title>"
        '<meta name="author" content="Kubeflow 1.9 Release Team, Stefano Fioravanzo">'
        '</head><body><nav><a href="/">Home</a></nav><article class="post">'
        '<header><h1 class="post-title">Kubeflow 1.9</h1><p class="post-meta">'
        '<time datetime="2024-07-22">Jul 22, 2024</time> • <span class="p-author h-card">'
        "Kubeflow 1.9 Release Team, Stefano Fioravanzo</span> • 11 min read</p></header>"
        f'<div class="post-content"><p>{PROSE}</p><p>{PROSE}</p></div></article>'
        "<footer>Kubeflow</footer></body></html>"
    )
    article = extract(html, "https://blog.example/kubeflow-1.9-release/")
    assert article.authors == ("Kubeflow 1.9 Release Team", "Stefano Fioravanzo")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Apr. 17, 2023 · Release automation on behalf of The Release Team", "Release automation"),
        ("Jul 17, 2023 · lcnr", "lcnr"),
        ("May 29, 2023 · leadership chat membership", "leadership chat membership"),
        ("Apr. 17, 2023", None),  # a date alone
        ("Jul 22, 2024 • 11 min read", None),
        ("Posted in Tutorials", None),
        ("Mar 3, 2024 · Updated", None),
        ("Jan 5 · Admin", None),  # a label
        ("Jane Doe · Jo Roe", None),  # two runs of words: not one writer's phrase
        ("sciwhiz12", "sciwhiz12"),  # an account name with digits in it
        ("January 01, 2025 · Technici4n", "Technici4n"),
        ("Apr. 17th, 2023", None),  # an ordinal is no account
        ("5min read", None),
    ],
)
def test_the_one_phrase_a_byline_line_holds(line: str, expected: str | None) -> None:
    assert byline_phrase(line) == expected


def _rust_post(number: int, writer: str) -> str:
    sentences = " ".join(
        f"Sentence {i} of post {number} explains the release process." for i in range(8)
    )
    return (
        f"<html><head><title>Post {number} | Rust Blog</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/blog/">Blog</a></nav><section>'
        f"<header><h2>Post {number}</h2></header>"
        f'<div class="publish-date-author">Apr. {number % 27 + 1}, 2023 &middot; {writer}</div>'
        f'<div class="post"><p>{sentences}</p><p>{sentences}</p></div></section>'
        "<footer>Rust</footer></body></html>"
    )


def test_the_site_models_byline_place_reads_a_writer_however_named() -> None:
    people = ("Jane Losare-Lusby", "Josh Triplett", "Mara Bos", "Eric Huss", "Jack Huey")
    pages = [(f"http://h/{n}/post.html", _rust_post(n, people[n % len(people)])) for n in range(20)]
    models = SiteModels(None)
    models.learn("h", pages)
    assert models.models["h"].byline_place
    bot = _rust_post(30, "Release automation\n on behalf of The Release Team")
    assert extract(bot, "http://h/30/post.html").authors == ()  # alone: no one's name
    # (main: none either; the place where the site's posts print their writer now tells)
    assert models.extract(bot, "http://h/30/post.html").authors == ("Release automation",)
    timed = _rust_post(31, "5 min read")
    assert models.extract(timed, "http://h/31/post.html").authors == ()
