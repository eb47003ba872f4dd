"""Study and trainer: the learned end-of-article cut of text-dump bodies (``textend``).

    python benchmarks/text_tail_study.py collect --extra --out /tmp/text23-tail-extra.pkl
    python benchmarks/text_tail_study.py fit --state /tmp/text23-tail-extra.pkl --mode argmax \
        --label gain --label-share 0.01 --bars 0.6,0.7,0.8 [--write 0.7]     # the logistic fit
    python benchmarks/text_tail_study.py fit --state /tmp/text23-tail-extra.pkl --mode argmax \
        --label gain --label-share 0.01 --bars 0.7,0.75,0.8 --trees [--write 0.75]  # shipped

``collect`` runs the shipped extractor with the end cut off on every cached rendering of the
report set (265 pages of unseen sites, all page types), AEB and (``--extra``) every other
wcxb-dev page, and keeps each dump's blocks, the kept body and the gold. ``fit`` describes each
cut of the body's last blocks by what follows it (``textend.cut_rows``), fits a logistic model
per host fold (5 folds, crc32 of the host, all sets pooled; label ``gain``: the cut gains
``--label-share`` word F1, or ``share``: less than that share of the words below is gold),
applies it out of fold (``argmax``: the most probable cut; ``earliest``: the first over the
bar) and prints the word F1 per set, page type and renderer at each bar, the oracle, and the
weights fitted on all dumps (``--write BAR`` writes ``textendweights.py``). ``--trees`` (round
twenty, text27): boosted trees (``TREE_PARAMS``) on the same label instead, reading only the
cuts the fold's logistic model gives over ``GATE`` (as the run time does); ``--write BAR``
writes ``textend_model.npz`` (the shipped logistic weights, the gate, stay as they are).
``collect --block-models blend --fold-models PATH`` (round twenty-two, text36; also in the head
and decode studies' collects): the training dumps' blocks are scored by the block model of
their host fold (``train_text_model.fold_block_models``, fitted on the other folds), the report
set's by the one fitted on every training page, so the stage learns from out-of-fold verdicts.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from statistics import mean

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import text_bench as tb  # noqa: E402


def report_docs() -> list[dict]:
    bench = tb.DEFAULT_BENCH_DIR
    import json

    gold = json.loads((bench / "wcxb-dev" / "ground-truth.json").read_text())
    exclude = frozenset(tb.sample_ids(list(gold), 400, tb.TRAIN_SEED))
    seen = tb.training_hosts(bench, 400)
    docs = tb.load_docs(bench, "wcxb-dev", 300, 99, exclude)
    return [d for d in docs if tb.host_of(d["url"]) not in seen]


def training_docs(report: list[dict]) -> list[dict]:
    """Every other wcxb-dev page (the block model's training pages; sites apart from the
    report set's): more cuts to learn from, scored out of fold as their own group."""
    taken = frozenset(d["id"] for d in report)
    docs = tb.load_docs(tb.DEFAULT_BENCH_DIR, "wcxb-dev", 0, 99, taken)
    for doc in docs:
        doc["set"] = "wcxb-train"
    return docs


# The collects' block models (``use_block_models``): per host fold and "all"; empty, the
# shipped block model scores every dump as before. Set before a collect's worker pool forks.
BLOCK_MODELS: dict[int | str, dict[str, object]] = {}


def use_block_models(kind: str | None, path: Path | None) -> None:
    """Load (or fit and keep at ``path``) the per-fold block models the collect scores with."""
    if kind is None:
        return
    from train_text_model import fold_block_models

    BLOCK_MODELS.update(fold_block_models(kind, path))


def doc_block_model(doc: dict) -> dict[str, object]:
    """``_score``/``find_body`` keywords for ``doc``: its host fold's block model (training
    pages), the one fitted on all training pages (the report set: unseen sites, as shipped)."""
    if not BLOCK_MODELS:
        return {}
    if doc["set"] == "wcxb-dev":  # the report set (training pages are aeb or wcxb-train)
        return BLOCK_MODELS["all"]
    return BLOCK_MODELS[host_fold(tb.host_of(doc["url"]))]


def add_block_model_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--block-models",
        choices=("linear", "trees", "blend"),
        help="collect: score blocks with this block model, out of fold (default: the shipped)",
    )
    parser.add_argument("--fold-models", type=Path, help="the fold models' pickle (kept)")


def collect(out: Path, extra: bool = False) -> None:
    from scraper.extractor import textdump as td
    from scraper.extractor import textendweights
    from scraper.extractor.textedges import shipped_edges
    from scraper.extractor.textruns import choose_run

    textendweights.END_WEIGHTS = {}  # the body before any end cut: what the study starts from
    model = shipped_edges()
    report = report_docs()
    docs = report + tb.load_docs(tb.DEFAULT_BENCH_DIR, "aeb", 0, 99)
    if extra:
        docs += training_docs(report)
    rows = []
    for doc in docs:
        gold_words = tb.WORD_RE.findall(doc["gold"].lower())
        joined = f" {' '.join(gold_words)} "
        trigrams = {tuple(gold_words[i : i + 3]) for i in range(len(gold_words) - 2)}
        for renderer in tb.RENDERERS:
            cached = dict(doc, set="wcxb-dev") if doc["set"] == "wcxb-train" else doc
            text = tb.rendered(tb.DEFAULT_CACHE, renderer, cached)
            if text is None:
                continue
            options = doc_block_model(doc)
            scored = td._score(text, doc["url"], **options)
            if scored is None:
                keep = []
            else:
                s, e = choose_run(
                    scored.evidence,
                    scored.probs,
                    scored.lengths,
                    scored.features,
                    scored.dump,
                    None,
                )
                chosen = td._select(scored, s, e)
                keep = chosen.keep
                if keep:
                    keep = td._decide_edges(scored, keep, chosen.limit, chosen.chrome, model)
            body = td.find_body(text, doc["url"], **options)
            item = {
                "set": doc["set"],
                "id": doc["id"],
                "host": tb.host_of(doc["url"]),
                "type": doc["page_type"],
                "renderer": renderer,
                "gold": doc["gold"],
                "keep": keep,
                "paragraphs": body.paragraphs,
                "dated_page": body.date_published is not None,
                "bylined": bool(body.authors),
                "titled": body.title is not None,
            }
            if scored is not None:
                d, f = scored.dump, scored.features
                texts = d.texts
                item.update(
                    texts=list(texts),
                    probs=scored.probs.copy(),
                    words=f.words.copy(),
                    links=d.links.copy(),
                    bullet=d.bullet.copy(),
                    matrix=f.matrix.astype(np.float32),
                    share=[
                        tb.gold_share(tb.WORD_RE.findall(t.lower()), joined, trigrams)
                        for t in texts
                    ],
                )
            rows.append(item)
    out.write_bytes(pickle.dumps(rows))
    print(f"{len(rows)} dumps of {len(docs)} pages -> {out}")


# --------------------------------------------------------------------------- fit

from scraper.extractor.textend import END_FEATURE_NAMES as NAMES  # noqa: E402


def _cue_table() -> dict[str, float]:
    from scraper.extractor.textedgeweights import EDGE_CUES

    return dict(EDGE_CUES)


def cut_rows(item: dict, cues: dict[str, float], rep_col: int) -> tuple[list[int], np.ndarray]:
    """Each candidate cut ``c`` (the body ends before ``keep[c]``) and its row (the run-time's)."""
    from scraper.extractor.textend import cut_rows as rows_of

    page = (item["dated_page"], item["bylined"], item["titled"])
    cands, rows = rows_of(
        item["texts"],
        item["probs"],
        item["words"],
        item["links"],
        item["bullet"],
        item["matrix"][:, rep_col],
        item["keep"],
        page,
        cues,
    )
    return cands.tolist(), rows


def _f1_curve(item: dict, cands: list[int]) -> tuple[float, np.ndarray, np.ndarray]:
    """F1 of the body as kept, F1 and the suffix's gold share with each cut."""
    keep, texts = item["keep"], item["texts"]
    gold = Counter(tb.WORD_RE.findall(item["gold"].lower()))
    toks = [tb.WORD_RE.findall(texts[i].lower()) for i in keep]
    pred = Counter(t for ts in toks for t in ts)
    ng, npred = sum(gold.values()), sum(pred.values())
    overlap = sum(min(c, pred[t]) for t, c in gold.items() if t in pred)

    def f1(o, p):
        if ng == 0 and p == 0:
            return 1.0
        if ng == 0 or p == 0 or o == 0:
            return 0.0
        pr, rc = o / p, o / ng
        return 2 * pr * rc / (pr + rc)

    base = f1(overlap, npred)
    out = {}
    for c in range(len(keep) - 1, min(cands, default=len(keep)) - 1, -1):
        for t in toks[c]:
            if pred[t] <= gold.get(t, 0):
                overlap -= 1
            pred[t] -= 1
            npred -= 1
        out[c] = f1(overlap, npred)
    words = item["words"][keep].astype(float)
    share = np.array(item["share"], float)[keep]
    gw = np.cumsum((words * (share >= 0.6))[::-1])[::-1]
    sw = np.cumsum(words[::-1])[::-1]
    return base, np.array([out[c] for c in cands]), np.array([gw[c] / max(sw[c], 1) for c in cands])


def _label(d: tuple, label: str, label_share: float) -> np.ndarray:
    if label == "share":
        return (d[4] < label_share).astype(float)
    return (d[3] > d[2] + label_share).astype(float)  # the cut gains this much F1


def print_groups(
    items: list[dict], base_f1: list[float], results: dict[float, list[float]], bars: list[float]
) -> None:
    """Mean F1 before and at each bar, and dumps up/down, per set, page type, renderer and
    article renderer (the start cut's study prints the same table)."""
    groups = defaultdict(list)
    for i, item in enumerate(items):
        keys = [
            f"{item['set']} all",
            f"{item['set']} {item['type']}",
            f"{item['set']} {item['renderer']}",
        ]
        if item["type"] == "article":
            keys.append(f"{item['set']} articles {item['renderer']}")
        for key in keys:
            groups[key].append(i)
    print("| group | n | before | " + " | ".join(f"bar {b}" for b in bars) + " | up/down at each |")
    print("|---|---|---|" + "---|" * len(bars) + "---|")
    for key in sorted(groups):
        idx = groups[key]
        cells = [mean(base_f1[i] for i in idx)] + [mean(results[b][i] for i in idx) for b in bars]
        up = [sum(results[b][i] > base_f1[i] + 1e-9 for i in idx) for b in bars]
        down = [sum(results[b][i] < base_f1[i] - 1e-9 for i in idx) for b in bars]
        ud = " ".join(f"{u}/{d}" for u, d in zip(up, down, strict=True))
        print(f"| {key} | {len(idx)} | " + " | ".join(f"{x:.4f}" for x in cells) + f" | {ud} |")


def host_fold(host: str) -> int:
    return zlib.crc32(host.encode()) % 5


def write_trees(model: object, bar: float, names: Sequence[str], filename: str) -> None:
    """Save a cut's fitted boosted trees beside the extractor (``model.optional_trees`` reads
    them): the trees' arrays, the bar as ``threshold_keep`` and the columns they read."""
    from tree_arrays import boosted_tree_arrays

    arrays = {
        **boosted_tree_arrays(model),
        "threshold_keep": np.array(bar),
        "feature_names": np.array(names),
    }
    np.savez_compressed(ROOT / "scraper" / "extractor" / filename, **arrays)
    print(f"wrote {filename} ({len(arrays['value'])} trees, bar {bar})")


def logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1e-3) -> np.ndarray:
    """Weighted logistic regression (L-BFGS on standardised columns, column 0 the intercept,
    ``l2`` on the rest), its coefficients back on the raw columns. The start cut's study
    (``text_head_study.py``) fits with it too."""
    from scipy.optimize import minimize

    mu, sd = x.mean(0), x.std(0) + 1e-9
    mu[0], sd[0] = 0.0, 1.0
    z = (x - mu) / sd

    def loss(b: np.ndarray) -> tuple[float, np.ndarray]:
        s = z @ b
        pr = 1 / (1 + np.exp(-s))
        ll = -(w * (y * np.log(pr + 1e-12) + (1 - y) * np.log(1 - pr + 1e-12))).sum() / w.sum()
        g = z.T @ (w * (pr - y)) / w.sum()
        return ll + l2 * (b[1:] ** 2).sum(), g + 2 * l2 * np.r_[0, b[1:]]

    b = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x
    return np.r_[b[0] - (b[1:] * mu[1:] / sd[1:]).sum(), b[1:] / sd[1:]]


TREE_PARAMS = {  # round twenty (text27): shallow trees (depth 3 walks cheaply), many cuts a leaf
    "max_iter": 200,
    "learning_rate": 0.1,
    "max_leaf_nodes": 8,
    "max_depth": 3,
    "min_samples_leaf": 100,
    "l2_regularization": 1.0,
    "random_state": 0,
}


GATE = 0.3  # the logistic chance a cut needs for the trees to read it (textendweights.END_GATE)


def _trees(x: np.ndarray, y: np.ndarray, w: np.ndarray):
    """Boosted trees on the rows but the bias column (float32, as ``TreeModel`` reads them)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    z = x[:, 1:].astype(np.float32)
    return HistGradientBoostingClassifier(**TREE_PARAMS).fit(z, y.astype(int), sample_weight=w)


def _chance(model, x: np.ndarray) -> np.ndarray:
    if isinstance(model, np.ndarray):
        return 1 / (1 + np.exp(-(x @ model)))
    return model.predict_proba(x[:, 1:].astype(np.float32))[:, 1]


def fit(
    state: Path,
    bars: list[float],
    label_share: float,
    drop: list[str],
    mode: str = "earliest",
    label: str = "share",
    write: float | None = None,
    ship_on_report: bool = False,
    trees: bool = False,
) -> None:
    from scraper.extractor.textfeatures import FEATURE_NAMES

    learn = _trees if trees else logistic
    if trees and drop:
        raise SystemExit("--trees reads every column")

    items = pickle.loads(state.read_bytes())
    cues = _cue_table()
    rep_col = list(FEATURE_NAMES).index("repeated_in_page")
    cols = [i for i, name in enumerate(NAMES) if name not in drop]
    data = []
    for item in items:
        if not item.get("keep"):
            data.append(None)
            continue
        cands, rows = cut_rows(item, cues, rep_col)
        base, curve, share = _f1_curve(item, cands)
        data.append((cands, rows[:, cols] if len(rows) else rows, base, curve, share))
    folds = np.array([host_fold(i["host"]) for i in items])
    results = {bar: [] for bar in bars}
    base_f1 = []
    probs_by_item: dict[int, np.ndarray] = {}
    for k in range(5):
        xs, ys, ws = [], [], []
        for i, d in enumerate(data):
            if d is None or folds[i] == k or not len(d[0]):
                continue
            xs.append(d[1])
            ys.append(_label(d, label, label_share))
            ws.append(np.full(len(d[0]), 1.0 / len(d[0])))
        x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
        b = learn(x, y, w)
        gate = logistic(x, y, w) if trees else None  # the run time's gate: the fold's own sum
        for i, d in enumerate(data):
            if d is not None and folds[i] == k and len(d[0]):
                chance = _chance(b, d[1])
                if gate is not None:
                    chance = np.where(_chance(gate, d[1]) > GATE, chance, 0.0)
                probs_by_item[i] = chance
    for i, (item, d) in enumerate(zip(items, data, strict=True)):
        f_base = tb.word_f1(item["gold"], "\n".join(item["paragraphs"]))
        base_f1.append(f_base)
        for bar in bars:
            f = f_base
            if d is not None and i in probs_by_item:
                pr = probs_by_item[i]
                over = np.flatnonzero(pr > bar)
                if len(over) and mode == "earliest":  # the earliest cut the model calls
                    f = float(d[3][over[0]])
                elif len(over):
                    f = float(d[3][int(np.argmax(pr))])
            results[bar].append(f)
    print_groups(items, base_f1, results, bars)
    # the oracle: best cut per dump
    for set_name in ("wcxb-dev", "aeb"):
        idx = [i for i, it in enumerate(items) if it["set"] == set_name and it["type"] == "article"]
        orc = [
            max(
                base_f1[i],
                float(data[i][3].max()) if data[i] is not None and len(data[i][0]) else 0,
            )
            for i in idx
        ]
        print(f"oracle {set_name} articles: {mean(base_f1[i] for i in idx):.4f} -> {mean(orc):.4f}")
    # The shipped weights never see the report set's sites, so text_bench.py's report figures
    # stay out of sample (as for the block model of the dumps); AEB is in training, as there.
    report_hosts = {item["host"] for item in items if item["set"] == "wcxb-dev"}
    xs, ys, ws = [], [], []
    for item, d in zip(items, data, strict=True):
        if item["host"] in report_hosts and not ship_on_report:
            continue
        if d is not None and len(d[0]):
            xs.append(d[1])
            ys.append(_label(d, label, label_share))
            ws.append(np.full(len(d[0]), 1.0 / len(d[0])))
    b = learn(np.vstack(xs), np.concatenate(ys), np.concatenate(ws))
    if trees:
        if write is not None:
            write_trees(b, write, NAMES[1:], "textend_model.npz")
        return
    fitted = {NAMES[c]: round(float(v), 4) for c, v in zip(cols, b, strict=True)}
    print("weights (all):", fitted)
    if write is not None:
        lines = [
            '"""Weights of the text-dump end-of-article cut (benchmarks/text_tail_study.py)."""',
            "",
            f"END_BAR = {write}",
            "END_WEIGHTS: dict[str, float] = {",
            *(f'    "{k}": {v:.4f},' for k, v in fitted.items()),
            "}",
            "# round twenty (text27): the trees (textend_model.npz) read only the cuts whose",
            f"# logistic score clears this log-odds ({GATE}); the others stay uncut",
            f"END_GATE = {np.log(GATE / (1 - GATE)):.4f}",
            "",
        ]
        (ROOT / "scraper" / "extractor" / "textendweights.py").write_text("\n".join(lines))
        print("wrote textendweights.py")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("cmd")
    parser.add_argument("--out", type=Path, default=Path("/tmp/text23-tail.pkl"))
    parser.add_argument("--state", type=Path, default=Path("/tmp/text23-tail.pkl"))
    parser.add_argument("--bars", default="0.5,0.6,0.7,0.8,0.9")
    parser.add_argument("--label-share", type=float, default=0.2)
    parser.add_argument("--without", default="")
    parser.add_argument("--mode", default="earliest")
    parser.add_argument("--extra", action="store_true", help="collect: every wcxb-dev page")
    parser.add_argument("--label", default="share")
    parser.add_argument(
        "--trees", action="store_true", help="boosted trees (--write: textend_model.npz)"
    )
    parser.add_argument("--write", type=float, default=None, help="write the weights with this bar")
    parser.add_argument(
        "--ship-on-report",
        action="store_true",
        help="fit the written weights on the report set's sites too (text_bench then in sample)",
    )
    add_block_model_args(parser)
    args = parser.parse_args()
    if args.cmd == "collect":
        use_block_models(args.block_models, args.fold_models)
        collect(args.out, args.extra)
    else:
        bars = [float(b) for b in args.bars.split(",")]
        fit(
            args.state,
            bars,
            args.label_share,
            [n for n in args.without.split(",") if n],
            args.mode,
            args.label,
            args.write,
            args.ship_on_report,
            args.trees,
        )
