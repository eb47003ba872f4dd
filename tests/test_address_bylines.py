"""HTML's own mark for an article's writer, ``<address>`` inside its ``<article>``: a German
community blog (Freifunk Bremen) prints its writers nowhere else ("<address>SimJoSt</address>"
beside the date). A postal address in the page's footer, or one in a comment, names no writer."""

from __future__ import annotations

from scraper import extract

PROSE = "".join(
    f"<p>Absatz {i}: die neue Firmware wurde eine Woche lang im Netz getestet und verteilt.</p>"
    for i in range(12)
)
URL = "https://bremen.example/blog/2017/05/18/aktuelle-stable.html"


def _page(article_extra: str = "", footer: str = "", address: str = "SimJoSt") -> str:
    byline = f"<address>{address}</address>" if address else ""
    return (
        '<!DOCTYPE html><html lang="de"><head><title>aktuelle stable - Freifunk Bremen</title>'
        '</head><body><header><h1>Freifunk Bremen</h1><nav><a href="/">Start</a></nav></header>'
        '<main><section><article class="newsitem"><header><h2>aktuelle stable</h2><div '
        f'class="metadata"><time datetime="">18. Mai 2017</time>{byline}</div></header><div '
        f'class="post">{PROSE}{article_extra}</div></article></section></main><footer>{footer}'
        "</footer></body></html>"
    )


def test_the_address_in_the_article_names_its_writer() -> None:
    article = extract(_page(), URL)
    assert article.authors == ("SimJoSt",)
    assert article.date_published and article.date_published.startswith("2017-05-18")


def test_a_postal_address_in_the_footer_names_no_writer() -> None:
    footer = "<address>Jo Roe, Hauptstraße 1, 28195 Bremen</address>"
    assert extract(_page(footer=footer, address=""), URL).authors == ()


def test_an_address_in_a_comment_names_no_writer() -> None:
    comment = '<div class="comment"><address>Bo Chen</address><p>Danke!</p></div>'
    assert extract(_page(article_extra=comment, address=""), URL).authors == ()
