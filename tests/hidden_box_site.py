"""A small blog whose every page hides a "latest posts" search box: the titles and excerpts of
the five newest posts, before the page's own content. One page alone cannot tell that box from
a listing; a crawl of the whole site can, since the box is the same on every page.

``write_site(folder)`` writes the site (posts at ``/YYYY/MM/slug/``, paginated home, tag pages,
an archive, an about page) and returns the gold: ``{path: (title, author, date)}`` of the posts.
"""

from __future__ import annotations

import random
from pathlib import Path

SITE = "Quiet Garden"
AUTHORS = ("Mara Quinn", "Tomas Ekberg")
TOPICS = ("soil", "compost", "seedlings", "pruning", "mulch", "roses", "tomatoes", "frost")
_TEXT = (
    "garden bed water morning light root leaf season spring autumn careful slow patient worm"
    " layer straw shade sun week harvest bloom stem gentle warm cold rain path"
)
WORDS = _TEXT.split()
PER_PAGE = 6


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 15))).capitalize() + "."


def _page(title: str, body: str, latest: str) -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title></head><body>
<header class="site-header"><a class="brand" href="/">{SITE}</a>
<nav><ul class="menu"><li><a href="/">Home</a></li><li><a href="/archive/">Archive</a></li>
<li><a href="/about/">About</a></li></ul></nav>
<div class="search-overlay" hidden><form action="/search/"><input name="q"></form>
<h3>Latest posts</h3><ul class="latest">{latest}</ul></div></header>
<main class="content">{body}</main>
<footer class="site-footer"><p>Copyright 2024 {SITE}. Grown slowly, by hand.</p>
<p>Subscribe to our newsletter for a letter each season.</p></footer></body></html>"""


def write_site(root: Path, posts: int = 26) -> dict[str, tuple[str, str | None, str]]:
    rng = random.Random(7)
    items = []
    for n in range(posts):
        year, month, day = 2023 + n // 12, n % 12 + 1, rng.randint(1, 28)
        topic = TOPICS[n % len(TOPICS)]
        title = f"Notes on {topic}, part {n + 1}"
        slug = f"notes-on-{topic}-{n + 1}"
        short = n % 9 == 4  # a few posts are one sentence long
        paragraphs = [_sentence(rng)]
        if not short:
            paragraphs = [
                " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))
                for _ in range(rng.randint(4, 7))
            ]
        author = AUTHORS[n % 2] if n % 7 else None  # some posts carry no byline
        items.append((f"{year}/{month:02d}/{slug}", title, author, f"{year}-{month:02d}-{day:02d}",
                      paragraphs, topic))  # fmt: skip
    newest = sorted(items, key=lambda i: i[3], reverse=True)
    latest = "".join(
        f'<li><a href="/{path}/">{title}</a><p>{paras[0][:120]}</p></li>'
        for path, title, _, _, paras, _ in newest[:5]
    )
    gold: dict[str, tuple[str, str | None, str]] = {}
    for path, title, author, date, paragraphs, topic in items:
        byline = f'<p class="byline">By {author}</p>' if author else ""
        body = (
            f'<article><h1 class="entry-title">{title}</h1>{byline}'
            f'<p class="meta"><time datetime="{date}">{date}</time> in '
            f'<a href="/tag/{topic}/">{topic}</a></p>'
            + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "</article>"
        )
        _write(root / path / "index.html", _page(f"{title} | {SITE}", body, latest))
        gold[path + "/index.html"] = (title, author, date)

    def listing(items_here: list[tuple[str, str, str | None, str, list[str], str]]) -> str:
        return "".join(
            f'<div class="teaser"><h2><a href="/{p}/">{t}</a></h2><p>{d}</p><p>{ps[0]}</p>'
            f'<a href="/{p}/">Read more</a></div>'
            for p, t, _, d, ps, _ in items_here
        )

    pages = [newest[i : i + PER_PAGE] for i in range(0, len(newest), PER_PAGE)]
    for number, chunk in enumerate(pages, start=1):
        more = (
            f'<a rel="next" href="/page/{number + 1}/">Older posts</a>'
            if number < len(pages)
            else ""
        )
        target = root / "index.html" if number == 1 else root / "page" / str(number) / "index.html"
        _write(target, _page(SITE, listing(chunk) + more, latest))
    for topic in TOPICS:
        tagged = [i for i in newest if i[5] == topic]
        heading = f"<h1>Posts about {topic}</h1>"
        page = _page(f"Tag: {topic} | {SITE}", heading + listing(tagged), latest)
        _write(root / "tag" / topic / "index.html", page)
    archive = "".join(f'<li><a href="/{p}/">{t}</a> {d}</li>' for p, t, _, d, _, _ in newest)
    _write(
        root / "archive" / "index.html", _page(f"Archive | {SITE}", f"<ul>{archive}</ul>", latest)
    )
    about = "<h1>About</h1><p>" + " ".join(_sentence(rng) for _ in range(4)) + "</p>"
    _write(root / "about" / "index.html", _page(f"About | {SITE}", about, latest))
    return gold


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
