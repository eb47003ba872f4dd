"""A date inside a sentence of the post is the day the sentence talks about, not a date line.

A release post says "the 2024-11-05 version of the protocol" in a list item; a template prints
the post's own day above the headline. The date-line scan reads after the headline first, so
the sentence's date used to win, and the printed day, before the headline, was never read.
"""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extractor import parse_html
from scraper.extractor.datelines import find_date_lines

LONG_SENTENCE = (
    "<li>Support of the HTTP transport with server-sent events from the "
    "<a href='https://spec.example/2024-11-05/'>2024-11-05</a> version of the protocol, "
    "which many clients still speak today.</li>"
)


def release_post(item: str = LONG_SENTENCE) -> str:
    paragraphs = "".join(
        f"<p>Paragraph {n} of the release notes, with enough words to read as prose.</p>"
        for n in range(6)
    )
    return (
        "<html><head><title>Release 1.12</title></head><body>"
        "<div class='post'>"
        "<div class='byline'><a href='/author/jane/'>Jane Doe</a></div>"
        "<span class='text-muted'>June 3, 2025 | 6 min</span>"
        "<h2 class='title'>Release 1.12</h2>"
        f"<div class='content'><p>We are thrilled to announce the release.</p><ul>{item}</ul>"
        f"{paragraphs}</div></div></body></html>"
    )


def date_lines(html: str, headline: str = ".//h2") -> list[str]:
    root = parse_html(html)
    return [line.date for line in find_date_lines(root.find(".//body"), root.find(headline))]


def test_a_date_inside_a_sentence_is_no_date_line() -> None:
    assert date_lines(release_post()) == ["2025-06-03"]


def test_the_post_gets_the_day_its_template_prints_not_the_sentence_s() -> None:
    article = extract(release_post(), url="https://example.org/blog/release-1-12/")
    assert (article.date_published or "")[:10] == "2025-06-03"


@pytest.mark.parametrize(
    "item",
    [
        # a date opening its line, however long the line
        "<li><span>March 24, 2021</span> | Jeff Bezanson, Ian Butterworth, Nathan Daly, "
        "Keno Fischer, Jameson Nash, Tim Holy, Elliot Saba, Stefan Karpinski and others</li>",
        # a short byline sentence
        "<li>Posted by Jane Doe on <a href='/2021/03/24/'>March 24, 2021</a> in News</li>",
    ],
)
def test_a_date_that_opens_its_line_or_sits_in_a_short_one_is_read(item: str) -> None:
    html = (
        "<html><body><div class='post'><h1>Post</h1><ul>"
        f"{item}</ul><p>{'Body words. ' * 30}</p></div></body></html>"
    )
    assert date_lines(html, ".//h1") == ["2021-03-24"]


def test_a_table_cell_is_no_sentence() -> None:
    # Old layouts hold the whole page in one cell: its date is still the page's date line.
    html = (
        "<html><body><table><tr><td>Seeking a bigger role for a big rocket by Jeff Foust"
        "<h1>Seeking a bigger role</h1><span>Monday, November 18, 2019</span>"
        f"{'The core stage of the first rocket was shipped. ' * 6}</td></tr></table>"
        "</body></html>"
    )
    assert date_lines(html, ".//h1") == ["2019-11-18"]


CLOSING_SENTENCE = (
    "<p>We hope to see you there! To apply for this instructor training course for librarians, "
    "please submit your application by <strong>15 July, 2018</strong>:</p>"
)


def test_a_date_closing_a_long_sentence_is_no_date_line() -> None:
    """Round fifty-eight (the dev archive jekyll-librarycarpentry): a deadline that ends a
    paragraph, after a hundred characters of its prose, was read as a date line and won over
    the post's `<time itemprop="datePublished">` printed after the body."""
    html = (
        "<html><body><article><h1>Instructor training for librarians</h1>"
        f"<p>{'We are pleased to announce an open training course. ' * 3}</p>"
        f"{CLOSING_SENTENCE}<p>{'Body words. ' * 30}</p>"
        "<p class='meta'><time itemprop='datePublished' datetime='2018-06-26T00:00:00+00:00'>"
        "2018-06-26</time></p></article></body></html>"
    )
    assert "2018-07-15" not in date_lines(html, ".//h1")
    article = extract(html, url="https://example.org/blog/2018/06/instructor-training/")
    assert (article.date_published or "")[:10] == "2018-06-26"


def test_a_byline_closing_its_own_short_paragraph_is_still_read() -> None:
    html = (
        "<html><body><div class='post'><h1>Post</h1>"
        "<p>Written by Jane Doe, Senior Editor of the Example Gazette, and published on "
        "<strong>March 24, 2021</strong></p>"
        f"<p>{'Body words. ' * 30}</p></div></body></html>"
    )
    assert date_lines(html, ".//h1") == ["2021-03-24"]
