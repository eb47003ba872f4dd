"""A writer's page linked by a relative address, ``href="author/harry-carey.html"`` (round
sixty; ABlog, the Sphinx blog extension, links each writer so from a post at
``blog/demba.html``). A profile link was known by "/author/" in its address, so a relative
one opening with the folder's name was no author mark, and the byline gave no writer. It is
one now, in the marks walk (Python and compiled alike) and in the profile test."""

from __future__ import annotations

from scraper import extract
from scraper.extractor import parse_html
from scraper.extractor.metadata import explain_metadata
from scraper.extractor.pagemarks import _link_kind

PROSE = "".join(
    f"<p>Part {i}: the atlas covers the brain from day four after birth to adulthood, in "
    "fifty-three ages, each with its own template.</p>"
    for i in range(6)
)
PAGE = (
    "<html><head><title>A developing brain atlas</title></head><body><nav><a href='../'>Blog"
    "</a></nav><main><article><h1>A developing brain atlas</h1><ul class='postcard'><li>"
    "<span>15 September 2025</span></li><li><a href='author/harry-carey.html'>Harry Carey</a>"
    " , <a href='author/heidi-kleven.html'>Heidi Kleven</a></li><li>"
    f"<a href='location/oslo.html'>Oslo</a></li></ul>{PROSE}</article></main></body></html>"
)
URL = "https://example.org/blog/demba.html"


def test_a_byline_of_relative_profile_links_names_its_writers() -> None:
    assert extract(PAGE, URL).authors == ("Harry Carey", "Heidi Kleven")
    candidates = explain_metadata(parse_html(PAGE), URL)["authors"].candidates
    assert ("scan profile link", "Harry Carey, Heidi Kleven") in candidates


def test_which_relative_addresses_are_profiles() -> None:
    def kind(href: str) -> str | None:
        return _link_kind(parse_html(f"<p><a href='{href}'>Jo Roe</a></p>").find(".//a"))

    assert kind("author/jo-roe.html") == "profile link"
    assert kind("people/jo-roe/") == "profile link"
    assert kind("../author/jo-roe.html") == "profile link"
    assert kind("authority/records.html") is None
    assert kind("location/oslo.html") is None
    assert kind("author/") is None
