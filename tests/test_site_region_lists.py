"""Where the site model weighs the path chooser's lines, a list is never a post's whole body.

Release notes are mostly lists: the list items are the place holding most of the posts' kept
text, and the content region (that place's parent) is one list. The headings and paragraphs
beside it (a download paragraph, "Notable changes") were read as outside the post and dropped
from the article. Where the region is a list, they are weighed against the list's parent; the
restore of link lines keeps the narrower region."""

from __future__ import annotations

from scraper.sitemodel import SiteModels
from scraper.sitemodel.model import SiteModel
from scraper.sitemodel.region import post_body


def _notes(number: int) -> str:
    items = "".join(
        f"<li>Change {k} of release {number}: the parser now reads one more kind of input "
        f"and the writer keeps its buffers for longer runs.</li>"
        for k in range(8)
    )
    return (
        f"<html><head><title>Release 1.{number}.0 | Tool</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/releases/">Releases</a></nav>'
        f"<article><h1>Release 1.{number}.0</h1>"
        f'<div class="entry"><h3>Notable changes in release 1.{number}.0</h3><ul>{items}</ul>'
        f"<h3>Commits of release 1.{number}.0</h3><ul>{items}</ul></div></article>"
        "<footer>Copyright Tool</footer></body></html>"
    )


def test_the_post_body_holds_the_headings_beside_the_lists() -> None:
    models = SiteModels(None)
    models.learn("h", [(f"http://h/releases/r{n}/", _notes(n)) for n in range(20)])
    model = models.models["h"]
    assert "body/article/div.entry/ul/li" in model.content_places
    assert "body/article/div.entry/h3" in model.content_places
    assert model.content_region == "body/article/div.entry/ul/"
    assert post_body(model) == "body/article/div.entry/"


def test_a_region_that_is_no_list_is_the_post_body() -> None:
    model = SiteModels(None)
    model.learn(
        "h", [(f"http://h/releases/r{n}/", _notes(n).replace("ul>", "div>")) for n in range(20)]
    )
    learned = model.models["h"]
    assert learned.content_region is not None and post_body(learned) == learned.content_region


def test_only_a_list_step_widens_the_post_body() -> None:
    def body(region: str) -> str:
        return post_body(SiteModel(host="h", pages=20, template=frozenset(), content_region=region))

    assert body("body/main/div.entry/ul/") == "body/main/div.entry/"
    assert body("body/main/div.entry/ol.notes/") == "body/main/div.entry/"
    assert body("body/main/div.row/div.col/") == "body/main/div.row/div.col/"  # "col" no list
    assert body("body/main/div.entry/") == "body/main/div.entry/"
