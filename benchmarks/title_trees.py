"""Study: the title ranker as boosted trees against the shipped linear softmax (round 27).

    OMP_NUM_THREADS=1 python benchmarks/title_trees.py --cache C [--salts ,a,b,x,y,z] VARIANT...

Reads a ``train_meta_model.py --cache`` file (the title candidates and their features, as
``extract()`` scores them) and prints, per variant and fold split (pages split by the hash of
their host, ``--fold-salt`` as the trainer's), the titles right out of fold and their sum over
the splits. Variants (comma-separated settings after the name):
- ``lin``: the shipped softmax (``train_meta_model.fit``);
- ``hgb[,k=K][,mf=0.7][,w=page|pos][,seed=S][,lincol][,only]``: per-candidate binary
  HistGradientBoosting (the trainer's TREE_PARAMS), K members averaged in log-odds; ``w=page``
  weighs each page's candidates to sum to 1, ``w=pos`` its right ones and its wrong ones to 1
  each; ``only``: pages with a right candidate only (as the softmax); ``lincol``: the softmax's
  score as one more column (nested: out of fold within the training folds);
- ``blend[,a=A],...``: the softmax's logit plus A times the trees' (the ``hgb`` settings);
- ``soft[,k=K][,mf=...][,init=lin]``: trees boosted on the softmax loss itself (Newton
  steps, per-page softmax, the same tree sizes), from zero or from the softmax's logits;
- ``lgbm[,obj=lambdarank|rank_xendcg][,n=100][,leaves=8][,mcs=20][,lr=0.1][,init=lin]``
  (round twenty-eight): LightGBM's ``LGBMRanker``, one group per page (the trainer's
  LGBM_PARAMS, deterministic), from zero or boosted from the softmax's nested logits.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_meta_model as tm

FIELD = "title"


def parse(spec: str) -> tuple[str, dict[str, str]]:
    name, *rest = spec.split(",")
    opts = {}
    for item in rest:
        key, _, value = item.partition("=")
        opts[key] = value or "1"
    return name, opts


def fit_lin(pages: list[dict], names: list[str]) -> np.ndarray:
    w, _ = tm.fit(FIELD, pages, names)
    return w


def weights_of(page: dict, mode: str) -> list[float]:
    labels = [bool(t) for _, _, t in page["fields"][FIELD]]
    if mode == "page":
        return [1.0 / len(labels)] * len(labels)
    if mode == "pos":
        pos = max(sum(labels), 1)
        neg = max(len(labels) - sum(labels), 1)
        return [1.0 / pos if y else 1.0 / neg for y in labels]
    return [1.0] * len(labels)


def fit_hgb(x: np.ndarray, y: np.ndarray, w: np.ndarray, opts: dict[str, str]) -> list:
    from sklearn.ensemble import HistGradientBoostingClassifier

    params = dict(tm.TREE_PARAMS)
    if "mf" in opts:
        params["max_features"] = float(opts["mf"])
    for key in ("max_iter", "max_leaf_nodes", "min_samples_leaf"):
        if key in opts:
            params[key] = int(opts[key])
    for key in ("learning_rate", "l2_regularization"):
        if key in opts:
            params[key] = float(opts[key])
    seed = int(opts.get("seed", 0))
    members = []
    for m in range(int(opts.get("k", 1))):
        model = HistGradientBoostingClassifier(**{**params, "random_state": seed + m})
        model.fit(x, y, sample_weight=w * len(w) / w.sum())
        members.append(model)
    return members


def hgb_raw(members: list, x: np.ndarray) -> np.ndarray:
    return sum(m.decision_function(x) for m in members) / len(members)


def fit_soft(
    xs: list[np.ndarray], ys: list[np.ndarray], inits: list[np.ndarray], opts: dict[str, str]
) -> list:
    """Trees boosted on the per-page softmax loss: each tree fits the Newton step."""
    from sklearn.tree import DecisionTreeRegressor

    x = np.vstack(xs)
    seg = np.concatenate([np.full(len(a), i) for i, a in enumerate(xs)])
    y = np.concatenate(ys)
    gold = np.bincount(seg, weights=y)
    target = y / np.maximum(gold[seg], 1.0)
    z = np.concatenate(inits).astype(float)
    rate = float(opts.get("lr", tm.TREE_PARAMS["learning_rate"]))
    l2 = float(opts.get("l2", 1.0))
    leaves = int(opts.get("leaves", 8))
    leaf_min = int(opts.get("min_leaf", 20))
    mf = float(opts.get("mf", 1.0))
    seed = int(opts.get("seed", 0))
    members = []
    for m in range(int(opts.get("k", 1))):
        rng = np.random.RandomState(seed + m)
        zm = z.copy()
        trees = []
        for _ in range(int(opts.get("max_iter", 50))):
            shift = np.zeros(seg.max() + 1)
            np.maximum.at(shift, seg, zm)
            e = np.exp(zm - shift[seg])
            p = e / np.bincount(seg, weights=e)[seg]
            g = p - target
            h = np.maximum(p * (1 - p), 1e-6)
            tree = DecisionTreeRegressor(
                max_leaf_nodes=leaves,
                min_samples_leaf=leaf_min,
                max_features=mf if mf < 1 else None,
                random_state=rng.randint(1 << 30),
            )
            tree.fit(x, -g / h, sample_weight=h)
            leaf = tree.apply(x)
            values = np.zeros(tree.tree_.node_count)
            for node in np.unique(leaf):
                inside = leaf == node
                values[node] = -rate * g[inside].sum() / (h[inside].sum() + l2)
            trees.append((tree, values))
            zm = zm + values[leaf]
        members.append(trees)
    return members


def soft_raw(members: list, x: np.ndarray) -> np.ndarray:
    total = np.zeros(len(x))
    for trees in members:
        for tree, values in trees:
            total += values[tree.apply(x)]
    return total / len(members)


def nested_lin(train: list[dict], names: list[str], rows: list[np.ndarray]) -> list[np.ndarray]:
    """The softmax's scores for the training pages, each by a fit without its inner fold."""
    out: list[np.ndarray] = [np.zeros(0)] * len(train)
    for k in sorted({p["fold"] for p in train}):
        w = fit_lin([p for p in train if p["fold"] != k], names)
        for i, p in enumerate(train):
            if p["fold"] == k:
                out[i] = rows[i] @ w
    return out


def scores_for(
    name: str,
    opts: dict[str, str],
    train: list[dict],
    held: list[dict],
    names: list[str],
    rows: dict[str, np.ndarray],
) -> list[np.ndarray]:
    """Each held-out page's candidate scores under a model fitted on ``train``."""
    tr = [rows[p["id"]] for p in train]
    he = [rows[p["id"]] for p in held]
    need_lin = name in ("lin", "blend") or "lincol" in opts or opts.get("init") == "lin"
    w = fit_lin(train, names) if need_lin else None
    if name == "lin":
        return [x @ w for x in he]
    if name == "soft":
        chosen = [i for i, p in enumerate(train) if any(t for _, _, t in p["fields"][FIELD])]
        ys = [np.array([float(t) for _, _, t in train[i]["fields"][FIELD]]) for i in chosen]
        if opts.get("init") == "lin":
            inner = nested_lin(train, names, tr)
            inits = [inner[i] for i in chosen]
        else:
            inits = [np.zeros(len(tr[i])) for i in chosen]
        members = fit_soft([tr[i] for i in chosen], ys, inits, opts)
        base = [x @ w if w is not None else np.zeros(len(x)) for x in he]
        return [b + soft_raw(members, x) for b, x in zip(base, he, strict=True)]
    if name == "lgbm":
        return fit_lgbm_ranker(train, names, tr, he, w, opts)
    keep = [
        i
        for i, p in enumerate(train)
        if "only" not in opts or any(t for _, _, t in p["fields"][FIELD])
    ]
    if "lincol" in opts:
        inner = nested_lin(train, names, tr)
        tr = [np.column_stack([tr[i], inner[i]]) for i in range(len(tr))]
        he = [np.column_stack([x, x @ w]) for x in he]
    x = np.vstack([tr[i] for i in keep])
    y = np.concatenate([[int(t) for _, _, t in train[i]["fields"][FIELD]] for i in keep])
    sw = np.concatenate([weights_of(train[i], opts.get("w", "")) for i in keep])
    members = fit_hgb(x, y, sw, opts)
    if name == "blend":
        a = float(opts.get("a", 1.0))
        return [xx[:, : len(names)] @ w + a * hgb_raw(members, xx) for xx in he]
    return [hgb_raw(members, xx) for xx in he]


def fit_lgbm_ranker(
    train: list[dict],
    names: list[str],
    tr: list[np.ndarray],
    he: list[np.ndarray],
    w: np.ndarray | None,
    opts: dict[str, str],
) -> list[np.ndarray]:
    """LightGBM's ranker on the training pages with a right candidate; held-out scores."""
    import lightgbm

    chosen = [i for i, p in enumerate(train) if any(t for _, _, t in p["fields"][FIELD])]
    x = np.vstack([tr[i] for i in chosen])
    y = np.concatenate([[int(t) for _, _, t in train[i]["fields"][FIELD]] for i in chosen])
    params = {
        **tm.LGBM_PARAMS,
        "n_estimators": int(opts.get("n", 100)),
        "num_leaves": int(opts.get("leaves", 8)),
        "min_child_samples": int(opts.get("mcs", 20)),
        "learning_rate": float(opts.get("lr", 0.1)),
        "random_state": int(opts.get("seed", 0)),
    }
    init = None
    if opts.get("init") == "lin":
        inner = nested_lin(train, names, tr)
        init = np.concatenate([inner[i] for i in chosen])
    model = lightgbm.LGBMRanker(objective=opts.get("obj", "lambdarank"), **params)
    model.fit(x, y, group=[len(tr[i]) for i in chosen], init_score=init)
    base = [xx @ w if init is not None and w is not None else 0.0 for xx in he]
    return [b + model.predict(xx, raw_score=True) for b, xx in zip(base, he, strict=True)]


def run(spec: str, pages: list[dict], names: list[str], rows: dict) -> tuple[int, dict]:
    name, opts = parse(spec)
    right = 0
    by_type: dict[str, list[int]] = {}
    for k in range(tm.FOLDS):
        train = [p for p in pages if p["fold"] != k]
        held = [p for p in pages if p["fold"] == k and p["fields"][FIELD]]
        for page, z in zip(held, scores_for(name, opts, train, held, names, rows), strict=True):
            ok = bool(page["fields"][FIELD][int(np.argmax(z))][1]) and page["gold"][FIELD]
            right += ok
            by_type.setdefault(page["type"], [0, 0])[0] += ok
    return right, by_type


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("variants", nargs="+")
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--set", type=Path, default=Path("/work/shared/benchmarks/wcxb-dev"))
    ap.add_argument("--salts", default=",a,b,x,y,z")
    ap.add_argument("--per-type", action="store_true")
    args = ap.parse_args()
    pages = json.loads(args.cache.read_text())
    gold = json.loads((args.set / "ground-truth.json").read_text(encoding="utf-8"))
    names = tm.feature_names(pages, FIELD)
    rows = {p["id"]: tm.matrix([f for f, _, _ in p["fields"][FIELD]], names) for p in pages}
    urls = {p["id"]: gold.get(p["id"], {}).get("url") for p in pages}
    salts = args.salts.split(",")
    for spec in args.variants:
        counts = []
        for salt in salts:
            for page in pages:
                page["fold"] = tm.fold_of(urls[page["id"]], salt)
            right, by_type = run(spec, pages, names, rows)
            counts.append(right)
            if args.per_type:
                print(
                    f"  {spec} {salt!r}: "
                    + " ".join(f"{t} {v[0]}" for t, v in sorted(by_type.items()))
                )
            label = salt or '""'
            print(f"{spec:<40} {label}: {right}", flush=True)
        print(f"{spec:<40} splits {' / '.join(map(str, counts))} = {sum(counts)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
