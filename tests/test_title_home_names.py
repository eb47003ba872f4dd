"""Round thirty-eight: a link home names the site, so it is no headline (the dev archive
hugo-scientific-python: ``<title>Blog - Pytrees for Scientific Python</title>``, an <h1>
"Pytrees for Scientific Python", a menu link "Blog" to "/", and no declared site name)."""

from __future__ import annotations

from scraper import extract

PROSE = " ".join(f"Sentence {i} shows how a pytree flattens nested containers." for i in range(12))


def page(*, home_label: str) -> str:
    return (
        "<html><head><title>Blog - Pytrees for Scientific Python</title>"
        '<meta name="twitter:title" content="Pytrees for Scientific Python"></head><body>'
        '<nav><a class="navbar-item" href="/"><div>Scientific Python Blog</div></a>'
        f'<a href="/" class="navbar-item">{home_label}</a>'
        '<a href="https://learn.example.org" class="navbar-item">Learn</a></nav>'
        f"<main><h1>Pytrees for Scientific Python</h1><p>{PROSE}</p><p>{PROSE}</p></main>"
        "</body></html>"
    )


def test_the_titles_part_a_home_link_names_is_the_site_not_the_headline() -> None:
    # (main gave "Blog": the head of the <title>, named nowhere as the site)
    article = extract(page(home_label="Blog"), "https://blog.example.org/pytrees/")
    assert article.title == "Pytrees for Scientific Python"


def test_a_home_link_that_names_the_headline_leaves_it_the_headline() -> None:
    # a link home labelled with the headline's words is no reason to drop the headline
    html = page(home_label="Pytrees for Scientific Python")
    assert extract(html, "https://blog.example.org/").title == "Pytrees for Scientific Python"
