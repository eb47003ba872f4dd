"""A theme's meta line under the headline that prints the day first and the writer after a
bullet ("Mar 20, 2026 • Andrea Aime", GeoServer's Jekyll theme, as minima does without its
microdata): the writer after the date is a name-line candidate, where the line's first part, the
date, was read alone. A first part that only names a year ("[gRPConf 2024 Keynote] Welcome! |
Kevin Nilson, Google", a video list) is no date: its second part is no writer."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from scraper.extractor.authorscan import scan_name_lines


def _names(meta: str) -> list[tuple[str, ...]]:
    root = lxml_html.fromstring(
        "<html><body><main><header><h1>GeoServer 2.28.3 Release</h1>"
        f"{meta}</header><article><p>GeoServer 2.28.3 release is now available with downloads "
        "and docs.</p></article></main></body></html>"
    )
    lines = scan_name_lines(root.find(".//h1"), root.find(".//main"), None)
    return [line.names for line in lines]


@pytest.mark.parametrize(
    ("meta", "names"),
    [
        ('<p class="post-meta">Mar 20, 2026 • Andrea Aime</p>', [("Andrea Aime",)]),
        ('<p class="post-meta">Sep 10, 2024 · Jody Garnett · 5 min read</p>', [("Jody Garnett",)]),
        ('<p class="post-meta">Andrea Aime • Mar 20, 2026</p>', [("Andrea Aime",)]),
        ("<p>[gRPConf 2024 Keynote] Welcome! | Kevin Nilson, Google</p>", []),
        ('<p class="post-meta">Mar 20, 2026</p>', []),
    ],
)
def test_the_writer_after_a_leading_date_is_a_name_line(meta: str, names: list) -> None:
    assert _names(meta) == names
