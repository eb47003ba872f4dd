"""Small learned rankers for metadata: a linear score per candidate, weights in a JSON file.

``benchmarks/train_meta_model.py`` fits one logistic regression per field (title: which
candidate is the headline; authors and date_published: which candidate is right, and whether
any is right enough to give) on wcxb-dev, and writes ``meta_model.json`` beside this module.
Inference is a dot product over a handful of named features per candidate: no dependency,
microseconds per page. A field the file does not cover falls back to the hand-set precedence.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["MODEL_PATH", "FieldModel", "field_model", "load_models"]

MODEL_PATH = Path(__file__).with_name("meta_model.json")


@dataclass(frozen=True, slots=True)
class FieldModel:
    """One field's weights: ``probability(features)`` is P(this candidate is the right one)."""

    weights: dict[str, float]
    bias: float
    threshold: float = 0.0

    def score(self, features: dict[str, float]) -> float:
        total = self.bias
        weights = self.weights
        for name, value in features.items():
            if value:
                total += weights.get(name, 0.0) * value
        return total

    def probability(self, features: dict[str, float]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, self.score(features)))))


@lru_cache(maxsize=1)
def load_models() -> dict[str, FieldModel]:
    """Read the weights once per process; an absent or unreadable file means no model."""
    try:
        raw = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    models: dict[str, FieldModel] = {}
    for name, spec in (raw.get("fields") or {}).items():
        models[name] = FieldModel(
            weights={key: float(value) for key, value in spec["weights"].items()},
            bias=float(spec.get("bias", 0.0)),
            threshold=float(spec.get("threshold", 0.0)),
        )
    return models


def field_model(name: str) -> FieldModel | None:
    return load_models().get(name)
