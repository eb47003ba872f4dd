"""A "#" glued to a lone capital ends a language's name, not a permalink mark.

Headings end with their template's permalink mark ("Setup¶", Sphinx's "Setup#"), which is cut
from every title source. wasmCloud's post "Build Wasm Components with .NET and C#" came out as
"... and C": the "#" of the language's name was cut as such a mark. A mark glued to a lone
capital letter ("C#", "F#") stays; one glued to a word ("Setup#") or set apart goes."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extractor.titles import without_trailing_mark


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Build Wasm Components with .NET and C#", "Build Wasm Components with .NET and C#"),
        ("F#", "F#"),
        ("Installation#", "Installation"),
        ("Installation ¶", "Installation"),
        ("Configuring the API§", "Configuring the API"),
    ],
)
def test_the_mark_at_a_heading_end(text: str, expected: str) -> None:
    assert without_trailing_mark(text) == expected


def test_a_post_about_c_sharp_keeps_its_title() -> None:
    headline = "Build Wasm Components with .NET and C#"
    prose = "".join(
        f"<p>Paragraph {i}: the componentize-dotnet tool builds a WebAssembly component from "
        "a C# project, and wasmCloud runs it beside components written in Rust and Go.</p>"
        for i in range(6)
    )
    page = (
        f"<html><head><title>{headline} | wasmCloud</title>"
        f'<meta property="og:title" content="{headline} | wasmCloud"></head><body>'
        f"<article><h1>{headline}</h1>{prose}</article></body></html>"
    )
    url = "https://wasmcloud.com/blog/2024-09-05-build-wasm-components-dotnet-wasmcloud/"
    assert extract(page, url=url).title == headline
