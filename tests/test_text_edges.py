"""The edge model of text dumps: which blocks near the body's edges it reads, cuts and adds."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from scraper.extractor.textdump import edge_inputs, extract_text
from scraper.extractor.textedges import (
    AFTER_ZONE,
    EDGE_FEATURE_NAMES,
    ZONE,
    DumpBlocks,
    EdgeModel,
    apply_edges,
    edge_cue_tokens,
    edge_design,
    edge_probabilities,
    edge_rows,
    edge_rows_reference,
    edge_scores,
    judge_edges,
    shipped_edges,
)
from scraper.extractor.textfeatures import FEATURE_NAMES

TEXT = Path(__file__).resolve().parent.parent / "fixtures" / "text"
SEED_PAGE = (TEXT / "seed_page.txt").read_text(encoding="utf-8")
SEED_CLEAN = (TEXT / "seed_clean.txt").read_text(encoding="utf-8")
# Cue words for the edge rows: all positive, and with one negative and one more word.
CUES = {"comments": 2.0, "share": 1.5, "related": 1.0, "reply": 0.7}
SIGNED_CUES = {"comments": 2.0, "share": 1.5, "related": -1.0, "reply": 0.7, "posted": 0.4}


def _fixture_dumps() -> list[str]:
    """The seed page and every fixture text dump, in a fixed order."""
    return [SEED_PAGE, *(p.read_text(encoding="utf-8") for p in sorted(TEXT.glob("*.txt")))]


PROSE = (
    "The committee met on Tuesday to weigh the proposal, and after a long debate it agreed "
    "that the plan needed more work before it could go to a vote of the whole council."
)


def _plain_blocks(texts: list[str]) -> DumpBlocks:
    """Made-up blocks: every probability 0.7, no feature, link or bullet."""
    n = len(texts)
    words = np.array([len(t.split()) for t in texts])
    matrix = np.zeros((n, len(FEATURE_NAMES)))
    no_links, no_bullets = np.zeros(n, dtype=int), np.zeros(n, dtype=bool)
    return DumpBlocks(texts, np.full(n, 0.7), words, matrix, FEATURE_NAMES, no_links, no_bullets)


def _rows(keep: list[int], texts: list[str], cues: dict[str, float], limit: int | None = None):
    return edge_rows(_plain_blocks(texts), keep, len(texts) if limit is None else limit, cues)


def test_edge_blocks_are_the_first_and_last_kept_and_those_past_the_end() -> None:
    n = 2 * ZONE + 4
    texts = [PROSE] * n + ["Comments", PROSE, PROSE]
    keep = list(range(n))
    indices, sides, rows = _rows(keep, texts, {})
    head, tail = slice(0, ZONE), slice(ZONE, 2 * ZONE)
    assert indices[head] == keep[:ZONE] and set(sides[head]) == {0}  # outermost first
    assert indices[tail] == keep[::-1][:ZONE] and set(sides[tail]) == {1}  # outermost first
    assert indices[2 * ZONE :] == [n, n + 1, n + 2] and set(sides[2 * ZONE :]) == {2}  # past
    assert rows.shape == (2 * ZONE + 3, len(EDGE_FEATURE_NAMES))
    _, _, limited = _rows(keep, texts, {}, limit=n + 1)
    assert len(limited) == 2 * ZONE + 1  # a comment section's start bounds what may be added
    indices, _, _ = _rows(list(range(5)), texts, {})
    assert sorted(indices[:4]) == [0, 1, 3, 4]  # a short body: half of it at each edge


def _judged(keep: list[int], texts: list[str], model: EdgeModel, limit: int) -> list[int]:
    return judge_edges(_plain_blocks(texts), keep, limit, np.zeros(len(texts), dtype=bool), model)


def test_blocks_past_the_end_are_examined_up_to_the_after_zone() -> None:
    texts = [PROSE] * (6 + 3 * AFTER_ZONE)
    _, sides, _ = _rows(list(range(6)), texts, {})
    assert sides.count(2) == AFTER_ZONE  # not the whole rest of the dump
    assert AFTER_ZONE >= ZONE


def test_each_round_of_edges_judges_the_edges_the_last_one_left() -> None:
    texts = [PROSE] * (6 + 3 * AFTER_ZONE)
    bias = np.zeros(len(EDGE_FEATURE_NAMES))
    bias[0] = 5.0  # every edge block is body: nothing is cut, the end is extended
    keep = list(range(6))
    limit = 6 + 2 * AFTER_ZONE - 3  # a comment section's start: never passed
    once = _judged(keep, texts, EdgeModel(bias, {}, 0.4, 0.3, rounds=1), limit)
    assert once == list(range(6 + AFTER_ZONE))  # one zone past the end
    twice = _judged(keep, texts, EdgeModel(bias, {}, 0.4, 0.3, rounds=2), limit)
    assert twice == list(range(limit))  # the second round went on from the new end
    assert _judged(keep, texts, EdgeModel(bias, {}, 0.4, 0.3, rounds=5), limit) == twice
    bias[0] = -5.0  # nothing is body: a round cuts both edges, the next cuts no further
    size = 2 * ZONE + 8  # a round cuts a zone at each end; the next would cut the rest
    texts = [PROSE] * size
    cut = _judged(list(range(size)), texts, EdgeModel(bias, {}, 0.4, 0.3, rounds=2), size)
    assert cut and set(cut) < set(range(size))


def test_a_learned_cue_heading_marks_the_blocks_below_it_and_not_those_above() -> None:
    texts = [PROSE] * 12 + ["Comments", PROSE, PROSE]
    keep = list(range(15))
    indices, sides, rows = _rows(keep, texts, {"comments": 2.0})
    cue = rows[:, EDGE_FEATURE_NAMES.index("cue_between")]
    by_index = {(i, s): c for i, s, c in zip(indices, sides, cue, strict=True)}
    assert by_index[(14, 1)] == 2.0 and by_index[(13, 1)] == 2.0  # below the heading
    assert by_index[(11, 1)] == 0.0  # above it: the article
    assert by_index[(0, 0)] == 0.0
    tokens = dict(edge_cue_tokens(_plain_blocks(texts), keep, len(texts)))
    assert "comments" in tokens[14] and "comments" in tokens[12]


def test_the_tail_is_cut_where_the_body_probability_falls_and_the_end_extended_where_it_rises() -> (
    None
):
    words = np.full(12, 30)
    keep = list(range(8))
    indices = [0, 1, 2, 3, 7, 6, 5, 4, 8, 9]
    sides = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2]
    excluded = np.zeros(12, dtype=bool)
    q = np.array([0.9, 0.9, 0.9, 0.9, 0.1, 0.2, 0.9, 0.9, 0.9, 0.9])
    assert apply_edges(keep, indices, sides, q, words, 0.5, excluded) == [0, 1, 2, 3, 4, 5]
    q = np.array([0.1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.2])
    assert apply_edges(keep, indices, sides, q, words, 0.5, excluded) == [1, 2, 3, 4, 5, 6, 7, 8]
    excluded[8] = True  # a form control past the end is never added
    assert 8 not in apply_edges(keep, indices, sides, q, words, 0.5, excluded)
    q = np.zeros(10)
    assert apply_edges(keep, indices, sides, q, words, 0.5, excluded)  # never emptied


def test_the_seed_pair_stays_exact_with_the_shipped_edges_and_without() -> None:
    for edges in (True, None):
        article = extract_text(SEED_PAGE, edges=edges)
        assert article.text.split() == SEED_CLEAN.split()


def test_edge_inputs_give_the_body_before_the_edge_model() -> None:
    inputs = edge_inputs(SEED_PAGE)
    assert inputs is not None
    body = [inputs.texts[i] for i in inputs.keep]
    assert " ".join(body).split() == extract_text(SEED_PAGE, edges=None).text.split()
    model = shipped_edges()
    if model is not None:
        assert len(model.weights) in (len(EDGE_FEATURE_NAMES), 3 * len(EDGE_FEATURE_NAMES))
        assert all(value > 0 for value in model.cues.values())
        assert isinstance(model, EdgeModel)


def test_a_per_side_model_reads_each_side_with_its_own_weights() -> None:
    rows = np.array([[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]])
    sides = [0, 1, 2]
    design = edge_design(rows, sides, per_side=True)
    assert design.shape == (3, 6)
    assert design[1].tolist() == [0.0, 0.0, 1.0, 2.0, 0.0, 0.0]
    model = EdgeModel(np.array([5.0, 0.0, -5.0, 0.0, 0.0, 0.0]), {})
    q = edge_probabilities(model, rows, sides)
    assert q[0] > 0.99 and q[1] < 0.01 and q[2] == 0.5
    shared = EdgeModel(np.array([0.0, 1.0]), {})
    assert np.allclose(edge_probabilities(shared, rows, sides), 1 / (1 + np.exp(-2.0)))


def test_the_fast_edge_rows_equal_the_block_by_block_definition() -> None:
    dumps = _fixture_dumps()
    cues = CUES
    checked = 0
    for dump in dumps:
        inputs = edge_inputs(dump)
        if inputs is None:
            continue
        for keep, limit in (
            (inputs.keep, inputs.limit),
            (inputs.keep[:3], len(inputs.texts)),
            (inputs.keep[2:-2], inputs.limit),
        ):
            fast = edge_rows(inputs.blocks, keep, limit, cues)
            slow = edge_rows_reference(inputs.blocks, keep, limit, cues)
            assert fast[0] == slow[0] and fast[1] == slow[1]
            assert np.allclose(fast[2], slow[2])
            checked += len(fast[0])
    assert checked > 50


def test_the_extractors_edge_scores_equal_the_rows_scored_by_the_model() -> None:
    dumps = _fixture_dumps()
    cues = SIGNED_CUES
    width = len(EDGE_FEATURE_NAMES)
    weights = np.random.default_rng(7).normal(size=3 * width)
    models = [EdgeModel(weights, cues), EdgeModel(weights[:width], cues)]
    shipped = shipped_edges()
    if shipped is not None:
        models.append(shipped)
    checked = 0
    for dump in dumps:
        inputs = edge_inputs(dump)
        if inputs is None:
            continue
        for keep, limit in (
            (inputs.keep, inputs.limit),
            (inputs.keep[:3], len(inputs.texts)),
            (inputs.keep[2:-2], inputs.limit),
        ):
            for model in models:
                indices, sides, rows = edge_rows(inputs.blocks, keep, limit, model.cues)
                fast = edge_scores(inputs.blocks, keep, limit, model)
                assert fast[0] == indices and fast[1] == sides
                if indices:
                    assert np.allclose(fast[2], edge_probabilities(model, rows, sides))
                checked += len(indices)
    assert checked > 150


def test_later_rounds_read_each_blocks_own_facts_from_the_first_and_give_the_same_body() -> None:
    dumps = _fixture_dumps()
    width = len(EDGE_FEATURE_NAMES)
    cues = CUES
    rng = np.random.default_rng(3)
    models = [EdgeModel(rng.normal(size=3 * width), cues, 0.4, 0.3, rounds=3) for _ in range(4)]
    shipped = shipped_edges()
    if shipped is not None:
        models.append(shipped)
    moved = 0
    for dump in dumps:
        inputs = edge_inputs(dump)
        if inputs is None or not inputs.keep:
            continue
        blocks = inputs.blocks
        for model in models:
            keep = inputs.keep
            for _ in range(model.rounds):  # each round from scratch, no facts kept
                index, sides, q = edge_scores(blocks, keep, inputs.limit, model)
                if not index:
                    break
                after = apply_edges(
                    keep, index, sides, q, inputs.words, model.threshold, inputs.chrome, model.cut
                )
                if after == keep:
                    break
                keep, moved = after, moved + 1
            judged = judge_edges(blocks, inputs.keep, inputs.limit, inputs.chrome, model)
            assert judged == keep
    assert moved > 10


def test_edge_scores_add_each_rows_products_in_order_bit_for_bit() -> None:
    # The extractor sums each row's products in place; the row-building path they replaced
    # scored ``sum(map(operator.mul, weights, row))``: both must give the same float exactly,
    # so no cut or extension can move (tests above compare with numpy only approximately).
    import math
    import operator

    dumps = _fixture_dumps()
    width = len(EDGE_FEATURE_NAMES)
    rng = np.random.default_rng(11)
    cues = SIGNED_CUES
    models = [EdgeModel(rng.normal(size=3 * width), cues), EdgeModel(rng.normal(size=width), {})]
    shipped = shipped_edges()
    if shipped is not None:
        models.append(shipped)
    checked = 0
    for dump in dumps:
        inputs = edge_inputs(dump)
        if inputs is None:
            continue
        for keep in (inputs.keep, inputs.keep[1:-1], inputs.keep[:4]):
            for model in models:
                indices, sides, rows = edge_rows(inputs.blocks, keep, inputs.limit, model.cues)
                expected = [
                    1.0 / (1.0 + math.exp(-min(30.0, max(-30.0, sum(map(operator.mul, w, row))))))
                    for w, row in zip((model.by_side[s] for s in sides), rows.tolist(), strict=True)
                ]
                fast = edge_scores(inputs.blocks, keep, inputs.limit, model)
                assert fast == (indices, sides, expected)
                checked += len(indices)
    assert checked > 150


def _apply_edges_by_gain_dictionary(keep, indices, sides, q, words, threshold, excluded, cut):
    """``apply_edges`` as first written (gains in a dict keyed by block and side)."""
    bars = (threshold if cut is None else cut,) * 2 + (threshold,)
    gain = {
        (i, s): (float(qi) - bars[s]) * min(float(words[i]), 60.0) ** 0.8
        for i, s, qi in zip(indices, sides, q, strict=True)
    }
    head = [i for i, s in zip(indices, sides, strict=True) if s == 0]
    tail = [i for i, s in zip(indices, sides, strict=True) if s == 1]
    after = [i for i, s in zip(indices, sides, strict=True) if s == 2]

    def best(values):
        top, top_k, total = 0.0, 0, 0.0
        for k, value in enumerate(values, 1):
            total += value
            if total > top:
                top, top_k = total, k
        return top_k

    cut_head = best([-gain[(i, 0)] for i in head])
    cut_tail = best([-gain[(i, 1)] for i in tail])
    extend = best([0.0 if excluded[i] else gain[(i, 2)] for i in after])
    body = keep[cut_head : len(keep) - cut_tail] if cut_tail else keep[cut_head:]
    if not cut_tail and extend:
        body = body + [i for i in after[:extend] if not excluded[i]]
    return body if body else keep


def test_apply_edges_equals_its_gain_dictionary_form() -> None:
    rng = np.random.default_rng(5)
    for trial in range(400):
        n = int(rng.integers(6, 90))
        words = rng.integers(1, 120, size=n)
        excluded = rng.random(n) < 0.2
        keep = sorted(rng.choice(n - 3, size=int(rng.integers(2, n - 3)), replace=False).tolist())
        zone = min(ZONE, len(keep) // 2)
        indices = keep[:zone] + keep[::-1][:zone] + list(range(keep[-1] + 1, n))
        sides = [0] * zone + [1] * zone + [2] * (n - keep[-1] - 1)
        q = rng.random(len(indices))
        for threshold, cut in ((0.4, 0.3), (0.5, None)):
            as_list = q.tolist() if trial % 2 else q
            args = (keep, indices, sides, as_list, words, threshold, excluded, cut)
            assert apply_edges(*args) == _apply_edges_by_gain_dictionary(*args)
            listed = (keep, indices, sides, as_list, words.tolist(), threshold, excluded, cut)
            assert apply_edges(*listed) == _apply_edges_by_gain_dictionary(*listed)


def _judge_from_scratch(inputs, model, excluded):
    """``judge_edges`` by its definition: every round builds every edge row anew (past the end
    too), scores each with its products summed in order and applies the edges; it also counts
    the rounds whose shortcuts ``judge_edges`` takes (a cut tail, a body met again)."""
    import math
    import operator

    blocks, keep, limit = inputs
    seen: set[tuple[int, ...]] = set()
    shortcuts = {"tail cut with blocks past the end": 0, "body met again": 0}
    for _ in range(model.rounds):
        if tuple(keep) in seen:
            shortcuts["body met again"] += 1
        seen.add(tuple(keep))
        indices, sides, rows = edge_rows(blocks, keep, limit, model.cues)
        if not indices:
            break
        q = [
            1.0 / (1.0 + math.exp(-min(30.0, max(-30.0, sum(map(operator.mul, w, row))))))
            for w, row in zip((model.by_side[s] for s in sides), rows.tolist(), strict=True)
        ]
        moved = apply_edges(
            keep, indices, sides, q, blocks.words, model.threshold, excluded, model.cut
        )
        if 2 in sides and moved[-1] != keep[-1] and moved[-1] in keep:
            shortcuts["tail cut with blocks past the end"] += 1
        if moved == keep:
            break
        keep = moved
    return keep, shortcuts


def _random_dump(rng: np.random.Generator):
    """A made-up dump's edge inputs: prose, short headings with cue words, dated lines."""
    vocabulary = ["the", "plan", "council", "vote", "week", "said", "more", "work", "city"]
    headings = ["Comments", "Related posts", "Share this", "Reply", "Posted in News", "2019"]
    n = int(rng.integers(8, 120))
    texts = []
    for _ in range(n):
        if rng.random() < 0.25:
            texts.append(str(rng.choice(headings)))
        else:
            size = int(rng.integers(1, 70))
            texts.append(" ".join(rng.choice(vocabulary, size=size)) + str(rng.choice([".", ""])))
    words = np.array([len(t.split()) for t in texts])
    matrix = rng.random((n, len(FEATURE_NAMES)))
    probs = rng.random(n)
    start = int(rng.integers(0, n // 2))
    stop = int(rng.integers(start + 2, n + 1))
    keep = [i for i in range(start, stop) if rng.random() < 0.9] or [start, start + 1]
    limit = int(rng.integers(keep[-1] + 1, n + 1))
    links = (rng.random(n) < 0.2).astype(int)
    bullet = rng.random(n) < 0.2
    excluded = rng.random(n) < 0.15
    blocks = DumpBlocks(texts, probs, words, matrix, FEATURE_NAMES, links, bullet)
    return (blocks, keep, limit), excluded


def test_judge_edges_shortcuts_give_the_full_computations_body() -> None:
    # judge_edges keeps each block's facts and length weight across rounds, scores the blocks
    # past the end only when the tail stays, and reuses the verdict on a body met again: each
    # must leave the body exactly as every round computed in full (fixture dumps and random).
    width = len(EDGE_FEATURE_NAMES)
    rng = np.random.default_rng(14)
    cues = SIGNED_CUES
    cases = []
    dumps = _fixture_dumps()
    for dump in dumps:
        found = edge_inputs(dump)
        if found is not None:
            cases.append(((found.blocks, found.keep, found.limit), found.chrome))
    cases += [_random_dump(rng) for _ in range(150)]
    totals = {"tail cut with blocks past the end": 0, "body met again": 0}
    for inputs, excluded in cases:
        models = [
            EdgeModel(rng.normal(scale=0.6, size=3 * width), cues, 0.4, 0.3, rounds=5),
            EdgeModel(rng.normal(scale=0.6, size=width), cues, 0.5, None, rounds=3),
        ]
        shipped = shipped_edges()
        if shipped is not None:
            models.append(shipped)
        for model in models:
            expected, shortcuts = _judge_from_scratch(inputs, model, excluded)
            assert judge_edges(*inputs, excluded, model) == expected
            for name, count in shortcuts.items():
                totals[name] += count
    assert all(count > 5 for count in totals.values()), totals
