"""Round fifty-eight (the dev archive frog-racket, Frog's two-column post layout): the post's
date printed in a column of its own BESIDE the headline's (``<row><col-1><p>01 Nov 2012</p>
</col-1><col-2><header><h1>Generics</h1></header>...``) is its date line. The scan before the
headline read only the headline's own block (two levels up), one short of the date's column;
it now reads one level further when that finds none."""

from __future__ import annotations

from scraper.extractor import parse_html
from scraper.extractor.datelines import find_date_lines

PROSE = " ".join(f"Sentence {i} explains the new generics library." for i in range(14))


def frog_post(side: str = "<p class='date-and-tags'>01 Nov 2012</p>") -> str:
    return (
        "<html lang='en'><head><title>Generics</title>"
        "<link rel='canonical' href='https://blog.example.org/2012/11/generics.html'>"
        "<link rel='next' href='/2012/10/the-3n1-problem.html'>"
        "<link rel='prev' href='/2012/11/racket-v531.html'>"
        "<link rel='alternate' type='application/atom+xml' href='/feeds/all.atom.xml'>"
        "</head><body>"
        "<row id='logo'><col-1><a href='/'>Racket</a></col-1><col-2><p><a href='/'>blog</a></p>"
        f"</col-2></row><article><row><col-1>{side}</col-1><col-2><header><h1>Generics</h1>"
        f"</header><p><em>posted by Asumu Takikawa</em></p><p>{PROSE}</p><p>{PROSE}</p>"
        "<h2><span class='label'>next</span> <a class='next' href='/2012/11/racket-v531.html'>"
        "Racket v5.3.1</a></h2><h2><span class='label'>prev</span> <a class='previous' "
        "href='/2012/10/the-3n1-problem.html'>The 3n+1 problem</a></h2>"
        "</col-2></row></article></body></html>"
    )


def date_lines(html: str) -> list[str]:
    root = parse_html(html)
    return [line.date for line in find_date_lines(root.find(".//body"), root.find(".//h1"))]


def test_the_date_in_the_column_beside_the_headline_is_its_date_line() -> None:
    assert date_lines(frog_post()) == ["2012-11-01"]


def test_a_date_line_in_the_headline_s_own_block_is_read_first() -> None:
    html = frog_post().replace("<header><h1>", "<header><p>March 3, 2013</p><h1>")
    assert date_lines(html) == ["2013-03-03"]
