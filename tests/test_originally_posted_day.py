"""A post updated since it first appeared prints both days in its byline line: "Post updated by
Matt Makai on March 30, 2021. Originally posted on April 28, 2017." (Full Stack Python's
Pelican theme). The publication day is the first one, wherever the line puts it, and the
writer is the one who updated it; alone and with the site model."""

from __future__ import annotations

from scraper import extract
from scraper.extractor.bylines import clean_authors
from scraper.extractor.dates import original_day
from scraper.sitemodel import SiteModels

LINE = "Post updated by {writer} on {updated}. Originally posted on {posted}."


def _post(n: int) -> str:
    updated = n % 2 == 0
    writer = "Matt Makai" if n % 5 else "Kevin Whinnery"
    posted = f"April {n + 1}, 2017"
    meta = (
        LINE.format(
            writer=f'<a href="/about-author.html">{writer}</a>',
            updated=f"March {n + 1}, 2021",
            posted=posted,
        )
        if updated
        else f'Posted by <a href="/about-author.html">{writer}</a> on {posted}.'
    )
    prose = "".join(
        f"<p>Step {i} of tutorial {n}: install the packages, write the handler and deploy it "
        f"to the cloud with a short script, then check the logs for errors.</p>"
        for i in range(8)
    )
    return (
        f"<!DOCTYPE html><html><head><title>Tutorial {n} - Full Stack Python</title></head>"
        '<body><nav><a href="/">Full Stack Python</a> <a href="/blog.html">Blog</a> '
        f'<a href="/table-of-contents.html">Contents</a></nav><div class="c9"><h1>Tutorial {n}'
        f'</h1><div style="font-size:12px;color:#666">{meta}</div>{prose}</div><footer>'
        "<p>Full Stack Python is MIT licensed.</p></footer></body></html>"
    )


def _url(n: int) -> str:
    return f"http://fsp/blog/tutorial-{n}.html"


def test_the_day_after_originally_posted_is_read() -> None:
    assert original_day("on March 30, 2021. Originally posted on April 28, 2017.") == "2017-04-28"
    assert original_day("Updated Nov 11, 2022 8:23 PM ET Originally published Nov 9, 2022") == (
        "2022-11-09"
    )
    assert original_day("Posted on April 28, 2017.") is None
    assert original_day("Originally Posted by Shancock on 05-27-2024") is None  # a forum quote


def test_post_updated_by_names_the_writer() -> None:
    line = LINE.format(writer="Matt Makai", updated="March 30, 2021", posted="April 28, 2017")
    assert clean_authors([line], None) == ("Matt Makai",)
    assert clean_authors(["Article updated by Jane Roe on May 1, 2020"], None) == ("Jane Roe",)
    assert clean_authors(["Jane Roe, published by Acme on May 1, 2020"], None) == ("Jane Roe",)
    assert clean_authors(["Updated by Jane Roe on May 1, 2020"], None) == ()  # an editor


def test_an_updated_post_alone_gives_its_first_day() -> None:
    article = extract(_post(2), _url(2))
    assert article.date_published and article.date_published.startswith("2017-04-03")


def test_with_the_site_model_every_post_gives_its_first_day_and_writer() -> None:
    pages = [(_url(n), _post(n)) for n in range(20)]
    decided = SiteModels(None).learn("fsp", pages)
    for n in range(20):
        article = decided[_url(n)]
        assert (article.date_published or "")[:10] == f"2017-04-{n + 1:02d}", n
        assert article.authors == ("Matt Makai" if n % 5 else "Kevin Whinnery",), n
