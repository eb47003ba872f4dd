"""A post's meta block of lines, its date one of them, is read line by line.

ruHaskell prints each post's writer, date, category and tags as lines of one block under the
headline (``let author = "…"<br>date = fromGregorian 2015 jun 21<br>category = …<br>tags =
[…]``). With many tags the block is longer than any date, so the day it shows was read as none:
a talk's page (the slides, a line of text) was no post "dated where the site's posts are" and
was not exported. The first line of such a block that is a date is the day it shows; and the
block's lines, where the posts print their byline and date apart from their paragraphs, are no
part of the talk's text, which the extractor had filled with them for want of more."""

from __future__ import annotations

from scraper.sitemodel import SiteModels

WRITERS = ("Юрий Сыровецкий", "Александр Вершилов", "Денис Шевченко")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
TAGS = ("доклад", "митап", "Cloud Haskell", "распределённые вычисления", "стек", "типы")


def _url(n: int) -> str:
    return f"http://h/posts/talks/2015/{n % 12 + 1:02d}/{n % 27 + 1:02d}/talk-{n}.html"


def _meta(n: int, tags: int) -> str:
    listed = ", ".join(f'"<a href="/tags/{t}.html">{t}</a>"' for t in TAGS[:tags])
    return (
        f'<div class="post-info"><strong>let</strong> author = "<a href="/authors/{n % 3}.html">'
        f'{WRITERS[n % 3]}</a>"<br> date = fromGregorian 2015 {MONTHS[n % 12]} {n % 27 + 1}<br>'
        f' category = "<a href="/categories/talks.html">Выступления</a>"<br>'
        f" tags = [{listed}]</div>"
    )


def _page(n: int, body: str, tags: int) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>Доклад {n}</title></head><body>"
        '<nav><a href="/">Главная</a> <a href="/posts/">Статьи</a> <a href="/about.html">О нас</a>'
        f'</nav><div class="container"><div><h1>Доклад {n}</h1>'
        f'<div class="row"><div>{_meta(n, tags)}</div></div>'
        f'<div class="post">{body}</div></div></div><footer><p>MIT</p></footer></body></html>'
    )


def _prose(n: int) -> str:
    return "".join(
        f"<p>Абзац {i} доклада {n}: о типах, классах и монадах в языке Haskell, о том, как "
        "писать надёжные программы и распределённые системы.</p>"
        for i in range(6)
    )


def test_a_short_post_dated_in_a_long_meta_block_is_a_post() -> None:
    models = SiteModels(None)
    models.learn("h", [(_url(n), _page(n, _prose(n), 2)) for n in range(30)])
    model = models.models["h"]
    assert model.date_place is not None
    talk = _page(40, '<p><a href="/slides/40.pdf">Скачать слайды</a></p>', len(TAGS))
    article = models.extract(talk, _url(40))
    assert article.page_kind == "article"
    assert (article.date_published or "")[:10] == "2015-05-14"
    assert article.text == "Скачать слайды"


def _shared_place_page(n: int, body: str) -> str:
    """A post whose meta line is a paragraph at the body paragraphs' own place (Pelican's
    "Posted on: Sat 19 April 2025 by …" as the article's first ``<p>``)."""
    return (
        f"<!DOCTYPE html><html><head><title>Post {n}</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/blog/">Blog</a> <a href="/about/">About</a></nav>'
        f"<article><h1>Post {n}</h1><p>Posted on: Sat {n % 27 + 1} April 2025 by "
        f"{WRITERS[n % 3]}</p>{body}</article><footer><p>Apache-2.0</p></footer></body></html>"
    )


def test_a_meta_line_sharing_the_paragraphs_place_goes_and_the_paragraphs_stay() -> None:
    models = SiteModels(None)
    url = "http://h/blog/2025/04/{:02d}/post-{}/"
    models.learn(
        "h", [(url.format(n % 27 + 1, n), _shared_place_page(n, _prose(n))) for n in range(30)]
    )
    short = "<p>Thanks to Jo Roe and Bo Chen for the review.</p><p>The slides are online.</p>"
    article = models.extract(_shared_place_page(40, short), url.format(14, 40))
    assert article.page_kind == "article"
    assert "Thanks to Jo Roe and Bo Chen for the review." in article.text
    assert "Posted on" not in article.text
