"""A separator mark inside a word's brackets ("mentor(a|e)s", a gender-inclusive Spanish form)
splits no title into parts; the same mark between words still does."""

from __future__ import annotations

from scraper import extract
from scraper.extractor.titles import split_title

HEADLINE = "Nuevo equipo de mentor(a|e)s con experiencia y nuevas voces"


def test_a_mark_inside_brackets_is_no_separator() -> None:
    assert split_title(HEADLINE) == [HEADLINE]
    assert split_title(f"{HEADLINE} | rOpenSci") == [HEADLINE, "rOpenSci"]
    assert split_title("Campeon(a|e)s·Blog") == ["Campeon(a|e)s", "Blog"]
    assert split_title("Site|Post title") == ["Site", "Post title"]


def test_extract_keeps_the_headline_whole() -> None:
    body = " ".join(f"La frase {i} cuenta algo nuevo del programa de mentorías." for i in range(40))
    html = (
        f"<html><head><title>{HEADLINE} | rOpenSci</title>"
        f'<meta property="og:title" content="{HEADLINE}"></head><body>'
        f"<main><article><h1>{HEADLINE}</h1><p>{body}</p></article></main></body></html>"
    )
    assert extract(html, "https://ropensci.example/es/blog/2026/05/26/mentoras/").title == HEADLINE
