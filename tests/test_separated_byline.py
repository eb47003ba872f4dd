"""A byline inside a meta line, after the line's separator (round fifty-five: hugo-sidorenko,
"21 Sep, 2019 · by Artem Sidorenko · Read in about 3 min"; wcxb-dev has "<span>·</span> By"):
the "by" label still opens the writer's name, whether the separator opens the same text or
stands in an element of its own."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extractor.pagemarks import BY_TEXT_RE

BODY = "".join(
    f"<p>Paragraph {i}: the initrd image is a cpio archive compressed with gzip, so we unpack"
    " it into a folder, change the scripts we need and pack it again with the same tools.</p>"
    for i in range(6)
)


def _post(meta: str, site: str = "Notes from the rack") -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>How to edit an initrd image · {site}</title>"
        f'<meta property="og:site_name" content="{site}"></head><body>'
        f'<nav><a href="/">{site}</a><a href="/post/">Posts</a><a href="/about/">About</a></nav>'
        f'<div class="container"><article><h1>How to edit an initrd image</h1>{meta}{BODY}'
        "</article></div><footer><small>CC BY 4.0</small></footer></body></html>"
    )


URL = "https://notes.example.org/post/2010/10/how-to-edit-initrd-image/"


def test_a_by_label_after_the_meta_lines_separator_names_the_writer() -> None:
    meta = (
        '<small><time datetime="2010-10-21">21 Oct, 2010</time></small>'
        "<small>\n  &middot; by Jo Roe\n  &middot; Read in about 1 min\n"
        "  &middot; (185 words)\n</small>"
    )
    assert extract(_post(meta), URL).authors == ("Jo Roe",)


def test_a_by_label_after_a_separator_of_its_own_names_the_writer() -> None:
    meta = (
        '<div class="fs-small">March 15, 2022 <span class="fw-bold">·</span> 3 min read '
        '<span class="fw-bold">·</span> By Jo Roe</div>'
    )
    assert extract(_post(meta), URL).authors == ("Jo Roe",)


SEPARATED = ("· by Jo Roe", " • By Jo Roe", "| Posted by Jo Roe", "\n  \xb7 by Jo Roe")


def test_the_label_test_reads_the_separator() -> None:
    for text in SEPARATED:
        assert BY_TEXT_RE.match(text), text
    for text in ("· Read in about 3 min", "· · by Jo Roe", "★ By Jo Roe", "- by the way"):
        assert not BY_TEXT_RE.match(text), text


def test_the_compiled_filter_lets_the_separator_through() -> None:
    compiled = pytest.importorskip("scraper.extractor._cwalks")
    for text in SEPARATED:
        assert compiled.may_be_by_text(text.encode()), text
