"""A post in a section the site model's sample never saw (GeoServer's two security notices under
``/vulnerability/``) that links to three of the site's posts by their titles (the releases that
fix it) was judged a listing: a page of no known build linking to several posts. It shows one
headline where the site's posts show theirs and one date where they show theirs: it is one
post. A page of no known build that shows no date there and links to several posts is still
no post."""

from __future__ import annotations

from scraper.sitemodel import SiteModels

WRITERS = ("Jody Garnett", "Andrea Aime", "Peter Smythe")
TITLES = [f"GeoServer 2.{n}.0 Release" for n in range(40)]


def _day(n: int) -> str:
    return f"2024-{n % 12 + 1:02d}-{n % 27 + 1:02d}"


def _url(n: int) -> str:
    year, month, day = _day(n).split("-")
    return f"http://h/announcements/{year}/{month}/{day}/geoserver-2-{n}-0-released.html"


def _page(headline: str, meta: str, body: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{headline}</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/blog/">Blog</a> <a href="/faq/">FAQ</a></nav>'
        f'<div class="container"><header><h1 class="post-title">{headline}</h1>{meta}</header>'
        f'<article class="post-content">{body}</article></div>'
        "<footer><p>GeoServer is licensed under the GPL.</p></footer></body></html>"
    )


def _meta(n: int) -> str:
    return f'<p class="post-meta">{_day(n)} • {WRITERS[n % 3]}</p>'


def _prose(n: int) -> str:
    return "".join(
        f"<p>Paragraph {i}: GeoServer 2.{n}.0 brings fixes to the styling and the "
        "security of the web map service, and new community modules.</p>"
        for i in range(6)
    )


def _post(n: int) -> str:
    return _page(TITLES[n], _meta(n), _prose(n))


def _notice() -> str:
    fixed = ", ".join(f'<a href="{_url(n)}">{TITLES[n]}</a>' for n in (3, 4, 5))
    body = (
        "<p>A remote code execution vulnerability was found in the evaluation of property "
        f"name expressions. It is fixed in {fixed}, and every user should update.</p>" + _prose(99)
    )
    return _page("CVE-2024-36401 Remote Code Execution", _meta(7), body)


def _archive() -> str:
    links = "".join(
        f'<li><a href="{_url(n)}">{TITLES[n]}</a>: the fixes and modules of this release.</li>'
        for n in (3, 4, 5, 6)
    )
    return _page("All releases", "", f"<p>Every release of the last years.</p><ul>{links}</ul>")


def test_a_post_of_an_unseen_section_linking_posts_is_a_post_and_a_list_of_posts_is_not() -> None:
    models = SiteModels(None)
    models.learn("h", [(_url(n), _post(n)) for n in range(40)])
    model = models.models["h"]
    assert model.title_place is not None and model.date_place is not None
    notice = models.extract(_notice(), "http://h/vulnerability/2024/09/12/cve-2024-36401.html")
    assert notice.page_kind == "article"
    assert notice.authors == (WRITERS[7 % 3],)
    listing = models.extract(_archive(), "http://h/news/releases.html")
    assert listing.page_kind != "article"
