"""The body model's block scores decoded as a SEQUENCE (a small Viterbi), against the shipped way.

Study script (issue 11). Reads the out-of-fold block scores ``train_body_model.py --aeb train
--labels consume-ladder --oof-scores`` saved and the page examples it cached. Per page, the
lines in document order are decoded with four states, before / body / hole / after: a line in
the body earns ``words * (logit(score) + bias)``, any other state earns nothing, and opening a
hole in the body costs ``hole * expected body words`` (the page's score mass), so a short run of
unsure lines inside the body is kept and a small sure island away from it is dropped, which the
per-line expected-F1 choice cannot do. The bias is either absolute or relative to the page's own
expected-F1 cut (``rel``: ``bias = delta - logit(lowest score expected_f1_lines keeps)``).

The decoder's three settings (bias, bias mode, hole cost) are fitted per host fold: on the
other four folds' pages of both sets (mean page F1, wcxb-dev and AEB pooled), applied to the
fifth (the block model's own ``GroupKFold`` over hosts). Where the decoded lines replace the
shipped ones:

- ``decides``: where ``choose`` lets the model decide (``expected_f1_lines`` at the keep
  threshold), with choose's own repeats, title and fallback rules; elsewhere ``choose``.
- ``decides+adds``: also the "model's own choice" the ladder-plus-adds branch unions in on
  undeclared pages (``expected_f1_lines`` at ``MODEL_ADD_SCORE``; same decoder settings).
- ``alone``: the model's lines alone on every page (``model_alone``), decoded against
  expected-F1: the decoding itself compared, ladder ignored.

``choose`` and the path chooser (refitted out of fold on the same scores,
``train_path_choice.out_of_fold``) are the baselines; ``chooser + decoded`` substitutes the
decoded lines wherever the chooser's pick is ``choose``'s model-decides lines or the model's
lines alone (its fit unchanged). The oracle is the best decoder setting per page.

    python benchmarks/body_decode_study.py --oof-scores benchmarks/results/cache/oof.npz
"""

from __future__ import annotations

import argparse
import itertools
import logging
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
    DEFAULT_SHARED,
    KEEP_THRESHOLD,
    aeb_pages,
    branch,
    cached_examples,
    load_module,
)
from scraper.extractor import body  # noqa: E402
from scraper.extractor.body import lines_to_text  # noqa: E402
from scraper.extractor.pathchoice import PATHS  # noqa: E402

BIASES = (-1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0)
HOLES = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4)
MODES = ("abs", "rel")
SETTINGS = list(itertools.product(MODES, BIASES, HOLES))
VARIANTS = ("decides", "decides+adds", "alone")
ORIGINAL_EF1 = body.expected_f1_lines
NEG = -1e18


def words_of(lines: list[Any]) -> np.ndarray:
    """Words per line as ``expected_f1_lines`` counts them (spaces + 1)."""
    return np.array([line.text.count(" ") + 1.0 for line in lines], dtype=np.float64)


def viterbi(gain: list[float], hole_cost: float) -> list[bool]:
    """The kept lines of the best path before* body (hole+ body)* after*: a body line earns
    its gain, a line in any other state nothing, each hole opened costs ``hole_cost``."""
    n = len(gain)
    if not n:
        return []
    # scores of the states at line i: before, body, hole, after; back pointers for body/hole/after
    b, i_, h, a = 0.0, gain[0], NEG, NEG
    back: list[tuple[int, int, int]] = [(0, 0, 0)]  # (body from, hole from, after from)
    for k in range(1, n):
        g = gain[k]
        # body from before / body / hole
        if b >= i_ and b >= h:
            nb, fb = b, 0
        elif i_ >= h:
            nb, fb = i_, 1
        else:
            nb, fb = h, 2
        # hole from body (paying the cost) / hole
        opened = i_ - hole_cost
        nh, fh = (opened, 1) if opened >= h else (h, 2)
        # after from body / hole / after
        if i_ >= h and i_ >= a:
            na, fa = i_, 1
        elif h >= a:
            na, fa = h, 2
        else:
            na, fa = a, 3
        b, i_, h, a = b, nb + g, nh, na
        back.append((fb, fh, fa))
    states = (b, i_, h, a)
    state = max(range(4), key=states.__getitem__)
    kept = [False] * n
    for k in range(n - 1, -1, -1):
        kept[k] = state == 1
        if k == 0:
            break
        fb, fh, fa = back[k]
        state = {0: 0, 1: fb, 2: fh, 3: fa}[state]
    return kept


def decode(lines: list[Any], scores: np.ndarray, threshold: float, setting: tuple) -> np.ndarray:
    """The decoded mask for ``lines`` under ``setting`` (mode, bias, hole cost)."""
    mode, bias, hole = setting
    if not len(lines):
        return np.zeros(0, dtype=bool)
    words = words_of(lines)
    clipped = np.clip(scores, 1e-4, 1 - 1e-4)
    logit = np.log(clipped / (1 - clipped))
    if mode == "rel":
        chosen = ORIGINAL_EF1(lines, scores, threshold)
        cut = float(clipped[chosen].min()) if chosen.any() else threshold
        bias = bias - float(np.log(cut / (1 - cut)))
    # a hair above zero at the bias, so ``rel`` 0 keeps the lines at the cut as expected F1 does
    gain = (words * (logit + bias + 1e-9)).tolist()
    mass = float((words * scores).sum())
    return np.array(viterbi(gain, hole * mass), dtype=bool)


class Patched:
    """``body.expected_f1_lines`` replaced by the decoder at the chosen thresholds."""

    def __init__(self, setting: tuple, thresholds: tuple[float, ...]) -> None:
        self.setting, self.thresholds = setting, thresholds

    def __call__(self, lines: list[Any], scores: np.ndarray, threshold: float) -> np.ndarray:
        if threshold in self.thresholds:
            return decode(lines, scores, threshold, self.setting)
        return ORIGINAL_EF1(lines, scores, threshold)

    def __enter__(self) -> Patched:
        body.expected_f1_lines = self
        return self

    def __exit__(self, *_: object) -> None:
        body.expected_f1_lines = ORIGINAL_EF1


def variant_text(variant: str, page: Any, scores: np.ndarray, setting: tuple | None) -> str:
    """The page's text under ``variant`` (``setting`` None: the shipped expected-F1 lines)."""
    if variant == "alone":
        thresholds: tuple[float, ...] = (KEEP_THRESHOLD,)

        def run() -> Any:
            return body.model_alone(page, scores, KEEP_THRESHOLD)

    else:
        thresholds = (KEEP_THRESHOLD,)
        if variant == "decides+adds":
            thresholds = (KEEP_THRESHOLD, body.MODEL_ADD_SCORE)

        def run() -> Any:
            return body.choose(page, scores, KEEP_THRESHOLD)

    if setting is None or page.blocks is None or not page.blocks.lines:
        choice = run() if page.blocks is not None else None
    else:
        with Patched(setting, thresholds):
            choice = run()
    return lines_to_text(choice.lines) if choice is not None else ""


def evaluate(score: Any, pages: list[dict], scores: dict, variant: str) -> dict[str, Any]:
    """Per page: the baseline's (F1, AEB triple) and each setting's, texts scored once each."""
    out: dict[str, Any] = {"base": [], "settings": []}
    for p in pages:
        page, page_scores = p["page"], scores[p["id"]]
        base_text = variant_text(variant, page, page_scores, None)
        cache: dict[str, tuple] = {}

        def scored(text: str, gold: str = p["gold"], cache: dict = cache) -> tuple:
            if text not in cache:
                cache[text] = (score.bow_prf(gold, text)[2], score.aeb_tp_fp_fn(gold, text))
            return cache[text]

        out["base"].append(scored(base_text))
        moves = variant == "alone"
        if not moves and page.blocks is not None:
            way = branch(body.choose(page, page_scores, KEEP_THRESHOLD))
            moves = way != "ladder stands" and (
                variant != "decides" or way != "ladder + model's adds"
            )
        row = []
        for setting in SETTINGS:
            text = variant_text(variant, page, page_scores, setting) if moves else base_text
            row.append(scored(text))
        out["settings"].append(row)
    return out


def type_table(pages: list[dict], f1s: list[float]) -> dict[str, float]:
    by: dict[str, list[float]] = defaultdict(list)
    for p, f1 in zip(pages, f1s, strict=True):
        if p["type"] != "aeb":
            by[p["type"]].append(f1)
    out = {kind: statistics.mean(v) for kind, v in sorted(by.items())}
    out["all"] = statistics.mean(f for p, f in zip(pages, f1s, strict=True) if p["type"] != "aeb")
    return out


def aeb_pair(score: Any, pages: list[dict], cells: list[tuple]) -> str:
    pairs = [c for p, c in zip(pages, cells, strict=True) if p["type"] == "aeb"]
    token = statistics.mean(c[0] for c in pairs)
    aeb = score.aeb_aggregate([c[1] for c in pairs])["f1"]
    return f"{token:.4f} / {aeb:.4f}"


def fitted_picks(pages: list[dict], folds: list[int], settings: list[list[tuple]]) -> list[int]:
    """Per page, the setting fitted on the other folds' pages (mean page F1, both sets)."""
    matrix = np.array([[cell[0] for cell in row] for row in settings])
    picks = [0] * len(pages)
    for fold in sorted(set(folds)):
        train = [i for i, f in enumerate(folds) if f != fold]
        best = int(np.argmax(matrix[train].mean(axis=0)))
        print(f"  fold {fold + 1}: {SETTINGS[best]} (train {matrix[train, best].mean():.4f})")
        for i, f in enumerate(folds):
            if f == fold:
                picks[i] = best
    return picks


def show(name: str, score: Any, pages: list[dict], cells: list[tuple]) -> dict[str, float]:
    figures = type_table(pages, [c[0] for c in cells])
    cols = "  ".join(f"{k} {v:.4f}" for k, v in figures.items())
    print(f"{name:<34} {cols}  AEB {aeb_pair(score, pages, cells)}")
    return figures


def fold_means(pages: list[dict], folds: list[int], cells: list[tuple]) -> str:
    """wcxb-dev's mean F1 per host fold."""
    by: dict[int, list[float]] = defaultdict(list)
    for p, fold, cell in zip(pages, folds, cells, strict=True):
        if p["type"] != "aeb":
            by[fold].append(cell[0])
    return " / ".join(f"{statistics.mean(by[f]):.4f}" for f in sorted(by))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--oof-scores", type=Path, required=True)
    parser.add_argument(
        "--cache", type=Path, default=PROJECT_ROOT / "benchmarks" / "results" / "cache"
    )
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=VARIANTS)
    parser.add_argument("--no-chooser", action="store_true", help="skip the path chooser rows")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    started = time.perf_counter()
    score = load_module(args.shared / "score.py", "shared_score")
    set_dir = args.shared / "wcxb-dev"
    _, docs = score.load_set(str(set_dir))
    pages = cached_examples(docs, set_dir, args.cache)
    ns = argparse.Namespace(aeb_weight=1.0, no_cache=False, cache=args.cache)
    pages = pages + aeb_pages(score, args.shared / "aeb", ns)
    scores = dict(np.load(args.oof_scores))
    folds = tpc.fold_numbers(pages, None)
    print(
        f"{len(pages)} pages, {len(SETTINGS)} decoder settings "
        f"({time.perf_counter() - started:.0f} s)"
    )

    results: dict[str, dict] = {}
    for variant in args.variants:
        results[variant] = evaluate(score, pages, scores, variant)
        print(f"evaluated {variant} ({time.perf_counter() - started:.0f} s)")

    print("\nout of fold (wcxb-dev word F1 per type; AEB token F1 / AEB-F1)")
    for variant, res in results.items():
        print(f"-- {variant}: settings fitted per fold")
        picks = fitted_picks(pages, folds, res["settings"])
        base = res["base"]
        decoded = [row[k] for row, k in zip(res["settings"], picks, strict=True)]
        oracle = [
            max([*row, b], key=lambda c: c[0]) for row, b in zip(res["settings"], base, strict=True)
        ]
        shown = "choose" if variant != "alone" else "model alone (expected F1)"
        show(shown, score, pages, base)
        show(f"{variant} decoded (fitted)", score, pages, decoded)
        show(f"{variant} oracle per page", score, pages, oracle)
        print(f"  folds: {fold_means(pages, folds, base)} -> {fold_means(pages, folds, decoded)}")
        moved = [(d[0] - b[0]) for d, b in zip(decoded, base, strict=True)]
        up = sum(1 for m in moved if m > 0.01)
        down = sum(1 for m in moved if m < -0.01)
        print(f"  pages up / down by > 0.01: {up} / {down}")
        fixed_rows = [("rel", 0.0, hole) for hole in HOLES] + [("abs", 0.0, 0.0)]
        for setting in fixed_rows:  # the hole cost alone: the sequence's own effect
            index = SETTINGS.index(setting)
            show(f"  fixed {setting}", score, pages, [row[index] for row in res["settings"]])
        holes_only = [SETTINGS.index(("rel", 0.0, hole)) for hole in HOLES]
        best_hole = [
            max((row[i] for i in holes_only), key=lambda c: c[0]) for row in res["settings"]
        ]
        show("  oracle over the hole cost alone", score, pages, best_hole)
        results[variant]["picks"] = picks

    if not args.no_chooser and "decides" in results:
        print(f"\npath chooser rows ({time.perf_counter() - started:.0f} s)")
        rows = tpc.page_rows(score, pages, scores)
        chooser = tpc.out_of_fold(
            rows, tpc.fold_numbers(rows, None), tpc.MARGIN, len(PATHS) - 1, True
        )
        now = [(float(r["f1"][k]), r["aeb"][k]) for r, k in zip(rows, chooser, strict=True)]
        show("path chooser (shipped way)", score, pages, now)
        swapped = []
        dec = results["decides"]
        alone = results.get("alone")
        for i, k in enumerate(chooser):
            if PATHS[k] == "now":
                swapped.append(dec["settings"][i][dec["picks"][i]])
            elif PATHS[k] == "model" and alone is not None:
                swapped.append(alone["settings"][i][alone["picks"][i]])
            else:
                swapped.append(now[i])
        show("chooser + decoded", score, pages, swapped)
        print(f"  folds: {fold_means(pages, folds, now)} -> {fold_means(pages, folds, swapped)}")
    print(f"done ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
