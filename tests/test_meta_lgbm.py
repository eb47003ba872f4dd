"""LightGBM rankers in the metadata trainer (``train_meta_model.py --lgbm``, a study of round
twenty-eight): the booster exported into the node lists ``meta_model.py`` walks scores what
LightGBM scores (splits ``<=``, absent features as 0, the leaves summed), in the Python walker,
the generated function and the C walker alike. Skipped without lightgbm (not a CI extra)."""

from __future__ import annotations

import random

import numpy as np
import pytest

pytest.importorskip("lightgbm")

from benchmarks import train_meta_model as trainer
from scraper.extractor.meta_model import FieldModel

NAMES = ["a", "b", "flag", "rank", "rel:-max:a"]


def _pages(count: int = 200) -> list[dict]:
    """Pages of 2-5 candidates; most columns absent (0) on most rows, as in the cache."""
    rng = random.Random(3)
    pages = []
    for n in range(count):
        cands = []
        size = rng.randint(2, 5)
        for r in range(size):
            features = {"rank": float(r)}
            if rng.random() < 0.6:
                features["a"] = round(rng.random(), 3)
            if rng.random() < 0.3:
                features["b"] = float(rng.randint(1, 9))
            if rng.random() < 0.4:
                features["flag"] = 1.0
            cands.append(features)
        top = max(features.get("a", 0.0) for features in cands)
        best = max(range(size), key=lambda i: cands[i].get("a", 0.0) + cands[i].get("flag", 0.0))
        rows = []
        for i, features in enumerate(cands):
            if features.get("a", 0.0) - top:
                features["rel:-max:a"] = features.get("a", 0.0) - top
            rows.append((features, i == best, i == best))
        pages.append({"id": f"p{n}", "host": f"site{n % 40}", "fields": {"date_published": rows}})
    return pages


def _model(spec: dict) -> FieldModel:
    trees = tuple(tuple((n[0], n[1], n[2], n[3], n[4]) for n in tree) for tree in spec["trees"])
    return FieldModel(weights={}, bias=spec["bias"], trees=trees)


@pytest.mark.parametrize("objective", ["lambdarank", "rank_xendcg", "binary"])
def test_exported_booster_scores_as_lightgbm(
    objective: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trainer, "LGBM", {"date_published": objective})
    pages = _pages()
    fitted = trainer.fit_trees("date_published", pages, NAMES)
    assert isinstance(fitted, trainer.LgbTrees)
    spec = fitted.export(NAMES)
    assert len(spec["trees"]) == trainer.LGBM_PARAMS["n_estimators"]
    rows = [features for page in pages for features, _, _ in page["fields"]["date_published"]]
    rows += [{}, {"a": 0.0, "b": 0.0}, {"a": 1.0, "flag": 1.0, "b": 100.0}]
    expected = fitted.booster.predict(trainer.matrix(rows, NAMES), raw_score=True)
    model = _model(spec)
    walked = np.array([model._walk_trees(row) for row in rows])
    assert np.max(np.abs(walked - expected)) < 1e-9
    scored = np.array([model.score(row) for row in rows])  # generated or C walker
    assert np.max(np.abs(scored - expected)) < 1e-9


def test_ranker_learns_the_page_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trainer, "LGBM", {"date_published": "lambdarank"})
    pages = _pages()
    fitted = trainer.fit_trees("date_published", pages[:150], NAMES)
    right = 0
    for page in pages[150:]:
        cands = page["fields"]["date_published"]
        z = fitted.raw(trainer.matrix([f for f, _, _ in cands], NAMES))
        right += bool(cands[int(np.argmax(z))][1])
    assert right >= 40  # of 50 held-out pages
