"""Round thirty-eight: a badge that opens a heading is not part of the headline.

Forum engines print a thread's prefix as a label inside the <h1> (``<span class="label">Question
</span> Want to know…``) and some blogs set the post's <time> before its title inside the
heading; og:title and <title> keep the badge too, so only the heading's own markup tells.
"""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extractor.parse import parse_html
from scraper.extractor.sources import heading_text

PROSE = " ".join(f"Reply {i} compares the two hypervisors for a home lab." for i in range(12))


def first_h1(markup: str) -> str:
    root = parse_html(f"<html><body>{markup}</body></html>")
    return heading_text(root.find(".//h1"))


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            '<h1 class="p-title-value"><span class="label label--primary">Tips/Techniques</span>'
            '<span class="label-append">&nbsp;</span>ProxMox or Debian?</h1>',
            "ProxMox or Debian?",
        ),
        (
            '<h1><a href="/blog/debusine.html"><time datetime="2025-12-18">Dec <span>18</span> '
            "2025</time> Preparing a transition</a></h1>",
            "Preparing a transition",
        ),
        ('<h1><span class="badge">New</span> Release notes</h1>', "Release notes"),
    ],
)
def test_a_leading_badge_is_left_out(markup: str, expected: str) -> None:
    assert first_h1(markup) == expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # a label alone is the whole heading: kept
        ('<h1><span class="label">Release notes</span></h1>', "Release notes"),
        # a badge after the title, or text before the badge: the heading as printed
        ('<h1>Release notes <span class="badge">New</span></h1>', "Release notes New"),
        ('<h1>Notes <span class="label">New</span> today</h1>', "Notes New today"),
        # a class that only contains the word ("labeled") is no badge
        ('<h1><span class="labeled">Release</span> notes</h1>', "Release notes"),
        # a long "label" is a headline set in a span, not a badge
        (
            '<h1><span class="label">One two three four five</span> six</h1>',
            "One two three four five six",
        ),
    ],
)
def test_other_headings_read_as_printed(markup: str, expected: str) -> None:
    assert first_h1(markup) == expected


def test_a_forum_thread_title_leaves_its_prefix_out() -> None:
    # (main gave "Question Want to know …": og:title and <title> carry the prefix as well)
    html = (
        "<html><head><title>Question - Which hypervisor for a home lab? | Hardware Forum</title>"
        '<meta property="og:title" content="Question - Which hypervisor for a home lab?">'
        '</head><body><div class="p-title"><h1 class="p-title-value">'
        '<span class="label label--red" dir="auto">Question</span>'
        '<span class="label-append">&nbsp;</span>Which hypervisor for a home lab?</h1></div>'
        f'<article class="message"><div class="bbWrapper">{PROSE}</div></article>'
        "</body></html>"
    )
    article = extract(html, "https://forum.example/threads/which-hypervisor.123/")
    assert article.title == "Which hypervisor for a home lab?"
