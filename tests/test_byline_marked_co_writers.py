"""Round fifty-eight: a byline whose co-writers are each marked as a name (hCard's
``<address class="vcard author">By <a class="url fn">ChrisH</a> <a class="url fn">Ross</a>
</address>``, Pelican's notmyidea theme, the dev archive pelican-wafti) names every one of
them; before, the byline element and the class scan read its first name child alone
("ChrisH"). Words between two name children ("Reviewed by") end the run: the second is
another role's."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extractor import parse_tree
from scraper.extractor.authorscan import name_twins
from scraper.extractor.bylines import find_bylines

PROSE = " ".join(f"Sentence {i} tells how the council met on Tuesday." for i in range(12))


def page(byline: str) -> str:
    return (
        "<html><head><title>News - Minister admits it</title></head><body>"
        '<nav><a href="/">News</a> <a href="/politics/">Politics</a></nav>'
        '<article><header><h1 class="entry-title">Minister admits it</h1></header>'
        '<footer class="post-info"><abbr class="published" title="2014-11-23T00:00:00">'
        f"Sun 23 November 2014</abbr>{byline}</footer>"
        f'<div class="entry-content"><p>{PROSE}</p><p>{PROSE}</p></div></article>'
        "</body></html>"
    )


def vcard(*names: str, between: str = " ") -> str:
    links = between.join(
        f'<a class="url fn" href="/author/{name.lower()}.html">{name}</a>' for name in names
    )
    return f'<address class="vcard author">By {links}</address>'


@pytest.mark.parametrize(
    ("names", "between"),
    [
        (("ChrisH", "Ross"), "\n   "),
        (("Ann Lee", "Bo Chen"), " and "),
        (("Ann Lee", "Bo Chen", "Cy Twombly"), ", "),
    ],
)
def test_each_marked_co_writer_is_a_writer(names: tuple[str, ...], between: str) -> None:
    result = extract(page(vcard(*names, between=between)), url="https://news.example/politics/x/")
    assert result.authors == names


def test_the_byline_element_reads_each_name_child() -> None:
    root = parse_tree(page(vcard("ChrisH", "Ross")))
    headline = next(root.iter("h1"))
    article = next(root.iter("article"))
    first = next(find_bylines(article, headline, [], None))
    assert (first.source, first.names) == ("byline element", ("ChrisH", "Ross"))


def test_one_marked_writer_stays_one() -> None:
    result = extract(page(vcard("ChrisH")), url="https://news.example/politics/x/")
    assert result.authors == ("ChrisH",)


def test_words_between_name_children_end_the_run() -> None:
    html = (
        '<div class="bylines"><span>By</span> <a class="item-name" href="/a">Jo Roe</a>'
        '<span class="date">Updated May 2, 2025</span><span>Reviewed by</span> '
        '<a class="item-name" href="/b">Bo Chen</a></div>'
    )
    root = parse_tree(f"<html><body>{html}</body></html>")
    holder = next(root.iter("div"))
    first = next(node for node in root.iter("a"))
    assert [node.text for node in name_twins(holder, first)] == ["Jo Roe"]
