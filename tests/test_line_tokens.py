"""The class/id words study (``benchmarks/line_tokens.py``, ``body_sequence.py --tokens``).

The words must be each line's own (a memo keyed by ``id()`` of lxml proxies once gave lines
another element's words), and a fold's word columns must be decided by its training hosts only.
"""

from __future__ import annotations

import numpy as np

from benchmarks import body_sequence as study
from benchmarks import line_tokens
from scraper.extractor.body import analyse_page
from scraper.extractor.parse import parse_html

PAGE = """<html><body><div id="page"><div class="site-main">
<article class="post hentry"><div class="entry-content">
<p class="leadText">The first paragraph of the story, long enough to be a line.</p>
<p>The second paragraph of the story, also long enough to stand alone.</p>
</div></article>
<div class="sidebar widget-area"><p>Popular posts this week on the site</p></div>
</div></div></body></html>"""


def test_words_are_cut_at_separators_and_camel_case() -> None:
    assert line_tokens.words_of("entry-content postBody wp-block-2 x HTMLWidget") == {
        "entry",
        "content",
        "post",
        "body",
        "wp",
        "block",
        "html",
        "widget",
    }
    assert line_tokens.words_of("a1 b2 c3") == set()


def test_every_line_reads_its_own_ancestors() -> None:
    root = parse_html(PAGE)
    assert root is not None
    (lead,) = root.xpath("//p[@class='leadText']")
    assert line_tokens.line_words(lead) == (
        {"lead", "text", "entry", "content"},
        {"post", "hentry", "site", "main", "page"},
    )
    page = analyse_page(root, all_blocks=True)
    assert page.blocks is not None
    for context in page.blocks.contexts:
        chain = [context.element, *context.element.iterancestors()]
        chain = chain[: next(i for i, e in enumerate(chain) if e.tag in ("body", "html"))][:8]
        words = [line_tokens.words_of(f"{e.get('class') or ''} {e.get('id') or ''}") for e in chain]
        expected = (set().union(*words[:2]), set().union(*words[2:]))
        assert line_tokens.line_words(context.element) == expected


def test_fold_columns_come_from_the_training_hosts() -> None:
    # word 0 on hosts a, b, c; word 1 on a, b only; word 2 on c only (ids: PLACES * word + place)
    near = line_tokens.PLACE_NAMES.index("near")
    ids = [line_tokens.PLACES * w + near for w in range(3)]
    words_by_host = {"a": [ids[0], ids[1]], "b": [ids[0], ids[1]], "c": [ids[0], ids[2]]}
    pages = [
        {"id": h, "domain": f"{h}.example", "X": np.zeros((1, 2)), "y": np.zeros(1), "rows": [w]}
        for h, w in words_by_host.items()
    ]
    tokens = {"pages": {p["id"]: p["rows"] for p in pages}, "places": line_tokens.PLACES}
    hosts = study.attach_tokens(pages, tokens, 2, {near})  # words 0 and 1 reach two hosts
    assert [len(h) for h in hosts] == [3, 2]
    assert pages[0]["X"].tolist() == [[0, 0, 1, 1]] and pages[2]["X"].tolist() == [[0, 0, 1, 0]]
    held_out_c = study.fold_tokens(pages, pages[:2], hosts, 2)
    assert held_out_c["c"].shape == (1, 4)  # both words on a and b
    held_out_a = study.fold_tokens(pages, pages[1:], hosts, 2)
    assert held_out_a["a"].tolist() == [[0, 0, 1]]  # word 1 is on b only among b and c
