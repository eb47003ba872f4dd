"""Out-of-fold F1 split by the gold text's language: English or not (branch ``body8``).

    python benchmarks/oof_by_language.py /tmp/base.npz /tmp/lex.npz   # scores from --oof-scores

Each file holds out-of-fold block scores (``train_body_model.py --oof-scores``, with ``--aeb
score|train`` for AEB's pages); every page is extracted through ``choose_lines`` and scored
with the shared scorer's word F1, and the means are printed for English pages, the others,
and per page type among the others. A page is English when at least 4% of its gold words are
among a dozen English function words (wcxb-dev carries no language field): a lexical feature
learned mostly on English pages could help them and not the rest.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import warnings
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_body_model as trainer

ENGLISH = frozenset(
    ("the", "and", "of", "to", "in", "is", "that", "for", "with", "it", "on", "are", "this", "was")
)


def is_english(gold: str) -> bool:
    words = trainer.WORD_RE.findall(gold.lower())
    return bool(words) and sum(word in ENGLISH for word in words) >= 0.04 * len(words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scores", type=Path, nargs="+")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    score = trainer.load_module(trainer.DEFAULT_SHARED / "score.py", "shared_score")
    cache = trainer.PROJECT_ROOT / "benchmarks" / "results" / "cache"
    set_dir = trainer.DEFAULT_SHARED / "wcxb-dev"
    _, docs = score.load_set(str(set_dir))
    pages = trainer.cached_examples(docs, set_dir, cache)
    options = argparse.Namespace(no_cache=False, cache=cache, aeb_weight=1.0)
    pages += trainer.aeb_pages(score, trainer.DEFAULT_SHARED / "aeb", options)
    for path in args.scores:
        saved = np.load(path)
        cells: dict[str, list[float]] = defaultdict(list)
        for page in pages:
            if page["id"] not in saved:
                continue
            lines = trainer.choose_lines(page["page"], saved[page["id"]], trainer.KEEP_THRESHOLD)
            f1 = score.bow_prf(page["gold"], trainer.lines_to_text(lines))[2]
            english = is_english(page["gold"])
            cells["english" if english else "other"].append(f1)
            if not english:
                cells[f"other / {page['type']}"].append(f1)
        figures = "  ".join(
            f"{name} {statistics.mean(values):.4f} ({len(values)})"
            for name, values in sorted(cells.items())
        )
        print(f"{path}: {figures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
