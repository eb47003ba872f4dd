"""The body model's training labels (``benchmarks/train_body_model.py``): which copy of repeated
text is content, short lines included (``--labels consume-ladder-short``)."""

from __future__ import annotations

from benchmarks.train_body_model import LABELS, consumed_labels
from scraper.extractor.render import Line

GOLD = "Blue kettle\n\nA kettle that boils water in two minutes flat.\n\nBuy now"


def lines(*texts: str) -> list[Line]:
    return [Line(text) for text in texts]


def test_short_lines_use_up_their_word_run_once() -> None:
    page = lines("Buy now", "A kettle that boils water in two minutes flat.", "Buy now")
    assert consumed_labels(page, GOLD, short=True).tolist() == [1, 1, 0]
    # without ``short`` every copy of a short line whose words the gold holds is content
    assert consumed_labels(page, GOLD).tolist() == [1, 1, 1]


def test_short_lines_follow_the_given_order() -> None:
    page = lines("Buy now", "Blue kettle", "Buy now")
    assert consumed_labels(page, GOLD, order=[2, 1, 0], short=True).tolist() == [0, 1, 1]


def test_a_word_of_the_prose_counts_for_a_short_line() -> None:
    # "kettle" occurs twice in the gold (the title and the sentence): two one-word lines may take it
    page = lines("Kettle", "Kettle", "Kettle", "Shop")
    assert consumed_labels(page, GOLD, short=True).tolist() == [1, 1, 0, 0]


def test_the_option_is_named() -> None:
    assert LABELS["consume-ladder-short"] == LABELS["consume-ladder"] == "ladder"
