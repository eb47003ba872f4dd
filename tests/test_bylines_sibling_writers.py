"""Co-writers printed as sibling elements of one kind, joined by a short word, are all given.

LibreIM's Jekyll layout prints each writer in its own ``<span class="author">``, the Spanish
"y" between them as bare text ("Mario Román</span>y<span class="author">David Charte"): the
ranker picked the first span and the second writer was lost, while a byline element naming
both was among the candidates. A run of author elements that are siblings with nothing but a
mark or a short word between them is one line of writers; author marks in several parts of a
page (a writer's byline and a blog's name set in the same class elsewhere) are no such line."""

from __future__ import annotations

from scraper import extract

PROSE = "".join(
    f"<p>Párrafo {i}: la guía para primero explica cómo organizar el estudio de las "
    "asignaturas, dónde encontrar los apuntes y a quién preguntar las dudas del curso.</p>"
    for i in range(8)
)


def _page(meta: str, aside: str = "") -> str:
    return (
        "<!DOCTYPE html><html lang='es'><head><title>Guía para primero</title></head><body>"
        "<header><a href='/'>LibreIM</a> <a href='/blog/'>Blog</a></header>"
        "<article class='container'><div class='category'>General</div>"
        "<h1><a href='/blog/2015/09/10/primero/'>Guía para primero</a></h1>"
        f"<div class='post-data'>{meta}"
        "<a class='date' href='/blog/2015/09/10/primero/'>10-09-2015</a></div>"
        f"{PROSE}</article>{aside}<footer><p>CC BY-SA 4.0</p></footer></body></html>"
    )


URL = "https://libreim.github.io/blog/2015/09/10/primero/"


def test_sibling_writer_spans_joined_by_a_word_are_all_given() -> None:
    meta = "<span class='author'>Mario Román</span>y<span class='author'>David Charte</span>"
    assert extract(_page(meta), url=URL).authors == ("Mario Román", "David Charte")


def test_three_sibling_writers_with_commas_and_a_word() -> None:
    meta = (
        "<span class='author'>Mario Román</span>, <span class='author'>Pablo Baeyens</span> "
        "y <span class='author'>David Charte</span>"
    )
    assert extract(_page(meta), url=URL).authors == ("Mario Román", "Pablo Baeyens", "David Charte")


def test_an_author_mark_elsewhere_on_the_page_is_no_co_writer() -> None:
    meta = "<span class='author'>Mario Román</span>"
    aside = (
        "<aside><div class='widget'><p>Un blog de <span class='author'>Libre Estudiantes "
        "Granada</span>, desde 2014.</p></div></aside>"
    )
    assert extract(_page(meta, aside), url=URL).authors == ("Mario Román",)
