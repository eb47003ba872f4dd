"""Candidate stretches of a text dump and the ranker that picks the body among them."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from scraper.extractor.textdump import _best_run, candidate_bodies, find_body
from scraper.extractor.textfeatures import block_features
from scraper.extractor.textlines import split_dump
from scraper.extractor.textruns import (
    RUN_FEATURE_NAMES,
    candidate_runs,
    choose_run,
    run_features,
)

TEXT = Path(__file__).resolve().parent.parent / "fixtures" / "text"
SEED_PAGE = (TEXT / "seed_page.txt").read_text(encoding="utf-8")


def test_the_first_candidate_is_the_largest_sum_run_as_a_left_to_right_scan_finds_it() -> None:
    rng = random.Random(3)
    for _ in range(300):
        values = [rng.choice((-2.0, -1.0, 0.0, 1.0, 2.0, rng.uniform(-3, 3))) for _ in range(25)]
        start, end, total = candidate_runs(np.array(values))[0]
        if total > 0:
            assert (start, end) == _best_run(values)
            assert total == pytest.approx(sum(values[start:end]))
        else:
            assert _best_run(values) == (0, 0)


def test_candidates_are_disjoint_runs_then_spans_joining_the_best_to_its_neighbours() -> None:
    evidence = np.array([3.0, 3.0, -9.0, 10.0, 10.0, -4.0, 5.0, -20.0, 2.0])
    runs = candidate_runs(evidence)
    assert runs[0] == (3, 7, 21.0)  # 10 + 10 - 4 + 5
    disjoint = [(0, 2, 6.0), (8, 9, 2.0)]
    assert runs[1:3] == disjoint
    joined = [r[:2] for r in runs[3:]]
    assert joined == [(0, 7), (3, 9)]  # the best run stretched to the next run on each side
    assert len({r[:2] for r in runs}) == len(runs)


def test_looser_and_stricter_thresholds_add_longer_and_shorter_candidates() -> None:
    probs = np.array([0.1, 0.45, 0.9, 0.9, 0.45, 0.65, 0.9, 0.1])
    lengths = np.full(len(probs), 10.0)
    runs = candidate_runs((probs - 0.5) * lengths, probs, lengths)
    spans = [r[:2] for r in runs]
    assert spans[0] == (2, 7)
    assert (1, 7) in spans  # at 0.4 the half-likely block before joins
    assert (2, 4) in spans  # at 0.7 the run stops before the doubtful middle


def test_the_ranker_picks_by_its_weights_and_the_largest_sum_without_them() -> None:
    dump = split_dump(SEED_PAGE)
    features = block_features(dump)
    probs = np.full(len(dump), 0.2)
    probs[2:4] = 0.95  # a short strong stretch early
    probs[10:30] = 0.7  # a long weaker one later
    lengths = np.minimum(features.words, 60.0) ** 0.8
    evidence = (probs - 0.5) * lengths
    runs = candidate_runs(evidence, probs, lengths)
    rows = run_features(runs, probs, features, dump)
    assert rows.shape == (len(runs), len(RUN_FEATURE_NAMES))
    assert rows[0, RUN_FEATURE_NAMES.index("top")] == 1.0
    assert choose_run(evidence, probs, lengths, features, dump) == runs[0][:2]
    prefer_start = np.zeros(len(RUN_FEATURE_NAMES))
    prefer_start[RUN_FEATURE_NAMES.index("start")] = -5.0  # the earliest candidate wins
    start, _ = choose_run(evidence, probs, lengths, features, dump, prefer_start)
    assert start == min(r[0] for r in runs)


def test_candidate_bodies_include_the_body_the_extractor_returns() -> None:
    found = candidate_bodies(SEED_PAGE)
    assert len(found) >= 2
    chosen = find_body(SEED_PAGE)
    assert chosen.paragraphs in [body.paragraphs for _, body in found]
    assert all(row.shape == (len(RUN_FEATURE_NAMES),) for row, _ in found)
