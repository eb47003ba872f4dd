"""Posts' meta lines as small-group blogs print them, read in a single page and by the site
model:
- "ESCRITO POR <a>Paula</a>" (Spanish "written by"), "Geschrieben von", "Écrit par": the
  label is no name, and the name after it is the writer;
- a meta heading that gives its date first and its byline after a ``<br>`` ("10 de octubre de
  2016<br>Escrito por Paula"): the site model reads the line that names someone;
- "Raph Levien, January 10, 2024" in an ``<h3>`` under the headline: the writers, then the day;
- a line of tag links under the headline ("Social Media", "Mission Control"): topics, never
  writers, so a site-wide writer declared in ``<meta name="author">`` stays every post's."""

from __future__ import annotations

from scraper import extract
from scraper.extractor.authors import clean_authors, is_label
from scraper.extractor.explain import explain
from scraper.sitemodel import SiteModels

SPANISH_MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio"]
WRITERS = ["Paula", "Germán", "Paula", "Luis", "Germán", "Paula"]


def _prose(n: int) -> str:
    return "".join(
        f"<p>Párrafo {i} de la entrada {n}: la privacidad de las comunicaciones, el cifrado "
        "de extremo a extremo y lo que cada aplicación guarda de sus usuarios.</p>"
        for i in range(8)
    )


def _spanish_post(n: int) -> str:
    month = SPANISH_MONTHS[n % 6]
    return (
        f"<!DOCTYPE html><html lang='es'><head><title>Entrada {n} &#8211; Interferencias</title>"
        '<meta property="og:type" content="article"></head><body>'
        '<nav class="menu"><a href="/">Interferencias</a> <a href="/blog/">Blog</a></nav>'
        '<div id="main"><article class="hentry"><header class="header-title">'
        f'<div class="header-title-wrap"><h1 class="entry-title">Entrada número {n} del grupo'
        '</h1><h2 style="font-size: 1em"><span class="entry-date date published updated">'
        f'<time datetime="2016-0{n % 6 + 1}-1{n % 9}T00:00:00+02:00">1{n % 9} de\n{month}\n'
        "de 2016</time></span>\n\t<br>ESCRITO POR\n\t\t"
        f'<a href="https://twitter.com/w{n % 3}">\n\t\t\t{WRITERS[n % 6]}\n\t\t</a>\n\t<br><br>'
        f'</h2></div></header><div class="entry-content">{_prose(n)}</div></article></div>'
        "<footer><p>Interferencias</p></footer></body></html>"
    )


def _url(n: int) -> str:
    return f"http://h/2016/0{n % 6 + 1}/1{n % 9}/entrada-{n}/"


def test_written_by_in_other_languages_is_a_label() -> None:
    assert is_label("ESCRITO POR") and is_label("Geschrieben von") and is_label("Écrit par")
    assert clean_authors(["Escrito por Ana López"], None) == ("Ana López",)
    assert clean_authors(["Geschrieben von Jo Roe"], None) == ("Jo Roe",)
    assert clean_authors(["Écrit par Marie Curie"], None) == ("Marie Curie",)
    assert clean_authors(["Di Fox"], None) == ("Di Fox",)  # a name, not "by Fox"


def test_a_label_is_never_a_candidate_writer() -> None:
    html = _spanish_post(0)
    values = [v for _, v in explain(html, _url(0)).metadata["authors"].candidates]
    assert "Escrito Por" not in values and "ESCRITO POR" not in values
    assert "Paula" in values


def test_the_site_model_reads_the_meta_lines_line_that_names_someone() -> None:
    pages = [(_url(n), _spanish_post(n)) for n in range(18)]
    decided = SiteModels(None).learn("h", pages)
    for n in range(18):
        assert decided[_url(n)].authors == (WRITERS[n % 6],), n


def _linebender_post(n: int, writers: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>Plans {n} - Widgets</title></head><body>"
        '<header class="site-header"><a class="site-title" href="/">Widgets</a></header>'
        f'<main class="page-content"><div class="wrapper"><h1>Plans number {n}</h1>'
        f"<h3>{writers}, January {n + 1}, 2024</h3>{_prose(n)}</div></main></body></html>"
    )


def test_writers_then_their_day_in_a_heading() -> None:
    html = _linebender_post(3, "Daniel McNab, Bruce Mitchener, Raph Levien")
    values = [v for _, v in explain(html, "http://h/blog/plans-3/").metadata["authors"].candidates]
    assert "Daniel McNab, Bruce Mitchener, Raph Levien" in values
    one = explain(_linebender_post(3, "Raph Levien"), "http://h/blog/plans-3/")
    assert "Raph Levien" in [v for _, v in one.metadata["authors"].candidates]


TAGS = [
    ("Social Media", "Psychology"),
    ("Mission Control", "Mozilla"),
    ("Data Visualization", "Mission Control"),
    ("Metrics Graphics",),
    ("Mozilla", "Docker"),
]


def _tagged_post(n: int) -> str:
    tags = "".join(f'<a href="/tags/{t.replace(" ", "-")}.html">{t}</a> ' for t in TAGS[n % 5])
    return (
        f"<!DOCTYPE html><html><head><title>Note {n}</title>"
        '<meta name="author" content="William Lachance"></head><body>'
        '<div class="container max-w-screen-md"><article><header>'
        f'<h1>A note on tools {n}</h1><p class="index-date">Apr {n + 1}th, 2023</p>'
        f'<p><span class="tags">{tags}</span></p></header>{_prose(n)}</article></div>'
        "</body></html>"
    )


def test_tag_links_are_no_writers() -> None:
    html = _tagged_post(0)
    values = [
        v for _, v in explain(html, "http://h/blog/2023/04/note-0/").metadata["authors"].candidates
    ]
    assert not {"Social Media", "Psychology"} & set(values)
    assert extract(html, "http://h/blog/2023/04/note-0/").authors == ("William Lachance",)


def test_the_site_model_learns_no_byline_at_the_tags() -> None:
    pages = [(f"http://h/blog/2023/04/note-{n}/", _tagged_post(n)) for n in range(20)]
    decided = SiteModels(None).learn("h", pages)
    for n in range(20):
        assert decided[f"http://h/blog/2023/04/note-{n}/"].authors == ("William Lachance",), n
