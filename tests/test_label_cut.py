"""What bounds the body model's label ceiling (``benchmarks/label_cut.py``): gold words the block
cutter never emits and where they are, mixed lines, repeated gold, the ceiling's losses."""

from __future__ import annotations

from benchmarks.label_cut import covered, gold_marks, grams, measure, words

PROSE = (
    "The river rose three feet overnight and by morning the old mill road was under water "
    "while crews worked to clear the drains"
)
GOLD = PROSE + "\n\nCall the county office for sandbags"


def doc(body: str, gold: str = GOLD, page_type: str = "service") -> dict:
    return {"html": f"<html><body>{body}</body></html>", "gold": gold, "page_type": page_type}


def test_a_word_counts_as_emitted_through_any_trigram_or_bigram_around_it() -> None:
    gold = words("one two three four")
    line = words("two three four")
    assert covered(gold, grams(line, 3), grams(line, 2), set()) == [False, True, True, True]
    # a one-word line covers its word
    assert covered(gold, set(), set(), {"one"}) == [True, False, False, False]


def test_a_line_is_gold_word_by_word_through_its_trigrams() -> None:
    gold = words(PROSE)
    marks = gold_marks(words("the old mill road Add to cart now"), grams(gold, 3), PROSE)
    assert marks == [True, True, True, True, False, False, False, False]


def test_gold_in_a_footer_is_never_emitted_and_found_there() -> None:
    row = measure(
        doc(
            f"<article><p>{PROSE}</p></article><footer>Call the county office for sandbags</footer>"
        ),
        "ladder",
    )
    assert row is not None
    assert row["type"] == "service"
    assert abs(row["a_missing"] - 6 / len(words(GOLD))) < 1e-9
    assert abs(row["causes"]["structural tags"] - row["a_missing"]) < 1e-9
    assert row["ceiling"] <= row["emitted"] < 1.0


def test_a_line_mixing_gold_and_chrome_is_mixed() -> None:
    chrome = "Share this Tweet Like Subscribe Print Email Save Follow Comment"
    row = measure(doc(f"<article><p>{PROSE} {chrome}</p></article>", gold=PROSE), "ladder")
    assert row is not None
    assert row["b_mixed_lines"] == 1.0
    assert row["b_mixed_gold"] == 1.0
    # the mixed line labelled content: its chrome is the ceiling's precision loss
    assert row["p_chrome_mixed"] > 0.3 and row["split"] == 1.0


def test_gold_repeated_in_two_lines_is_counted_once_as_a_copy() -> None:
    row = measure(
        doc(f"<article><p>{PROSE}</p></article><div><p>{PROSE}</p></div>", PROSE), "ladder"
    )
    assert row is not None
    assert row["c_repeated"] == 1.0  # every gold trigram emitted twice
    assert row["a_missing"] == 0.0
