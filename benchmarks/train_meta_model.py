"""Fit the metadata models (scraper/extractor/meta_model.json) on wcxb-dev; report domain folds.

    python benchmarks/train_meta_model.py [--set /work/shared/benchmarks/wcxb-dev] [--write]

Every page is read once with ``trace_metadata``: each field's candidates and the features the
model sees (the same code ``extract()`` runs). Labels use meta_score.py's normalisation.
- title: a softmax over the page's candidates (the gold one is the target); pick the argmax.
- authors, date_published: a logistic regression per candidate, P(candidate is right); the
  page gives its best candidate only if that P clears a threshold, chosen on the training pages
  to maximise right values minus invented ones (values given on pages whose gold is empty).
  With ``--page-gate FIELD`` a second model (trees, "<field>:gate" in the file) makes that
  give-or-withhold decision instead, from the pick's features and how the ranker's trust
  spreads over the page's candidates; it learns from the rankers' out-of-fold probabilities.
Pages are split into 5 folds by the hash of their URL's host (a site never sits in two folds);
the figures printed are out-of-fold (each fold scored by a model fitted on the other four) and,
for reference, in-sample. Deterministic: fixed folds, full-batch gradient descent from zeros.
Needs numpy (the ``train`` extra); inference in the package does not.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import multiprocessing
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import numpy as np

from scraper.extractor import dates, datescan, metadata, parse_html
from scraper.extractor.meta_model import GATE_SUFFIX, MODEL_PATH, gate_features
from scraper.extractor.metadata import trace_metadata
from scraper.extractor.titles import loose

FOLDS = 5
INVENTED_COST = 1.0  # an invented value costs what a right one gains
GATED: tuple[str, ...] = ()  # fields whose model may also withhold a value (see --gate)
MAX_INVENTED = 1.0  # a gate's threshold keeps invented values at most this share (--max-invented)
PAGE_GATED: tuple[str, ...] = ()  # gated fields decided by a page gate model (see --page-gate)
L2 = 1e-3
L2_BY_FIELD = {"title": 3e-3}  # chosen out of fold (title: 3e-4 0.815, 3e-3 0.823, 1e-2 0.819)
TRUSTED = "trusted"  # a candidate feature: the gate never withholds it (see metadata.py)
FIELDS = ("title", "authors", "date_published")


def norm(text: object) -> str:
    """meta_score.py's normalisation (kept in step by hand: the metric is not ours to change)."""
    s = unicodedata.normalize("NFKC", str(text or "")).casefold()
    s = re.sub(r"[\u2018\u2019\u201a\u2032`\u00b4]", "'", s)
    s = re.sub(r"[\u201c\u201d\u201e\u2033]", '"', s)
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    return re.sub(r"\s+", " ", s).strip()


def is_right(field: str, gold: dict, value: object) -> bool:
    if field == "title":
        return bool(gold.get("title")) and norm(value) == norm(gold["title"])
    if field == "authors":
        target = gold.get("author")
        names = [name for name in value or () if name]
        return bool(target) and (
            norm(target) in {norm(n) for n in names} or norm(target) == norm(", ".join(names))
        )
    target = gold.get("date_published")
    return bool(target) and str(value or "")[:10] == str(target)[:10]


_GOLD_NAMES_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")


def is_target(field: str, gold: dict, value: object) -> bool:
    """What the model is taught to pick: meta_score's verdict, except that a list of authors
    naming the same people as the gold is right however the gold joins them ("A, B and C"
    against ["A", "B", "C"], which meta_score counts wrong). Without this the model learns to
    distrust every page with several authors. Scores printed here stay meta_score's."""
    if is_right(field, gold, value):
        return True
    if field != "authors" or not gold.get("author"):
        return False
    wanted = {norm(name) for name in _GOLD_NAMES_SPLIT.split(gold["author"]) if name.strip()}
    return len(wanted) > 1 and wanted == {norm(name) for name in value or () if name}


def has_gold(field: str, gold: dict) -> bool:
    key = {"title": "title", "authors": "author", "date_published": "date_published"}[field]
    return gold.get(key) not in (None, "")


def value_key(field: str, value: object) -> str:
    """Which candidates give the same value, as metadata.py groups them for the page gate:
    authors by their names (``loose``), dates by their day."""
    if field == "authors":
        return "|".join(sorted({loose(name) for name in value or ()}))  # type: ignore[union-attr]
    return str(value or "")[:10]


def host_of(url: str | None) -> str:
    """The site a page belongs to, for folds and host subsamples ("www." dropped)."""
    return (urlsplit(url or "").hostname or "").removeprefix("www.")


def fold_of(url: str | None, salt: str = "") -> int:
    """A page's fold by its host (``salt``, --fold-salt: another split of the same sites)."""
    return int(hashlib.sha1((salt + host_of(url)).encode()).hexdigest(), 16) % FOLDS


# Tree settings that scikit-learn takes as whole numbers (--gate-param, --ensemble-param).
WHOLE_SETTINGS = frozenset(
    ("max_iter", "max_leaf_nodes", "min_samples_leaf", "max_depth", "max_bins", "early_stopping")
)


def tree_setting(name: str, value: str) -> int | float:
    """A command-line tree setting's value (ValueError when it is not a number)."""
    number = float(value)
    return int(number) if number.is_integer() and name in WHOLE_SETTINGS else number


def collect(set_dir: Path, jobs: int = 1, rewrite: str | None = None) -> list[dict]:
    """Every page's candidates, features and labels, in page-id order. ``jobs`` > 1 reads
    shards of the pages in that many forked processes (they inherit the switches ``main``
    set, as ``DATE_FORMS``); the result is the same list. With ``rewrite`` (a
    ``markup_era`` rewrite) each page is read as that rewrite leaves it: its twin, whose id is
    ``ID~REWRITE`` and which keeps its page's URL, gold and fold (``--twins``)."""
    gold = json.loads((set_dir / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gold)
    if jobs <= 1:
        return _collect_pages(set_dir, gold, ids, rewrite)
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        shards = pool.starmap(
            _collect_pages,
            [(set_dir, gold, ids[shard::jobs], rewrite) for shard in range(jobs)],
        )
    return sorted((page for shard in shards for page in shard), key=lambda page: page["id"])


def _collect_pages(
    set_dir: Path, gold: dict, ids: list[str], rewrite: str | None = None
) -> list[dict]:
    pages = []
    for page_id in ids:
        with gzip.open(set_dir / "html" / f"{page_id}.html.gz") as handle:
            html = handle.read().decode("utf-8", "replace")
        if rewrite:
            html = _rewritten(html, rewrite)
        page = read_page(page_id, html, gold[page_id], rewrite)
        if page is not None:
            pages.append(page)
    return pages


def read_page(page_id: str, html: str, gold: dict, twin: str | None = None) -> dict | None:
    """One page's candidates, features and labels (``gold``: a ground-truth entry with its
    ``url``; ``twin``: the page is read apart, under ``ID~TWIN``); None for an empty page."""
    root = parse_html(html)
    if root is None:
        return None
    url = gold.get("url")
    _, trace = trace_metadata(root, url)
    fields = {}
    for field in FIELDS:
        fields[field] = [
            (features, is_right(field, gold, value), is_target(field, gold, value))
            for value, features in trace.features.get(field, [])
        ]
    return {
        "id": f"{page_id}~{twin}" if twin else page_id,
        **({"twin": twin} if twin else {}),
        "type": gold.get("page_type") or "?",
        "fold": fold_of(url),
        "gold": {f: has_gold(f, gold) for f in FIELDS},
        "fields": fields,
        "keys": {
            field: [value_key(field, value) for value, _ in trace.features.get(field, [])]
            for field in FIELDS
        },
        "values": {
            field: [str(value) for value, _ in trace.features.get(field, [])] for field in FIELDS
        },
    }


ARCHIVES = "archives"  # the twin name of the real-blog archives' posts (--archives)
ARCHIVES_WEIGHT = 1.0  # what an archive page weighs in a fit (--archives-weight)
# Archive pages join a page gate's fit too; not with --archives-ranker-only (round fifty-five:
# the author gate then learns whether a page has a writer from wcxb-dev's pages alone)
ARCHIVES_IN_GATE = True


def collect_archives(root: Path, per_site: int) -> list[dict]:
    """Pages of the real-blog dev archives (``fixtures/sites/build_gold.py``'s output: one
    folder a site with ``gold.json`` and ``site/``), read as twins named ``archives``: at most
    ``per_site`` posts of each site and half as many of its other pages (home, listings,
    documentation: no post, so no date of publication), drawn by a hash of their path (a
    site's pages share one template: a few say what they all say, and many would outweigh the
    set's own pages). Each site's pages share its real host, so a site sits in one fold."""
    pages = []
    for site in sorted(path for path in root.iterdir() if (path / "gold.json").is_file()):
        origin = (site / "site" / "origin.txt").read_text(encoding="utf-8").strip().rstrip("/")
        gold = json.loads((site / "gold.json").read_text(encoding="utf-8"))
        drawn = sorted(gold, key=lambda path: hashlib.sha1(path.encode()).hexdigest())
        posts = [path for path in drawn if gold[path].get("kind") == "article"][:per_site]
        others = [path for path in drawn if gold[path].get("kind") != "article"]
        for path in sorted([*posts, *others[: per_site // 2]]):
            page = _archive_page(site, origin, path, gold[path])
            if page is not None:
                pages.append(page)
    return pages


def _archive_page(site: Path, origin: str, path: str, entry: dict) -> dict | None:
    """One archive page read with its gold. What the archive's gold does not say is no
    example either way (``unlabelled``): a post whose source names no writer may still name
    its site's owner or team (a personal blog's meta author), which is not invented; a page
    that is no post (a home page, a listing) has no title in the gold, and neither a writer
    nor a date of publication: both are negatives there."""
    post = entry.get("kind") == "article"
    truth = {
        "url": f"{origin}/{path.removesuffix('index.html')}",
        "title": entry.get("title") if post else None,
        "author": entry.get("author") if post else None,
        "date_published": entry.get("date") if post else None,
        "page_type": "article" if post else str(entry.get("kind") or "other"),
    }
    html = (site / "site" / path).read_bytes().decode("utf-8", "replace")
    page = read_page(f"{site.name}/{path}", html, truth, ARCHIVES)
    if page is None:
        return None
    unlabelled = [] if post else ["title"]
    if post and not truth["author"]:
        unlabelled.append("authors")
    return {**page, "url": truth["url"], "unlabelled": unlabelled}


def archives_of(shipped: dict, chosen: list[str]) -> dict[str, dict]:
    """What the shipped file says each field not refitted now learned from the archives (an
    older file names its fields in one list: ``{"fields": [...], "posts": N, "sites": M}``)."""
    said = shipped.get("archives") or {}
    if "fields" in said:
        said = {field: {"pages": said["posts"], "sites": said["sites"]} for field in said["fields"]}
    return {field: spec for field, spec in said.items() if field not in chosen}


def trains(page: dict, field: str, args: argparse.Namespace) -> bool:
    """Whether ``page`` joins ``field``'s training: the set's own pages; markup twins with
    --twins-train; archive pages with --archives-train FIELD where their gold says something."""
    twin = page.get("twin")
    if twin == ARCHIVES:
        return field in args.archives_train and field not in page.get("unlabelled", ())
    return twin is None or args.twins_train


def _rewritten(html: str, rewrite: str) -> str:
    """``markup_era.rewritten`` (imported when a twin is asked for; the script may run with
    only the package importable, so the project's root joins the path here)."""
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from benchmarks.markup_era import rewritten

    return rewritten(html, rewrite)


def matrix(rows: list[dict[str, float]], names: list[str]) -> np.ndarray:
    index = {name: i for i, name in enumerate(names)}
    out = np.zeros((len(rows), len(names)))
    for r, row in enumerate(rows):
        for name, value in row.items():
            if name in index:
                out[r, index[name]] = value
    return out


def feature_names(pages: list[dict], field: str) -> list[str]:
    """The features the field's ranker reads: every one its candidates carry, but those
    ``--ranker-drop`` leaves to the page gate alone."""
    names: set[str] = set()
    for page in pages:
        for features, *_ in page["fields"][field]:
            names.update(features)
    dropped = RANKER_DROP.get(field, ())
    return sorted(name for name in names if not name.startswith(dropped))


TREES: tuple[str, ...] = ()  # fields fitted as gradient-boosted trees (see --trees)
TREE_PARAMS = {
    "max_iter": 50,
    "learning_rate": 0.15,
    "max_leaf_nodes": 8,
    "min_samples_leaf": 20,
    "l2_regularization": 1.0,
    "early_stopping": False,
    "random_state": 0,
}


class Trees:
    """A fitted HistGradientBoostingClassifier, scored and exported like the linear weights."""

    def __init__(self, model: object) -> None:
        self.model = model

    def raw(self, x: np.ndarray) -> np.ndarray:
        return self.model.decision_function(x)  # type: ignore[attr-defined]

    def export(self, names: list[str]) -> dict:
        trees = []
        for predictors in self.model._predictors:  # type: ignore[attr-defined]
            nodes = []
            for node in predictors[0].nodes:
                if node["is_leaf"]:
                    nodes.append([None, 0.0, 0, 0, round(float(node["value"]), 6)])
                else:
                    nodes.append(
                        [
                            names[int(node["feature_idx"])],
                            round(float(node["num_threshold"]), 6),
                            int(node["left"]),
                            int(node["right"]),
                            0.0,
                        ]
                    )
            trees.append(nodes)
        baseline = float(np.ravel(self.model._baseline_prediction)[0])  # type: ignore[attr-defined]
        return {"bias": round(baseline, 6), "trees": trees}


class Ensemble(Trees):
    """K boosted models averaged in log-odds (``--ensemble``): one additive model of every
    member's trees with their leaves scaled by 1/K, so the file format and the walkers stay the
    same; averaged scores move less between refits than one model's."""

    def __init__(self, members: list[Trees]) -> None:
        self.members = members

    def raw(self, x: np.ndarray) -> np.ndarray:
        return sum(member.raw(x) for member in self.members) / len(self.members)

    def export(self, names: list[str]) -> dict:
        share = 1.0 / len(self.members)
        specs = [member.export(names) for member in self.members]
        trees = [
            [[*node[:4], round(node[4] * share, 6)] for node in tree]
            for spec in specs
            for tree in spec["trees"]
        ]
        return {"bias": round(sum(spec["bias"] for spec in specs) * share, 6), "trees": trees}


# Averaged tree models, per model key (a field, or "<field>:gate" for its page gate):
# --ensemble KEY=K fits K members with seeds SEED..SEED+K-1 (--seed); --ensemble-param
# KEY:NAME=VALUE sets a tree setting for every member (max_features: the share of the columns
# each split may read, which is what makes seeds differ; min_samples_leaf, l2_regularization:
# a more regularised single model) or "hosts", the share of the training sites each member
# sees (drawn per member by a hash of its seed and the host).
ENSEMBLE: dict[str, int] = {}
ENSEMBLE_PARAMS: dict[str, dict[str, float]] = {}
SEED = 0


def _host_draw(page: dict, seed: int) -> float:
    digest = hashlib.sha1(f"{seed}:{page.get('host', page['id'])}".encode()).hexdigest()
    return int(digest[:8], 16) / 0x100000000


def fit_boosted(
    key: str,
    base: dict,
    pages: list[dict],
    rows: Callable[[list[dict]], tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> Trees:
    """The model ``key`` names, one or the average of ``--ensemble`` members; ``rows`` gives
    the feature matrix and labels of the pages a member trains on."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    extra = dict(ENSEMBLE_PARAMS.get(key, {}))
    share = float(extra.pop("hosts", 1.0))
    members = []
    for m in range(ENSEMBLE.get(key, 1)):
        seed = SEED + m
        chosen = pages if share >= 1 else [p for p in pages if _host_draw(p, seed) < share]
        x, y, weights = rows(chosen)
        model = HistGradientBoostingClassifier(**{**base, **extra, "random_state": seed})
        model.fit(x, y, sample_weight=weights)
        members.append(Trees(model))
    return members[0] if len(members) == 1 else Ensemble(members)


# Study (round twenty-eight): a field's ranker as LightGBM ``LGBMRanker`` (--lgbm FIELD=OBJECTIVE,
# lambdarank or rank_xendcg; "binary" fits the pointwise ``LGBMClassifier`` with the same trees,
# the learner's control) trained per page (groups = pages); settings --lgbm-param. Needs
# LightGBM (`pip install -e .[study]`).
LGBM: dict[str, str] = {}
LGBM_PARAMS = {
    "n_estimators": 100,
    "learning_rate": 0.1,
    "num_leaves": 8,
    "min_child_samples": 20,
    "reg_lambda": 1.0,
    "deterministic": True,
    "num_threads": 1,
    "force_row_wise": True,
    "verbose": -1,
}
FIELD_LGBM_PARAMS: dict[str, dict[str, float]] = {}


class LgbTrees(Trees):
    """A fitted LightGBM booster, exported into the node lists ``meta_model.py`` walks: its
    raw score is the sum of the trees' leaves (a ranker has no init score; a binary model's is
    folded into the first tree), each split ``value <= threshold`` goes left."""

    def __init__(self, booster: object) -> None:
        self.booster = booster

    def raw(self, x: np.ndarray) -> np.ndarray:
        return self.booster.predict(x, raw_score=True)  # type: ignore[attr-defined]

    def export(self, names: list[str]) -> dict:
        trees = []
        for info in self.booster.dump_model()["tree_info"]:  # type: ignore[attr-defined]
            nodes: list[list] = []
            _flatten(info["tree_structure"], names, nodes)
            trees.append(nodes)
        return {"bias": 0.0, "trees": trees}


def _flatten(node: dict, names: list[str], nodes: list[list]) -> int:
    """Append ``node``'s subtree in preorder (root first); its index in ``nodes``."""
    index = len(nodes)
    if "leaf_value" in node:
        nodes.append([None, 0.0, 0, 0, float(node["leaf_value"])])
        return index
    if node["decision_type"] != "<=" or node.get("missing_type", "None") == "Zero":
        raise ValueError(f"unsupported split: {node['decision_type']} {node.get('missing_type')}")
    nodes.append([names[int(node["split_feature"])], float(node["threshold"]), 0, 0, 0.0])
    nodes[index][2] = _flatten(node["left_child"], names, nodes)
    nodes[index][3] = _flatten(node["right_child"], names, nodes)
    return index


def fit_lgbm(field: str, pages: list[dict], names: list[str]) -> LgbTrees:
    import lightgbm

    xs, ys, groups = [], [], []
    for page in pages:
        cands = page["fields"][field]
        if not cands:
            continue
        xs.extend(features for features, _, _ in cands)
        ys.extend(int(label) for _, _, label in cands)
        groups.append(len(cands))
    params = {**LGBM_PARAMS, **FIELD_LGBM_PARAMS.get(field, {}), "random_state": SEED}
    objective = LGBM[field]
    if objective == "binary":
        model = lightgbm.LGBMClassifier(**params)
        model.fit(matrix(xs, names), np.array(ys))
    else:
        model = lightgbm.LGBMRanker(objective=objective, **params)
        model.fit(matrix(xs, names), np.array(ys), group=groups)
    return LgbTrees(model.booster_)


# Study (round twenty-eight): page-relative columns (--relative FIELD=SHARE): for each
# non-binary numeric column that differs between a page's candidates on at least SHARE of the
# pages, its value minus the page's maximum ("rel:-max:NAME") and how many of the page's
# candidates have more ("rel:rank:NAME"), and the page's candidate count ("rel:n").
RELATIVE: dict[str, float] = {}
RELATIVE_BINARY: set[str] = set()  # --relative-binary FIELD: the binary columns too
RELATIVE_KINDS = {"max", "rank", "n"}  # --relative-kinds: which of the three are added


def relative_columns(pages: list[dict], field: str, share: float) -> list[str]:
    varies: dict[str, int] = {}
    binary: dict[str, bool] = {}
    with_cands = 0
    for page in pages:
        cands = page["fields"][field]
        if not cands:
            continue
        with_cands += 1
        for name in {name for features, _, _ in cands for name in features}:
            values = {features.get(name, 0.0) for features, _, _ in cands}
            binary[name] = binary.get(name, True) and values <= {0.0, 1.0}
            varies[name] = varies.get(name, 0) + (len(values) > 1)
    keep = field in RELATIVE_BINARY
    return sorted(
        name
        for name, count in varies.items()
        if count >= share * with_cands and (keep or not binary[name]) and name != TRUSTED
    )


def add_relative(pages: list[dict], field: str, columns: list[str]) -> None:
    for page in pages:
        cands = page["fields"][field]
        for name in columns:
            values = [features.get(name, 0.0) for features, _, _ in cands]
            top = max(values, default=0.0)
            for (features, _, _), value in zip(cands, values, strict=True):
                if value - top and "max" in RELATIVE_KINDS:
                    features["rel:-max:" + name] = value - top
                rank = sum(other > value for other in values)
                if rank and "rank" in RELATIVE_KINDS:
                    features["rel:rank:" + name] = float(rank)
        for features, _, _ in cands:
            if "n" in RELATIVE_KINDS:
                features["rel:n"] = float(len(cands))


def fit_trees(field: str, pages: list[dict], names: list[str]) -> Trees:
    if field in LGBM:
        return fit_lgbm(field, pages, names)

    def rows(chosen: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        xs, ys, ws = [], [], []
        for page in chosen:
            for features, _, label in page["fields"][field]:
                xs.append(features)
                ys.append(int(label))
                ws.append(page_weight(page))
        return matrix(xs, names), np.array(ys), np.array(ws)

    return fit_boosted(field, TREE_PARAMS, pages, rows)


def page_weight(page: dict) -> float:
    """What a page weighs in a fit: an archive page ``ARCHIVES_WEIGHT`` (--archives-weight)."""
    return ARCHIVES_WEIGHT if page.get("twin") == ARCHIVES else 1.0


def fit_any(field: str, pages: list[dict], names: list[str]) -> object:
    """Trees for the fields asked (--trees), else the linear model: (weights, bias)."""
    if field in TREES:
        return fit_trees(field, pages, names)
    return fit(field, pages, names)


def raw_scores(fitted: object, x: np.ndarray) -> np.ndarray:
    if isinstance(fitted, Trees):
        return fitted.raw(x)
    w, b = fitted  # type: ignore[misc]
    return x @ w + b


def fit(
    field: str, pages: list[dict], names: list[str], steps: int = 2000
) -> tuple[np.ndarray, float]:
    """Full-batch Adam from zeros: softmax per page for titles, pointwise logistic otherwise."""
    groups, xs, ys, group_weights = [], [], [], []
    for page in pages:
        cands = page["fields"][field]
        if not cands:
            continue
        if field == "title" and not any(label for _, _, label in cands):
            continue  # no right candidate: nothing to learn about choosing
        start = len(ys)
        xs.extend(features for features, _, _ in cands)
        ys.extend(float(label) for _, _, label in cands)
        groups.append((start, len(ys)))
        group_weights.append(page_weight(page))
    x = matrix(xs, names)
    y = np.array(ys)
    weight = np.array(group_weights)
    w = np.zeros(len(names))
    b = 0.0
    m = np.zeros(len(names) + 1)
    v = np.zeros(len(names) + 1)
    seg = np.zeros(len(y), dtype=int)
    for g, (start, end) in enumerate(groups):
        seg[start:end] = g
    l2 = L2_BY_FIELD.get(field, L2)
    for step in range(1, steps + 1):
        z = x @ w + b
        if field == "title":
            z = z - z.max()
            e = np.exp(z)
            totals = np.bincount(seg, weights=e)
            p = e / totals[seg]
            gold_mass = np.bincount(seg, weights=y)
            target = y / np.maximum(gold_mass[seg], 1.0)
            grad_z = (p - target) * weight[seg] / weight.sum()
        else:
            p = 1.0 / (1.0 + np.exp(-z))
            grad_z = (p - y) / len(y)
        grad = np.concatenate([x.T @ grad_z + l2 * w, [grad_z.sum()]])
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        update = 0.05 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        w -= update[:-1]
        b -= update[-1]
    return w, (0.0 if field == "title" else b)


def decide(field: str, page: dict, names: list[str], fitted: object) -> tuple[bool, float]:
    """(is the pick right, its probability) for one page under a fitted model."""
    cands = page["fields"][field]
    if not cands:
        return False, -1.0
    trusted = [i for i, (features, _, _) in enumerate(cands) if features.get(TRUSTED)]
    if trusted:  # declared by the page in so many words: wins, never gated (as metadata.py)
        return bool(cands[trusted[0]][1]), 1.0
    z = raw_scores(fitted, matrix([f for f, _, _ in cands], names))
    best = int(np.argmax(z))  # first of equal scores: precedence order breaks ties
    return bool(cands[best][1]), float(1.0 / (1.0 + np.exp(-z[best])))


Pick = tuple[bool, float, dict[str, float] | None]  # (right, ranker P, page gate's features)

M = TypeVar("M")  # a fitted model
T = TypeVar("T")  # what it says of one page


def out_of_fold(
    pages: list[dict],
    fit_without: Callable[[list[int]], M],
    predict: Callable[[M, list[int]], Sequence[T]],
    default: T,
) -> list[T]:
    """``predict`` for each fold's pages by a model ``fit_without`` them (both take indices
    into ``pages``): the one cross-fitting loop of the rankers, the gates and their thresholds."""
    out = [default] * len(pages)
    for k in sorted({p["fold"] for p in pages}):
        held = [i for i, p in enumerate(pages) if p["fold"] == k]
        model = fit_without([i for i, p in enumerate(pages) if p["fold"] != k])
        for i, value in zip(held, predict(model, held), strict=True):
            out[i] = value
    return out


def pick_with_gate(field: str, page: dict, names: list[str], fitted: object) -> Pick:
    """``decide`` plus what the page gate reads (None: no candidate, or a trusted one)."""
    cands = page["fields"][field]
    if not cands:
        return False, -1.0, None
    if any(features.get(TRUSTED) for features, _, _ in cands):
        ok, _ = decide(field, page, names, fitted)
        return ok, 1.0, None
    z = raw_scores(fitted, matrix([f for f, _, _ in cands], names))
    probabilities = [float(p) for p in 1.0 / (1.0 + np.exp(-z))]
    best = int(np.argmax(z))
    features = gate_features(cands[best][0], probabilities, page["keys"][field], best)
    features.update(page.get("gate_extra", {}).get(field, {}))
    return bool(cands[best][1]), probabilities[best], features


def gate_picks(
    field: str, pages: list[dict], names: list[str], fitted: object | None = None
) -> list[Pick]:
    """Each page's pick and gate features by a ranker fitted without its fold (``fitted`` None),
    so the gate learns from rankers as unsure as they are on unseen pages; or by ``fitted``."""
    if fitted is not None:
        return [pick_with_gate(field, p, names, fitted) for p in pages]
    return out_of_fold(
        pages,
        lambda inside: fit_any(field, [pages[i] for i in inside], names),
        lambda model, held: [pick_with_gate(field, pages[i], names, model) for i in held],
        (False, -1.0, None),
    )


# How a page gate's threshold is chosen, per field (--gate-threshold): "nested" on the gate's
# out-of-fold probabilities within the training folds (gates fitted on less data are less sure:
# the threshold comes out high), or "in-sample" on the fitted gate's own (too sure: it comes out
# low). Nested is the default and what ships for both gated fields: its out-of-fold figure is
# what the shipped threshold does on unseen pages (in-sample invents 7% of authors, and 6.9%
# of dates at the shipped threshold per `oof at final`, round seven). "median": each
# fold's as in-sample (the same out-of-fold figures), but the shipped threshold is the median
# of the five fold thresholds and the full set's: one in-sample choice moves by 0.1 with any
# retrain (fold to fold 0.44-0.66), and the low end invents ~6% on the out-of-fold curve.
# "nested-median": each fold's threshold nested, and the shipped one the median of those five
# and the full set's nested one (round nine: the full set's nested pick alone came out at 0.50
# for dates, the low end of the folds' 0.50-0.78, and invented 5.5% at `oof at final`).
GATE_THRESHOLD: dict[str, str] = {}
# Feature-name prefixes a field's page gate never reads (--gate-drop FIELD=PREFIX). The author
# gate without the page's tag counts (`page:n:`) scored 542 right at 28 invented out of fold
# against 535 at 27 with them (round eight): the counts let the small gate split sites, not
# bylines. The shipped gate simply never names a dropped feature, so inference is unchanged.
GATE_DROP: dict[str, tuple[str, ...]] = {}
# Feature-name prefixes a field's ranker never reads while its page gate does
# (--ranker-drop FIELD=PREFIX): page-level evidence of whether the page has a writer at all,
# which the gate needs and which only shifts a pointwise ranker's trust (round thirteen).
RANKER_DROP: dict[str, tuple[str, ...]] = {}
GATE_PARAMS = {**TREE_PARAMS, "max_iter": 40, "max_leaf_nodes": 6, "min_samples_leaf": 25}
# Per-field overrides of the cost of an invented value and of the cap (--field-invented-cost,
# --field-max-invented): the global ones apply to every gated field.
FIELD_INVENTED_COST: dict[str, float] = {}
FIELD_MAX_INVENTED: dict[str, float] = {}
# A page gate that reads only page-level evidence and the ranker's trust (--gate-features
# FIELD=slim): the spread features (g:), page signals (page:, xa:, with:), what the page shows
# and what agrees; not the winning candidate's own source and form features.
GATE_FEATURES: dict[str, str] = {}
FIELD_GATE_PARAMS: dict[str, dict[str, float]] = {}  # --gate-param FIELD:NAME=VALUE
SLIM_PREFIXES = ("g:", "page:", "xa:", "with:", "shown", "agree", "declared_", "modified_")
SLIM_PREFIXES += ("url_agrees",)


def gate_feature_kept(field: str, name: str) -> bool:
    return GATE_FEATURES.get(field) != "slim" or name.startswith(SLIM_PREFIXES)


class Bag:
    """The nested threshold's own gates (each fitted without one fold of the training pages),
    averaged in log-odds: "bagged" mode ships the gates whose out-of-fold probabilities chose
    the threshold, so the threshold and the shipped gate are on one scale (a gate fitted on all
    pages is surer than the ones that chose its nested threshold, which then withholds more
    than the nested choice found safe). Exported as one tree list (every member's trees,
    leaves scaled by 1/K): the same format, the same inference code."""

    def __init__(self, members: list[Trees], names: list[list[str]]) -> None:
        self.members = members
        self.names = names

    def raw_rows(self, rows: list[dict[str, float]]) -> np.ndarray:
        total = sum(m.raw(matrix(rows, n)) for m, n in zip(self.members, self.names, strict=True))
        return total / len(self.members)

    def export(self, names: list[str]) -> dict:
        share = 1.0 / len(self.members)
        exported = [m.export(n) for m, n in zip(self.members, self.names, strict=True)]
        trees = [
            [[*node[:4], round(node[4] * share, 6)] for node in tree]
            for spec in exported
            for tree in spec["trees"]
        ]
        return {"bias": round(sum(spec["bias"] for spec in exported) * share, 6), "trees": trees}


def fit_gate_model(field: str, pages: list[dict], picks: list[Pick]) -> tuple[Trees, list[str]]:
    """P(the pick is worth giving): 1 where the page has a value and the pick is right, 0 where
    the page has none (a wrong pick on a page with a value costs nothing more when given)."""
    rows, labels, owners = [], [], []
    dropped = GATE_DROP.get(field, ())
    for page, (ok, _, features) in zip(pages, picks, strict=True):
        if features is None:
            continue
        if dropped:
            features = {k: v for k, v in features.items() if not k.startswith(dropped)}
        if page["gold"][field] and ok:
            rows.append(features)
            labels.append(1)
            owners.append(page)
        elif not page["gold"][field]:
            rows.append(features)
            labels.append(0)
            owners.append(page)
    names = sorted({name for row in rows for name in row if gate_feature_kept(field, name)})
    params = {**GATE_PARAMS, **FIELD_GATE_PARAMS.get(field, {})}

    def member_rows(chosen: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        kept = {id(page) for page in chosen}
        inside = [i for i, page in enumerate(owners) if id(page) in kept]
        return (
            matrix([rows[i] for i in inside], names),
            np.array([labels[i] for i in inside]),
            np.array([page_weight(owners[i]) for i in inside]),
        )

    return fit_boosted(field + GATE_SUFFIX, params, owners, member_rows), names


def gate_probabilities(
    gate: tuple[Trees, list[str]], picks: list[Pick]
) -> list[tuple[bool, float]]:
    """(right, P given by the gate) per page: 1 for a trusted pick, -1 without candidates."""
    model, names = gate
    out = []
    for ok, prob, features in picks:
        if features is None:
            out.append((ok, prob))
            continue
        if isinstance(model, Bag):
            z = float(model.raw_rows([features])[0])
        else:
            z = float(model.raw(matrix([features], names))[0])
        out.append((ok, 1.0 / (1.0 + np.exp(-z))))
    return out


def train_gate(
    field: str, pages: list[dict], picks: list[Pick]
) -> tuple[tuple[Trees, list[str]], float]:
    """The gate fitted on ``picks`` and its threshold (see GATE_THRESHOLD): by default chosen
    on the gate's own out-of-fold probabilities (within ``pages``' folds), as the ranker
    threshold was."""
    if not ARCHIVES_IN_GATE:  # (the rankers that made the picks still learned from them)
        own = [i for i, page in enumerate(pages) if page.get("twin") != ARCHIVES]
        pages, picks = [pages[i] for i in own], [picks[i] for i in own]
    mode = GATE_THRESHOLD.get(field, "nested")
    if mode in ("in-sample", "median"):
        gate = fit_gate_model(field, pages, picks)
        return gate, choose_threshold(field, pages, gate_probabilities(gate, picks))
    members: list[tuple[Trees, list[str]]] = []

    def fit_member(inside: list[int]) -> tuple[Trees, list[str]]:
        members.append(
            fit_gate_model(field, [pages[i] for i in inside], [picks[i] for i in inside])
        )
        return members[-1]

    oof = out_of_fold(
        pages,
        fit_member,
        lambda partial, held: gate_probabilities(partial, [picks[i] for i in held]),
        (False, -1.0),
    )
    own = [i for i, page in enumerate(pages) if page.get("twin") != ARCHIVES]
    threshold = choose_threshold(field, [pages[i] for i in own], [oof[i] for i in own])
    if mode == "bagged":
        bag = Bag([m for m, _ in members], [n for _, n in members])
        return (bag, sorted({n for _, names in members for n in names})), threshold  # type: ignore[return-value]
    return fit_gate_model(field, pages, picks), threshold


def tally(field: str, pages: list[dict], picks: list[tuple[bool, float]], threshold: float) -> dict:
    right = gold = invented = no_gold = 0
    for page, (ok, prob) in zip(pages, picks, strict=True):
        given = prob >= threshold and prob >= 0
        if page["gold"][field]:
            gold += 1
            right += ok and given
        else:
            no_gold += 1
            invented += given
    return {
        "acc": right / max(gold, 1),
        "invented": invented / max(no_gold, 1),
        "right": right,
        "gold": gold,
        "spurious": invented,
        "no_gold": no_gold,
    }


# A field whose candidates carry another field's best probability as a feature (stacking):
# field -> (source field, feature name). metadata.py computes it with the shipped model; here
# it is recomputed with models that never saw the page's fold (nor the held-out fold). Study
# only since round ten (--stacked): dates read what the author candidates show instead
# (metadata.WRITER_EVIDENCE), so an author refit no longer moves the date figures; without
# --stacked the cached in-sample value is dropped.
STACKED_STUDY = {"date_published": ("authors", "xa:best")}
STACKED: dict[str, tuple[str, str]] = {}


class Stacker:
    """Out-of-fold probabilities of the source field's best candidate, page by page."""

    def __init__(self, source: str, pages: list[dict]) -> None:
        self.source = source
        self.pages = pages
        self.names = feature_names(pages, source)
        self.fits: dict[frozenset[int], object] = {}

    def values(self, exclude: set[int]) -> list[float]:
        """Each page's value from a model fitted without its own fold and the ``exclude``d."""
        folds = {page["fold"] for page in self.pages}
        out = []
        for page in self.pages:
            train = frozenset(folds - exclude - {page["fold"]})
            if train not in self.fits:
                chosen = [p for p in self.pages if p["fold"] in train]
                self.fits[train] = fit_any(self.source, chosen, self.names)
            _, probability = decide(self.source, page, self.names, self.fits[train])
            out.append(max(probability, 0.0))
        return out


def set_stacked(field: str, pages: list[dict], values: list[float]) -> None:
    key = STACKED[field][1]
    for page, value in zip(pages, values, strict=True):
        for features, _, _ in page["fields"][field]:
            if value:
                features[key] = value
            else:
                features.pop(key, None)


def oof_picks(field: str, pages: list[dict], names: list[str]) -> list[tuple[bool, float]]:
    """Each page's pick by a model fitted without its fold: a gate's threshold is chosen on
    these, since in-sample probabilities (trees above all) are too sure of themselves."""
    return out_of_fold(
        pages,
        lambda inside: fit_any(field, [pages[i] for i in inside], names),
        lambda fitted, held: [decide(field, pages[i], names, fitted) for i in held],
        (False, -1.0),
    )


def inner_picks(
    field: str, train: list[dict], names: list[str], held_out: int
) -> list[tuple[bool, float]]:
    """``oof_picks`` over the training folds only (the held-out fold is never seen)."""
    if field not in GATED:
        return [(False, -1.0)] * len(train)
    return oof_picks(field, train, names)


def choose_threshold(field: str, pages: list[dict], picks: list[tuple[bool, float]]) -> float:
    """Right values minus invented ones, at most MAX_INVENTED of the pages without one."""
    if field not in GATED:
        return 0.0
    best = (-1e9, 0.0)
    cap = FIELD_MAX_INVENTED.get(field, MAX_INVENTED)
    cost = FIELD_INVENTED_COST.get(field, INVENTED_COST)
    for threshold in np.arange(0.0, 0.96, 0.02):
        t = tally(field, pages, picks, threshold)
        if t["invented"] > cap:
            continue
        net = t["right"] - cost * t["spurious"]
        if net > best[0] + 1e-9:
            best = (net, float(threshold))
    return round(best[1], 2)


def baseline(field: str, pages: list[dict]) -> dict:
    """The hand-set precedence: always the first candidate."""
    picks = [
        (bool(p["fields"][field][0][1]), 1.0) if p["fields"][field] else (False, -1.0)
        for p in pages
    ]
    if field == "title":  # the vote's own winner
        picks = [
            (any(label for f, label, _ in p["fields"][field] if f.get("vote_winner")), 1.0)
            if p["fields"][field]
            else (False, -1.0)
            for p in pages
        ]
    return tally(field, pages, picks, 0.0)


def row(name: str, t: dict) -> str:
    return (
        f"  {name:<14} {t['acc']:.3f} ({t['right']}/{t['gold']})  invented "
        f"{t['spurious']}/{t['no_gold']} = {100 * t['invented']:.1f}%"
    )


_FLAT_LIST_RE = re.compile(r"\[\n\s*([^\[\]{}]*?)\n\s*\]")


def dump_models(out: dict) -> str:
    """Indented JSON with each innermost list (a tree node) on one line: readable diffs."""
    text = json.dumps(out, indent=1, sort_keys=True)
    return _FLAT_LIST_RE.sub(lambda m: "[" + " ".join(m.group(1).split()) + "]", text) + "\n"


def report_pages(
    field: str, pages: list[dict], oof: list[tuple[bool, float]], args: argparse.Namespace
) -> None:
    """Out-of-fold figures by page type (--per-type) and page by page (--oof-pages)."""
    gold = json.loads((args.set / "ground-truth.json").read_text(encoding="utf-8"))
    kinds = [str(gold.get(p["id"], {}).get("page_type") or "?") for p in pages]
    if args.per_type:
        for kind in sorted(set(kinds)):
            chosen = [i for i, k in enumerate(kinds) if k == kind]
            t = tally(field, [pages[i] for i in chosen], [oof[i] for i in chosen], 0.0)
            print(row(f"  {kind}", t))
    if args.oof_pages:
        write_verdicts(field, pages, kinds, oof, args.oof_pages)


def by_type(
    field: str, pages: list[dict], picks: list[tuple[bool, float]]
) -> Iterator[tuple[str, dict]]:
    """(page type, ``tally``) for each page type among ``pages``, in name order."""
    for kind in sorted({p.get("type", "?") for p in pages}):
        inside = [i for i, p in enumerate(pages) if p.get("type", "?") == kind]
        yield kind, tally(field, [pages[i] for i in inside], [picks[i] for i in inside], 0.0)


def write_verdicts(
    field: str, pages: list[dict], kinds: list[str], oof: list[tuple[bool, float]], path: Path
) -> None:
    """Each page's out-of-fold verdict on ``field``, appended to ``path`` as JSON lines."""
    with path.open("a", encoding="utf-8") as handle:
        for page, kind, (ok, prob) in zip(pages, kinds, oof, strict=True):
            given = prob >= 0
            record = {"id": page["id"], "field": field, "type": kind, "gold": page["gold"][field]}
            verdict = {"given": bool(given), "right": bool(ok and given)}
            verdict["pick_right"] = bool(ok)  # (a withheld page: was the pick right?)
            handle.write(json.dumps({**record, **verdict}) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--set", default="/work/shared/benchmarks/wcxb-dev", type=Path)
    ap.add_argument("--write", action="store_true", help=f"write {MODEL_PATH.name}")
    ap.add_argument("--cache", type=Path, help="reuse collected features (JSON) between runs")
    ap.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="processes that collect the pages' features (forked; same cache as one)",
    )
    ap.add_argument(
        "--gate",
        action="append",
        default=[],
        choices=FIELDS[1:],
        help="also learn a threshold below which the field is left empty",
    )
    ap.add_argument(
        "--page-gate",
        action="append",
        default=[],
        choices=FIELDS[1:],
        help="a gated field's give-or-withhold decision by a second model over page evidence "
        "and the ranker's trust in each candidate (meta_model.json: '<field>:gate')",
    )
    ap.add_argument(
        "--gate-threshold",
        action="append",
        default=[],
        metavar="FIELD=MODE",
        help="how a page gate's threshold is chosen: nested (default), in-sample, median "
        "(each fold's in-sample; the shipped one the median of the folds' and the full set's), "
        "nested-median (the same median of nested picks) "
        "or bagged (nested, and the gate shipped is the average of the nested gates: see Bag)",
    )
    ap.add_argument(
        "--gate-drop",
        action="append",
        default=[],
        metavar="FIELD=PREFIX",
        help="a feature-name prefix the field's page gate never reads (repeatable), e.g. "
        "authors=page:n:",
    )
    ap.add_argument(
        "--ranker-drop",
        action="append",
        default=[],
        metavar="FIELD=PREFIX",
        help="a feature-name prefix the field's ranker never reads while its page gate does "
        "(repeatable), e.g. authors=print:dated",
    )
    ap.add_argument(
        "--gate-extra",
        action="append",
        default=[],
        metavar="FIELD=FILE",
        help="study: page-level features (JSON: page id -> {name: value}) the field's page "
        "gate also reads (not the ranker), e.g. the body's page-kind evidence",
    )
    ap.add_argument(
        "--trees",
        action="append",
        default=[],
        choices=FIELDS,
        help="fit this field as gradient-boosted trees (scikit-learn) instead of linear weights",
    )
    ap.add_argument(
        "--fields",
        default=",".join(FIELDS),
        help="comma-separated fields to fit and report (the others are copied from the file)",
    )
    ap.add_argument(
        "--invented-cost",
        type=float,
        default=1.0,
        help="what an invented value costs against a right one when a gate's threshold is chosen",
    )
    ap.add_argument(
        "--max-invented",
        type=float,
        default=1.0,
        help="a gate keeps invented values at most this share of the training pages without one",
    )
    ap.add_argument(
        "--field-invented-cost",
        action="append",
        default=[],
        metavar="FIELD=COST",
        help="--invented-cost for one field only",
    )
    ap.add_argument(
        "--field-max-invented",
        action="append",
        default=[],
        metavar="FIELD=SHARE",
        help="--max-invented for one field only",
    )
    ap.add_argument(
        "--gate-features",
        action="append",
        default=[],
        metavar="FIELD=slim",
        help="slim: the field's page gate reads only page evidence and the ranker's trust "
        "(g:, page:, xa:, with:, shown*, agreement), not the pick's own features",
    )
    ap.add_argument(
        "--gate-param",
        action="append",
        default=[],
        metavar="FIELD:NAME=VALUE",
        help="one field's page gate with another tree setting (max_iter, learning_rate, "
        "max_leaf_nodes, min_samples_leaf, l2_regularization)",
    )
    ap.add_argument(
        "--ensemble",
        action="append",
        default=[],
        metavar="KEY=K",
        help="average K tree models fitted with seeds --seed.. (KEY: a field, or FIELD:gate for "
        "its page gate); shipped as one list of K*trees with leaves / K",
    )
    ap.add_argument(
        "--ensemble-param",
        action="append",
        default=[],
        metavar="KEY:NAME=VALUE",
        help="a tree setting of KEY's members (max_features, min_samples_leaf, "
        "l2_regularization, ...), or hosts=SHARE: each member sees that share of the sites",
    )
    ap.add_argument(
        "--lgbm",
        action="append",
        default=[],
        metavar="FIELD=OBJECTIVE",
        help="study: the field's ranker as LightGBM (lambdarank, rank_xendcg, binary), "
        "one group per page",
    )
    ap.add_argument(
        "--lgbm-param",
        action="append",
        default=[],
        metavar="FIELD:NAME=VALUE",
        help="a LightGBM setting of the field's ranker (n_estimators, num_leaves, "
        "min_child_samples, learning_rate, reg_lambda, ...)",
    )
    ap.add_argument(
        "--relative",
        action="append",
        default=[],
        metavar="FIELD=SHARE",
        help="study: page-relative columns for the field's candidates (see RELATIVE)",
    )
    ap.add_argument(
        "--relative-binary",
        action="append",
        default=[],
        metavar="FIELD",
        help="study: --relative also for the binary columns",
    )
    ap.add_argument(
        "--relative-kinds",
        default="max,rank,n",
        help="study: which page-relative columns --relative adds (max, rank, n; comma-separated)",
    )
    ap.add_argument("--seed", type=int, default=0, help="the first member's random_state")
    ap.add_argument(
        "--twins",
        metavar="REWRITE",
        help="study: also read each page rewritten by this markup_era rewrite (no_head_data, "
        "old_page, ...), in its page's fold, and print the out-of-fold figures of the twins "
        "apart; they are predicted, never trained on, unless --twins-train (a cache of its own)",
    )
    ap.add_argument(
        "--twins-train",
        action="store_true",
        help="study: the twins join the rankers' and gates' training (in their page's fold)",
    )
    ap.add_argument(
        "--archives",
        type=Path,
        metavar="DIR",
        help="also read pages of the real-blog dev archives in DIR (build_gold.py's output), "
        "each site in one fold, and print their out-of-fold figures apart; predicted, never "
        "trained on, unless --archives-train",
    )
    ap.add_argument(
        "--archives-ranker-only",
        action="store_true",
        help="the archives' posts train the rankers of --archives-train's fields, never their "
        "page gates, which learn from the set's own pages only",
    )
    ap.add_argument(
        "--archives-per-site",
        type=int,
        default=12,
        metavar="N",
        help="at most N posts and N/2 other pages of each archive (drawn by a hash of their path)",
    )
    ap.add_argument(
        "--archives-weight",
        type=float,
        default=1.0,
        metavar="W",
        help="what each archive page weighs in a fit (the title softmax, the trees; a set page: 1)",
    )
    ap.add_argument(
        "--archives-train",
        action="append",
        default=[],
        metavar="FIELD",
        help="the archives' posts join this field's ranker and gate training (in their site's "
        "fold; repeat for more fields)",
    )
    ap.add_argument(
        "--perturb",
        metavar="N:SEED",
        help="study: leave out N pages drawn by SEED before fitting (refit churn on nearly "
        "the same data; compare --oof-pages files with meta_churn.py)",
    )
    ap.add_argument(
        "--fold-salt",
        default="",
        help="split the sites into folds by another hash (to judge a change on a second split)",
    )
    ap.add_argument(
        "--stacked",
        action="store_true",
        help="study: dates also read the author ranker's trust (STACKED_STUDY, out of fold), as "
        "shipped until round nine",
    )
    ap.add_argument(
        "--no-stacked", action="store_true", help="the default now (kept for older commands)"
    )
    ap.add_argument(
        "--per-type",
        action="store_true",
        help="also print the out-of-fold figures by page type (the set's page_type)",
    )
    ap.add_argument(
        "--drop",
        action="append",
        default=[],
        metavar="FIELD=PREFIX",
        help="study: a feature-name prefix the field's ranker and gate never read (repeatable), "
        "to weigh new features on one cache",
    )
    ap.add_argument(
        "--no-date-context",
        action="store_true",
        help="study: collect the date candidates without their page-context features "
        "(metadata.DATE_CONTEXT: copyright year, modified gap, comment area, feed; a cache "
        "of its own)",
    )
    ap.add_argument(
        "--date-place",
        action="store_true",
        help="study: collect the date candidates with where each printed day sits "
        "(datescan.DATE_PLACE: levels up to the headline's block, other dated texts in its "
        "own block; off as shipped; a cache of its own)",
    )
    ap.add_argument(
        "--date-forms",
        metavar="NAMES",
        help="study: collect reading only these of dates.DATE_FORMS (comma-separated; '' for "
        "none, as before round sixteen; a cache of its own)",
    )
    ap.add_argument(
        "--printed",
        action="store_true",
        help="no-op, kept for old commands: author candidates read where the page prints each "
        "name (print:*) by default now (metadata.READ_PRINTED)",
    )
    ap.add_argument(
        "--oof-pages",
        type=Path,
        help="write each page's out-of-fold verdict per field here (JSON lines), for study",
    )
    ap.add_argument(
        "--cuts",
        type=lambda text: tuple(float(cut) for cut in text.split(",")),
        default=(0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8),
        help="the gate thresholds of the `oof any cut` line, comma-separated (a finer curve "
        "near a shipped threshold: --cuts 0.60,0.62,0.64,0.66,0.68,0.70)",
    )
    args = ap.parse_args()
    if args.printed:
        metadata.READ_PRINTED = True
    if args.oof_pages:
        args.oof_pages.write_text("")
    global ARCHIVES_IN_GATE, ARCHIVES_WEIGHT, GATED, INVENTED_COST, MAX_INVENTED, PAGE_GATED, TREES
    ARCHIVES_WEIGHT = args.archives_weight
    ARCHIVES_IN_GATE = not args.archives_ranker_only
    GATED = tuple(args.gate)
    PAGE_GATED = tuple(field for field in args.page_gate if field in GATED)
    for spec in args.gate_threshold:
        name, _, mode = spec.partition("=")
        modes = ("nested", "in-sample", "median", "nested-median", "bagged")
        if name not in FIELDS or mode not in modes:
            ap.error(f"--gate-threshold {spec!r}: expected FIELD=" + "|".join(modes))
        GATE_THRESHOLD[name] = mode
    for option, table in (
        (args.field_invented_cost, FIELD_INVENTED_COST),
        (args.field_max_invented, FIELD_MAX_INVENTED),
    ):
        for spec in option:
            name, _, value = spec.partition("=")
            try:
                table[name] = float(value)
            except ValueError:
                ap.error(f"{spec!r}: expected FIELD=NUMBER")
            if name not in FIELDS:
                ap.error(f"{spec!r}: unknown field {name!r}")
    for spec in args.gate_features:
        name, _, mode = spec.partition("=")
        if name not in FIELDS or mode not in ("all", "slim"):
            ap.error(f"--gate-features {spec!r}: expected FIELD=all|slim")
        GATE_FEATURES[name] = mode
    for spec in args.gate_param:
        target, _, setting = spec.partition(":")
        key, _, value = setting.partition("=")
        if target not in FIELDS or key not in GATE_PARAMS or key in ("random_state",):
            ap.error(f"--gate-param {spec!r}: expected FIELD:NAME=VALUE (a tree setting)")
        try:
            FIELD_GATE_PARAMS.setdefault(target, {})[key] = tree_setting(key, value)
        except ValueError:
            ap.error(f"--gate-param {spec!r}: not a number")
    global SEED
    SEED = args.seed
    for spec in args.lgbm:
        name, _, objective = spec.partition("=")
        if name not in FIELDS or objective not in ("lambdarank", "rank_xendcg", "binary"):
            ap.error(f"--lgbm {spec!r}: expected FIELD=lambdarank|rank_xendcg|binary")
        LGBM[name] = objective
    for spec in args.lgbm_param:
        target, _, setting = spec.partition(":")
        key, _, value = setting.partition("=")
        if target not in FIELDS or not key:
            ap.error(f"--lgbm-param {spec!r}: expected FIELD:NAME=VALUE")
        number = float(value)
        whole = key in ("n_estimators", "num_leaves", "min_child_samples", "max_depth")
        FIELD_LGBM_PARAMS.setdefault(target, {})[key] = int(number) if whole else number
    for spec in args.relative:
        name, _, share = spec.partition("=")
        RELATIVE[name] = float(share or 0.05)
    RELATIVE_BINARY.update(args.relative_binary)
    RELATIVE_KINDS.intersection_update(args.relative_kinds.split(","))
    for spec in args.ensemble:
        key, _, value = spec.partition("=")
        if key.removesuffix(GATE_SUFFIX) not in FIELDS or not value.isdigit() or int(value) < 1:
            ap.error(f"--ensemble {spec!r}: expected KEY=K (KEY a field or FIELD:gate)")
        ENSEMBLE[key] = int(value)
    for spec in args.ensemble_param:
        head, _, value = spec.partition("=")
        key, _, name = head.rpartition(":")
        if key.removesuffix(GATE_SUFFIX) not in FIELDS or not name or name == "random_state":
            ap.error(f"--ensemble-param {spec!r}: expected KEY:NAME=VALUE")
        try:
            ENSEMBLE_PARAMS.setdefault(key, {})[name] = tree_setting(name, value)
        except ValueError:
            ap.error(f"--ensemble-param {spec!r}: not a number")
    args.no_stacked = not args.stacked
    if args.stacked:
        STACKED.update(STACKED_STUDY)
    if args.fold_salt and args.write:
        ap.error("--fold-salt is for study: the shipped file is fitted on the default folds")
    for option, specs, drops in (
        ("--gate-drop", args.gate_drop, GATE_DROP),
        ("--ranker-drop", args.ranker_drop, RANKER_DROP),
    ):
        for spec in specs:
            name, _, prefix = spec.partition("=")
            if name not in FIELDS[1:] or not prefix:
                ap.error(f"{option} {spec!r}: expected FIELD=PREFIX")
            drops[name] = (*drops.get(name, ()), prefix)
    INVENTED_COST = args.invented_cost
    TREES = tuple(args.trees)
    MAX_INVENTED = args.max_invented
    metadata.DATE_CONTEXT = not args.no_date_context
    datescan.DATE_PLACE = args.date_place
    if args.date_forms is not None:
        dates.DATE_FORMS = tuple(name for name in args.date_forms.split(",") if name)
    if args.archives_train and not args.archives:
        ap.error("--archives-train needs --archives DIR")
    if args.archives_ranker_only and not args.archives_train:
        ap.error("--archives-ranker-only needs --archives-train FIELD")
    if set(args.archives_train) - set(FIELDS):
        ap.error(f"--archives-train: expected fields among {', '.join(FIELDS)}")
    if args.twins_train and not args.twins:
        ap.error("--twins-train needs --twins REWRITE")
    if args.twins and args.write and not args.twins_train:
        ap.error("--twins without --twins-train is a measurement: nothing to --write")
    if args.cache and args.cache.exists():
        pages = json.loads(args.cache.read_text())
    else:
        pages = collect(args.set, args.jobs)
        if args.twins:
            pages += collect(args.set, args.jobs, args.twins)
        if args.archives:
            pages += collect_archives(args.archives, args.archives_per_site)
        if args.cache:
            args.cache.write_text(json.dumps(pages))
    for spec in args.gate_extra:
        name, _, source = spec.partition("=")
        if name not in FIELDS[1:] or not source:
            ap.error(f"--gate-extra {spec!r}: expected FIELD=FILE")
        extra = json.loads(Path(source).read_text(encoding="utf-8"))
        for page in pages:
            page.setdefault("gate_extra", {})[name] = extra.get(page["id"], {})
    for spec in args.drop:
        name, _, prefix = spec.partition("=")
        if name not in FIELDS or not prefix:
            ap.error(f"--drop {spec!r}: expected FIELD=PREFIX")
        for page in pages:
            for features, *_ in page["fields"][name]:
                for key in [key for key in features if key.startswith(prefix)]:
                    del features[key]
    if args.no_stacked:  # (the cache holds the shipped model's values: in-sample, drop them)
        for page in pages:
            for features, _, _ in page["fields"]["date_published"]:
                features.pop("xa:best", None)
    for name, share in RELATIVE.items():
        columns = relative_columns(pages, name, share)
        print(f"{name}: page-relative columns of {', '.join(columns)}")
        add_relative(pages, name, columns)
    urls = json.loads((args.set / "ground-truth.json").read_text(encoding="utf-8"))
    for page in pages:
        url = page.get("url") or urls.get(page["id"].split("~")[0], {}).get("url")
        page["host"] = host_of(url)
        if args.fold_salt:
            page["fold"] = fold_of(url, args.fold_salt)
    if args.perturb:
        if args.write:
            ap.error("--perturb is for study")
        count, _, salt = args.perturb.partition(":")
        draw = lambda page: hashlib.sha1(f"{salt}:{page['id']}".encode()).hexdigest()  # noqa: E731
        order = sorted(range(len(pages)), key=lambda i: draw(pages[i]))
        gone = set(order[: int(count)])
        pages = [page for i, page in enumerate(pages) if i not in gone]
    originals = [p for p in pages if not p.get("twin")]  # (the twins are reported apart)
    out = {"trained_on": args.set.name, "pages": len(originals), "folds": FOLDS, "fields": {}}
    chosen = [field for field in FIELDS if field in args.fields.split(",")]
    try:
        shipped_file = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        shipped_file = {}
    shipped = shipped_file.get("fields", {})
    archived = [p for p in pages if p.get("twin") == ARCHIVES]
    trained = {
        field: {
            "pages": len(archived),
            "sites": len({p["host"] for p in archived}),
            "weight": ARCHIVES_WEIGHT,
        }
        for field in chosen
        if archived and field in args.archives_train
    }
    if kept := {**archives_of(shipped_file, chosen), **trained}:
        out["archives"] = kept
    for name, spec in shipped.items():  # (a field's page gate goes with its field)
        if name.split(":")[0] not in chosen:
            out["fields"][name] = spec
    for field in chosen:
        fit_pages = [p for p in pages if trains(p, field, args)]
        stacker = Stacker(STACKED[field][0], pages) if field in STACKED else None
        names = feature_names(pages, field)
        if stacker is not None and STACKED[field][1] not in names:
            names = sorted([*names, STACKED[field][1]])
        oof: list[tuple[bool, float]] = [(False, -1.0)] * len(pages)
        oof_raw = list(oof)  # (before each fold's threshold: the out-of-fold trade-off curve)
        oof_thresholds = []
        for k in range(FOLDS):
            if stacker is not None:  # the held-out fold is never seen, by either model
                set_stacked(field, pages, stacker.values({k}))
            train = [p for p in fit_pages if p["fold"] != k]
            fitted = fit_any(field, train, names)
            if field in PAGE_GATED:
                gate, threshold = train_gate(field, train, gate_picks(field, train, names))
                held = [p for p in pages if p["fold"] == k]
                scored = iter(gate_probabilities(gate, gate_picks(field, held, names, fitted)))
                oof_thresholds.append(threshold)
                for i, p in enumerate(pages):
                    if p["fold"] == k:
                        ok, prob = next(scored)
                        oof_raw[i] = (ok, prob)
                        oof[i] = (ok, prob if prob >= threshold else -1.0)
                continue
            threshold = choose_threshold(field, train, inner_picks(field, train, names, k))
            oof_thresholds.append(threshold)
            for i, p in enumerate(pages):
                if p["fold"] == k:
                    ok, prob = decide(field, p, names, fitted)
                    oof_raw[i] = (ok, prob)
                    oof[i] = (ok, prob if prob >= threshold else -1.0)
        if stacker is not None:
            set_stacked(field, pages, stacker.values(set()))
        for twin in sorted({p["twin"] for p in pages if p.get("twin")}):
            twins = [p for p in pages if p.get("twin") == twin]
            twin_picks = [pick for p, pick in zip(pages, oof, strict=True) if p.get("twin") == twin]
            print(row(f"oof {twin}"[:14], tally(field, twins, twin_picks, 0.0)))
            for kind, t in by_type(field, twins, twin_picks):
                print(row(f"  {kind}", t))
            if args.oof_pages:  # (the twins' verdicts too, under their own ids)
                kinds = [p.get("type", "?") for p in twins]
                write_verdicts(field, twins, kinds, twin_picks, args.oof_pages)
        oof = [pick for p, pick in zip(pages, oof, strict=True) if not p.get("twin")]
        oof_raw = [pick for p, pick in zip(pages, oof_raw, strict=True) if not p.get("twin")]
        fitted = fit_any(field, fit_pages, names)
        full_picks = [decide(field, p, names, fitted) for p in originals]
        page_gate = None
        if field in PAGE_GATED:
            page_gate, threshold = train_gate(field, fit_pages, gate_picks(field, fit_pages, names))
            if GATE_THRESHOLD.get(field) in ("median", "nested-median"):  # one pick is noisy
                threshold = float(np.median([*oof_thresholds, threshold]))
            full_picks = gate_probabilities(page_gate, gate_picks(field, originals, names, fitted))
            curve_picks = full_picks  # (in-sample: the out-of-fold line above is the honest one)
        else:
            curve_picks = oof_picks(field, originals, names) if field in GATED else full_picks
            threshold = choose_threshold(field, originals, curve_picks)
        print(
            f"{field}: {len(names)} features; fold thresholds {oof_thresholds}, final {threshold}"
        )
        print(row("precedence", baseline(field, originals)))
        print(row("out-of-fold", tally(field, originals, oof, 0.0)))
        per_fold = [
            tally(
                field,
                [p for p in originals if p["fold"] == k],
                [pick for p, pick in zip(originals, oof, strict=True) if p["fold"] == k],
                0.0,
            )
            for k in range(FOLDS)
        ]
        print(
            f"  {'per fold':<14} "
            + " / ".join(f"{t['acc']:.3f} ({t['spurious']}/{t['no_gold']})" for t in per_fold)
        )
        if args.per_type or args.oof_pages:
            report_pages(field, originals, oof, args)
        print(row("in-sample", tally(field, originals, full_picks, threshold)))
        for kind, t in by_type(field, originals, oof):
            print(row(f"oof {kind}"[:14], t))
        if field in GATED:  # the trade-off (out of fold unless page-gated), for a hand threshold
            curve = []
            for cut in (0.3, 0.4, 0.5, 0.6, 0.7):
                t = tally(field, originals, curve_picks, cut)
                curve.append(f"{cut:.1f}: {t['acc']:.3f} ({t['spurious']})")
            label = "in-sample curve" if page_gate is not None else "oof curve"
            print(f"  {label:<14} " + ", ".join(curve))
            curve = []
            for cut in args.cuts:
                t = tally(field, originals, oof_raw, cut)
                curve.append(f"{cut:.2f}: {t['acc']:.3f} ({t['spurious']})")
            print(f"  {'oof any cut':<14} " + ", ".join(curve))
            print(row("oof at final", tally(field, originals, oof_raw, threshold)))
        oracle = sum(
            any(ok for _, ok, _ in p["fields"][field]) for p in originals if p["gold"][field]
        )
        with_gold = max(sum(p["gold"][field] for p in originals), 1)
        print(f"  {'ceiling':<14} {oracle / with_gold:.3f} (a right candidate exists)")
        net = lambda t: t["right"] - t["spurious"]  # noqa: E731  (the write test: fixed cost)
        if net(tally(field, originals, oof, 0.0)) <= net(baseline(field, originals)):
            print("  not written: out of fold it does not beat the precedence")
            continue
        if page_gate is not None:  # the ranker only ranks; the page gate decides
            gate_model, gate_names = page_gate
            out["fields"][field + GATE_SUFFIX] = {
                "threshold": threshold,
                **gate_model.export(gate_names),
            }
            threshold = 0.0
        else:
            out["fields"].pop(field + GATE_SUFFIX, None)
        if isinstance(fitted, Trees):
            out["fields"][field] = {"threshold": threshold, **fitted.export(names)}
            continue
        w, b = fitted  # type: ignore[misc]
        out["fields"][field] = {
            "bias": round(float(b), 5),
            "threshold": threshold,
            "weights": {
                n: round(float(x), 5) for n, x in zip(names, w, strict=True) if abs(x) >= 1e-5
            },
        }
    if args.write:
        MODEL_PATH.write_text(dump_models(out), encoding="utf-8")
        print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
