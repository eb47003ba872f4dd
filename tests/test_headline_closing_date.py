"""A headline that closes with the post's date in its own element (round fifty-nine; seen on
haskell-weekly, a newsletter's issues).

Each issue's one ``<h1>`` is "Issue 180" followed by Bootstrap's secondary text holding the
date, ``<small class="text-muted"><time>2019-10-10</time></small>``, with no ``datetime`` and
no date anywhere else: no meta tag, no JSON-LD, no date in the address. The title came out
"Issue 180 2019-10-10" and no date was given (the date gate withheld the day it saw, with
nothing to back it). The closing ``<time>`` is the post's date line, no part of the headline,
and where the page declares no day of its own it is given."""

from __future__ import annotations

import lxml.html

from scraper import extract
from scraper.extractor.nearby import trailing_date
from scraper.extractor.sources import heading_text

LINKS = "".join(
    f"<li><p><a href='https://example.org/post-{i}'>Verifying the properties of heap {i}</a> "
    f"by Writer {i}</p><blockquote><p>In which a job search leads to a proof about heap {i}, "
    "checked by the type system and tested by simulation with QuickCheck.</p></blockquote></li>"
    for i in range(8)
)


def _issue(heading: str) -> str:
    return (
        "<!doctype html><html lang='en-us'><head><meta charset='utf-8'>"
        "<title>Issue 180 :: Haskell Weekly</title>"
        "<meta name='twitter:title' content='Issue 180 :: Haskell Weekly'>"
        "</head><body><div class='container'><header class='navbar'>"
        "<a class='navbar-brand' href='/'>Haskell Weekly</a></header><main><article>"
        f"<h1>{heading}</h1><p>Welcome to another issue of Haskell Weekly! This is a weekly "
        f"summary of what is going on in the community.</p><h2>Featured</h2><ul>{LINKS}</ul>"
        "</article></main><footer><p>Subscribe to the newsletter.</p></footer></div>"
        "</body></html>"
    )


HEADING = "\n Issue 180\n <small class='text-muted'>\n <time>\n 2019-10-10\n </time>\n </small>\n"


def test_the_closing_date_is_the_posts_date_and_no_part_of_its_title() -> None:
    article = extract(_issue(HEADING), "https://haskellweekly.news/issues/180.html")
    assert article.title == "Issue 180"
    assert (article.date_published or "")[:10] == "2019-10-10"


def test_only_a_time_after_the_headlines_words_closes_it() -> None:
    def closing(heading: str) -> str | None:
        element = trailing_date(lxml.html.fragment_fromstring(f"<h1>{heading}</h1>"))
        return None if element is None else " ".join(element.text_content().split())

    assert closing(HEADING) == "2019-10-10"
    assert closing("Issue 180 <time>Oct 10, 2019</time>") == "Oct 10, 2019"
    assert closing("Issue 180 <small>a draft</small>") is None  # no <time>: the headline's
    assert closing("<time>2019-10-10</time>") is None  # nothing before it: the whole heading
    assert closing("Issue <time>2019</time> in review") is None  # words after it: a sentence
    heading = lxml.html.fragment_fromstring(f"<h1>{HEADING}</h1>")
    assert heading_text(heading) == "Issue 180"
