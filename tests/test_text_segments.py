"""The segment model of text dumps: how the body's kept blocks split into runs, and what a
run's verdict drops."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from scraper.extractor.textdump import extract_text
from scraper.extractor.textfeatures import FEATURE_NAMES
from scraper.extractor.textsegments import (
    SEGMENT_FEATURE_NAMES,
    SegmentModel,
    drop_segments,
    segment_rows,
    segment_starts,
    shipped_segments,
)

TEXT = Path(__file__).resolve().parent.parent / "fixtures" / "text"
SEED_PAGE = (TEXT / "seed_page.txt").read_text(encoding="utf-8")

PROSE = (
    "The committee met on Tuesday to weigh the proposal, and after a long debate it agreed "
    "that the plan needed more work before it could go to a vote of the whole council."
)
COMMENT = "Jane Roe wrote this on 3 March 2021 at 10:42."


def _arrays(texts: list[str], indent: list[float] | None = None):
    n = len(texts)
    words = np.array([len(t.split()) for t in texts])
    matrix = np.zeros((n, len(FEATURE_NAMES)))
    matrix[:, FEATURE_NAMES.index("sentence_end")] = [t.endswith(".") for t in texts]
    matrix[:, FEATURE_NAMES.index("indent")] = indent or [0.0] * n
    return np.full(n, 0.8), words, matrix


def test_runs_start_after_left_out_blocks_at_headings_and_where_the_indent_changes() -> None:
    texts = [PROSE, PROSE, "Related stories", PROSE, PROSE, PROSE, PROSE, PROSE]
    _, words, matrix = _arrays(texts, [0, 0, 0, 0, 4, 4, 0, 0])
    keep = np.array([0, 1, 2, 3, 4, 5, 7])  # block 6 was left out
    ended = matrix[keep, FEATURE_NAMES.index("sentence_end")] > 0
    indent = matrix[keep, FEATURE_NAMES.index("indent")]
    starts = segment_starts(keep, words[keep].astype(float), indent, ended)
    assert starts.tolist() == [0, 2, 4, 6]  # the heading, the indented pair, after the gap


def test_each_run_gets_one_row_of_the_named_features() -> None:
    texts = [PROSE, PROSE, "Comments", COMMENT, "Great post, thanks for sharing it."]
    probs, words, matrix = _arrays(texts)
    spans, rows = segment_rows(
        list(range(5)), texts, probs, words, matrix, FEATURE_NAMES, {"comments": 2.0}
    )
    assert spans == [(0, 2), (2, 5)]
    assert rows.shape == (2, len(SEGMENT_FEATURE_NAMES))
    column = dict(zip(SEGMENT_FEATURE_NAMES, rows[1], strict=True))
    assert column["heading_cue"] == 2.0 and column["is_tail"] == 1.0
    assert column["dated_share"] == 1 / 3  # the comment's date line
    assert rows[0][SEGMENT_FEATURE_NAMES.index("is_tail")] == 0.0


def test_runs_judged_not_body_are_dropped_but_never_the_opening_one() -> None:
    texts = [PROSE, PROSE, "Comments", COMMENT, "Great post, thanks for sharing it."]
    probs, words, matrix = _arrays(texts)
    cue = SEGMENT_FEATURE_NAMES.index("heading_cue")
    weights = np.zeros(len(SEGMENT_FEATURE_NAMES))
    weights[0], weights[cue] = 2.0, -3.0  # a run headed by a cue word reads as not body
    model = SegmentModel(tuple(weights), {"comments": 2.0}, 0.5)
    keep = list(range(5))
    assert drop_segments(keep, texts, probs, words, matrix, FEATURE_NAMES, model) == [0, 1]
    everything_out = SegmentModel((-10.0,) + (0.0,) * (len(weights) - 1), {}, 0.5)
    kept = drop_segments(keep, texts, probs, words, matrix, FEATURE_NAMES, everything_out)
    assert kept == [0, 1]  # the opening run stays whatever the model says


def test_no_fitted_weights_leave_the_body_as_the_edge_step_gives_it() -> None:
    if shipped_segments() is None:  # off by default: the same article with or without the step
        assert extract_text(SEED_PAGE) == extract_text(SEED_PAGE, segments=None)
