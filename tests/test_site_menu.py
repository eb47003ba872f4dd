"""A "recent posts" list in the template is no menu, even where one post's title is two words.

The site model takes the pages its menu links to by one or two words ("About", "Archives") for
the site's own pages, never posts. A sidebar that lists the newest posts on every page is
template too; its entries are titles, so a post titled in two words ("Flask-classful v0.14")
must not become a menu page (and leave the export).
"""

from __future__ import annotations

from scraper.extractor import extract
from scraper.sitemodel import SiteModels

TITLES = {
    0: "Garden notes",  # two words: a menu entry's length
    1: "How to water roses in a dry summer",
    2: "Compost that works in small gardens",
    3: "Seeds to sow before the first frost",
    4: "Soil, worms and what they need",
}


def _title(number: int) -> str:
    return TITLES.get(number, f"Post {number} about gardens and soil")


def _post(number: int) -> str:
    sentences = " ".join(
        f"Sentence {i} of post {number} explains one more point about gardens and soil."
        for i in range(6)
    )
    paragraphs = "".join(f"<p>{sentences} Paragraph {k}.</p>" for k in range(5))
    recent = "".join(f'<li><a href="/2024/01/{n:02d}/p{n}/">{TITLES[n]}</a></li>' for n in TITLES)
    return (
        f"<html><head><title>{_title(number)} | Garden</title></head><body>"
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/about/">About</a></li>'
        '<li><a href="/archives/">Archives</a></li></ul></nav>'
        f'<article><h1>{_title(number)}</h1><p class="date">2024-01-{number + 1:02d}</p>'
        f'<div class="body">{paragraphs}</div></article>'
        f'<aside><h2>Recent posts</h2><ul class="recent">{recent}</ul></aside>'
        "<footer>Copyright Garden</footer></body></html>"
    )


def _url(number: int) -> str:
    return f"http://h/2024/01/{number:02d}/p{number}/"


def test_a_recent_post_with_a_two_word_title_is_no_menu_page() -> None:
    pages = [(_url(n), _post(n)) for n in range(20)]
    models = SiteModels(None)
    models.learn("h", pages)
    menu = models.models["h"].menu_paths
    assert {"/about/", "/archives/"} <= menu
    assert not any(path.startswith("/2024/") for path in menu)
    url, html = pages[0]
    assert extract(html, url).page_kind == "article"  # the yardstick: an article alone
    assert models.extract(html, url).page_kind == "article"
