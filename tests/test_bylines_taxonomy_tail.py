"""A byline that runs on into the post's tags names no tag as a writer.

A Hakyll theme prints, in the post's block under the headline, "Published on February 2, 2014
by <name>", a line break, then "Tagged: Unix, C, POSIX" as inline text of the same block. The
site model learns that block as the byline's place and reads its writers from its text, which
gave "Tagged: Unix" as a second writer. What follows a tags or categories label ("Tagged:",
"Tags:", "Categories:", "Filed under:") is no writer, as what follows "Edited by" is none.
"""

from __future__ import annotations

import pytest

from scraper.extractor.authors import clean_authors
from scraper.sitemodel import SiteModels

WRITERS = ("Alexandru Goia", "Mihai Maruseac", "Razvan Deaconescu", "Alex Palcuie")
TAGS = ("Unix", "Git", "Python", "SSH", "CLI")


@pytest.mark.parametrize(
    ("line", "writers"),
    [
        (
            "Published on February 2, 2014 by Alexandru Goia Tagged: Unix, C, POSIX",
            ("Alexandru Goia",),
        ),
        ("by Alexandru Goia, Tagged: Unix, C, POSIX", ("Alexandru Goia",)),
        ("by Jane Doe Tags: Unix, C", ("Jane Doe",)),
        ("Jane Doe Categories: News, Events", ("Jane Doe",)),
        ("Tagged: Unix, C", ()),
        ("Jane Doe and Tag Smith", ("Jane Doe", "Tag Smith")),  # a name, no label
    ],
)
def test_what_follows_a_tags_label_is_no_writer(line: str, writers: tuple[str, ...]) -> None:
    assert clean_authors([line]) == writers


def _url(n: int) -> str:
    return f"http://h/post-number-{n}.html"


def _page(n: int, writer: str) -> str:
    prose = "".join(
        f"<p>Paragraph {i} of post {n}: how to set up a shell, a compiler and a debugger on a "
        "Unix system, with examples that run on Linux and on the BSDs.</p>"
        for i in range(10)
    )
    tags = ", ".join(
        f'<a href="./tags/{t.lower()}.html">{t}</a>' for t in (TAGS[n % 5], TAGS[(n + 2) % 5])
    )
    return (
        f"<!DOCTYPE html><html><head><title>Post number {n} - Techblog</title></head><body>"
        '<nav><a href="./index.html">Home</a> <a href="./archive.html">Archive</a></nav>'
        '<div class="content"><div class="bd"><header><h1 class="entry-title">'
        f'<a href="./post-number-{n}.html">Post number {n}</a></h1></header>'
        '\n      <span class="date">\n      <span class="published">Published on March '
        f'{n % 27 + 1}, 2014</span>\n      by\n      <span class="author">'
        f'<a href="./people/w{n % 4}.html">{writer}</a></span>\n      </span>\n\n      <br>\n'
        f'      <span class="meta">\n        Tagged:\n        <span class="tags">{tags}</span>'
        "\n      </span>\n\n      "
        f"{prose}</div></div><footer><p>Techblog</p></footer></body></html>"
    )


def test_the_site_model_gives_the_writer_not_a_tag() -> None:
    models = SiteModels(None)
    models.learn("h", [(_url(n), _page(n, WRITERS[n % 4])) for n in range(30)])
    assert models.extract(_page(40, "Mihai Maruseac"), _url(40)).authors == ("Mihai Maruseac",)
    assert models.extract(_page(41, "Alex Palcuie"), _url(41)).authors == ("Alex Palcuie",)
