"""A writer printed only beside the post's date, in a line after the post, is read.

Asahi Linux's blog prints no byline under the headline: each post ends with one line, its
writer and its date ("Alyssa Rosenzweig · 2023-06-06", "marcan · 2021-03-11"). The site model
learned that line as the date's place but no byline place (the extractor, reading one page,
gives no writer: no scan reads a post's foot line), and every post was exported without its
writer. Where no byline place is learned and most dated posts print a writer's full name at
the date place, it is the byline place too; a site whose date line names no one, or a word
that is no full name (a category), learns none."""

from __future__ import annotations

from scraper.sitemodel import SiteModels

WRITERS = ("Alyssa Rosenzweig", "James Calligeros", "marcan", "Asahi Lina", "Eileen Yoon")


def _day(n: int) -> str:
    return f"2023-{n % 12 + 1:02d}-{n % 27 + 1:02d}"


def _url(n: int) -> str:
    year, month, _ = _day(n).split("-")
    return f"http://h/{year}/{month}/post-number-{n}/"


def _prose(n: int) -> str:
    return "".join(
        f"<h2>Part {i}</h2><p>Paragraph {i} of report {n}: the GPU driver now passes more of "
        "the conformance tests, the display controller wakes from sleep, and the installer is "
        "faster.</p><p>The kernel patches went upstream, and the next release follows.</p>"
        for i in range(12)
    )


def _page(n: int, foot: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>Progress report {n} - Asahi Linux</title></head>"
        '<body><nav><a href="/">Home</a> <a href="/blog/">Blog</a> <a href="/docs/">Docs</a>'
        f'</nav><section><div class="post"><div class="blog-header"><h1 class="entry-title">'
        f"Progress report {n}</h1></div>{_prose(n)}"
        f'<div class="post-bottom">{foot}</div></div></section>'
        "<footer><p>Asahi Linux</p></footer></body></html>"
    )


def _foot(n: int, who: str) -> str:
    return f'{who} · <span class="publishdate">{_day(n)}</span>'


def _learned(who: list[str]) -> SiteModels:
    models = SiteModels(None)
    models.learn("h", [(_url(n), _page(n, _foot(n, who[n]))) for n in range(len(who))])
    return models


def test_a_writer_beside_the_date_after_the_post_is_given() -> None:
    models = _learned([WRITERS[n % len(WRITERS)] for n in range(30)])
    model = models.models["h"]
    assert model.date_place is not None
    assert model.byline_place == model.date_place
    assert models.extract(_page(40, _foot(40, "Alyssa Rosenzweig")), _url(40)).authors == (
        "Alyssa Rosenzweig",
    )
    assert models.extract(_page(41, _foot(41, "marcan")), _url(41)).authors == ("marcan",)


def test_a_category_beside_the_date_is_no_writer() -> None:
    categories = ("Release", "News", "Progress")
    models = _learned([categories[n % 3] for n in range(30)])
    model = models.models["h"]
    assert model.date_place is not None and model.byline_place is None
    assert models.extract(_page(40, _foot(40, "News")), _url(40)).authors == ()
