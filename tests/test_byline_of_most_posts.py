"""A blog where one writer wrote most posts: the byline that names them repeats on most pages,
as the layout's blocks do, yet it is each post's own. At the site's byline place (learned from
the other writers' posts) it is neither pruned as template before extraction nor skipped when
the byline is read, so every post keeps its writer with the site model as without it."""

from __future__ import annotations

from scraper import extract
from scraper.sitemodel import SiteModels

OTHERS = ("Pedro Yamada", "Ana Souza", "Rui Lima")


def _writer(n: int) -> str:
    return OTHERS[n % 3] if n % 10 in (1, 4, 7) else "Franklin Chen"


def _post(n: int) -> str:
    prose = "".join(
        f"<p>Parágrafo {i} do dia {n}: bibliotecas de Haskell, testes, tipos e o que a "
        "série ensinou a quem programa todo dia.</p>"
        for i in range(8)
    )
    return (
        f"<!DOCTYPE html><html lang=pt><head><title>Dia {n} de Hackage</title></head><body>"
        '<article role="main"><header><div><a href="/">Home</a></div>'
        f'<div class="meta"><time datetime="2015-12-{n + 1:02d}">{n + 1:02d}/12/2015</time></div>'
        f"<h1>24 dias de Hackage, dia {n}: a biblioteca número {n}</h1>"
        '<h2 class="author-name"><style>h2.author-name a:hover { color: red; }</style>'
        f'<a href="http://example.org/~w{n % 3}">por {_writer(n)}</a></h2></header>'
        f'<div class="text">{prose}</div></article>'
        "<footer><p>HaskellBR Blog, feito com Jekyll.</p></footer></body></html>"
    )


def _url(n: int) -> str:
    return f"http://h/2015/12/{n + 1:02d}/dia-{n}.html"


def test_the_writer_of_most_posts_is_read_alone() -> None:
    assert extract(_post(0), _url(0)).authors == ("Franklin Chen",)


def test_the_site_model_keeps_the_writer_of_most_posts() -> None:
    pages = [(_url(n), _post(n)) for n in range(20)]
    assert sum(_writer(n) == "Franklin Chen" for n in range(20)) >= 13  # over 60%: template
    decided = SiteModels(None).learn("h", pages)
    for n in range(20):
        assert decided[_url(n)].authors == (_writer(n),), n


def test_a_one_writer_blogs_by_line_is_not_pruned_as_layout() -> None:
    """Every post by one writer, named only in the "por" line: no byline place is learned (no
    other writer sets it apart), and the line is not pruned, so the extractor still reads it."""
    pages = [
        (_url(n), _post(n).replace(f"por {_writer(n)}", "por Franklin Chen")) for n in range(20)
    ]
    decided = SiteModels(None).learn("h", pages)
    for n in range(20):
        assert decided[_url(n)].authors == ("Franklin Chen",), n
