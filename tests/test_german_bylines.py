"""German bylines ("von Jo Roe am 11.09.2017"), "et al.", and the cards of the previous and
next posts, which print other posts' bylines and days under this post's own.

Round forty-eight's held-out German blogs showed each: "am" before the day was read as part of
the name, so the line named no one; "et al." gave a writer "al" ("et" is French's "and"); and
the previous/next cards' "von <writer> am <day>" lines were read as this post's date line and,
on a site whose posts often neighbour posts by the same writer, learned as its byline place."""

from __future__ import annotations

import pytest

from scraper.extractor import parse_html
from scraper.extractor.authors import clean_authors, clean_declared_authors
from scraper.extractor.datelines import find_date_lines
from scraper.sitemodel import SiteModels


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("von Jasmin Helm am 11.09.2017", ("Jasmin Helm",)),
        ("Jo Roe am 3. März 2021", ("Jo Roe",)),
        ("Jo Roe (Code for Leipzig) et al.", ("Jo Roe",)),
        ("Ann Lee (Code for Bonn), Jo Roe (Code for Leipzig) et al.", ("Ann Lee", "Jo Roe")),
        ("Jo Roe, et al", ("Jo Roe",)),
        ("By Jo Roe and others", ("Jo Roe",)),
        ("Marie Curie et Pierre Curie", ("Marie Curie", "Pierre Curie")),  # "et" still "and"
    ],
)
def test_german_day_tails_and_et_al_name_only_the_writers(raw: str, names: tuple) -> None:
    assert clean_authors([raw]) == names
    assert clean_declared_authors([raw]) == names


WRITERS = ("Jasmin Helm", "Jasmin Helm", "Moritz Neujeffski")
# the site prints its team's bylines and its guests' in two boxes: neither box is on most posts,
# while the cards of the neighbouring posts are on every one
LAYOUTS = ("post-team-author", "post-guest-author")


def _post(number: int) -> str:
    def meta(n: int) -> str:
        return f"von {WRITERS[n % 3]}<br> am {n % 28 + 1:02d}.0{n % 9 + 1}.2019"

    body = "".join(
        f"<p>Absatz {k} des Beitrags {number}: Wir haben mit Schulen über offene Daten "
        "gesprochen und zeigen hier, was wir dabei gelernt haben.</p>"
        for k in range(5)
    )
    cards = "".join(
        f'<li class="post-preview"><h3>{label}</h3><div class="post-preview-content">'
        f'<a class="post-title" href="/blog/p{n}/">Beitrag {n}</a><p class="post-excerpt">'
        f'Worum es im Beitrag {n} geht.</p><p class="post-meta">{meta(n)}</p></div></li>'
        for label, n in (("Vorheriger Beitrag", number - 1), ("Nächster Beitrag", number + 1))
    )
    return (
        f"<html><head><title>Beitrag {number} | Datenblog</title></head><body>"
        '<nav><a href="/">Start</a> <a href="/blog/">Blog</a></nav>'
        f'<section class="post"><div class="box"><div class="{LAYOUTS[number % 2]}">'
        f'<p class="post-meta">{meta(number)}</p></div>'
        f"<h1>Beitrag {number}</h1>{body}</div>"
        f'<div class="container"><div><ul class="post-previews">{cards}</ul></div></div>'
        "</section>"
        "<footer>Datenblog</footer></body></html>"
    )


def test_the_next_posts_card_dates_are_no_date_line() -> None:
    root = parse_html(_post(4))
    lines = find_date_lines(root.find(".//body"), root.find(".//h1"))
    assert [line.date for line in lines] == ["2019-05-05"]  # the post's own, before the h1


def test_the_previous_and_next_cards_are_no_byline_place() -> None:
    models = SiteModels(None)
    models.learn("h", [(f"http://h/blog/p{n}/", _post(n)) for n in range(1, 25)])
    model = models.models["h"]
    assert model.byline_place is not None and "post-preview" not in model.byline_place
    article = models.extract(_post(30), "http://h/blog/p30/")
    assert article.authors == (WRITERS[0],)
    assert article.date_published is not None and article.date_published.startswith("2019-04-03")
