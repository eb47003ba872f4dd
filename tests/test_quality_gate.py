"""Quality gate: extract() on the AEB development set must stay above a pinned floor.

Uses the shared scorer's own metric functions (imported by path), so the figures are the ones
``score.py`` reports. Skipped cleanly when ../shared/benchmarks/aeb is not present.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from scraper import extract

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks"
# Pinned a little under what the extractor reaches (0.983 token F1, 0.980 AEB-style F1 with the
# block model; the floor for both is 0.975).
MIN_TOKEN_F1 = 0.978
MIN_AEB_F1 = 0.975
MAX_FAILED_PAGES = 0


def load_score() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def aeb_rows() -> list[dict]:
    if not (SHARED / "aeb" / "ground-truth.json").exists():
        pytest.skip("../shared/benchmarks/aeb is not available")
    score = load_score()
    _, docs = score.load_set(str(SHARED / "aeb"))
    rows, _ = score.run(lambda html, url: extract(html, url).text, docs, timeout=0)
    return rows


def test_token_f1_above_floor(aeb_rows: list[dict]) -> None:
    score = load_score()
    summary = score.summarize(aeb_rows)
    assert summary["f1"] >= MIN_TOKEN_F1, f"token F1 fell to {summary['f1']:.4f}"


def test_aeb_style_f1_above_floor(aeb_rows: list[dict]) -> None:
    score = load_score()
    summary = score.summarize(aeb_rows)
    assert summary["aeb"]["f1"] >= MIN_AEB_F1, f"AEB-style F1 fell to {summary['aeb']['f1']:.4f}"


def test_no_page_fails_or_comes_back_empty(aeb_rows: list[dict]) -> None:
    failed = [row["id"] for row in aeb_rows if row["error"] or row["empty"]]
    assert len(failed) <= MAX_FAILED_PAGES, failed


# wcxb-dev (1,476 pages of seven kinds). The shipped model was trained on these pages, so its
# figure here is optimistic; the floor is pinned a little under the OUT-OF-FOLD figure (trained
# on other domains, benchmarks/README.md), so it guards against regressions, not overfitting.
MIN_WCXB_F1 = 0.82  # out-of-fold 0.851 (benchmarks/README.md); in-sample 0.873
WCXB_SAMPLE = 300  # every fourth page (369 pages): the gate stays fast


@pytest.fixture(scope="module")
def wcxb_rows() -> list[dict]:
    if not (SHARED / "wcxb-dev" / "ground-truth.json").exists():
        pytest.skip("../shared/benchmarks/wcxb-dev is not available")
    score = load_score()
    _, docs = score.load_set(str(SHARED / "wcxb-dev"))
    sample = docs[:: max(1, len(docs) // WCXB_SAMPLE)]
    rows, _ = score.run(lambda html, url: extract(html, url).text, sample, timeout=0)
    return rows


def test_wcxb_token_f1_above_floor(wcxb_rows: list[dict]) -> None:
    score = load_score()
    summary = score.summarize(wcxb_rows)
    assert summary["f1"] >= MIN_WCXB_F1, f"wcxb-dev token F1 fell to {summary['f1']:.4f}"
