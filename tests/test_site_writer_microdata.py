"""A blog with no byline: each post's writer only in an author box in its sidebar, marked up
as microdata (``itemprop="author"`` with the name in ``itemprop="name"``), beside a site-wide
``<meta name="author">`` naming the site. One writer wrote most posts, so that writer's box
repeats on most pages as the layout does; it is data the page declares about its post, not
layout, so the site model never prunes it and every post keeps its writer."""

from __future__ import annotations

from scraper.sitemodel import SiteModels

BIOS = {
    "Adrian Stabiszewski": "Adrian baut Apps mit Android, iOS, NFC und OpenStreetMap.",
    "Felix Ebert": "Felix organisiert den Open Data Day und das Code for Heilbronn.",
}


def _writer(n: int) -> str:
    return "Felix Ebert" if n % 10 in (2, 5, 8) else "Adrian Stabiszewski"


def _post(n: int) -> str:
    name = _writer(n)
    prose = "".join(
        f"<p>Absatz {i} zum Projekt {n}: offene Daten der Stadt, eine App dazu und was die "
        "Gruppe beim nächsten Treffen daraus machen will.</p>"
        for i in range(8)
    )
    return (
        f"<!DOCTYPE html><html lang=de><head><title>Projekt {n} in Heilbronn</title>"
        '<meta name="author" content="OpenDataLab"></head><body>'
        '<div class="navbar"><a href="/">OpenDataLab</a> <a href="/archive.html">Archiv</a></div>'
        '<div class="container"><div class="row"><div class="span9">'
        f'<div class="page-header"><h1>Projekt {n} in Heilbronn</h1></div>'
        f'<div class="date"><span>{n + 1} June 2014</span></div>'
        f'<div class="content">{prose}</div></div><div class="span3"><div class="sidebar"><small>'
        '<div class="author" itemprop="author" itemscope itemtype="http://schema.org/Person">'
        f'<p><strong itemprop="name">{name}</strong><br>Entwickler</p>'
        f'<div class="author-bio" itemprop="description">{BIOS[name]}</div></div>'
        "</small></div></div></div></div></body></html>"
    )


def _url(n: int) -> str:
    return f"http://h/hack/2014/06/{n + 1:02d}/projekt-{n}/"


def test_a_writers_microdata_box_is_not_pruned_as_layout() -> None:
    pages = [(_url(n), _post(n)) for n in range(20)]
    assert sum(_writer(n) == "Adrian Stabiszewski" for n in range(20)) >= 13  # template
    decided = SiteModels(None).learn("h", pages)
    for n in range(20):
        assert decided[_url(n)].authors == (_writer(n),), n
