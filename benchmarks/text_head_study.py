"""Study and trainer: the learned start-of-article cut of text-dump bodies (``texthead``).

    python benchmarks/text_head_study.py collect --out /tmp/text26-head.pkl [--jobs 2]
    python benchmarks/text_head_study.py fit --state /tmp/text26-head.pkl --bars 0.6,0.7,0.8 \
        [--write 0.7]
    python benchmarks/text_head_study.py fit --state /tmp/text29-head.pkl --gain-weight \
        --learner trees --bars 0.75,0.8,0.85 --write 0.8  # shipped (text29)

``collect`` runs the shipped extractor (start cut off) on every cached rendering of the report
set (265 pages of unseen sites), AEB and every other wcxb-dev page, and keeps each dump's
blocks, the finished body (after the edge model and the end cut), where the title and byline
were found, and the gold. ``fit`` describes each candidate start among the body's first
``texthead.MAX_HEAD`` kept blocks by what it drops and what follows it
(``texthead.head_rows``), fits a logistic model per host fold (5 folds, crc32 of the host, all
sets pooled; label: the cut gains ``--label-share`` word F1), applies it out of fold (the most
probable cut when over the bar) and prints the word F1 per set, page type and renderer at
each bar, the oracle, and the weights fitted on all dumps but the report set's sites
(``--write BAR`` writes ``textheadweights.py``). Modelled on ``text_tail_study.py``.
``--learner trees`` (round twenty-one, text29): boosted trees (``HEAD_TREE_PARAMS``) on the same
label, reading only the starts whose fold's logistic chance clears ``HEAD_GATE_CHANCE`` (text27's
design for the end cut); ``--write BAR`` then writes ``texthead_model.npz`` (the logistic
weights, the gate, stay as they are).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import Counter
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
    logistic,
    print_groups,
    report_docs,
    training_docs,
    use_block_models,
    write_trees,
)

HEAD_TREE_PARAMS = {  # round twenty-one (text29): text27's shallow trees, for the start cut
    "max_iter": 200,
    "learning_rate": 0.1,
    "max_leaf_nodes": 8,
    "max_depth": 3,
    "min_samples_leaf": 100,
    "l2_regularization": 1.0,
    "random_state": 0,
}
HEAD_GATE_CHANCE = 0.1  # the logistic chance a start needs for the trees to read it


def _head_trees(x: np.ndarray, y: np.ndarray, w: np.ndarray):
    """Boosted trees on the rows but the bias column (float32, as ``TreeModel`` reads them)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    z = x[:, 1:].astype(np.float32)
    return HistGradientBoostingClassifier(**HEAD_TREE_PARAMS).fit(z, y.astype(int), sample_weight=w)


def _gated_chance(trees, gate: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The trees' chance of each start whose logistic chance (``gate``'s sum) clears the gate,
    0 for the others (never cut there)."""
    chance = trees.predict_proba(x[:, 1:].astype(np.float32))[:, 1]
    return np.where(1 / (1 + np.exp(-(x @ gate))) > HEAD_GATE_CHANCE, chance, 0.0)


def _all_docs() -> list[dict]:
    report = report_docs()
    return report + tb.load_docs(tb.DEFAULT_BENCH_DIR, "aeb", 0, 99) + training_docs(report)


def _collect_doc(doc: dict) -> list[dict]:
    from scraper.extractor import textdump as td
    from scraper.extractor import textheadweights
    from scraper.extractor.textedges import shipped_edges
    from scraper.extractor.textend import end_cut
    from scraper.extractor.textruns import choose_run

    textheadweights.HEAD_WEIGHTS = {}  # the body before any start cut
    td.DECODE_ON = False  # and before the decoder, which runs after it (text31 on)
    model = shipped_edges()
    gold_words = tb.WORD_RE.findall(doc["gold"].lower())
    joined = f" {' '.join(gold_words)} "
    trigrams = {tuple(gold_words[i : i + 3]) for i in range(len(gold_words) - 2)}
    out = []
    for renderer in tb.RENDERERS:
        cached = dict(doc, set="wcxb-dev") if doc["set"] == "wcxb-train" else doc
        text = tb.rendered(tb.DEFAULT_CACHE, renderer, cached)
        if text is None:
            continue
        item = {
            "set": doc["set"],
            "id": doc["id"],
            "host": tb.host_of(doc["url"]),
            "type": doc["page_type"],
            "renderer": renderer,
            "gold": doc["gold"],
            "keep": [],
        }
        scored = td._score(text, doc["url"], **doc_block_model(doc))
        body = td.find_body(text, doc["url"], **doc_block_model(doc))
        item["paragraphs"] = body.paragraphs
        if scored is not None:
            s, e = choose_run(
                scored.evidence, scored.probs, scored.lengths, scored.features, scored.dump, None
            )
            chosen = td._select(scored, s, e)
            keep = chosen.keep
            texts = scored.dump.texts
            authors, published, _ = td._byline_facts(
                texts, chosen.byline_at, chosen.title_at, chosen.start
            )
            page = (published is not None, bool(authors), chosen.title_at is not None)
            d, f = scored.dump, scored.features
            rep = f.matrix[:, td._REPEATED_COLUMN]
            if keep:
                keep = td._decide_edges(scored, keep, chosen.limit, chosen.chrome, model)
                keep = end_cut(texts, scored.probs, f.words, d.links, d.bullet, rep, keep, page,
                               f.matrix[:, td._DIGIT_COLUMN])  # fmt: skip
            assert tuple(texts[i] for i in keep) == body.paragraphs
            item.update(
                keep=keep,
                page=page,
                title_at=chosen.title_at,
                byline_at=chosen.byline_at,
                start=chosen.start,
                texts=list(texts),
                probs=scored.probs.copy(),
                words=f.words.copy(),
                links=d.links.copy(),
                bullet=d.bullet.copy(),
                repeated=np.ascontiguousarray(rep, dtype=np.float64),
                share=[
                    tb.gold_share(tb.WORD_RE.findall(t.lower()), joined, trigrams) for t in texts
                ],
            )
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


def head_rows(item: dict) -> tuple[list[int], np.ndarray]:
    """Each candidate start of the dump's body and its row (the run-time's)."""
    from scraper.extractor.texthead import head_rows as rows_of

    cands, rows = rows_of(
        item["texts"], item["probs"], item["words"], item["links"], item["bullet"],
        item["repeated"], item["keep"], item["page"], item["byline_at"],
    )  # fmt: skip
    return cands, np.array(rows, dtype=float)


def _f1_curve(item: dict, cands: list[int]) -> tuple[float, np.ndarray]:
    """F1 of the body as kept and with each start (``keep[:c]`` dropped)."""
    keep, texts = item["keep"], item["texts"]
    gold = Counter(tb.WORD_RE.findall(item["gold"].lower()))
    toks = [tb.WORD_RE.findall(texts[i].lower()) for i in keep]
    pred = Counter(t for ts in toks for t in ts)
    ng, npred = sum(gold.values()), sum(pred.values())
    overlap = sum(min(c, pred[t]) for t, c in gold.items() if t in pred)

    def f1(o: int, p: int) -> float:
        if ng == 0 and p == 0:
            return 1.0
        if ng == 0 or p == 0 or o == 0:
            return 0.0
        pr, rc = o / p, o / ng
        return 2 * pr * rc / (pr + rc)

    base = f1(overlap, npred)
    out = {}
    for c in range(1, max(cands, default=0) + 1):
        for t in toks[c - 1]:
            if pred[t] <= gold.get(t, 0):
                overlap -= 1
            pred[t] -= 1
            npred -= 1
        out[c] = f1(overlap, npred)
    return base, np.array([out[c] for c in cands])


def fit(
    state: Path,
    bars: list[float],
    label_share: float,
    drop: list[str],
    write: float | None = None,
    per_doc: Path | None = None,
    learner: str = "logistic",
    gain_weight: bool = False,
    label_kind: str = "gain",
    mode: str = "argmax",
) -> None:
    from scraper.extractor.texthead import HEAD_FEATURE_NAMES as NAMES

    if learner == "trees" and drop:
        raise SystemExit("--learner trees reads every column")
    items = pickle.loads(state.read_bytes())
    cols = [i for i, name in enumerate(NAMES) if name not in drop]
    data: list[tuple | None] = []
    for item in items:
        if len(item.get("keep", ())) < 2:
            data.append(None)
            continue
        cands, rows = head_rows(item)
        base, curve = _f1_curve(item, cands)
        at = item["keep"][: max(cands)]
        w = item["words"][at].astype(float)
        gold_w = np.cumsum(w * (np.array(item["share"])[at] >= 0.6))
        share = gold_w / np.maximum(np.cumsum(w), 1.0)  # the dropped words' gold share
        data.append((cands, rows[:, cols], base, curve, share[np.array(cands) - 1]))
    folds = np.array([host_fold(i["host"]) for i in items])

    def label(d: tuple) -> np.ndarray:
        if label_kind == "share":  # what the start drops is (nearly) no gold
            return (d[4] < label_share).astype(float)
        return (d[3] > d[2] + label_share).astype(float)

    def weight(d: tuple) -> np.ndarray:
        if gain_weight:  # big gains and losses count more than a word either way
            return np.minimum(np.abs(d[3] - d[2]), 0.3) + 0.01
        return np.full(len(d[0]), 1.0 / len(d[0]))

    probs_by_item: dict[int, np.ndarray] = {}
    for k in range(5):
        xs, ys, ws = [], [], []
        for i, d in enumerate(data):
            if d is None or folds[i] == k:
                continue
            xs.append(d[1])
            ys.append(label(d))
            ws.append(weight(d))
        if learner == "gbm":
            from sklearn.ensemble import HistGradientBoostingClassifier

            gbm = HistGradientBoostingClassifier(max_iter=150, max_depth=4, learning_rate=0.1)
            gbm.fit(np.vstack(xs), np.concatenate(ys), sample_weight=np.concatenate(ws))
            for i, d in enumerate(data):
                if d is not None and folds[i] == k:
                    probs_by_item[i] = gbm.predict_proba(d[1])[:, 1]
            continue
        if learner == "trees":
            x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
            model, gate = _head_trees(x, y, w), logistic(x, y, w)
            for i, d in enumerate(data):
                if d is not None and folds[i] == k:
                    probs_by_item[i] = _gated_chance(model, gate, d[1])
            continue
        b = logistic(np.vstack(xs), np.concatenate(ys), np.concatenate(ws))
        for i, d in enumerate(data):
            if d is not None and folds[i] == k:
                probs_by_item[i] = 1 / (1 + np.exp(-(d[1] @ b)))
    base_f1: list[float] = []
    results: dict[float, list[float]] = {bar: [] for bar in bars}
    for i, (item, d) in enumerate(zip(items, data, strict=True)):
        f_base = tb.word_f1(item["gold"], "\n".join(item["paragraphs"]))
        base_f1.append(f_base)
        for bar in bars:
            f = f_base
            if d is not None and i in probs_by_item:
                pr = probs_by_item[i]
                best = int(np.argmax(pr))
                if mode == "latest":  # the deepest start the model calls
                    over = np.flatnonzero(pr > bar)
                    best = int(over[-1]) if len(over) else best
                if pr[best] > bar:
                    f = float(d[3][best])
            results[bar].append(f)
    print_groups(items, base_f1, results, bars)
    for set_name in ("wcxb-dev", "aeb", "wcxb-train"):
        idx = [i for i, it in enumerate(items) if it["set"] == set_name and it["type"] == "article"]
        orc = [
            max(base_f1[i], float(data[i][3].max()) if data[i] is not None else 0.0) for i in idx
        ]
        print(f"oracle {set_name} articles: {mean(base_f1[i] for i in idx):.4f} -> {mean(orc):.4f}")
    if per_doc is not None:
        per_doc.write_text(json.dumps([
            {"set": it["set"], "id": it["id"], "renderer": it["renderer"], "type": it["type"],
             "before": base_f1[i], **{str(b): results[b][i] for b in bars}}
            for i, it in enumerate(items)
        ]))  # fmt: skip
    # The shipped weights never see the report set's sites, so text_bench.py's report figures
    # stay out of sample (as for the block model and the end cut); AEB is in training.
    report_hosts = {item["host"] for item in items if item["set"] == "wcxb-dev"}
    xs, ys, ws = [], [], []
    for item, d in zip(items, data, strict=True):
        if item["host"] in report_hosts or d is None:
            continue
        xs.append(d[1])
        ys.append(label(d))
        ws.append(weight(d))
    if learner == "trees":
        if write is not None:
            model = _head_trees(np.vstack(xs), np.concatenate(ys), np.concatenate(ws))
            write_trees(model, write, NAMES[1:], "texthead_model.npz")
        return
    b = logistic(np.vstack(xs), np.concatenate(ys), np.concatenate(ws))
    fitted = {NAMES[c]: round(float(v), 4) for c, v in zip(cols, b, strict=True)}
    print("weights (all):", fitted)
    if write is not None:
        lines = [
            '"""Weights of the text-dump start-of-article cut (benchmarks/text_head_study.py)."""',
            "",
            f"HEAD_BAR = {write}",
            "HEAD_WEIGHTS: dict[str, float] = {",
            *(f'    "{k}": {v:.4f},' for k, v in fitted.items()),
            "}",
            "# round twenty-one (text29): the trees (texthead_model.npz) read only the starts",
            f"# whose logistic score clears this log-odds ({HEAD_GATE_CHANCE}); no cut else",
            f"HEAD_GATE = {np.log(HEAD_GATE_CHANCE / (1 - HEAD_GATE_CHANCE)):.4f}",
            "",
        ]
        (ROOT / "scraper" / "extractor" / "textheadweights.py").write_text("\n".join(lines))
        print("wrote textheadweights.py")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("cmd", choices=("collect", "fit"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/text26-head.pkl"))
    parser.add_argument("--state", type=Path, default=Path("/tmp/text26-head.pkl"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--bars", default="0.5,0.6,0.7,0.8")
    parser.add_argument("--label-share", type=float, default=0.01)
    parser.add_argument("--without", default="")
    parser.add_argument("--write", type=float, default=None, help="write the weights, this bar")
    parser.add_argument("--per-doc", type=Path, default=None)
    parser.add_argument("--learner", default="logistic", choices=("logistic", "gbm", "trees"))
    parser.add_argument("--gain-weight", action="store_true")
    parser.add_argument("--label", default="gain", choices=("gain", "share"))
    parser.add_argument("--mode", default="argmax", choices=("argmax", "latest"))
    add_block_model_args(parser)
    args = parser.parse_args()
    if args.cmd == "collect":
        use_block_models(args.block_models, args.fold_models)
        collect(args.out, args.jobs)
    else:
        fit(args.state, [float(b) for b in args.bars.split(",")], args.label_share,
            [n for n in args.without.split(",") if n], args.write, args.per_doc, args.learner,
            args.gain_weight, args.label, args.mode)  # fmt: skip
