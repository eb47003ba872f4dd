"""Where a page prints an author's name for its reader (``scraper.extractor.printed``)."""

from __future__ import annotations

from scraper.extractor import metadata, parse_html
from scraper.extractor.metadata import _body_bytes, trace_metadata
from scraper.extractor.printed import printed_signals, read_printed
from scraper.extractor.sources import gather_sources

POST = """<html><head><title>Winter tides</title>
<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Winter tides",
 "author": {"@type": "Person", "name": "Declared Only"}}</script></head>
<body><nav><a href="/">Home</a></nav>
<article><h1>Winter tides</h1><p class="byline">By <span class="author">Jane\u00a0Doe</span></p>
<p>{body}</p>
<script>var tracking = {"editor": "Hidden Person"};</script>
<p>Jo wrote the captions. Jones took the photos.</p>
<div class="author-box">About Jane Doe: she writes about the sea.</div></article>
<footer>Site by Footer Person</footer></body></html>"""


def _post(body: str) -> str:
    return POST.replace("{body}", body)


def _printed(html: str):
    root = parse_html(html)
    sources = gather_sources(root)
    body = root.find("body")
    marks = [element for element, _ in sources.marks().authors]
    return read_printed(body, _body_bytes(body), sources.post_scope(), marks, sources.unseen)


def test_a_byline_name_is_printed_by_the_headline_and_in_the_author_box() -> None:
    printed = _printed(_post("Tides run high in winter. " * 80))
    signals = printed_signals(printed, "Jane Doe")
    assert signals["print:none"] == 0.0
    assert signals["print:lead"] == 1.0  # right under the headline
    assert signals["print:tail"] == 1.0  # and in the box at the post's end
    assert signals["print:first_mark"] == 1.0
    assert signals["print:marks"] > 0.0


def test_names_only_in_data_blocks_are_not_printed() -> None:
    printed = _printed(_post("Tides run high."))
    assert printed_signals(printed, "Declared Only")["print:none"] == 1.0  # JSON-LD in <head>
    assert printed_signals(printed, "Hidden Person")["print:none"] == 1.0  # a script in <body>
    footer = printed_signals(printed, "Footer Person")
    assert footer["print:none"] == 0.0 and footer["print:scope"] == 0.0  # outside the post


def test_a_short_name_must_stand_as_words_of_its_own() -> None:
    printed = _printed(_post("Tides run high."))
    assert printed_signals(printed, "Jo")["print:count"] > 0.0
    assert printed_signals(printed, "Jon")["print:none"] == 1.0  # not "Jones"


def test_the_author_candidates_carry_the_printed_signals(monkeypatch) -> None:
    root = parse_html(_post("Tides run high in winter. " * 20))
    _, trace = trace_metadata(root, "https://example.org/blog/winter-tides")
    by_name = {names[0]: features for names, features in trace.features["authors"]}
    assert by_name["Declared Only"]["print:none"] == 1.0
    assert by_name["Jane Doe"]["print:none"] == 0.0
    monkeypatch.setattr(metadata, "READ_PRINTED", False)  # off: a refit learns nothing of them
    monkeypatch.setattr(metadata, "_reads_printed", lambda: False)
    _, trace = trace_metadata(root, "https://example.org/blog/winter-tides")
    assert not any(
        name.startswith("print:") for _, features in trace.features["authors"] for name in features
    )


def test_the_gather_pass_keeps_the_bodys_unseen_elements_only() -> None:
    """The scripts and styles the gather walk keeps are exactly a walk of <body>'s: none of
    <head>'s; a script after </body> is the body's, as a browser's tree has it (the parser
    moves it in)."""
    html = _post("Tides.").replace(
        "</body></html>", "</body><script>var late = 'Jane Doe';</script></html>"
    )
    root = parse_html(html)
    body = root.find("body")
    assert body.getnext() is None and body[-1].tag == "script"  # (moved into the body)
    sources = gather_sources(root)
    walked = list(body.iter("script", "style", "noscript", "template", "svg", "textarea"))
    assert sources.unseen == walked and body[-1] in walked
    marks = [element for element, _ in sources.marks().authors]
    printed = read_printed(body, _body_bytes(body), sources.post_scope(), marks, sources.unseen)
    assert printed_signals(printed, "Hidden Person")["print:none"] == 1.0
    alone = _printed(_post("Tides."))  # the late script is no part of the body's text
    assert printed_signals(printed, "Jane Doe") == printed_signals(alone, "Jane Doe")


def test_the_printed_signals_are_read_only_when_a_shipped_model_uses_them() -> None:
    from scraper.extractor.meta_model import load_models, models_read

    models = load_models()
    reads = models_read("print:", "authors", "authors:gate")
    named = any(
        (node[0] or "").startswith("print:")
        for name in ("authors", "authors:gate")
        if name in models
        for nodes in models[name].trees
        for node in nodes
    )
    assert reads == named
    assert not models_read("print:", "no such field")


def test_a_trusted_declared_author_wins_and_training_still_sees_the_printed_signals() -> None:
    """The Article's own JSON-LD person wins whatever the ranker says, so ``extract()`` skips
    reading where the page prints names there; the trace for training reads them all."""
    root = parse_html(_post("Tides run high in winter. " * 20))
    url = "https://example.org/blog/winter-tides"
    meta, trace = trace_metadata(root, url)
    assert meta.authors == ("Declared Only",)
    assert metadata.read_metadata(parse_html(_post("Tides run high in winter. " * 20)), url) == meta
    by_name = {names[0]: features for names, features in trace.features["authors"]}
    assert by_name["Declared Only"][metadata.TRUSTED] == 1.0
    assert by_name["Declared Only"]["print:none"] == 1.0
