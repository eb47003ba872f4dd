"""A theme that closes an empty ``<body></body>`` at the top and prints the whole page after
it (helm.sh's Hugo theme): libxml2 leaves that content beside the body, a browser moves it in.
Read as a browser does, the post's date line, byline and headline are found."""

from __future__ import annotations

from scraper import extract
from scraper.extractor import parse_html

PROSE = "".join(
    f"<p>Paragraph {i} explains how a chart repository is moved to its new home.</p>"
    for i in range(12)
)
PAGE = (
    "<!doctype html><html lang=en><head><title>Helm | Bringing Helm Home</title></head>"
    "<body id=landing class=en></body><div id=helm class=page-wrapper><header><nav><a href=/>"
    "Helm</a> <a href=/blog/>Blog</a></nav></header><section><article><h1>Bringing Helm Home"
    f"</h1><p class=date>Mon, Jul 23, 2018</p>{PROSE}<p class=author><a href=/x>Matt Butcher"
    "<br><small>@technosophos</small></a></p></article></section><footer>© Helm Authors"
    "</footer></div><script>var x = 1;</script></html>"
)


def test_what_follows_an_empty_body_is_moved_into_it() -> None:
    root = parse_html(PAGE)
    assert root is not None
    assert [child.tag for child in root] == ["head", "body"]
    body = root.find("body")
    assert body is not None and body.get("id") == "landing"
    assert [child.tag for child in body] == ["div", "script"]


def test_the_post_behind_an_empty_body_keeps_its_date_and_byline() -> None:
    article = extract(PAGE, "https://helm.example/blog/bringing-helm-home/")
    assert article.title == "Bringing Helm Home"
    assert article.date_published and article.date_published.startswith("2018-07-23")
    assert article.authors == ("Matt Butcher",)
    assert "chart repository is moved" in article.text


def test_a_page_with_nothing_after_its_body_is_unchanged() -> None:
    root = parse_html("<html><head><title>t</title></head><body><p>one</p></body></html>")
    assert root is not None
    assert [child.tag for child in root] == ["head", "body"]
    assert [child.tag for child in root.find("body")] == ["p"]
