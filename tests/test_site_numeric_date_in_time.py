"""A theme that prints each post's day in numbers alone inside a ``<time>`` ("07/19/17", Danube
Delta's Pelican theme, month first and the year cut to two digits): no text tells that day's
order or century, but the ``<time datetime>`` that prints it does. The site model learns the
date place from that value and reads each post's day there, also where the post's text names
other days (a meetup's dates) that leave the extractor alone unsure; a ``<time>`` that prints
its day in words keeps the words' day (a theme's "Updated" line may carry another day in its
``datetime``)."""

from __future__ import annotations

import pytest

from scraper.extractor import parse_html
from scraper.sitemodel import SiteModels
from scraper.sitemodel.blocks import Block
from scraper.sitemodel.model import shown_date

WRITERS = ("Petr Viktorin", "Lumír Balhar", "Mia Bajić", "Honza Javorek")


def _day(n: int) -> str:
    return f"2017-{n % 12 + 1:02d}-{n % 27 + 1:02d}"


def _post(n: int) -> str:
    year, month, day = _day(n).split("-")
    other = f"{(n + 3) % 28 + 1}. {(n + 5) % 12 + 1}. {year}"
    prose = "".join(
        f"<p>Odstavec {i} příspěvku {n}: co jsme na srazu probrali a co chystáme dál, "
        f"další sraz bude {other} v Brně.</p>"
        for i in range(6)
    )
    return (
        f"<!DOCTYPE html><html><head><title>Sraz {n} | Python v ČR bloguje</title></head>"
        '<body><div class="article container"><div class="header">'
        f"<h1>Sraz číslo {n}</h1>"
        f'<p class="supressed"><time datetime="{_day(n)}T19:00:00+02:00" pubdate>'
        f'{month}/{day}/{year[2:]}</time><br><a href="#about">{WRITERS[n % 4]}</a></p>'
        f'</div><div class="content">{prose}</div></div></body></html>'
    )


def _url(n: int) -> str:
    return f"http://h/sraz-{n}.html"


def test_the_posts_are_dated_by_the_time_that_prints_their_day_in_numbers() -> None:
    pages = [(_url(n), _post(n)) for n in range(24)]
    models = SiteModels(None)
    decided = models.learn("h", pages)
    model = models.models["h"]
    assert model.date_place is not None and model.date_place.endswith("p.supressed")
    for n in range(24):
        assert (decided[_url(n)].date_published or "")[:10] == _day(n), n
        assert decided[_url(n)].authors == (WRITERS[n % 4],), n


def _block(html: str) -> Block:
    element = parse_html(f"<html><body>{html}</body></html>").find(".//p")
    text = " ".join("".join(element.itertext()).split())
    return Block(element, text, (), {})


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        (
            '<p><time datetime="2017-07-19T13:08:00+02:00">07/19/17</time></p>',
            "2017-07-19T13:08:00+02:00",
        ),
        (
            '<p><time datetime="2017-09-16">Updated: 2018年4月4日</time></p>',
            "Updated: 2018年4月4日",
        ),
        # (words with the day: the day as shown, not the <time>'s value; a short line that
        # names a day among other words shows that day)
        ('<p><time datetime="1999-12-23">Thursday, 30/05/2024</time></p>', "2024-05-30"),
        ("<p>07/19/17 Jo Roe</p>", "07/19/17 Jo Roe"),
    ],
)
def test_the_time_s_value_stands_in_only_for_a_day_in_numbers(html: str, shown: str) -> None:
    assert shown_date(_block(html)) == shown
