"""A post whose JSON-LD names its publisher as its author (round sixty; seen on
jekyll-luanti, whose every post declares ``"author": {"@type": "Organization", "name":
"Luanti"}`` and the same publisher, while the page prints "Written by rubenwardy").
The site's name was known from ``og:site_name`` alone ("Luanti Blog"), so "Luanti" was given as
the writer of every post. The publisher's name names the site too: no writer (issue 12)."""

from __future__ import annotations

import json

from scraper import extract

ORG = {"@type": "Organization", "name": "Luanti", "url": "https://www.luanti.org"}


def _post(author: dict[str, str]) -> str:
    node = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": "Luanti 5.16.1 released!",
        "datePublished": "2026-05-24",
        "author": author,
        "publisher": ORG,
    }
    prose = "".join(
        f"<p>Change {i}: this release brings rendering and input improvements, and fixes for "
        "the settings menu and the server list.</p>"
        for i in range(6)
    )
    return (
        "<html><head><title>Luanti 5.16.1 released! - Luanti Blog</title>"
        "<meta property='og:site_name' content='Luanti Blog'>"
        f"<script type='application/ld+json'>{json.dumps(node)}</script></head><body>"
        "<section class='hero'><h1 class='title'>Luanti 5.16.1 released!</h1>"
        "<p class='subtitle'>Written by rubenwardy</p></section>"
        f"<main><article>{prose}</article></main></body></html>"
    )


def test_the_publisher_as_author_is_no_writer() -> None:
    article = extract(_post(ORG), "https://blog.luanti.org/2026/05/24/5.16-released/")
    assert "Luanti" not in article.authors


def test_a_person_the_json_ld_names_is_still_the_writer() -> None:
    person = {"@type": "Person", "name": "Jo Roe"}
    article = extract(_post(person), "https://blog.luanti.org/2026/05/24/5.16-released/")
    assert article.authors == ("Jo Roe",)
