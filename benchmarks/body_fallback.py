"""Catastrophic body pages out of fold, the fallbacks that would win them, and a failure detector.

Study script (issue 11, "never empty when the page has visible prose"). Reads the out-of-fold
block scores ``train_body_model.py --aeb train --labels consume-ladder --oof-scores`` saved and
the page examples it cached, and per page (wcxb-dev and AEB):

- the text ``extract()`` would give out of fold: ``choose`` and the path chooser refitted on the
  other domain folds (``train_path_choice.out_of_fold``, the block model's folds);
- cheap fallback candidates: the ladder's lines, the model's expected-F1 lines at a higher
  prior (its scores shifted up in logit), the page's ``<main>`` / largest ``<article>`` /
  densest paragraph container, and ``trafilatura.extract`` (timed);
- signals the extractor already has: the output's words over the page's visible words, the
  model's expected F1 of its own choice and its score mass, the declared kind, the branch.

Then a failure detector (logistic regression on those signals, label: a fallback beats the
output by a margin), fitted on four domain folds and applied to the fifth, and the net F1 per
page type on both sets when the detected pages take the fallback. Nothing here reads a page to
write a rule: every threshold is fitted out of fold.

    python benchmarks/body_fallback.py --oof-scores benchmarks/results/cache/oof.npz
"""

from __future__ import annotations

import argparse
import logging
import pickle
import re
import statistics
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks import train_path_choice as tpc  # noqa: E402
from benchmarks.train_body_model import (  # noqa: E402
    AEB_PREFIX,
    DEFAULT_SHARED,
    KEEP_THRESHOLD,
    cached_examples,
    load_module,
)
from scraper.extractor import extract  # noqa: E402
from scraper.extractor.body import (  # noqa: E402
    expected_f1_lines,
    lines_to_text,
    model_alone,
)
from scraper.extractor.pathchoice import PATHS  # noqa: E402

WORD_RE = re.compile(r"\w+")
CANDIDATES = ("ladder", "model+1", "model+2", "container", "trafilatura")
DROP_TAGS = ("script", "style", "noscript", "nav", "footer", "aside", "form", "header", "template")
SIGNALS = (
    "out_share",  # output words / visible page words
    "log_out_words",
    "expected_f1",  # the model's expected word F1 of the output
    "mass_share",  # expected body words (score mass) / visible page words
    "out_mass",  # output words / expected body words
    "declared",
    "branch_bounded",
    "max_score",
)


def words(text: str) -> int:
    return len(WORD_RE.findall(text))


def container_text(html: str) -> str:
    """``<main>``, else the largest ``<article>``, else the element whose ``<p>`` children hold
    the most text (boilerplate tags dropped first): a readability-style guess, no model."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # an unparsable page has no container
        return ""
    for el in list(root.iter(*DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    mains = root.findall(".//main")
    if mains:
        best = max(mains, key=lambda el: len(el.text_content()))
        if words(best.text_content()) >= 50:
            return " ".join(best.text_content().split())
    articles = root.findall(".//article")
    if articles:
        best = max(articles, key=lambda el: len(el.text_content()))
        if words(best.text_content()) >= 50:
            return " ".join(best.text_content().split())
    weight: dict[Any, int] = defaultdict(int)
    for p in root.iter("p"):
        parent = p.getparent()
        if parent is not None:
            weight[parent] += len(p.text_content())
    if not weight:
        return ""
    best = max(weight, key=weight.__getitem__)
    return " ".join(best.text_content().split())


def shifted(scores: np.ndarray, shift: float) -> np.ndarray:
    logit = np.log(np.clip(scores, 1e-6, 1 - 1e-6) / np.clip(1 - scores, 1e-6, 1))
    return 1.0 / (1.0 + np.exp(-(logit + shift)))


def page_signals(p: dict, page_scores: np.ndarray, out_text: str, bounded: bool) -> np.ndarray:
    page = p["page"]
    lines = page.blocks.lines if page.blocks is not None else []
    hidden = page.hidden or [0] * len(lines)
    w = np.array([max(1, words(line.text)) for line in lines], dtype=np.float64)
    visible = np.array([not h for h in hidden], dtype=bool) if len(lines) else np.zeros(0, bool)
    visible_words = float(w[visible].sum()) if len(lines) else 0.0
    out_words = float(words(out_text))
    mass = float((page_scores * w).sum()) if len(lines) else 0.0
    # expected F1 of the output: its lines' expected true words over the expected body
    out_set = set(out_text.split("\n"))
    chosen = np.array([line.text in out_set for line in lines], dtype=bool)
    expected_true = float((page_scores * w)[chosen].sum()) if len(lines) else 0.0
    denom = float(w[chosen].sum()) + mass if len(lines) else 0.0
    return np.array(
        [
            out_words / max(visible_words, 1.0),
            np.log1p(out_words),
            2 * expected_true / denom if denom else 0.0,
            mass / max(visible_words, 1.0),
            out_words / max(mass, 1.0),
            float(page.declared_article),
            float(bounded),
            float(page_scores.max()) if len(lines) else 0.0,
        ]
    )


def static_texts(docs: dict[str, dict], ids: list[str]) -> dict[str, dict]:
    """The candidates that read the HTML, not the scores (container, trafilatura), and the
    time each takes beside ``extract()``'s on the same page, in one interleaved run."""
    import trafilatura

    out = {}
    for page_id in ids:
        html, url = docs[page_id]["html"], docs[page_id].get("url")
        item: dict[str, Any] = {}
        started = time.perf_counter()
        item["container"] = container_text(html)
        item["container_s"] = time.perf_counter() - started
        started = time.perf_counter()
        item["trafilatura"] = trafilatura.extract(html) or ""
        item["trafilatura_s"] = time.perf_counter() - started
        started = time.perf_counter()
        extract(html, url)
        item["extract_s"] = time.perf_counter() - started
        out[page_id] = item
    return out


def with_static(score: Any, rows: list[dict], static: dict[str, dict]) -> None:
    """Each row's candidates scored, the HTML ones (``static_texts``) with the others."""
    for row in rows:
        texts = {**row["texts"], **{c: static[row["id"]][c] for c in ("container", "trafilatura")}}
        for key in ("container_s", "trafilatura_s", "extract_s"):
            row[key] = static[row["id"]][key]
        row["cand_f1"] = np.array([score.bow_prf(row["gold"], texts[c])[2] for c in CANDIDATES])
        row["cand_aeb"] = [score.aeb_tp_fp_fn(row["gold"], texts[c]) for c in CANDIDATES]


def build_rows(score: Any, pages: list[dict], scores: dict) -> list[dict]:
    """Per page: each path's F1 (as the path chooser's rows), the candidates' F1 and signals."""
    base = tpc.page_rows(score, pages, scores)
    for p, row in zip(pages, base, strict=True):
        page, page_scores = p["page"], scores[p["id"]]
        texts: dict[str, str] = {"ladder": lines_to_text(page.heuristic)}
        for shift in (1, 2):
            if page.blocks is not None and page.blocks.lines:
                boosted = shifted(page_scores, shift)
                chosen = expected_f1_lines(page.blocks.lines, boosted, KEEP_THRESHOLD)
                alone = model_alone(page, boosted, KEEP_THRESHOLD, chosen)
                texts[f"model+{shift}"] = lines_to_text(alone.lines) if alone else ""
            else:
                texts[f"model+{shift}"] = ""
        row["texts"] = texts
        row["gold"] = p["gold"]
        candidates = tpc.path_candidates(page, page_scores, KEEP_THRESHOLD)
        row["signals"] = []
        row["prf"] = []
        for name in PATHS:
            choice = candidates.choices.get(name, candidates.choices["now"])
            text = lines_to_text(choice.lines)
            row["prf"].append(score.bow_prf(p["gold"], text))
            row["signals"].append(page_signals(p, page_scores, text, choice.bounded))
    return base


def type_table(rows: list[dict], f1s: list[float]) -> dict[str, float]:
    by: dict[str, list[float]] = defaultdict(list)
    for row, f1 in zip(rows, f1s, strict=True):
        by[row["type"]].append(f1)
    out = {k: statistics.mean(v) for k, v in sorted(by.items())}
    out["all"] = statistics.mean(f1s)
    return out


def mean_of(values: list[float], index: list[int]) -> float:
    return statistics.mean(values[i] for i in index)


def show(name: str, figures: dict[str, float]) -> None:
    print(f"{name}: " + "  ".join(f"{k} {v:.4f}" for k, v in figures.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--oof-scores", type=Path)
    parser.add_argument(
        "--cache", type=Path, default=PROJECT_ROOT / "benchmarks" / "results" / "cache"
    )
    parser.add_argument("--rows", type=Path, help="keep (or reuse) the per-page rows here")
    parser.add_argument("--limit", type=int, help="every n-th page only (a quick check)")
    parser.add_argument(
        "--texts", type=Path, help="keep (or reuse) the HTML candidates and timings here"
    )
    parser.add_argument("--texts-only", action="store_true", help="build --texts and stop")
    parser.add_argument("--rows-only", action="store_true", help="build --rows and stop")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    score = load_module(args.shared / "score.py", "shared_score")
    pages, docs = [], {}
    for name in ("wcxb-dev", "aeb"):
        folder = args.shared / name
        _, set_docs = score.load_set(str(folder))
        prefix = AEB_PREFIX if name == "aeb" else ""
        for doc in set_docs:
            docs[prefix + doc["id"]] = doc
        if args.texts_only:
            continue
        for page in cached_examples(set_docs, folder, args.cache):
            if name == "aeb":
                page["id"] = AEB_PREFIX + page["id"].removeprefix(AEB_PREFIX)
                page["type"] = "aeb"
            pages.append(page)
    ids = sorted(docs) if args.texts_only else [p["id"] for p in pages]
    if args.limit:
        pages, ids = pages[:: args.limit], ids[:: args.limit]
    if not args.texts_only:
        if args.rows is not None and args.rows.exists():
            with args.rows.open("rb") as handle:
                rows = pickle.load(handle)
        else:
            rows = build_rows(score, pages, dict(np.load(args.oof_scores)))
            if args.rows is not None:
                with args.rows.open("wb") as handle:
                    pickle.dump(rows, handle)
        if args.rows_only:
            return 0
    if args.texts is not None and args.texts.exists():
        with args.texts.open("rb") as handle:
            static = pickle.load(handle)
    else:
        static = static_texts(docs, ids)
        if args.texts is not None:
            with args.texts.open("wb") as handle:
                pickle.dump(static, handle)
    if args.texts_only:
        return 0
    with_static(score, rows, static)
    analyse(score, rows)
    return 0


def analyse(score: Any, rows: list[dict]) -> None:
    folds = tpc.fold_numbers(rows, None)
    picks = tpc.out_of_fold(rows, folds, tpc.MARGIN, len(PATHS) - 1, True)
    web = [i for i, row in enumerate(rows) if row["type"] != "aeb"]
    aeb = [i for i, row in enumerate(rows) if row["type"] == "aeb"]
    now = [float(row["f1"][pick]) for row, pick in zip(rows, picks, strict=True)]
    web_rows = [rows[i] for i in web]
    show("out of fold, choose", type_table(web_rows, [float(rows[i]["f1"][0]) for i in web]))
    show("out of fold, path chooser (now)", type_table(web_rows, [now[i] for i in web]))
    # (1) the distribution
    print("\n(1) pages under 0.3 / 0.5 and the mean points they cost (wcxb-dev, path chooser)")
    by: dict[str, list[int]] = defaultdict(list)
    for i in web:
        by[rows[i]["type"]].append(i)
    total = len(web)
    for kind, idx in sorted(by.items()):
        low3 = [i for i in idx if now[i] < 0.3]
        low5 = [i for i in idx if now[i] < 0.5]
        empty = sum(1 for i in low3 if rows[i]["signals"][picks[i]][1] == 0.0)
        cost = sum(1 - now[i] for i in low3) / total
        print(
            f"  {kind}: {len(idx)} pages, <0.3 {len(low3)}, <0.5 {len(low5)}, empty {empty}, "
            f"points of the all-mean lost on <0.3 pages {100 * cost:.2f}"
        )
    low3 = [i for i in web if now[i] < 0.3]
    print(
        f"  all: <0.3 {len(low3)}, <0.5 {sum(1 for i in web if now[i] < 0.5)}, "
        f"points {100 * sum(1 - now[i] for i in low3) / total:.2f}"
    )
    # what they lose: nothing, a part of the body (precision high, recall low), another region
    kinds: dict[str, int] = defaultdict(int)
    for i in low3:
        precision, recall, _ = rows[i]["prf"][picks[i]]
        if rows[i]["signals"][picks[i]][1] == 0.0:
            kinds["empty"] += 1
        elif precision >= 0.5:
            kinds["too short (P >= 0.5)"] += 1
        elif recall >= 0.5:
            kinds["too long (R >= 0.5, P < 0.5)"] += 1
        else:
            kinds["wrong region (P, R < 0.5)"] += 1
    print("  what the <0.3 pages lose: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    # (2) which candidate would have won on them
    print("\n(2) fallback candidates on the <0.3 pages (mean F1; now is the chooser's)")
    for kind_set, name in ((low3, "wcxb-dev <0.3"),):
        cands = np.array([rows[i]["cand_f1"] for i in kind_set])
        print(
            f"  {name}: now {np.mean([now[i] for i in kind_set]):.3f}  "
            + "  ".join(f"{c} {v:.3f}" for c, v in zip(CANDIDATES, cands.mean(axis=0), strict=True))
        )
        best = np.argmax(cands, axis=1)
        print(
            "  best candidate counts: "
            + ", ".join(f"{c} {int((best == k).sum())}" for k, c in enumerate(CANDIDATES))
        )
        print(f"  oracle best candidate: {np.max(cands, axis=1).mean():.3f}")
    traf = np.array([row["trafilatura_s"] for row in rows])
    cont = np.array([row["container_s"] for row in rows])
    print(
        f"  trafilatura.extract: mean {1000 * traf.mean():.1f} ms a page; "
        f"container: {1000 * cont.mean():.1f} ms"
    )
    ext = np.array([row["extract_s"] for row in rows])
    print(
        f"  extract(): mean {1000 * ext.mean():.1f} ms, median {1000 * np.median(ext):.1f} ms a "
        f"page; trafilatura median {1000 * np.median(traf):.1f} ms; trafilatura / extract time "
        f"{traf.sum() / ext.sum():.2f} (same run, interleaved)"
    )
    print(
        "  every page, candidate alone vs now: "
        + "  ".join(
            f"{c} {np.mean([rows[i]['cand_f1'][k] for i in web]):.3f}"
            for k, c in enumerate(CANDIDATES)
        )
    )
    # (3) detector out of fold: per candidate, a logistic regression on the signals
    detect(score, rows, folds, picks, now, web, aeb)


def fallbacks(X: np.ndarray, gains: np.ndarray, folds: list[int], margin: float) -> np.ndarray:
    """Per page, the candidate index to fall back to (-1: none): one logistic regression per
    candidate (label: it beats the output by 0.02; weight: by how much), fitted on the other
    domain folds; the most probable candidate over ``margin`` wins."""
    from sklearn.linear_model import LogisticRegression

    out = np.full(len(X), -1)
    for fold in sorted(set(folds)):
        train = np.array([f != fold for f in folds])
        test = ~train
        mean, scale = X[train].mean(0), X[train].std(0) + 1e-9
        probs = []
        for k in range(gains.shape[1]):
            y = gains[train, k] > 0.02
            if y.all() or not y.any():
                probs.append(np.full(int(test.sum()), float(y.all())))
                continue
            model = LogisticRegression(C=1.0, max_iter=5000)
            model.fit((X[train] - mean) / scale, y, sample_weight=np.abs(gains[train, k]) + 1e-3)
            probs.append(model.predict_proba((X[test] - mean) / scale)[:, 1])
        prob = np.array(probs).T
        best = prob.argmax(axis=1)
        out[test] = np.where(prob.max(axis=1) >= margin, best, -1)
    return out


def catastrophes(
    score: Any,
    rows: list[dict],
    X: np.ndarray,
    folds: list[int],
    picks: list[int],
    now: np.ndarray,
    web: list[int],
    aeb: list[int],
) -> None:
    """A detector of the pages under 0.3 itself (logistic regression, balanced, out of fold),
    and trafilatura's text on the pages it flags most surely (its time: ~3.5x extract's)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    y = now < 0.3
    prob = np.zeros(len(rows))
    for fold in sorted(set(folds)):
        train = np.array([f != fold for f in folds])
        mean, scale = X[train].mean(0), X[train].std(0) + 1e-9
        model = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced")
        model.fit((X[train] - mean) / scale, y[train])
        prob[~train] = model.predict_proba((X[~train] - mean) / scale)[:, 1]
    print(f"  detector of F1 < 0.3, wcxb-dev AUC {roc_auc_score(y[web], prob[web]):.3f}")
    k = CANDIDATES.index("trafilatura")
    web_rows = [rows[i] for i in web]
    for share in (0.01, 0.02, 0.03, 0.05):
        flagged = prob >= np.quantile(prob[web], 1 - share)
        new = np.where(flagged, np.array([row["cand_f1"][k] for row in rows]), now)
        before = type_table(web_rows, now[web].tolist())
        after = type_table(web_rows, new[web].tolist())
        triples = [rows[i]["cand_aeb"][k] if flagged[i] else rows[i]["aeb"][picks[i]] for i in aeb]
        print(
            f"  top {100 * share:.0f}% flagged: {int((flagged & y)[web].sum())} of "
            f"{int(y[web].sum())} under 0.3, AEB {int(flagged[aeb].sum())}; trafilatura there: "
            + "  ".join(f"{t} {after[t] - before[t]:+.4f}" for t in before)
            + f"  | AEB {new[aeb].mean():.4f}/{score.aeb_aggregate(triples)['f1']:.4f}"
        )


def detect(
    score: Any,
    rows: list[dict],
    folds: list[int],
    picks: list[int],
    now: list[float],
    web: list[int],
    aeb: list[int],
) -> None:
    from sklearn.linear_model import LogisticRegression

    X = np.array([row["signals"][pick] for row, pick in zip(rows, picks, strict=True)])
    gains = np.array([row["cand_f1"] for row in rows]) - np.array(now)[:, None]
    print("\n(3) detector out of fold (domain folds; fitted on both sets' other folds)")
    catastrophes(score, rows, X, folds, picks, np.array(now), web, aeb)
    print("  a fallback per candidate, the most probable over p wins:")
    for margin in (0.5, 0.6, 0.7, 0.8, 0.9):
        chosen = fallbacks(X, gains, folds, margin)
        new = [
            row["cand_f1"][k] if k >= 0 else f for row, k, f in zip(rows, chosen, now, strict=True)
        ]
        web_rows = [rows[i] for i in web]
        before = type_table(web_rows, [now[i] for i in web])
        after = type_table(web_rows, [new[i] for i in web])
        triples_b = [rows[i]["aeb"][picks[i]] for i in aeb]
        triples_a = [
            rows[i]["cand_aeb"][chosen[i]] if chosen[i] >= 0 else rows[i]["aeb"][picks[i]]
            for i in aeb
        ]
        used = ", ".join(f"{c} {int((chosen[web] == k).sum())}" for k, c in enumerate(CANDIDATES))
        print(
            f"  best of all p>={margin}: runs on {100 * (chosen[web] >= 0).mean():.1f}% "
            f"wcxb-dev ({used}) / {100 * (chosen[aeb] >= 0).mean():.1f}% AEB; "
            + "  ".join(f"{t} {after[t] - before[t]:+.4f}" for t in before)
            + f"  | AEB {mean_of(now, aeb):.4f}/{score.aeb_aggregate(triples_b)['f1']:.4f}"
            f" -> {mean_of(new, aeb):.4f}/{score.aeb_aggregate(triples_a)['f1']:.4f}"
        )
    print("  (per candidate alone)")
    for k, cand in enumerate(CANDIDATES):
        gain = np.array([row["cand_f1"][k] for row in rows]) - np.array(now)
        for margin in (0.5, 0.7, 0.9):
            fallback = np.zeros(len(rows), dtype=bool)
            for fold in sorted(set(folds)):
                train = np.array([f != fold for f in folds])
                test = ~train
                mean, scale = X[train].mean(0), X[train].std(0) + 1e-9
                y = gain[train] > 0.02
                if y.all() or not y.any():
                    continue
                wts = np.abs(gain[train]) + 1e-3
                model = LogisticRegression(C=1.0, max_iter=5000)
                model.fit((X[train] - mean) / scale, y, sample_weight=wts)
                prob = model.predict_proba((X[test] - mean) / scale)[:, 1]
                fallback[test] = prob >= margin
            new = [
                row["cand_f1"][k] if fb else f
                for row, fb, f in zip(rows, fallback, now, strict=True)
            ]
            web_rows = [rows[i] for i in web]
            before = type_table(web_rows, [now[i] for i in web])
            after = type_table(web_rows, [new[i] for i in web])
            triples_before = [rows[i]["aeb"][picks[i]] for i in aeb]
            triples_after = [
                rows[i]["cand_aeb"][k] if fallback[i] else rows[i]["aeb"][picks[i]] for i in aeb
            ]
            aeb_b = (
                statistics.mean(now[i] for i in aeb),
                score.aeb_aggregate(triples_before)["f1"],
            )
            aeb_a = (statistics.mean(new[i] for i in aeb), score.aeb_aggregate(triples_after)["f1"])
            runs_web = fallback[web].mean()
            runs_aeb = fallback[aeb].mean()
            print(
                f"  {cand} p>={margin}: runs on {100 * runs_web:.1f}% wcxb-dev / "
                f"{100 * runs_aeb:.1f}% AEB; "
                + "  ".join(f"{t} {after[t] - before[t]:+.4f}" for t in before)
                + f"  | AEB {aeb_b[0]:.4f}/{aeb_b[1]:.4f} -> {aeb_a[0]:.4f}/{aeb_a[1]:.4f}"
            )


if __name__ == "__main__":
    raise SystemExit(main())
