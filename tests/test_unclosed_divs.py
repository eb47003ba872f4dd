"""A <div> left open inside a container is closed by the container's end tag, as in a browser:
libxml2 ignores that end tag, and the rest of the page is read into the <div>."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extractor import parse_html
from scraper.extractor.unclosed import close_unclosed_divs, ends_over_open_div


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            b"<div><figure><div class=m><div>x</div></figure><p>b</p></div>",
            b"<div><figure><div class=m><div>x</div></div></figure><p>b</p></div>",
        ),
        (
            b"<ul><li><div class=m>x</li></ul><p>b</p>",
            b"<ul><li><div class=m>x</div></li></ul><p>b</p>",
        ),
        # a tag in a script or a comment is no tag; a balanced page is left as it is
        (b'<div><script>var a="<figure><div>";</script><div></div>', None),
        (
            b"<div><!-- <figure> --><figure><div>x</figure>",
            b"<div><!-- <figure> --><figure><div>x</div></figure>",
        ),
        (b"<section><div>a</div></section>", None),
        (b"<div><div>never closed at the end of the page", None),
    ],
)
def test_open_divs_are_closed_before_the_end_tag_that_holds_them(
    html: bytes, expected: bytes | None
) -> None:
    assert close_unclosed_divs(html) == (html if expected is None else expected)


def test_libxml2s_mismatch_message_for_a_container_over_an_open_div() -> None:
    assert ends_over_open_div("Opening and ending tag mismatch: figure and div\n")
    assert ends_over_open_div("Opening and ending tag mismatch: li and div")
    assert not ends_over_open_div("Opening and ending tag mismatch: span and div")
    assert not ends_over_open_div("Opening and ending tag mismatch: figure and p")
    assert not ends_over_open_div("Unexpected end tag : figure")


def _post(paragraphs: list[str]) -> str:
    # a figure shortcode's lightbox <div class="modal"> is never closed (grpc.io's blog)
    figure = (
        '<p><figure class="text-center"><img class="modal-trigger" src="/img/log.png">'
        '<div class="modal" id="modal-log"><div class="modal-dialog"><div class="modal-body">'
        '<img src="/img/log.png"></div></div></figure></p>'
    )
    body = "".join(f"<p>{text}</p>" for text in paragraphs[:2]) + figure
    body += "".join(f"<p>{text}</p>" for text in paragraphs[2:])
    return (
        "<html><head><title>A short introduction to Channelz</title></head><body>"
        f"<main><div class='content'><h1>A short introduction to Channelz</h1>{body}</div></main>"
        "<footer>Copyright</footer></body></html>"
    )


def test_a_lightbox_left_open_no_longer_hides_the_rest_of_the_post() -> None:
    paragraphs = [
        f"Paragraph {i} explains how channelz reports the state of every connection and "
        "subchannel, so that a deadline exceeded error can be traced to its cause."
        for i in range(8)
    ]
    html = _post(paragraphs)
    root = parse_html(html)
    assert root is not None
    last = root.xpath("//p[starts-with(., 'Paragraph 7')]")[0]
    assert "modal" not in {a.get("class") for a in last.iterancestors()}
    text = extract(html, "https://grpc.example/blog/channelz/").text
    assert "Paragraph 7 explains" in text  # main: cut after the figure
