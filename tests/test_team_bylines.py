"""Round thirty-eight: a project's teams and working groups write posts under their own names
(the dev archives rust-blog and jekyll-kubeflow).

- "The Rust Security Response WG", "The Rustup Working Group", "Leadership Council": a named
  group, as "The Rust Release Team" is; "The Council" or "Working Group" alone names none.
- "Kubeflow 1.9 Release Team": a release number inside a team's name is no date or count.
- "Jo Roe and the Governance Reform WG": a writer and a group.
"""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extractor.authors import clean_authors, is_team

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
