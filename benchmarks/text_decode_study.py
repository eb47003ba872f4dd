"""Study: decode a text dump's body as one sequence (round twenty-one: text30, shipped by text31).

    python benchmarks/text_decode_study.py collect --out /tmp/text30-decode.pkl --jobs 2
    python benchmarks/text_decode_study.py fit --state /tmp/text30-decode.pkl [--probs oof] \
        [--quick] [--page-columns] [--write 0.8]   # weights to /tmp/textdecodeweights.py
    python benchmarks/text_decode_study.py tail|tail-base --state /tmp/text23-tail-extra.pkl
    python benchmarks/text_decode_study.py trees --state /tmp/text31-decode.pkl [--write 0.6] \
        [--cap 0.85]   # round twenty-two (text34): the gate's trees; --write ships the npz

The shipped text extractor decides the body in steps: the block model's probabilities, the
stretch chooser, the selection rules, the edge model, the end cut and the start cut. This
study asks whether one small sequence decoder over the block probabilities does as well: a
Viterbi over four states (before the body, body, a hole in the body, after the body) whose body
state scores ``min(words, 60) ** gamma * (logit(p) - logit(q))`` for each block, the others 0, and
whose entry into a hole costs ``hole`` (``decode_body``: exact over runs of blocks of one sign;
the grid runs the block-level Viterbi of ``_decode_study.pyx``, compiled by pyximport). The
blocks the selection never keeps (form controls, links the model doubts, the title and byline)
are out of the sequence. q, gamma and hole are picked per host fold (5 folds, crc32 of the host,
all sets pooled) by the training folds' mean word F1 read off each block's gold share (an
additive proxy) and scored exactly on the held-out fold.

``collect`` runs the current extractor on every cached rendering of the report set (265 pages
of unseen sites), AEB and every other wcxb-dev page, and keeps each dump's blocks, the shipped
block probabilities, the block features and labels (to refit the block model out of fold:
``--probs oof``), the chrome mask and the current body. ``fit`` prints the out-of-fold word F1
per set, page type and renderer (``print_groups``): the current pipeline ("before"), the decoder,
its path read against the pipeline's body (head, tail, trim, union, fill; not with ``--quick``),
a logistic gate per fold choosing the decoded body (``gate_row``; bars ``GATE_BARS``, only where
the decoded body holds ``MIN_OVERLAPS`` of the body's words; "guard": never where the body's
word-weighted mean probability reaches a cap picked per fold, ``pick_cap``, round twenty-one
text31), the best of the two per dump and
the oracle (the decoder on the gold labels). ``trees``: boosted trees on ``tree_row`` for the
gate, per host fold against the logistic refitted per fold (``fit_trees``). ``tail`` /
``tail-base``: the decoder's path as two more columns of the end cut's logistic rows
(``text_tail_study.fit``), and the same fit without.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from multiprocessing import Pool
from pathlib import Path
from statistics import mean

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import text_bench as tb  # noqa: E402
from text_tail_study import (  # noqa: E402
    add_block_model_args,
    doc_block_model,
    host_fold,
    print_groups,
    report_docs,
    training_docs,
    use_block_models,
)

# The decoder and the gate row are the run-time ones (round twenty-one: text30 wrote them here,
# text31 shipped them in scraper/extractor/textdecode.py): the study scores what extract_text runs.
from scraper.extractor.textdecode import (  # noqa: E402
    GATE_FEATURE_NAMES,
    GATE_KIND_NAMES,
    decode_body,
    gate_row,
)


def _all_docs() -> list[dict]:
    report = report_docs()
    return report + tb.load_docs(tb.DEFAULT_BENCH_DIR, "aeb", 0, 99) + training_docs(report)


def _collect_doc(doc: dict) -> list[dict]:
    from train_text_model import label, within_body

    from scraper.extractor import textdump as td
    from scraper.extractor.textruns import choose_run

    td.DECODE_ON = False  # the pipeline's body as it is without the decoder (the gate's baseline)
    gold_words = tb.WORD_RE.findall(doc["gold"].lower())
    joined = f" {' '.join(gold_words)} "
    trigrams = {tuple(gold_words[i : i + 3]) for i in range(len(gold_words) - 2)}
    out = []
    for renderer in tb.RENDERERS:
        cached = dict(doc, set="wcxb-dev") if doc["set"] == "wcxb-train" else doc
        text = tb.rendered(tb.DEFAULT_CACHE, renderer, cached)
        if text is None:
            continue
        body = td.find_body(text, doc["url"], **doc_block_model(doc))
        item = {
            "set": doc["set"],
            "id": doc["id"],
            "host": tb.host_of(doc["url"]),
            "type": doc["page_type"],
            "renderer": renderer,
            "gold": doc["gold"],
            "paragraphs": body.paragraphs,
            "texts": [],
        }
        scored = td._score(text, doc["url"], **doc_block_model(doc))
        if scored is not None:
            s, e = choose_run(
                scored.evidence, scored.probs, scored.lengths, scored.features, scored.dump, None
            )
            chosen = td._select(scored, s, e)
            texts = list(scored.dump.texts)
            f = scored.features
            n = f.words.astype(float)
            y = np.array([label(t, joined, trigrams) for t in texts], dtype=float)
            item.update(
                texts=texts,
                probs=scored.probs.copy(),
                words=n,
                matrix=f.matrix.astype(np.float32),
                chrome=np.asarray(chosen.chrome, bool).copy(),
                title_at=chosen.title_at,
                byline_at=chosen.byline_at,
                select_keep=list(chosen.keep),
                y=within_body(y, n),
                share=np.array(
                    [tb.gold_share(tb.WORD_RE.findall(t.lower()), joined, trigrams) for t in texts]
                ),
                tokens=np.array([len(tb.WORD_RE.findall(t.lower())) for t in texts], float),
            )
        item["gold_words"] = len(gold_words)
        out.append(item)
    return out


def collect(out: Path, jobs: int) -> None:
    docs = _all_docs()
    rows: list[dict] = []
    with Pool(jobs) as pool:
        for items in pool.imap(_collect_doc, docs, chunksize=8):
            rows.extend(items)
    out.write_bytes(pickle.dumps(rows))
    print(f"{len(rows)} dumps of {len(docs)} pages -> {out}")


# --------------------------------------------------------------------------- fit

QS = (0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6)  # the body's probability bar (t = logit(q))
GAMMAS = (0.5, 0.8, 1.0)  # the block's weight: min(words, 60) ** gamma
HOLES = (0.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1e9)  # the cost of a hole in the body


def _decoder():
    import pyximport

    pyximport.install(language_level=3, setup_args={"include_dirs": [np.get_include()]})
    from _decode_study import decode

    return decode


def _oof_probs(items: list[dict], folds: np.ndarray) -> list[np.ndarray]:
    """The block model refitted per host fold (``train_text_model.fit``), applied out of fold."""
    from train_text_model import fit as fit_block
    from train_text_model import sample_weight

    out: list[np.ndarray] = [np.zeros(0)] * len(items)
    for k in range(5):
        train = [it for i, it in enumerate(items) if folds[i] != k and len(it["texts"])]
        x = np.vstack([it["matrix"] for it in train]).astype(float)
        y = np.concatenate([it["y"] for it in train])
        w = sample_weight(np.concatenate([it["tokens"] for it in train]))
        beta = fit_block(x, y, w)
        for i, it in enumerate(items):
            if folds[i] == k and len(it["texts"]):
                z = it["matrix"].astype(float) @ beta
                out[i] = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
    return out


def _proxy_f1(sel: np.ndarray, tok: np.ndarray, gtok: np.ndarray, offs: np.ndarray,
              gold: np.ndarray) -> np.ndarray:  # fmt: skip
    """Per dump: word F1 read off the blocks' gold shares (additive, for the grid)."""
    starts = offs[:-1]
    pred = np.add.reduceat(tok * sel, starts) if len(tok) else np.zeros(len(starts))
    over = np.add.reduceat(gtok * sel, starts) if len(tok) else np.zeros(len(starts))
    empty = offs[1:] == starts
    pred[empty] = 0.0
    over[empty] = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        f = np.where(over > 0, 2 * over / (pred + gold), 0.0)
    return np.where((gold == 0) & (pred == 0), 1.0, f)


def _runtime_decoded(
    items: list[dict],
    offs: np.ndarray,
    probs: list[np.ndarray],
    skip: np.ndarray,
    which: np.ndarray,
    params: tuple,
    out: np.ndarray,
) -> None:
    """``decode_body`` (the Viterbi over runs) on the dumps ``which``, into ``out``."""
    q, g, c = params
    for i in which:
        lo, hi = offs[i], offs[i + 1]
        if hi > lo:
            w = np.asarray(items[i]["words"], float)
            out[lo:hi] = decode_body(probs[i], w, skip[lo:hi].astype(bool), q, g, c)


def fit(state: Path, probs_kind: str, limit: int = 0, write: float | None = None,
        quick: bool = False, overlap: float = 0.0, page_columns: bool = False) -> None:  # fmt: skip
    decode = _decoder()
    items = pickle.loads(state.read_bytes())
    if limit:
        items = items[:limit]
    folds = np.array([host_fold(i["host"]) for i in items])
    if probs_kind == "oof":
        probs = _oof_probs(items, folds)
    else:
        probs = [np.asarray(it.get("probs", np.zeros(0)), float) for it in items]
    lens = np.array([len(it["texts"]) for it in items])
    offs = np.r_[0, np.cumsum(lens)].astype(np.int64)

    def cat(key: str) -> np.ndarray:
        return np.concatenate([np.asarray(it[key], float) for it in items if len(it["texts"])])

    tok = cat("tokens")
    gtok = tok * cat("share")
    words = cat("words")
    p = np.clip(np.concatenate([pr for pr in probs if len(pr)]), 1e-4, 1 - 1e-4)
    logit = np.log(p / (1 - p))
    skip = np.zeros(len(tok), np.uint8)
    for it, lo in zip(items, offs[:-1], strict=True):
        if not len(it["texts"]):
            continue
        skip[lo : lo + len(it["texts"])] = it["chrome"]
        for at in (it["title_at"], it["byline_at"]):
            if at is not None:
                skip[lo + at] = 1
    gold = np.array([it["gold_words"] for it in items], float)
    pipe = np.zeros(len(tok), bool)
    for it, lo in zip(items, offs[:-1], strict=True):
        j = 0
        for para in it["paragraphs"]:  # the pipeline's body as block indices (in order)
            while j < len(it["texts"]) and it["texts"][j] != para:
                j += 1
            if j < len(it["texts"]):
                pipe[lo + j] = True
                j += 1
    pos = np.arange(len(tok))
    starts = offs[:-1]
    nonempty = lens > 0
    out = np.zeros(len(tok), np.uint8)

    def variants(sel: np.ndarray) -> dict[str, np.ndarray]:
        """The decoder alone and its path read against the pipeline's body."""
        big = len(tok) + 1
        first = np.full(len(items), big)
        last = np.full(len(items), -1)
        first[nonempty] = np.minimum.reduceat(np.where(sel, pos, big), starts[nonempty])
        last[nonempty] = np.maximum.reduceat(np.where(sel, pos, -1), starts[nonempty])
        pf = np.full(len(items), big)
        pl = np.full(len(items), -1)
        pf[nonempty] = np.minimum.reduceat(np.where(pipe, pos, big), starts[nonempty])
        pl[nonempty] = np.maximum.reduceat(np.where(pipe, pos, -1), starts[nonempty])
        f, la = np.repeat(first, lens), np.repeat(last, lens)
        pfb, plb = np.repeat(pf, lens), np.repeat(pl, lens)
        none = la < 0  # the decoder kept nothing: the pipeline's body stays
        return {
            "decoder": sel,
            "head": pipe & ((pos >= f) | none),
            "tail": pipe & ((pos <= la) | none),
            "trim": pipe & (((pos >= f) & (pos <= la)) | none),
            "union": pipe | sel,
            "fill": pipe | (sel & (pos >= pfb) & (pos <= plb)),
        }

    names = ("decoder",) if quick else ("decoder", "head", "tail", "trim", "union", "fill")
    proxies: dict[str, dict[tuple, np.ndarray]] = {n: {} for n in names}
    for q in QS:
        t = np.log(q / (1 - q))
        for g in GAMMAS:
            e = np.minimum(words, 60.0) ** g * (logit - t)
            for c in HOLES:
                decode(e, skip, offs, c, out)
                for name, sel in variants(out.astype(bool)).items():
                    if name not in names:
                        continue
                    proxies[name][(q, g, c)] = _proxy_f1(sel.astype(float), tok, gtok, offs, gold)
    pipe_proxy = _proxy_f1(pipe.astype(float), tok, gtok, offs, gold)
    # the oracle: the decoder on the gold labels (+1 / -1 a word)
    e = np.minimum(words, 60.0) * np.where(cat("share") >= 0.6, 1.0, -1.0)
    decode(e, np.zeros_like(skip), offs, 0.0, out)
    oracle_sel = out.astype(bool)
    base = [tb.word_f1(it["gold"], "\n".join(it["paragraphs"])) for it in items]
    results = {name: [0.0] * len(items) for name in (*names, "oracle")}

    def exact(i: int, sel: np.ndarray) -> float:
        it, lo = items[i], offs[i]
        kept = [t for j, t in enumerate(it["texts"]) if sel[lo + j]]
        return tb.word_f1(it["gold"], "\n".join(kept))

    dec_oof = np.zeros(len(tok), bool)
    for k in range(5):
        train = folds != k
        held = np.flatnonzero(~train)
        for i in held:
            results["oracle"][i] = exact(i, oracle_sel)
        for name in names:
            table = proxies[name]
            best = max(table, key=lambda key: table[key][train].mean())
            fold_proxy = table[best][train].mean()
            print(f"fold {k} {name}: q, gamma, hole = {best}  proxy {fold_proxy:.4f} "
                  f"(pipeline {pipe_proxy[train].mean():.4f})")  # fmt: skip
            q, g, c = best
            e = np.minimum(words, 60.0) ** g * (logit - np.log(q / (1 - q)))
            decode(e, skip, offs, c, out)
            sel = variants(out.astype(bool))[name]
            if name == "decoder":  # scored through decode_body (the same paths as the grid)
                _runtime_decoded(items, offs, probs, skip, held, best, dec_oof)
                sel = dec_oof
            for i in held:
                results[name][i] = exact(i, sel)
    x = _gate_rows(items, offs, pipe, dec_oof, words, p)
    gated = {}
    for m in MIN_OVERLAPS:
        for key, vals in _gate(x, base, results["decoder"], folds, m).items():
            gated[f"{key} m{m}"] = vals
    if page_columns:  # the page's kind as the gate may read it: the whole dump's make-up
        xp = np.hstack([x, _page_rows(items, offs, pipe, words, p)])
        for key, vals in _gate(xp, base, results["decoder"], folds).items():
            gated[f"{key} page"] = vals
    results.update(gated)
    results["best of two"] = [max(a, b) for a, b in zip(base, results["decoder"], strict=True)]
    cols = [*names, *gated, "best of two", "oracle"]
    print(f"\nprobabilities: {probs_kind}; before = the pipeline (all steps, shipped weights)\n")
    print_groups(items, base, results, cols)
    for name in ("wcxb-dev", "aeb"):
        idx = [i for i, it in enumerate(items) if it["set"] == name and it["type"] == "article"]
        cells = ", ".join(f"{c} {mean(results[c][i] for i in idx):.4f}" for c in cols)
        print(f"{name} articles: pipeline {mean(base[i] for i in idx):.4f}, {cells}")
    if write is not None:
        _write(
            items,
            offs,
            probs,
            skip,
            pipe,
            words,
            p,
            proxies["decoder"],
            exact,
            base,
            write,
            overlap,
        )


def _write(items, offs, probs, skip, pipe, words, p, table, exact, base, bar, overlap) -> None:
    """Fit the decoder's parameters and the gate on every dump but the report set's sites (so
    ``text_bench.py``'s report set stays out of sample); written to /tmp (not shipped)."""
    from text_tail_study import logistic

    report_hosts = {it["host"] for it in items if it["set"] == "wcxb-dev"}
    train = np.array([it["host"] not in report_hosts for it in items])
    best = max(table, key=lambda key: table[key][train].mean())
    dec = np.zeros(len(skip), bool)
    _runtime_decoded(items, offs, probs, skip, np.flatnonzero(train), best, dec)
    decoded = np.array([exact(i, dec) if train[i] else 0.0 for i in range(len(items))])
    x = _gate_rows(items, offs, pipe, dec, words, p)
    gain = decoded - np.array(base)
    y = (gain > 0.01).astype(float)
    train &= x[:, GATE_FEATURE_NAMES.index("body_in_decoded")] >= overlap
    b = logistic(x[train], y[train], np.abs(gain[train]) + 0.01)
    c_in = 1 / (1 + np.exp(-(x[train] @ b)))  # the guard's cap picked on the same dumps
    cap = pick_cap(c_in, x[train, 8], np.array(base)[train], decoded[train], bar)
    q, g, c = best
    lines = [
        '"""Weights of the text-dump sequence decoder and its gate '
        '(benchmarks/text_decode_study.py)."""',
        "",
        f'DECODE: dict[str, float] = {{"q": {q}, "gamma": {g}, "hole": {c}}}',
        f"GATE_BAR = {bar}",
        f"MAX_BODY_P = {cap}  # the guard: a body this confident (word-weighted mean p) stays",
        "GATE_WEIGHTS: dict[str, float] = {",
        *(f'    "{n}": {v:.4f},' for n, v in zip(GATE_FEATURE_NAMES, b, strict=True)),
        "}",
        "",
    ]
    out = Path("/tmp/textdecodeweights.py")  # the run-time module is not in the tree
    out.write_text("\n".join(lines))
    print(f"wrote {out}: q, gamma, hole = {best}, bar {bar}")


GATE_BARS = (0.7, 0.75, 0.8)
MIN_OVERLAPS = (0.0, 0.5, 0.8)


def _gate_rows(items: list[dict], offs: np.ndarray, pipe: np.ndarray, dec: np.ndarray,
               words: np.ndarray, p: np.ndarray) -> np.ndarray:  # fmt: skip
    """Per dump, how the two bodies differ (``gate_row``)."""
    from scraper.extractor.textfeatures import FEATURE_NAMES

    cols = [FEATURE_NAMES.index(n) for n in GATE_KIND_NAMES]
    rows = np.zeros((len(items), len(GATE_FEATURE_NAMES)))
    rows[:, 0] = 1.0
    for i, it in enumerate(items):
        lo, hi = offs[i], offs[i + 1]
        if hi > lo:
            kinds = it["matrix"][:, cols].astype(float)
            rows[i] = gate_row(pipe[lo:hi], dec[lo:hi], words[lo:hi], p[lo:hi], kinds)
    return rows


def _page_rows(
    items: list[dict], offs: np.ndarray, pipe: np.ndarray, words: np.ndarray, p: np.ndarray
) -> np.ndarray:
    """Per dump: log blocks, the word shares of list items, linked blocks and short lines, the
    word-weighted mean probability, the body's share of the dump's words (``--page-columns``)."""
    from scraper.extractor.textfeatures import FEATURE_NAMES

    cols = [FEATURE_NAMES.index(n) for n in ("bullet", "linked", "short")]
    rows = np.zeros((len(items), 6))
    for i, it in enumerate(items):
        lo, hi = offs[i], offs[i + 1]
        if hi == lo:
            continue
        w = words[lo:hi]
        tot = max(float(w.sum()), 1.0)
        kind = (it["matrix"][:, cols].astype(float) * w[:, None]).sum(0) / tot
        rows[i] = [
            np.log1p(hi - lo),
            *kind,
            float((p[lo:hi] * w).sum()) / tot,
            float(w[pipe[lo:hi]].sum()) / tot,
        ]
    return rows


def _gate(x: np.ndarray, base: list[float], decoded: list[float], folds: np.ndarray,
          min_overlap: float = 0.0) -> dict[str, list[float]]:  # fmt: skip
    """A logistic gate per host fold: take the decoder's body over the pipeline's when it calls
    the decoder better (label: it gains 0.01+ F1, rows weighted by the gain's size); only where
    the decoded body holds ``min_overlap`` of the body's words (fitted on those dumps alone)."""
    from text_tail_study import logistic

    gain = np.array(decoded) - np.array(base)
    y = (gain > 0.01).astype(float)
    w = np.abs(gain) + 0.01
    chance = np.zeros(len(x))
    able = x[:, GATE_FEATURE_NAMES.index("body_in_decoded")] >= min_overlap
    for k in range(5):
        train = (folds != k) & able
        b = logistic(x[train], y[train], w[train])
        held = (folds == k) & able
        chance[held] = 1 / (1 + np.exp(-(x[held] @ b)))
    out = {}
    for bar in GATE_BARS:
        out[f"gate {bar}"] = [
            d if c > bar else f for d, f, c in zip(decoded, base, chance, strict=True)
        ]
    # the guard: never the decoded body where the body's word-weighted mean probability is
    # ``cap`` or more, the cap picked per fold on the training folds (their in-sample chances)
    body_p = x[:, GATE_FEATURE_NAMES.index("body_p")]
    base_a, dec_a = np.array(base), np.array(decoded)
    for bar in GATE_BARS if min_overlap == 0 else ():
        vals = np.array(out[f"gate {bar}"])
        for k in range(5):
            train = (folds != k) & able
            b = logistic(x[train], y[train], w[train])
            c_in = 1 / (1 + np.exp(-(x[folds != k] @ b)))
            cap = pick_cap(c_in, body_p[folds != k], base_a[folds != k], dec_a[folds != k], bar)
            held = folds == k
            print(f"guard bar {bar} fold {k}: body_p cap {cap}")
            vals[held] = np.where((chance[held] > bar) & (body_p[held] < cap), dec_a[held],
                                  base_a[held])  # fmt: skip
        out[f"gate {bar} guard"] = vals.tolist()
    return out


GUARD_CAPS = (0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 2.0)  # the guard's body_p caps (2: no guard)


def pick_cap(chance: np.ndarray, body_p: np.ndarray, base: np.ndarray, decoded: np.ndarray,
             bar: float) -> float:  # fmt: skip
    """The guard's cap with the best mean F1 on these dumps (the higher on a tie)."""
    scores = [
        (float(np.where((chance > bar) & (body_p < cap), decoded, base).mean()), cap)
        for cap in GUARD_CAPS
    ]
    return max(scores)[1]


# --------------------------------------------------------------------------- the gate's trees

TREE_BARS = (0.5, 0.55, 0.6, 0.65, 0.7)
TREE_CAPS = (0.8, 0.85, 2.0)  # the body_p guard with the trees (2: none)


def _tree_rows(items: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per dump (the shipped decoder's parameters): the tree row (``tree_row``), the pipeline's
    and the decoded body's F1, whether the two differ."""
    from scraper.extractor import textdecodeweights as weights
    from scraper.extractor.textdecode import TREE_FEATURE_NAMES, TREE_KIND_NAMES, tree_row
    from scraper.extractor.textfeatures import FEATURE_NAMES

    cols = [FEATURE_NAMES.index(n) for n in TREE_KIND_NAMES]
    d = weights.DECODE
    rows = np.zeros((len(items), len(TREE_FEATURE_NAMES)))
    rows[:, 0] = 1.0
    base = np.array([tb.word_f1(it["gold"], "\n".join(it["paragraphs"])) for it in items])
    dec_f1, differs = base.copy(), np.zeros(len(items), bool)
    for i, it in enumerate(items):
        n = len(it["texts"])
        if not n:
            continue
        pipe = np.zeros(n, bool)
        j = 0
        for para in it["paragraphs"]:
            while j < n and it["texts"][j] != para:
                j += 1
            if j < n:
                pipe[j] = True
                j += 1
        skip = np.array(it["chrome"], bool)
        for at in (it["title_at"], it["byline_at"]):
            if at is not None:
                skip[at] = True
        probs, words = np.asarray(it["probs"], float), np.asarray(it["words"], float)
        dec = decode_body(probs, words, skip, d["q"], d["gamma"], d["hole"])
        if (dec == pipe).all():
            continue
        differs[i] = True
        kept = [t for t, k in zip(it["texts"], dec, strict=True) if k]
        dec_f1[i] = tb.word_f1(it["gold"], "\n".join(kept))
        title = -1 if it["title_at"] is None else it["title_at"]
        kinds = it["matrix"][:, cols].astype(float)
        rows[i] = tree_row(pipe, dec, words, probs, kinds, title)
    return rows, base, dec_f1, differs


def fit_trees(state: Path, write: float | None, cap: float) -> None:
    """Boosted trees (``text_tail_study.TREE_PARAMS``) on the tree rows of the dumps whose two
    bodies differ (label: the decoded body gains 0.01+, rows weighted by |gain| + 0.01), per
    host fold, out of fold against the logistic gate refitted per fold (bar 0.8 and its guard);
    ``write``: fitted on every dump but the report set's sites, to ``textdecode_model.npz``."""
    from text_tail_study import _trees, write_trees

    from scraper.extractor.textdecode import TREE_FEATURE_NAMES

    items = pickle.loads(state.read_bytes())
    folds = np.array([host_fold(i["host"]) for i in items])
    x, base, dec, differs = _tree_rows(items)
    gain = dec - base
    y = (gain > 0.01).astype(float)
    w = np.abs(gain) + 0.01
    head = x[:, : len(GATE_FEATURE_NAMES)]
    results = {k: v for k, v in _gate(head, base.tolist(), dec.tolist(), folds).items()
               if k == "gate 0.8 guard"}  # fmt: skip
    chance = np.zeros(len(items))
    for k in range(5):
        train = (folds != k) & differs
        model = _trees(x[train], y[train], w[train])
        held = folds == k
        chance[held] = model.predict_proba(x[held][:, 1:].astype(np.float32))[:, 1]
    body_p = x[:, GATE_FEATURE_NAMES.index("body_p")]
    for bar in TREE_BARS:
        for c in TREE_CAPS:
            take = differs & (chance > bar) & (body_p < c)
            results[f"trees {bar} cap {c}"] = np.where(take, dec, base).tolist()
    results["best of two"] = np.maximum(base, dec).tolist()
    print_groups(items, base.tolist(), results, list(results))
    if write is not None:
        report_hosts = {it["host"] for it in items if it["set"] == "wcxb-dev"}
        train = differs & np.array([it["host"] not in report_hosts for it in items])
        model = _trees(x[train], y[train], w[train])
        write_trees(model, write, TREE_FEATURE_NAMES[1:], "textdecode_model.npz")
        print(f"trees' guard: TREE_MAX_BODY_P = {cap} (textdecodeweights.py)")


# --------------------------------------------------------------------------- the cuts' columns

TAIL_PARAMS = (0.3, 0.8, 100.0)  # the decoder as most folds picked it (q, gamma, hole)
TAIL_NAMES = ("dec_past_end", "dec_below_share")


def tail_with_path(state: Path, bars: list[float], extra: bool) -> None:
    """The alternative: the decoder's path as two more columns of the end cut's rows
    (``text_tail_study.fit``, logistic, label gain 0.01, argmax; text23's state): whether all
    a cut drops lies past the decoded body's end, and the decoded share of the words it drops.
    Chrome here is the run time's mask (forms, links the model doubts); title and byline are
    not in that state. ``extra=False`` runs the same fit without them (the baseline)."""
    import text_tail_study as tts

    from scraper.extractor.textfeatures import FEATURE_NAMES

    forms_col = FEATURE_NAMES.index("forms")
    plain = tts.cut_rows

    def cut_rows(item: dict, cues: dict, rep_col: int) -> tuple[list[int], np.ndarray]:
        cands, rows = plain(item, cues, rep_col)
        if not extra or not len(cands):
            return cands, rows
        probs = np.asarray(item["probs"], float)
        words = np.asarray(item["words"], float)
        skip = (item["matrix"][:, forms_col] > 0) | ((item["links"] > 0) & (probs < 0.3))
        dec = decode_body(probs, words, skip, *TAIL_PARAMS)
        hits = np.flatnonzero(dec)
        last = hits[-1] if len(hits) else -1
        keep = np.asarray(item["keep"])
        w = words[keep]
        dw = np.cumsum((w * dec[keep])[::-1])[::-1]
        sw = np.cumsum(w[::-1])[::-1]
        add = np.array([[float(keep[c] > last), dw[c] / max(sw[c], 1.0)] for c in cands])
        return cands, np.hstack([rows, add])

    tts.cut_rows = cut_rows
    if extra:
        tts.NAMES = (*tts.NAMES, *TAIL_NAMES)
    tts.fit(state, bars, 0.01, [], "argmax", "gain")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("cmd")
    parser.add_argument("--out", type=Path, default=Path("/tmp/text30-decode.pkl"))
    parser.add_argument("--state", type=Path, default=Path("/tmp/text30-decode.pkl"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--min-overlap", type=float, default=0.0, help="--write: the gate's")
    parser.add_argument("--page-columns", action="store_true", help="the gate reads the page")
    parser.add_argument("--quick", action="store_true", help="the decoder and its gate only")
    parser.add_argument("--write", type=float, default=None, help="write the weights, gate bar")
    parser.add_argument("--cap", type=float, default=0.85, help="trees: the body_p guard")
    parser.add_argument("--probs", default="shipped", help="shipped or oof (block model refit)")
    add_block_model_args(parser)
    args = parser.parse_args()
    if args.cmd == "collect":
        use_block_models(args.block_models, args.fold_models)
        collect(args.out, args.jobs)
    elif args.cmd == "trees":
        fit_trees(args.state, args.write, args.cap)
    elif args.cmd in ("tail", "tail-base"):
        tail_with_path(args.state, [0.6, 0.7, 0.8], args.cmd == "tail")
    else:
        fit(
            args.state,
            args.probs,
            args.limit,
            args.write,
            args.quick,
            args.min_overlap,
            args.page_columns,
        )
