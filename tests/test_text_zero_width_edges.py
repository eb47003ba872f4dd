"""A zero-width space at a line's edge is no text: Docusaurus ends every heading with an anchor
link whose only text is one ("The Problem<a class="hash-link">&#8203;</a>"), and it came out
glued to the heading's last word in the text and in the Markdown. Inside a line it stays (Thai,
Khmer and Burmese mark word breaks with it)."""

from __future__ import annotations

from scraper import extract

_PROSE = "".join(
    f"<p>Paragraph {i}: setting up clusters and credentials slows learning and blocks quick "
    "experiments, so the plugin starts a real Kubernetes environment on the machine.</p>"
    for i in range(5)
)


def _page(body: str) -> str:
    return (
        "<html><head><title>Local clusters</title></head><body><main><article>"
        f"<h1>Local clusters</h1>{body}</article></main></body></html>"
    )


def test_a_headings_anchor_mark_is_no_part_of_the_text() -> None:
    heading = (
        '<h2 id="the-problem">The Problem<a class="hash-link" href="#the-problem">&#8203;</a></h2>'
    )
    article = extract(_page(heading + _PROSE), markdown=True)
    assert "The Problem\n" in article.text
    assert "\u200b" not in article.text
    assert "## The Problem\n" in (article.markdown or "")


def test_a_zero_width_space_inside_a_line_stays() -> None:
    thai = "<p>ภาษาไทย\u200bไม่มี\u200bช่องว่าง ระหว่างคำ และใช้เครื่องหมายนี้แทน</p>"
    article = extract(_page(thai + _PROSE))
    assert "ภาษาไทย\u200bไม่มี\u200bช่องว่าง" in article.text
