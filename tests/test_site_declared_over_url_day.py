"""A post's declared day wins over the day its address names, where the site declares its days.

Distill (R Markdown) names a post's folder by the day the post was begun
(``posts/2022-09-29-r-text/``) and declares the day it was published in
``<meta itemprop="datePublished" content="2022-10-04">``. On most posts the two agree, so the
site model learns both rules (the address names the day; the posts declare their own); where
they disagree, the page's own declaration is the publication day. Posts that declare nothing
still take their address's day.
"""

from __future__ import annotations

from scraper.extractor import parse_html
from scraper.models import Article
from scraper.sitemodel.model import SiteModel
from scraper.sitemodel.refine import PageFacts, declared_day, refine

URL = "http://h/posts/2022-09-29-r-text/"
MODEL = SiteModel(host="h", url_dates=True, declared_dates=True)


def test_microdata_date_published_is_a_declared_day() -> None:
    page = parse_html(
        '<html><head><meta property="article:published" itemprop="datePublished" '
        'content="2022-10-04"/></head><body><p>Text.</p></body></html>'
    )
    assert declared_day(page) == "2022-10-04"


def test_the_declared_day_wins_over_the_address_day() -> None:
    post = Article(url=URL, title="R text", date_published="2022-10-04", text="Words.")
    facts = PageFacts(url=URL, title=None, declared_day="2022-10-04")
    assert refine(post, facts, MODEL).date_published == "2022-10-04"


def test_an_undeclared_day_still_gives_way_to_the_address() -> None:
    # a day read from the text, which the page does not declare: the site's rule holds
    post = Article(url=URL, title="R text", date_published="2021-03-01", text="Words.")
    assert refine(post, PageFacts(url=URL, title=None), MODEL).date_published == "2022-09-29"
    declared_other = PageFacts(url=URL, title=None, declared_day="2022-10-04")
    assert refine(post, declared_other, MODEL).date_published == "2022-09-29"
