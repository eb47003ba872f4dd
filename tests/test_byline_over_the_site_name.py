"""A byline printed under the headline over a ``<meta name="author">`` that names the site
(round fifty-nine; seen on jekyll-chihacknight and vuepress-btcpay).

- A non-profit's blog declares the organisation as every page's author (``<meta
  name="author" content="Chi Hack Night">``, the ``og:site_name`` too) and prints each post's
  own writers under the headline: "Published on Jan 14, 2020 by Derek Eder , Josh Kalov". The
  ranker put the declared site first; a publication's name is no writer where the post names
  its own, so the byline wins.
- A VuePress blog prints the post's categories before its writer: "Posted in Releases by
  Pavlenex on 6/25/2026". "Posted in <categories> by" is a byline's label, as "Posted on
  <date> by" is."""

from __future__ import annotations

from scraper import extract
from scraper.extractor.authors import clean_authors

SITE = "Chi Hack Night"
PROSE = "".join(
    f"<p>Paragraph {i}: {SITE} members will elect three of the five seats by popular vote, and "
    "the current board appoints the other two with the approval of a majority of members.</p>"
    for i in range(6)
)
WRITERS = ("Derek Eder", "Josh Kalov")


def _about(writers: tuple[str, ...]) -> str:
    """The box after the post: each writer in bold over a role at the site."""
    return "<h3>About the authors</h3>" + "".join(
        f"<div class='row'><div class='col-sm-2'><img class='author-headshot' alt='{name}'>"
        f"</div><div class='col-sm-9'><p><strong>{name}</strong><br>Board Member, {SITE}</p>"
        "</div></div>"
        for name in writers
    )


def _page(byline: str, writers: tuple[str, ...] = WRITERS) -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Our first board election - {SITE} - weekly civic tech</title>"
        f"<meta content='{SITE}' name='author'>"
        f"<meta content='{SITE}' property='og:site_name'>"
        f"<meta content='Our first board election - {SITE}' property='og:title'>"
        "<meta content='article' property='og:type'>"
        "<meta content='2020-01-14T00:00:00-06:00' property='article:published_time'>"
        "<meta content='https://chihacknight.org/about-us/' property='article:author'>"
        f"<meta name='twitter:creator' content='{SITE}'>"
        f"</head><body><nav><a class='navbar-brand' href='/'><img alt='{SITE}'></a>"
        "<a href='/'>Home</a> <a href='/blog/'>Blog</a></nav><div class='container'>"
        "<div class='post'><h2>Our first board election</h2>"
        f"<p class='muted'>{byline}</p>{PROSE}<hr>{_about(writers)}</div></div>"
        f"<footer><p>{SITE} is a weekly event about civic tech.</p></footer></body></html>"
    )


def test_the_posts_byline_wins_over_the_site_declared_as_author() -> None:
    page = _page("Published on Jan 14, 2020 by\n Derek Eder\n , Josh Kalov")
    article = extract(page, "https://chihacknight.org/blog/2020/01/14/board-elections.html")
    assert article.authors == ("Derek Eder", "Josh Kalov")


def test_the_site_declared_as_author_stays_where_no_byline_names_people() -> None:
    page = _page("Published on Jan 14, 2020", writers=())
    article = extract(page, "https://chihacknight.org/blog/2020/01/14/board-elections.html")
    assert article.authors in ((SITE,), ())


def test_posted_in_categories_by_is_a_byline_label() -> None:
    assert clean_authors(["Posted in Releases by Jane Doe on 6/25/2026"]) == ("Jane Doe",)
    assert clean_authors(["Posted in News, Releases by Jane Doe"]) == ("Jane Doe",)
    assert clean_authors(["Posted by Jane Doe on 6/25/2026"]) == ("Jane Doe",)
    assert clean_authors(["Posted in the forum by a user"]) == ()
