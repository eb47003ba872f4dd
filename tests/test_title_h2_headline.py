"""A post page with no <h1> prints its headline as its first <h2>: the title is the <title>'s
part that heading repeats, with the site's name cut off whichever end it sits at (round
fifty-four: the title ranker reads the first <h2> as evidence and learns from real blogs too)."""

from __future__ import annotations

import re

import pytest

from scraper import extract
from scraper.extractor.metadata import _first_h2
from scraper.extractor.parse import parse_html
from scraper.extractor.sources import gather_sources

_TEXT = "Our builds used to take forty minutes on the old machines, and every release waited. "


def _post(title: str, headline: str, h1: str = "") -> str:
    return (
        f"<html><head><title>{title}</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/about/">About</a> <a href="/archive/">Archive</a>'
        f"</nav>{h1}<main><h2>{headline}</h2><p>Posted on 2 May 2024</p>"
        f"<p>{_TEXT * 8}</p><h3>What changed</h3><p>{_TEXT * 8}</p></main></body></html>"
    )


def _url(headline: str) -> str:
    slug = re.sub(r"\W+", "-", headline.lower()).strip("-")
    return f"https://blog.example.org/2024/05/02/{slug}/"


@pytest.mark.parametrize(
    "title",
    [
        "Open Science Collaboration Blog · A Psi Test for the Health of Science",
        "Foreman :: What does Netways do with Foreman?",
        "The Research Software Group | Linting tools we use",
        "Northwind Engineering Notes - Moving the build farm",
        "Northwind Notes » Moving the build farm to ARM",
    ],
)
def test_the_h2_headline_beats_the_site_name(title: str) -> None:
    headline = re.split(r" (?:·|::|\||-|») ", title)[-1]
    article = extract(_post(title, headline), url=_url(headline))
    assert article.title == headline


def test_first_h2_is_read_only_without_an_h1() -> None:
    plain = gather_sources(parse_html(_post("Blog · Post", "Post")))
    assert _first_h2(plain) == "Post"
    with_h1 = gather_sources(parse_html(_post("Blog · Post", "Post", h1="<h1>Post</h1>")))
    assert _first_h2(with_h1) == ""
