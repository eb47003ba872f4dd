"""A byline of many co-writers, each a link (round fifty-nine; seen on nextjs-react and its
translations, the React blog).

"June 15, 2022 by <a>Andrew Clark</a>, <a>Dan Abramov</a>, … and <a>Xuan Huang</a>" names
thirteen writers in a paragraph under the headline. A "By" text longer than a byline's
(``authorscan.MAX_TEXT_CHARS``) was read as an author box's bio and dropped, and one writer's
profile link alone was given. A run of links with nothing but separators between them is a
list of names however long."""

from __future__ import annotations

import lxml.html

from scraper import extract
from scraper.extractor.authorscan import _linked_run

WRITERS = (
    "Andrew Clark",
    "Dan Abramov",
    "Jan Kassens",
    "Joseph Savona",
    "Josh Story",
    "Lauren Tan",
    "Luna Ruan",
    "Mengdi Chen",
    "Rick Hanlon",
    "Robert Zhang",
    "Sathya Gunasekaran",
    "Sebastian Markbåge",
    "Xuan Huang",
)
PROSE = "".join(
    f"<p>Part {i}: we want to share what we have been working on, how the compiler reads "
    "components, and what the next release brings to server rendering.</p>"
    for i in range(6)
)


def _post(byline: str) -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>React Labs: What We've Been Working On – React</title></head><body>"
        "<nav><a href='/'>React</a> <a href='/blog'>Blog</a></nav><main><article>"
        "<h1>React Labs: What We've Been Working On</h1>"
        f"<p class='whitespace-pre-wrap my-4'>{byline}</p>{PROSE}</article></main>"
        "<footer><p>Copyright © Meta Platforms, Inc</p></footer></body></html>"
    )


def _linked(names: tuple[str, ...]) -> str:
    links = [f"<a href='https://bsky.app/profile/{n.split()[0].lower()}'>{n}</a>" for n in names]
    return ", ".join(links[:-1]) + f", and {links[-1]}"


URL = "https://react.dev/blog/2022/06/15/react-labs-what-we-have-been-working-on-june-2022"


def test_every_linked_co_writer_is_given() -> None:
    article = extract(_post(f"June 15, 2022 by {_linked(WRITERS)}"), URL)
    assert article.authors == WRITERS


def test_a_long_by_text_with_words_between_the_links_gives_no_list() -> None:
    # a sentence that mentions people, not a byline: words other than separators between links
    names = " who met ".join(f"<a href='/p/{i}'>{n}</a>" for i, n in enumerate(WRITERS[:6]))
    article = extract(_post(f"June 15, 2022 by {names}"), URL)
    assert len(article.authors) < 6


def test_a_run_is_links_parted_by_separators_alone() -> None:
    def run(inner: str) -> list[str] | None:
        return _linked_run(lxml.html.fragment_fromstring(f"<p>June 15, 2022 by {inner}</p>"))

    assert run("<a>Ann Lee</a>, <a>Bo Chen</a> and <a>Cy Diaz</a>.") == [
        "Ann Lee",
        "Bo Chen",
        "Cy Diaz",
    ]
    assert run("<a>Ann Lee</a>") is None  # one writer: the short byline's reading
    assert run("<a>Ann Lee</a><!-- c --> thanks <a>Bo Chen</a>") is None  # a comment's tail
    assert run("<a>Ann Lee</a>, <b>Bo Chen</b>") is None  # a name that is no link
