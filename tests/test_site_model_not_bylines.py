"""What the site model must not learn as a post's byline or date (round fifty-six, two held-out
blogs whose crawls were worse with the site model than without it):

- hexo-chameleon-mdleom prints its owner only in the post footer's copyright line ("© 2018-2024
  Ming Di Leom. Powered by Hexo ..."), at a place of its own on posts. Listings make up half the
  sample, so the line is no template there, and the model learned it as the byline place: every
  post's writer became the line's links, "Disclaimer Status Onion Eepsite". A copyright line
  names the site's owner on every page, never a post's byline.
- The same blog lists "Last Updated: 27 Aug 2019" before "Published Date: 24 Feb 2019" in the
  post footer's meta list on a third of its posts. The model read the first date at the date
  place as the post's day: a date text labelled as an update's is not, where another is.
- jekyll-illusion-slopes prints no byline. Its related-post links name the site itself on a
  few posts ("Illusion Slopes redesign"), and the writer hints (the ranker's candidates) hold
  the site's name: those posts taught the related-post list as the byline place, and the
  related posts' titles became writers. A hint naming the site itself teaches no place.

A real crawl on 127.0.0.1 and the learning rules."""

from __future__ import annotations

from pathlib import Path

from conftest import crawled_posts, write_pages

from scraper.extractor import parse_html
from scraper.models import Article
from scraper.sitemodel.blocks import page_blocks
from scraper.sitemodel.model import (
    Sample,
    SiteModel,
    learn_hinted_byline,
    learn_places,
    post_day,
)

OWNER = "Ming Di Leom"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SITE = "Illusion Slopes"
PROSE = "".join(
    f"<p>Paragraph {i}: the tunnel forwards each request to the origin, caches what it may, "
    "and logs the rest for a week before it rotates the files.</p>"
    for i in range(7)
)


def _prose(n: int) -> str:
    """A post's own paragraphs (no two posts alike: repeated text is template)."""
    return PROSE.replace("Paragraph", f"Note {n}, paragraph")


FOOTER = (
    f'<div class="copyright">© 2018-2024 {OWNER}. <a href="/src">Powered by </a>'
    '<a href="https://hexo.io/">Hexo</a> with <a href="/theme">Chameleon</a> theme.<br>'
    "Content is available under CC-BY-SA 4.0.<br>"
    '<a href="/disclaimer/">Disclaimer</a> <a href="/status">Status</a> '
    '<a href="/onion">Onion</a></div>'
)


def _head(title: str, day: str | None = None) -> str:
    published = (
        f'<meta property="article:published_time" content="{day}T00:00:00+00:00">'
        '<meta property="og:type" content="article">'
        if day
        else ""
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="author" content="{OWNER}">{published}'
        f"<title>{title} | {OWNER}'s Blog</title></head>"
    )


def _post(n: int) -> str:
    day = f"2019-{n % 12 + 1:02d}-{n % 27 + 1:02d}"
    updated = f"<li>Last Updated: {n % 27 + 1} Aug 2023</li>" if n % 3 == 0 else ""
    shown = f"{n % 27 + 1} {MONTHS[n % 12]} 2019"
    title = f"Cloudflare Tunnel notes {n}"
    return (
        f'{_head(title, day)}<body><nav><a href="/">Home</a> <a href="/blog/">Blog</a></nav>'
        f'<div class="container"><article class="article-type-post"><h1>{title}</h1>{_prose(n)}'
        f'<footer class="article-footer"><ul class="article-meta">{updated}'
        f"<li>Published Date: {shown}</li></ul></footer></article></div>"
        f'<footer class="post-footer">{FOOTER}</footer></body></html>'
    )


def _listing(n: int, paths: list[str]) -> str:
    links = "".join(f'<li><a href="/{p.removesuffix("index.html")}">Post</a></li>' for p in paths)
    return (
        f'{_head(f"Tag {n}")}<body><nav><a href="/">Home</a> <a href="/blog/">Blog</a></nav>'
        f'<div class="archive"><h1>Tag {n}</h1><ul>{links}</ul></div>'
        f'<footer class="archive-footer">{FOOTER}</footer></body></html>'
    )


def test_a_crawl_keeps_the_declared_writer_and_the_published_day(tmp_path: Path) -> None:
    paths = [f"2019/{n:02d}/notes-{n}/index.html" for n in range(1, 25)]
    tags = [f"tags/t{n}/index.html" for n in range(20)]
    pages = {p: _post(n) for n, p in enumerate(paths, start=1)}
    pages |= {t: _listing(n, paths[n : n + 4]) for n, t in enumerate(tags)}
    pages["index.html"] = _listing(99, paths) + "".join(
        f'<a href="/{t.removesuffix("index.html")}">t</a>' for t in tags
    )
    write_pages(tmp_path / "site", pages)
    posts = crawled_posts(tmp_path / "site", tmp_path / "out")
    assert {p.removesuffix("index.html") for p in paths} <= set(posts)
    wrong_writers = {p: a.authors for p, a in posts.items() if a.authors not in ((OWNER,), ())}
    assert wrong_writers == {}
    days = {p.removesuffix("index.html"): _post_day(n) for n, p in enumerate(paths, start=1)}
    wrong_days = {
        p: a.date_published for p, a in posts.items() if (a.date_published or "")[:10] != days[p]
    }
    assert wrong_days == {}


def _post_day(n: int) -> str:
    return f"2019-{n % 12 + 1:02d}-{n % 27 + 1:02d}"


def test_the_post_day_is_the_first_date_no_update_label_opens() -> None:
    assert post_day(["Last Updated: 27 Aug 2019", "Published Date: 24 Feb 2019"]) == "2019-02-24"
    assert post_day(["Published Date: 24 Feb 2019", "Updated: 27 Aug 2019"]) == "2019-02-24"
    assert post_day(["Updated 27 Aug 2019"]) == "2019-08-27"  # (none other: the first)
    assert post_day(["no date here"]) is None


def _sample(n: int, line: str, writer: tuple[str, ...], hint: tuple[str, ...] = ()) -> Sample:
    page = (
        f"<html><body><main><article><h1>Post {n}</h1>{PROSE}"
        f'<div class="meta-footer"><p class="line">{line}</p></div>'
        "</article></main></body></html>"
    )
    article = Article(
        url=f"https://h/p{n}/", title=f"Post {n}", text="Paragraph 0.", authors=writer
    )
    return Sample(article.url or "", page_blocks(parse_html(page)), None, article, (hint,))


def test_a_copyright_line_is_no_byline_place() -> None:
    line = f"© 2018-2024 {OWNER}. Powered by Hexo with Chameleon theme."
    samples = [_sample(n, line, (OWNER,)) for n in range(8)]
    assert learn_places(SiteModel(host="h"), samples).byline_place is None
    bylines = [_sample(n, f"Written by {OWNER} on day {n}", (OWNER,)) for n in range(8)]
    assert learn_places(SiteModel(host="h"), bylines).byline_place is not None


def test_a_hint_naming_the_site_teaches_no_byline_place() -> None:
    site = SiteModel(host="h", site_name=SITE)
    named = [_sample(n, f"{SITE} redesign", (OWNER,), (SITE,)) for n in range(8)]
    assert learn_hinted_byline(site, named).byline_place is None
    person = [_sample(n, "Jo Roe wrote this", (OWNER,), ("Jo Roe",)) for n in range(8)]
    assert learn_hinted_byline(site, person).byline_place is not None
