"""Averaged tree models in the metadata trainer (``train_meta_model.py --ensemble``): K boosted
models exported as one tree list with leaves / K score what the average scores, through the
walker ``extract()`` uses, so the file format and inference need nothing new."""

from __future__ import annotations

import random

import numpy as np
import pytest

pytest.importorskip("sklearn")

from benchmarks import train_meta_model as trainer
from scraper.extractor.meta_model import FieldModel

NAMES = ["a", "b", "c", "d"]


def _pages(count: int = 120) -> list[dict]:
    """Pages of three candidates each; the right one leans on features a and b."""
    rng = random.Random(7)
    pages = []
    for n in range(count):
        cands = []
        for _ in range(3):
            features = {name: round(rng.random(), 3) for name in NAMES}
            label = features["a"] + 0.5 * features["b"] + 0.3 * rng.random() > 1.0
            cands.append((features, label, label))
        pages.append({"id": f"p{n}", "host": f"site{n % 30}", "fields": {"authors": cands}})
    return pages


def _model(spec: dict) -> FieldModel:
    trees = tuple(tuple((n[0], n[1], n[2], n[3], n[4]) for n in tree) for tree in spec["trees"])
    return FieldModel(weights={}, bias=spec["bias"], trees=trees)


@pytest.fixture
def ensemble(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trainer, "ENSEMBLE", {"authors": 3})
    monkeypatch.setattr(
        trainer, "ENSEMBLE_PARAMS", {"authors": {"max_features": 0.5, "hosts": 0.8}}
    )


def test_averaged_members_export_as_one_additive_model(ensemble: None) -> None:
    pages = _pages()
    fitted = trainer.fit_trees("authors", pages, NAMES)
    assert isinstance(fitted, trainer.Ensemble) and len(fitted.members) == 3
    spec = fitted.export(NAMES)
    assert len(spec["trees"]) == 3 * trainer.TREE_PARAMS["max_iter"]
    rows = [features for page in pages[:20] for features, _, _ in page["fields"]["authors"]]
    expected = fitted.raw(trainer.matrix(rows, NAMES))
    walked = np.array([_model(spec).score(row) for row in rows])
    assert np.allclose(walked, expected, atol=1e-4)


def test_members_differ_by_seed_and_their_average_is_smoother(ensemble: None) -> None:
    fitted = trainer.fit_trees("authors", _pages(), NAMES)
    x = trainer.matrix([{name: 0.5 for name in NAMES}, {"a": 0.9, "b": 0.8}], NAMES)
    raws = [member.raw(x) for member in fitted.members]
    assert not np.allclose(raws[0], raws[1])
    assert np.allclose(fitted.raw(x), sum(raws) / 3)


def test_one_member_is_the_single_model() -> None:
    pages = _pages()
    single = trainer.fit_trees("authors", pages, NAMES)
    assert not isinstance(single, trainer.Ensemble)
    assert single.model.random_state == 0
    assert len(single.export(NAMES)["trees"]) == trainer.TREE_PARAMS["max_iter"]
