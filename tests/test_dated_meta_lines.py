"""A short line that prints a day among other words is a day's place to the site model.

Code for Germany's posts print "26.01.2024 von Meike Wocken" in one element under the headline,
the Cassandra blog "May, 19 2022 | Josh McKenzie": the site model read only elements whose whole
text is a date, so it learned no date place there, and a post the extractor gave no date (its
gate unsure of a lone date line) stayed undated. The day is read from such a line, and the
byline's reader no longer takes "May," for a writer."""

from __future__ import annotations

from scraper.extractor import parse_html
from scraper.extractor.authors import clean_authors
from scraper.extractor.dates import normalise_date
from scraper.sitemodel import SiteModels
from scraper.sitemodel.blocks import page_blocks
from scraper.sitemodel.model import shown_date


def _block(html: str, text: str):
    return next(b for b in page_blocks(parse_html(html)) if b.text == text)


def test_a_short_line_shows_the_day_it_names() -> None:
    page = (
        "<html><body><h1>Post</h1><small>26.01.2024 von Meike Wocken</small><p>x</p></body></html>"
    )
    assert normalise_date(shown_date(_block(page, "26.01.2024 von Meike Wocken"))) == "2024-01-26"
    page = "<html><body><h1>Post</h1><h3>June 30, 2022 | Jordan West</h3></body></html>"
    assert (normalise_date(shown_date(_block(page, "June 30, 2022 | Jordan West"))) or "")[
        :10
    ] == "2022-06-30"
    page = "<html><body><h1>Post</h1><p>Wednesday, 11/09/2019</p><p>x</p></body></html>"
    assert shown_date(_block(page, "Wednesday, 11/09/2019")) == "Wednesday, 11/09/2019"  # which?
    long_line = "Wir trafen uns am 26.01.2024 in Bielefeld, um über Sensoren, Daten und Wälder " * 2
    page = f"<html><body><h1>Post</h1><p>{long_line.strip()}</p></body></html>"
    assert shown_date(_block(page, long_line.strip())) == long_line.strip()  # prose: no meta line


def test_a_date_with_a_comma_after_its_month_is_no_writer() -> None:
    assert clean_authors(["May, 19 2022 | Josh McKenzie"]) == ("Josh McKenzie",)
    assert clean_authors(["Jo Roe May, 19 2022"]) == ("Jo Roe",)


def _post(number: int) -> str:
    day = f"{number % 27 + 1:02d}.{number % 12 + 1:02d}.2023"
    body = "".join(
        f"<p>Absatz {k} im Beitrag {number} über Sensoren, offene Daten und den Wald.</p>"
        for k in range(6)
    )
    return (
        f"<html><head><title>Beitrag {number} | Labor</title></head><body>"
        '<nav><a href="/">Start</a> <a href="/blog/">Blog</a></nav>'
        f'<main><h1>Beitrag {number}</h1><div class="content"><small>{day} von Meike Wocken'
        f"</small>{body}</div></main><footer>Labor</footer></body></html>"
    )


def test_the_site_model_learns_where_such_lines_sit() -> None:
    models = SiteModels(None)
    models.learn("h", [(f"http://h/blog/b{n}/", _post(n)) for n in range(1, 25)])
    assert models.models["h"].date_place == "body/main/div.content"  # (<small> is inline)
