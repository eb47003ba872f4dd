"""Headlines that are no page's first ``<h1>`` (round fifty-six, two held-out blogs):

- jekyll-monero prints each post's headline as an ``<h2>`` and the post's own sections as
  ``<h1>``s ("Overview", "Download"), while its ``og:title`` glues a section label on ("Blog:
  Monero 0.17.3.0 'Oxygen Orion' Point Release"). The first ``<h2>`` was evidence only on pages
  with no ``<h1>``; an ``<h2>`` before the first ``<h1>`` is the headline's evidence too.
- eleventy-fronteers wraps its logo and the post's title (hidden for screen readers) in one
  ``<h1>`` linking home. A logo ``<h1>`` names the site, but not when its text is the page's
  declared title (``og:title``) and no site name the page gives: the title was "A Design Token
  Carol - Fronteers" on 55 of 60 posts."""

from __future__ import annotations

from scraper import extract

PROSE = "".join(
    f"<p>Paragraph {i}: the release fixes the wallet's sync, speeds up the daemon's start and"
    " lowers the memory the node needs on small machines.</p>"
    for i in range(6)
)


def test_an_h2_headline_before_section_h1s_beats_a_labelled_og_title() -> None:
    title = "Monero 0.17.3.0 'Oxygen Orion' Point Release"
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title} | Monero - secure, private, untraceable</title>"
        f'<meta property="og:title" content="Blog: {title}"></head><body>'
        f'<div class="post"><h2>{title}</h2><p class="author">Posted by: selsta</p>'
        '<p class="post-date">December 04, 2021</p>'
        f'<h1 id="overview">Overview</h1>{PROSE}<h1 id="download">Download</h1>{PROSE}</div>'
        '<aside><h2>Recent Posts</h2><ul><li><a href="/a">A</a></li></ul></aside>'
        "</body></html>"
    )
    url = "https://www.getmonero.org/2021/12/04/monero-0.17.3.0-released.html"
    assert extract(page, url).title == title


def test_a_logo_h1_holding_the_declared_title_is_no_site_name() -> None:
    title = "A Design Token Carol"
    page = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        f'<title>{title} - Fronteers</title><meta property="og:title" content="{title}">'
        '<meta property="og:site_name" content="Fronteers"></head><body>'
        '<header><h1 id="page-title"><a href="/"><span class="visually-hidden">'
        f"{title}</span><svg><path d='M0 0'/></svg></a></h1></header>"
        f'<main><h2 id="carol">{title}</h2><p>Publicatiedatum: 2 januari 2025</p>'
        f"{PROSE}</main></body></html>"
    )
    assert extract(page, "https://www.fronteers.nl/blog/2025/01/carol").title == title


def test_a_logo_h1_naming_the_site_still_names_it() -> None:
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Release notes - Acme Blog</title>"
        '<meta property="og:title" content="Release notes"></head><body>'
        '<header><h1><a href="/">Acme Blog</a></h1></header>'
        f"<main><h2>Release notes</h2>{PROSE}</main></body></html>"
    )
    assert extract(page, "https://acme.example/blog/release-notes").title == "Release notes"
