"""A site whose ``<title>`` puts the post's category before its headline ("How-to: Use the
alt attribute - The A11Y Project") while the page's ``<h1>`` prints the headline alone: no
block repeats the ``<title>``, so the site model learns the headline's place from the title
the extractor read where the page prints it, and a post whose ``<title>`` the extractor kept
whole (its ``<h1>`` holding code) still gets the printed headline."""

from __future__ import annotations

from scraper.sitemodel import SiteModels

CATEGORIES = ("How-to", "Myth", "Tip")


def _post(n: int, headline: str | None = None) -> str:
    shown = headline or f"Write better alt text for image number {n}"
    plain = shown.replace("<code>", "").replace("</code>", "")
    prose = "".join(
        f"<p>Paragraph {i} of post {n}: screen readers, keyboard users and what the markup "
        "should say to both of them.</p>"
        for i in range(8)
    )
    return (
        f"<!DOCTYPE html><html><head><title>{CATEGORIES[n % 3]}: {plain} - The A11Y Project"
        "</title></head><body><header><a href='/'>The A11Y Project</a></header><main>"
        f'<article><h1 id="title" class="post__title">{shown}</h1>'
        f'<p class="meta">By: Jo Roe. Published: March {n + 1}, 2020</p>{prose}</article>'
        "</main><footer><p>The A11Y Project is a community effort.</p></footer></body></html>"
    )


def _url(n: int) -> str:
    return f"http://h/posts/post-number-{n}/"


def test_the_headline_place_is_learned_where_titles_carry_a_category() -> None:
    pages = [(_url(n), _post(n)) for n in range(20)]
    pages[7] = (_url(7), _post(7, "Use <code>role='application'</code>"))
    models = SiteModels(None)
    decided = models.learn("h", pages)
    assert models.models["h"].title_place is not None
    assert models.models["h"].title_place.endswith("h1.post__title")
    assert decided[_url(7)].title == "Use role='application'"
    assert decided[_url(3)].title == "Write better alt text for image number 3"
