"""Round twenty-seven (issue 11): does a line read like running prose by its function words?

jusText's main signal, stop-word density, screened as extra block-model columns:

    OMP_NUM_THREADS=1 python benchmarks/body_prose.py --columns stop_share,log_stops \
        --scores oof.npz --page-f1 f1.json
    python benchmarks/train_path_choice.py --no-save --aeb train --oof-scores oof.npz
    python benchmarks/body_prose.py --columns stop_share,log_stops --seed 1 --scores oof1.npz
    python benchmarks/body_prose.py --columns stop_share,jt_class --auc main-oof.npz  # AUCs

``--seed S`` sets the trees' ``random_state`` (their binning sample): main's own score moves by
0.002-0.004 from seed to seed, so a column is judged seed-matched over several seeds (an empty
``--columns`` is main).

Main's protocol exactly (``body_variants.py base --aeb train --labels consume-ladder``: the same
cached examples, labels, 5 host folds over both sets, learner): only the named columns are
appended to each line's feature row. The columns are read from the lines' texts (kept in the
examples) and, for the parent-context means, from each line's parent element, found by a side
pass over the pages (its own cache beside the examples). Candidates (``prose_columns``):

- ``stop_share``: the line's whitespace words in the page's stop list (``textfeatures``' lists
  and lookup: the list with most hits over the page), over its words; ``log_stops`` their count.
- ``top_share``: the share of its words (lower-cased ``\\w+``) among the page's own ``K`` most
  frequent words (a language-free stand-in for function words).
- ``*_window5``: the share's mean over the 5-line window; ``*_parent``: its words-weighted share
  over the lines of the line's parent element.
- ``wstop_*``: the same over the lower-cased ``\\w+`` words (punctuation split off).
- ``jt_class``, ``jt_good``: jusText's own verdicts on the lines (``justext_classes``): its
  context-free class (0 bad, 1 short, 2 near-good, 3 good) and its final good / bad.
- ``noise``: a control, uniform noise per line (what an uninformative column costs).
- ``chrome_share``: the line's words in ``textfeatures``' fixed chrome vocabulary, over its words.
"""

from __future__ import annotations

import argparse
import logging
import pickle
import sys
import warnings
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import body_variants
import train_body_model as trainer

from scraper.extractor import textfeatures
from scraper.extractor.body import analyse_page
from scraper.extractor.parse import parse_html

WORD_RE = trainer.WORD_RE
LANGUAGES = len(textfeatures._STOPWORDS)
CHROME_BIT = 1 << LANGUAGES
SIDE_CACHE = trainer.PROJECT_ROOT / "benchmarks" / "results" / "cache"  # beside the examples


def parent_groups(docs: list[dict[str, Any]], set_dir: Path) -> dict[str, np.ndarray]:
    """Each page's lines' parent-element ids (0..m-1, by first use), cached by set: the
    examples keep no contexts, so the pages are parsed once more (the same ``analyse_page``)."""
    path = SIDE_CACHE / f"parents-{set_dir.name}-{trainer.cache_key(set_dir)}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    out: dict[str, np.ndarray] = {}
    for doc in docs:
        root = parse_html(doc["html"])
        if root is None:
            continue
        contexts = analyse_page(root, all_blocks=True).blocks.contexts
        ids: dict[int, int] = {}
        parents = [ctx.parent if ctx.parent is not None else ctx for ctx in contexts]
        out[doc["id"]] = np.array([ids.setdefault(id(p), len(ids)) for p in parents], np.int64)
    SIDE_CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
    return out


def window_mean(column: np.ndarray, radius: int = 2) -> np.ndarray:
    """Mean over the rows within ``radius`` of each row (``features._window_mean``)."""
    n = len(column)
    padded = np.concatenate([[0.0], np.cumsum(column)])
    index = np.arange(n)
    low, high = np.maximum(index - radius, 0), np.minimum(index + radius + 1, n)
    return (padded[high] - padded[low]) / (high - low)


def group_share(hits: np.ndarray, words: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Per line, the hits over the words of all lines of its group (its parent element)."""
    size = int(groups.max()) + 1 if len(groups) else 0
    hit_sum = np.bincount(groups, weights=hits, minlength=size)
    word_sum = np.bincount(groups, weights=words, minlength=size)
    return hit_sum[groups] / np.maximum(word_sum[groups], 1.0)


BAD, SHORT, NEARGOOD, GOOD = range(4)
# jusText's thresholds (``justext.core``'s defaults); its stop-word ones scaled by 0.79, the
# density ``textfeatures``' shorter English list gives over jusText's on the gold texts
# (0.339 / 0.427 of wcxb-dev's gold words: a property of the lists, not of the labels)
JT_LENGTH_LOW, JT_LENGTH_HIGH, JT_LINKS = 70, 200, 0.2
JT_STOP_LOW, JT_STOP_HIGH = 0.30 * 0.79, 0.32 * 0.79
JT_HEADING_DISTANCE = 200


def justext_classes(lines: list[Any], stop_share: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """jusText's context-free class of each line (bad, short, near-good, good) and its final
    verdict after the context-sensitive revision (``justext.core``, as written there)."""
    n = len(lines)
    free = np.zeros(n, dtype=np.int64)
    heading = [line.kind in ("h1", "h2", "h3", "h4", "h5", "h6") for line in lines]
    for i, line in enumerate(lines):
        size = len(line.text)
        if (size and line.link_chars / size > JT_LINKS) or "\xa9" in line.text:
            free[i] = BAD
        elif size < JT_LENGTH_LOW:
            free[i] = BAD if line.link_chars > 0 else SHORT
        elif stop_share[i] >= JT_STOP_HIGH:
            free[i] = GOOD if size > JT_LENGTH_HIGH else NEARGOOD
        else:
            free[i] = NEARGOOD if stop_share[i] >= JT_STOP_LOW else BAD
    final = free.copy()

    def neighbour(i: int, step: int, ignore_near: bool) -> int:
        i += step
        while 0 <= i < n:
            if final[i] in (GOOD, BAD) or (final[i] == NEARGOOD and not ignore_near):
                return int(final[i])
            i += step
        return BAD

    def good_follows(i: int) -> bool:
        j, distance = i + 1, 0
        while j < n and distance <= JT_HEADING_DISTANCE:
            if final[j] == GOOD:
                return True
            distance += len(lines[j].text)
            j += 1
        return False

    for i in range(n):
        if heading[i] and final[i] == SHORT and good_follows(i):
            final[i] = NEARGOOD
    revised = {}
    for i in np.flatnonzero(final == SHORT).tolist():
        before, after = neighbour(i, -1, True), neighbour(i, 1, True)
        if before == after:
            revised[i] = before
        elif (before == BAD and neighbour(i, -1, False) == NEARGOOD) or (
            after == BAD and neighbour(i, 1, False) == NEARGOOD
        ):
            revised[i] = GOOD
        else:
            revised[i] = BAD
    for i, value in revised.items():
        final[i] = value
    for i in np.flatnonzero(final == NEARGOOD).tolist():
        both_bad = neighbour(i, -1, True) == BAD and neighbour(i, 1, True) == BAD
        final[i] = BAD if both_bad else GOOD
    for i in range(n):
        if heading[i] and final[i] == BAD and free[i] != BAD and good_follows(i):
            final[i] = GOOD
    return free.astype(np.float64), (final == GOOD).astype(np.float64)


def prose_columns(lines: list[Any], groups: np.ndarray | None, top_k: int) -> dict[str, Any]:
    """Every candidate column of one page's lines (name -> float array)."""
    texts = [line.text for line in lines]
    n = len(texts)
    codes_of = textfeatures._CODES.get
    tokens = [text.split() for text in texts]
    words = np.array([max(len(t), 1) for t in tokens], dtype=np.float64)
    per_line = np.zeros((n, LANGUAGES + 1))
    for i, line_tokens in enumerate(tokens):
        for token in line_tokens:
            code = codes_of(token, 0)
            if code:
                for bit in range(LANGUAGES + 1):
                    per_line[i, bit] += (code >> bit) & 1
    language = int(np.argmax(per_line[:, :LANGUAGES].sum(axis=0))) if n else 0
    stops = per_line[:, language]
    chrome = per_line[:, LANGUAGES]
    lowered = [WORD_RE.findall(text.lower()) for text in texts]
    common = {w for w, _ in Counter(w for ws in lowered for w in ws).most_common(top_k)}
    tops = np.array([sum(w in common for w in ws) for ws in lowered], dtype=np.float64)
    top_words = np.array([max(len(ws), 1) for ws in lowered], dtype=np.float64)
    stop_share = stops / words
    top_share = tops / top_words
    stop_list = list(textfeatures._STOPWORDS.values())[language]
    wstops = np.array([sum(w in stop_list for w in ws) for ws in lowered], dtype=np.float64)
    columns = {
        "stop_share": stop_share,
        "log_stops": np.log1p(stops),
        "stop_window5": window_mean(stop_share),
        "top_share": top_share,
        "top_window5": window_mean(top_share),
        "chrome_share": chrome / words,
        "log_top": np.log1p(tops),
        "wstop_share": wstops / top_words,
        "wstop_window5": window_mean(wstops / top_words),
        "log_wstops": np.log1p(wstops),
    }
    columns["jt_class"], columns["jt_good"] = justext_classes(lines, stop_share)
    # a control: a column of noise (seeded by the page's text), what any new column costs
    seed = zlib.crc32("\n".join(texts).encode("utf-8", "surrogatepass"))
    columns["noise"] = np.random.default_rng(seed).random(n)
    if groups is not None:
        columns["stop_parent"] = group_share(stops, words, groups)
        columns["wstop_parent"] = group_share(wstops, top_words, groups)
        columns["top_parent"] = group_share(tops, top_words, groups)
    return columns


def add_columns(pages: list[dict], names: list[str], groups: dict, top_k: int) -> None:
    """Append the named columns to each page's feature rows (float32, in place)."""
    if not names:
        return
    for page in pages:
        table = prose_columns(page["page"].blocks.lines, groups.get(page["id"]), top_k)
        extra = np.array([table[name] for name in names], dtype=np.float32).reshape(len(names), -1)
        extra = extra.T
        page["X"] = np.ascontiguousarray(np.hstack([page["X"], extra]), dtype=np.float32)


def column_aucs(pages: list[dict], names: list[str]) -> None:
    """Each column's ranking of content lines (ROC AUC, each page's lines by their weights)
    on wcxb-dev, over all lines and where main's out-of-fold block scores (``oof``) sit
    between 0.2 and 0.8 (where a new signal would have to help), beside those scores' own."""
    from sklearn.metrics import roc_auc_score

    web = [page for page in pages if page["type"] != "aeb"]
    base = trainer.FEATURE_NAMES.index("log_words")
    y, w, s = (np.concatenate([p[k] for p in web]) for k in ("y", "w", "oof"))
    band = (s > 0.2) & (s < 0.8)
    print(f"{band.sum()} of {len(y)} lines scored 0.2-0.8; AUC all / there:")
    width = len(trainer.FEATURE_NAMES)
    columns = {
        "(out-of-fold scores)": s,
        "(log_words)": np.concatenate([p["X"][:, base] for p in web]),
    }
    for index, name in enumerate(names):
        columns[name] = np.concatenate([p["X"][:, width + index] for p in web])
    for name, values in columns.items():
        whole = roc_auc_score(y, values, sample_weight=w)
        there = roc_auc_score(y[band], values[band], sample_weight=w[band])
        print(f"  {name}: {whole:.3f} / {there:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--columns", default="", help="comma-separated candidate columns")
    parser.add_argument("--top-k", type=int, default=30, help="top_share's K")
    parser.add_argument("--scores", type=Path, help="where to save the out-of-fold scores")
    parser.add_argument("--auc", type=Path, help="main's out-of-fold scores: columns' AUC, exit")
    parser.add_argument("--page-f1", type=Path)
    parser.add_argument("--seed", type=int, default=0, help="the trees' random_state")
    args = parser.parse_args(argv)
    names = [name for name in args.columns.split(",") if name]
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")

    score = trainer.load_module(trainer.DEFAULT_SHARED / "score.py", "shared_score")
    cache = trainer.PROJECT_ROOT / "benchmarks" / "results" / "cache"
    pages: list[dict] = []
    groups: dict[str, np.ndarray] = {}
    for name in ("wcxb-dev", "aeb"):
        set_dir = trainer.DEFAULT_SHARED / name
        _, docs = score.load_set(str(set_dir))
        if name == "aeb":
            aeb_args = argparse.Namespace(no_cache=False, cache=cache, aeb_weight=1.0)
            pages += trainer.aeb_pages(score, set_dir, aeb_args)
        else:
            pages += trainer.cached_examples(docs, set_dir, cache)
        if any(n.endswith("_parent") for n in names):
            prefix = trainer.AEB_PREFIX if name == "aeb" else ""
            groups.update({prefix + k: v for k, v in parent_groups(docs, set_dir).items()})
    trainer.relabel(pages, "consume-ladder")
    add_columns(pages, names, groups, args.top_k)
    print(f"{len(pages)} pages, columns +{names}, {pages[0]['X'].shape[1]} in all", flush=True)
    if args.auc:  # main's out-of-fold scores
        saved = np.load(args.auc)
        for page in pages:
            page["oof"] = saved[page["id"]]
        column_aucs(pages, names)
        return 0
    params = {**trainer.PARAMS, "random_state": args.seed}
    scores, rows, aeb_rows, _ = body_variants.cross_validate(
        score, pages, lambda trained: body_variants.fit_averaged(trained, "base", params, 1, 1.0, 0)
    )
    figures = trainer.table(rows)
    aeb_held = [p for p in pages if p["type"] == "aeb"]
    figures.update(
        {f"aeb_{k}": v for k, v in trainer.aeb_oof_figures(score, aeb_held, scores).items()}
    )
    print("out of fold: " + "  ".join(f"{k} {v:.4f}" for k, v in figures.items()))
    if args.page_f1:
        body_variants.write_page_f1(args.page_f1, rows, aeb_rows)
    if args.scores:
        np.savez_compressed(args.scores, **scores)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
