"""The array-based dump splitter and block features on the layouts renderers really produce.

``split_dump`` decides continuations, bullets, link markers and form controls for the whole
dump at once; these cases pin the edges of that arithmetic (first and last lines, a dump of
one line, blank-only dumps, nested bullets, markers at a block's edge, non-ASCII spaces).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from scraper import extract_text
from scraper.extractor.textfeatures import FEATURE_NAMES, block_features
from scraper.extractor.textlines import split_blocks, split_dump

PROSE = (
    "The harbour master said the new pontoon would open in spring, after the\n"
    "divers had checked every pile and the council had signed off the last of\n"
    "the safety reports.\n"
)


@pytest.mark.parametrize("dump", ["", "\n\n   \n", "   \t  "])
def test_a_dump_without_text_has_no_blocks(dump: str) -> None:
    assert len(split_dump(dump)) == 0
    assert block_features(split_dump(dump)).matrix.shape == (0, len(FEATURE_NAMES))
    assert extract_text(dump).text == ""


def test_a_single_line_is_one_block() -> None:
    (block,) = split_blocks("Just one line, with no newline at the end")
    assert block.text == "Just one line, with no newline at the end"
    assert (block.line, block.lines, block.gap_before, block.group) == (0, 1, True, 0)


def test_wrapped_prose_is_rejoined_and_its_layout_recorded() -> None:
    dump = "Site name\n\n" + PROSE + "\nAfter a blank line.\n"
    blocks = split_blocks(dump)
    assert [b.text for b in blocks] == [
        "Site name",
        " ".join(PROSE.split()),
        "After a blank line.",
    ]
    assert [(b.line, b.lines, b.group, b.gap_before) for b in blocks] == [
        (0, 1, 0, True),
        (2, 3, 1, True),
        (6, 1, 2, True),
    ]


def test_nested_bullets_and_numbers_start_items_and_their_text_follows_the_mark() -> None:
    dump = (
        "   * first item of a list that is long enough to be wrapped by the renderer at\n"
        "     the margin\n"
        "        + nested item\n"
        "   12) numbered item\n"
        "   ** not a bullet: no space after the mark\n"
    )
    blocks = split_blocks(dump)
    assert [(b.text, b.bullet) for b in blocks] == [
        (
            "first item of a list that is long enough to be wrapped by the renderer at the margin",
            True,
        ),
        ("nested item", True),
        ("numbered item", True),
        ("** not a bullet: no space after the mark", False),
    ]


def test_markers_and_controls_are_counted_per_block_wherever_they_sit() -> None:
    dump = (
        "[1]Home [2]News [3]Sport\n\n"
        "Search: ____________________ [Go]\n\n"
        "A sentence that cites [4]a source and ends with one.[5]\n"
    )
    blocks = split_blocks(dump)
    assert [(b.text, b.links, b.forms) for b in blocks] == [
        ("Home News Sport", 3, 0),
        ("Search:", 0, 2),
        ("A sentence that cites a source and ends with one.", 2, 0),
    ]


def test_odd_spaces_and_invisible_characters_do_not_split_or_glue_words() -> None:
    dump = "Caf\u00e9\u00a0society\u2028returns,\u200b said the\u00adpaper.\r\n\r\nNext line.\r\n"
    blocks = split_blocks(dump)
    assert [b.text for b in blocks] == ["Café society returns, said thepaper.", "Next line."]


def test_features_are_finite_and_one_row_per_block() -> None:
    dump = split_dump("Menu\n\n  * Home\n  * About\n\n" + PROSE + "\n\u00a9 2024 Harbour Notes\n")
    features = block_features(dump)
    assert features.matrix.shape == (len(dump), len(FEATURE_NAMES))
    assert np.isfinite(features.matrix).all()
    column = dict(zip(FEATURE_NAMES, features.matrix.T, strict=True))
    assert column["copyright"].tolist() == [0, 0, 0, 0, 1]
    assert column["bullet"].tolist() == [0, 1, 1, 0, 0]
    assert features.words.tolist() == [1, 1, 1, len(PROSE.split()), 4]
    assert column["stopword_ratio"][3] > 0.3 > column["stopword_ratio"][0]


def test_a_staircase_of_indents_settles_line_by_line() -> None:
    # Every line is long enough to look wrapped, but each sits two columns right of the one
    # above: none continues its block, however many there are.
    lines = [" " * (2 * (i % 30)) + "word " * 15 + f"line {i}" for i in range(600)]
    blocks = split_blocks("\n".join(lines))
    assert len(blocks) == 600
    assert blocks[-1].text.endswith("line 599")


def test_features_read_the_same_from_the_joined_text_and_the_blocks() -> None:
    # Link markers leave an empty block that is dropped: the dump then carries no joined
    # text and the features join the blocks themselves; both ways give the same matrix.
    dump = split_dump("Menu\n\n[1]\n\nIt's 3 a.m.; the COPYRIGHT © line, here!\n\n" + PROSE)
    assert dump.joined == ""
    joined = replace(dump, joined="\n".join(dump.texts))
    assert np.array_equal(block_features(dump).matrix, block_features(joined).matrix)
    row = dict(zip(FEATURE_NAMES, block_features(joined).matrix[1], strict=True))
    assert row["copyright"] == 1
    assert row["digit_ratio"] == pytest.approx(1 / 8)  # eight words
    assert row["title_case"] == pytest.approx(10 / 8)  # the capitals of It and COPYRIGHT
    assert split_dump("One block.\n\nAnother.").joined == "One block.\nAnother."


def test_blocks_are_placed_against_the_title_line_the_url_spells() -> None:
    from scraper.extractor.textfeatures import title_slug

    dump = split_dump(
        "Home | Harbour news | Pontoon plans\n\n"
        "Harbour news\n\n"
        "New pontoon opens in spring\n\n" + PROSE + "\nRelated: new pontoon opens\n"
    )
    slug = title_slug("https://example.org/2024/03/new-pontoon-opens-in-spring/")
    assert slug == {"new", "pontoon", "opens", "in", "spring"}
    column = dict(zip(FEATURE_NAMES, block_features(dump, slug).matrix.T, strict=True))
    assert column["is_anchor"].tolist() == [0, 0, 1, 0, 0]  # the best match, not the first
    assert column["before_anchor"].tolist() == [1, 1, 0, 0, 0]
    assert column["after_anchor"].tolist() == [0, 0, 0, 1, 1]
    # No URL, or a slug that no short line matches: no anchor, all three columns zero.
    for other in (frozenset(), title_slug("https://example.org/about-our-team")):
        matrix = block_features(dump, other).matrix
        places = [FEATURE_NAMES.index(n) for n in ("before_anchor", "is_anchor", "after_anchor")]
        assert not matrix[:, places].any()
