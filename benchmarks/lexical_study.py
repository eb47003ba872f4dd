"""The lexical line score's own figures (round eleven, branch ``body8``; not shipped).

    OMP_NUM_THREADS=1 python benchmarks/lexical_study.py terms        # weights, held-out AUC
    python benchmarks/lexical_study.py cost --limit 300 [--short 80]   # CPU against extract()

``terms``: the lexicon fitted on all pages of both sets (ladder-first labels), its most negative
and positive terms, and the score alone's held-out AUC over the same 5 domain folds (each
page's lines weighted equally), for all lines, English and other pages (``oof_by_language``'s
test) and lines of at most 12 words. ``cost``: per wcxb-dev page, ``extract()``'s CPU time and
the lexical columns' on the lines the block model reads (pages where it runs), interleaved in
one process, with a 6,000-term dict of the pages' most common terms.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lexical_fit
import lexical_terms
import train_body_model as trainer
from oof_by_language import is_english


def load_pages() -> list[dict]:
    score = trainer.load_module(trainer.DEFAULT_SHARED / "score.py", "shared_score")
    cache = trainer.PROJECT_ROOT / "benchmarks" / "results" / "cache"
    set_dir = trainer.DEFAULT_SHARED / "wcxb-dev"
    _, docs = score.load_set(str(set_dir))
    pages = trainer.cached_examples(docs, set_dir, cache)
    options = argparse.Namespace(no_cache=False, cache=cache, aeb_weight=1.0)
    pages += trainer.aeb_pages(score, trainer.DEFAULT_SHARED / "aeb", options)
    trainer.relabel(pages, "consume-ladder")
    return pages


def terms_report() -> None:
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    pages = load_pages()
    index = lexical_fit.prepare(pages)
    weights, bias = lexical_fit.fit_lexical(pages, index)
    ranked = sorted(weights.items(), key=lambda item: item[1])
    print(f"{len(weights)} terms, bias {bias:.3f}")
    print("most boilerplate: " + ", ".join(f"{k!r} {v:.2f}" for k, v in ranked[:40]))
    print("most content: " + ", ".join(f"{k!r} {v:.2f}" for k, v in ranked[::-1][:40]))
    labels, scores, shares, english, short = [], [], [], [], []
    groups = [page["domain"] for page in pages]
    for train, test in GroupKFold(n_splits=trainer.FOLDS).split(pages, groups=groups):
        model = lexical_fit.fit_lexical([pages[i] for i in train], index)
        for i in test:
            page, n = pages[i], len(pages[i]["y"])
            if not n:
                continue
            labels.append(page["y"])
            scores.append(lexical_fit.page_columns(page, model)[:, 0])
            shares.append(np.full(n, 1.0 / n))
            english.append(np.full(n, is_english(page["gold"])))
            short.append(
                np.array([len(line.text.split()) <= 12 for line in page["page"].blocks.lines])
            )
    y, s, u, e, sh = map(np.concatenate, (labels, scores, shares, english, short))
    for name, mask in (("all", np.ones_like(e)), ("english", e), ("other", ~e), ("short", sh)):
        auc = roc_auc_score(y[mask], s[mask], sample_weight=u[mask])
        print(f"held-out AUC, {name} lines: {auc:.4f} ({int(mask.sum())} lines)")


def cost_report(limit: int) -> None:
    from scraper import extract
    from scraper.extractor.body import analyse_page
    from scraper.extractor.parse import parse_html

    score = trainer.load_module(trainer.DEFAULT_SHARED / "score.py", "shared_score")
    _, docs = score.load_set(str(trainer.DEFAULT_SHARED / "wcxb-dev"))
    docs = docs[:limit]
    counts: Counter[str] = Counter()
    texts_of = []
    for doc in docs:
        page = analyse_page(parse_html(doc["html"]))
        texts = None if page.blocks is None else [line.text for line in page.blocks.lines]
        texts_of.append(texts)
        for words in lexical_terms.page_words(texts or []):
            counts.update(lexical_terms.line_terms(words))
    common = counts.most_common(lexical_fit.MAX_TERMS)
    weights = {term: 0.01 * (i % 7 - 3) for i, (term, _) in enumerate(common)}
    extract_time = lexical_time = 0.0
    for doc, texts in zip(docs, texts_of, strict=True):
        started = time.process_time()
        extract(doc["html"], url=doc.get("url"))
        extract_time += time.process_time() - started
        if texts is not None:
            started = time.process_time()
            lexical_fit.columns(texts, weights, 0.0)
            lexical_time += time.process_time() - started
    runs = sum(texts is not None for texts in texts_of)
    print(
        f"{len(docs)} pages, the model runs on {runs}: extract {extract_time / len(docs) * 1e3:.2f}"
        f" ms/page, lexical columns {lexical_time / len(docs) * 1e3:.3f} ms/page "
        f"({lexical_time / extract_time:.1%} of extract)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("terms", "cost"))
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--short", type=int, default=0, help="lexical_terms.SHORT_CHARS")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    lexical_terms.SHORT_CHARS = args.short
    if args.what == "terms":
        terms_report()
    else:
        cost_report(args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
