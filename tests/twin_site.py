"""A small bilingual blog whose menu pages are built like its posts, in both languages.

Every page, post or not, has the same layout: a headline, "Posted on" and a date, a body, and
"Newer" / "Older" links through all the site's pages in date order (as Hugo's themes do). The
menu (Posts, Projects, About) is the same on every English page; the Spanish pages' menu links to
the English "Projects" and "About", and ends in a language switch to the page's counterpart
("es" on English pages, "en" on Spanish ones). So the Spanish "Acerca" and "Proyectos" are
linked by no menu: only their English counterparts' language switch, and the date chain, lead
to them, as to the Spanish posts. Some posts are talks of one short sentence and a link.

``write_site(folder)`` writes the site and returns the gold: the paths of the posts
(``{path: title}``); the four menu pages and the listings are no posts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

SITE = "Field Notes"
_TEXT = (
    "river stone field path morning light season careful slow patient water moss bank bridge"
    " wind valley quiet walk map trail north south evening rain cloud"
)
_ES_TEXT = (
    "rio piedra campo camino luz temporada lento paciente agua musgo orilla puente viento"
    " valle tranquilo mapa sendero norte sur tarde lluvia nube"
)
_WORDS = _TEXT.split()
_ES_WORDS = _ES_TEXT.split()


@dataclass(frozen=True)
class _Page:
    path: str  # "posts/slug", "es/about"
    title: str
    date: str
    body: str
    lang: str
    twin: str | None  # the counterpart's path in the other language
    post: bool


def _sentence(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(9, 15))).capitalize() + "."


def _body(rng: random.Random, words: list[str], paragraphs: int) -> str:
    return "".join(
        "<p>" + " ".join(_sentence(rng, words) for _ in range(4)) + "</p>"
        for _ in range(paragraphs)
    )


def _menu(page: _Page) -> str:
    if page.lang == "en":
        items = [("/posts/", "Posts"), ("/projects/", "Projects"), ("/about/", "About")]
        switch = ("es", page.twin)
    else:  # the Spanish menu names the English menu pages, as url-based menu entries do
        items = [("/es/posts/", "Posts"), ("/projects/", "Proyectos"), ("/about/", "Acerca")]
        switch = ("en", page.twin)
    entries = "".join(f'<li class="menu-item"><a href="{h}">{t}</a></li>' for h, t in items)
    if switch[1] is not None:
        entries += f'<li class="menu-item"><a href="/{switch[1]}/">{switch[0]}</a></li>'
    return f'<nav class="menu"><ul class="menu-list">{entries}</ul></nav>'


def _html(page: _Page, body: str, newer: _Page | None, older: _Page | None) -> str:
    pager = ""
    if newer is not None:
        pager += f'<div class="pager-newer"><a href="/{newer.path}/">Newer</a></div>'
    if older is not None:
        pager += f'<div class="pager-older"><a href="/{older.path}/">Older</a></div>'
    home = "/" if page.lang == "en" else "/es/"
    return f"""<!DOCTYPE html><html lang="{page.lang}"><head><meta charset="utf-8">
<title>{page.title} | {SITE}</title></head><body>
<header class="site"><p class="brand"><a href="{home}">{SITE}</a></p>
<p class="tagline">Walks, maps and the weather on the way</p></header>
{_menu(page)}
<main class="main">{body}<footer class="post-footer"><nav class="pager">{pager}</nav>
</footer></main>
<footer class="site-footer"><p>Text CC BY 4.0, {SITE}. Written on foot.</p></footer>
</body></html>"""


def _article(page: _Page) -> str:
    return (
        f'<article class="post"><header><h1>{page.title}</h1>'
        f'<div class="time">Posted on <time>{page.date}</time></div></header>'
        f'<section class="post-body">{page.body}</section></article>'
    )


def _listing(page: _Page, items: list[_Page]) -> str:
    teasers = "".join(
        f'<li class="item"><a href="/{p.path}/">{p.title}</a> <span>{p.date}</span></li>'
        for p in items
    )
    return f'<section class="list"><h1>{page.title}</h1><ul class="items">{teasers}</ul></section>'


def write_site(root: Path, posts: int = 24, translated: int = 8) -> dict[str, str]:
    rng = random.Random(11)
    pages: list[_Page] = []
    for n in range(posts):
        date = f"2023-{n % 12 + 1:02d}-{n % 27 + 1:02d}" if n < 12 else f"2024-{n - 11:02d}-10"
        talk = n % 6 == 3  # a talk: one short sentence and the slides
        slug = f"talk-{n}" if talk else f"walk-{n}"
        title = f"Talk at the mapping meetup {n}" if talk else f"A walk along the river, part {n}"
        body = (
            f'<p>Slides: <a href="https://slides.example/{n}">slides.example/{n}</a></p>'
            if talk
            else _body(rng, _WORDS, 4)
        )
        twin = f"es/posts/{slug}" if n < translated else None
        pages.append(_Page(f"posts/{slug}", title, date, body, "en", twin, True))
        if twin is not None:
            es_title = f"Charla {n}" if talk else f"Un paseo por el rio, parte {n}"
            es_body = (
                f'<p>Diapositivas: <a href="https://slides.example/{n}">diapositivas</a></p>'
                if talk
                else _body(rng, _ES_WORDS, 4)
            )
            pages.append(_Page(twin, es_title, date, es_body, "es", f"posts/{slug}", True))
    for path, title, es_title in (
        ("about", "About", "Acerca"),
        ("projects", "Projects", "Proyectos"),
    ):
        date = "2024-03-23" if path == "about" else "2021-12-04"
        pages.append(_Page(path, title, date, _body(rng, _WORDS, 3), "en", f"es/{path}", False))
        pages.append(
            _Page(f"es/{path}", es_title, date, _body(rng, _ES_WORDS, 3), "es", path, False)
        )
    chained = sorted(pages, key=lambda p: (p.date, p.path), reverse=True)
    for lang in ("en", "es"):
        chain = [p for p in chained if p.lang == lang]
        for i, page in enumerate(chain):
            newer = chain[i - 1] if i else None
            older = chain[i + 1] if i + 1 < len(chain) else None
            _write(root / page.path / "index.html", _html(page, _article(page), newer, older))
    listings = (
        ("en", "", "Field Notes"),
        ("en", "posts", "Posts"),
        ("es", "es", "Notas de campo"),
        ("es", "es/posts", "Posts"),
    )
    for lang, path, title in listings:
        listed = [p for p in chained if p.lang == lang and p.post]
        twin = {"": "es", "posts": "es/posts", "es": "", "es/posts": "posts"}[path]
        page = _Page(path, title, "", "", lang, twin or None, False)
        html = _html(page, _listing(page, listed), None, None)
        _write(root / path / "index.html" if path else root / "index.html", html)
    return {f"{p.path}/index.html": p.title for p in pages if p.post}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
