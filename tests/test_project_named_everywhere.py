"""A writer the page prints everywhere is the project's name, not a byline to learn from
(round fifty-seven: a project's site gives every page ``<meta name="author">`` naming the
project, which its documentation and event pages, sampled beside the posts, print in their
menus, headings and text; those pages outnumbered the posts whose writers stand in a
``div.user-info`` paragraph, and the byline place, needing most of the sample's writers, was
no longer learned: 11 of 58 posts lost their writer)."""

from __future__ import annotations

from scraper.extractor import parse_html
from scraper.models import Article
from scraper.sitemodel.blocks import page_blocks
from scraper.sitemodel.model import Sample, SiteModel, learn_places

PROSE = "".join(
    f"<p>Paragraph {i}: the mock server replays the recorded exchanges, checks each request "
    "against the contract and reports what drifted since the last release.</p>"
    for i in range(5)
)


def _post(n: int, writer: str) -> str:
    return (
        f'<html><body><main><section class="post"><h1>Release {n} notes</h1>'
        f'<div class="user-info"><p>{writer}</p></div>{PROSE}</section></main></body></html>'
    )


def _doc(n: int) -> str:
    return (
        '<html><body><header class="docs"><nav><a href="/">Acme</a></nav></header><main>'
        f'<div class="doc"><h1>Install Acme, part {n}</h1><h2>Acme on Kubernetes</h2>'
        "<ul><li>The Acme command line</li></ul><p>Acme runs in a container.</p>"
        f"<h3>Upgrading Acme</h3>{PROSE}</div></main>"
        "<footer><p>The Acme project</p></footer></body></html>"
    )


def _sample(url: str, html: str, author: str) -> Sample:
    article = Article(url=url, title="t", text="Paragraph 0.", authors=(author,))
    return Sample(url, page_blocks(parse_html(html), placed=True), None, article)


def test_a_writer_printed_everywhere_teaches_no_byline_and_counts_for_none() -> None:
    writers = ("Jo Roe", "Bo Chen", "Cy Dunn")
    samples = [
        _sample(f"https://h/blog/r{n}/", _post(n, writers[n % 3]), writers[n % 3]) for n in range(9)
    ]
    samples += [_sample(f"https://h/docs/d{n}/", _doc(n), "Acme") for n in range(10)]
    place = learn_places(SiteModel(host="h"), samples).byline_place
    assert place is not None and place.endswith("div.user-info/p")
