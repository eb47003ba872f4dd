"""A page title whose parts an arrow or a chevron parts: "Timothée Poisot ▶ Complexity and
connectance of ecological networks" (round sixty; seen on jekyll-poisot, whose headline is a
``<div class="post-title">``, no heading). The site's name and the post's title are two parts,
as with "|" or "»", so the site's name is dropped; before, the whole text was the title.
No page of AEB or wcxb-dev spaces these marks in its ``<title>``."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extractor.titles import split_title

PROSE = "".join(
    f"<p>Paragraph {i}: the river rises every spring when the snow melts in the hills above "
    "the town, and the old bridge is closed for a week.</p>"
    for i in range(6)
)


@pytest.mark.parametrize("mark", ["▶", "►", "›", "❯"])
def test_an_arrow_parts_the_site_name_from_the_title(mark: str) -> None:
    assert split_title(f"River notes {mark} Why the river floods") == [
        "River notes",
        "Why the river floods",
    ]
    html = (
        f"<html><head><title>River notes {mark} Why the river floods in spring</title>"
        "<meta property='og:site_name' content='River notes'></head><body><header>"
        "<a href='/'>River notes</a></header><main><div class='post-title'>Why the river "
        f"floods in spring</div>{PROSE}</main></body></html>"
    )
    title = extract(html, "https://example.org/2024/03/why-the-river-floods/").title
    assert title == "Why the river floods in spring"


def test_an_unspaced_arrow_is_a_word_s_own() -> None:
    assert split_title("Step 1 ▶Step 2") == ["Step 1 ▶Step 2"]
