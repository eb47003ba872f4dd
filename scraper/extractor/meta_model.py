"""Small learned rankers for metadata: a linear score per candidate, weights in a JSON file.

``benchmarks/train_meta_model.py`` fits one logistic regression per field (title: which
candidate is the headline; authors and date_published: which candidate is right, and whether
any is right enough to give) on wcxb-dev, and writes ``meta_model.json`` beside this module.
Inference is a dot product over a handful of named features per candidate, or (a field whose
entry holds ``trees``) a few dozen small gradient-boosted trees walked in pure Python: no
dependency, microseconds per page. A field the file does not cover falls back to the hand-set
precedence.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = [
    "GATE_SUFFIX",
    "MODEL_PATH",
    "FieldModel",
    "field_model",
    "gate_features",
    "load_models",
    "models_read",
]

try:  # the trees walked over C arrays (optional: without the build the generated Python runs)
    from scraper.extractor._cmeta import Trees as _CompiledTrees
except (ImportError, TypeError, ValueError):
    _CompiledTrees = None

MODEL_PATH = Path(__file__).with_name("meta_model.json")
# The trees scored in C when built: the same comparisons and additions, the same float
# (``_cmeta.Trees``; tests pin it to the generated Python function).
COMPILED_TREES = True
# A field's page gate is stored as a field of its own, named with this suffix ("authors:gate").
GATE_SUFFIX = ":gate"


# One tree node: (feature name, threshold, left child, right child, leaf value); a leaf has
# no feature name. A feature a candidate lacks counts as 0, as in training.
TreeNode = tuple[str | None, float, int, int, float]


@dataclass(frozen=True, slots=True)
class FieldModel:
    """One field's model: ``probability(features)`` is P(this candidate is the right one)."""

    weights: dict[str, float]
    bias: float
    threshold: float = 0.0
    trees: tuple[tuple[TreeNode, ...], ...] = ()
    _compiled: Callable[[dict[str, float]], float] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    # the same trees over C arrays (``_cmeta.Trees``), when built: read while COMPILED_TREES
    _compiled_c: Callable[[dict[str, float]], float] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def score(self, features: dict[str, float]) -> float:
        if self.trees:
            compiled = self._compiled
            if compiled is None:
                compiled = _compile_trees(self.bias, self.trees) or self._walk_trees
                object.__setattr__(self, "_compiled", compiled)
                if _CompiledTrees is not None:
                    in_c = _CompiledTrees(self.bias, self.trees, compiled).score
                    object.__setattr__(self, "_compiled_c", in_c)
            if COMPILED_TREES and self._compiled_c is not None:
                return self._compiled_c(features)
            return compiled(features)
        total = self.bias
        weights = self.weights
        for name, value in features.items():
            if value:
                total += weights.get(name, 0.0) * value
        return total

    def _walk_trees(self, features: dict[str, float]) -> float:
        """The reference walk; also the fallback when the trees cannot be compiled."""
        total = self.bias
        for nodes in self.trees:
            node = nodes[0]
            while node[0] is not None:
                value = features.get(node[0], 0.0)
                node = nodes[node[2] if value <= node[1] else node[3]]
            total += node[4]
        return total

    def probability(self, features: dict[str, float]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, self.score(features)))))


def _compile_trees(
    bias: float, trees: tuple[tuple[TreeNode, ...], ...]
) -> Callable[[dict[str, float]], float] | None:
    """The trees as one generated function of nested ``if``s: the same comparisons and the same
    additions in the same order as ``_walk_trees`` (exact float literals), a few times faster.
    ``None`` (walk them instead) when a number has no exact literal (inf, nan)."""
    numbers = [bias] + [value for nodes in trees for node in nodes for value in node[1:5:3]]
    if not all(math.isfinite(value) for value in numbers):
        return None
    names = sorted({node[0] for nodes in trees for node in nodes if node[0] is not None})
    local = {name: f"v{index}" for index, name in enumerate(names)}
    lines = ["def score(features):", "    get = features.get"]
    lines += [f"    {local[name]} = get({name!r}, 0.0)" for name in names]
    lines.append(f"    total = {bias!r}")

    def emit(nodes: tuple[TreeNode, ...], index: int, depth: int) -> None:
        node = nodes[index]
        pad = "    " * depth
        if node[0] is None:
            lines.append(f"{pad}total += {node[4]!r}")
            return
        lines.append(f"{pad}if {local[node[0]]} <= {node[1]!r}:")
        emit(nodes, node[2], depth + 1)
        lines.append(f"{pad}else:")
        emit(nodes, node[3], depth + 1)

    for nodes in trees:
        emit(nodes, 0, 1)
    lines.append("    return total")
    namespace: dict[str, Callable[[dict[str, float]], float]] = {}
    exec(compile("\n".join(lines), "<meta_model trees>", "exec"), namespace)
    return namespace["score"]


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
            weights={key: float(value) for key, value in (spec.get("weights") or {}).items()},
            bias=float(spec.get("bias", 0.0)),
            threshold=float(spec.get("threshold", 0.0)),
            trees=tuple(
                tuple(
                    (node[0], float(node[1]), int(node[2]), int(node[3]), float(node[4]))
                    for node in tree
                )
                for tree in spec.get("trees") or ()
            ),
        )
    return models


def field_model(name: str) -> FieldModel | None:
    return load_models().get(name)


@lru_cache(maxsize=32)
def models_read(prefix: str, *names: str) -> bool:
    """Does any of the named models (a field, its page gate) read a feature of ``prefix``?
    Features no shipped model reads need not be computed outside training."""
    models = load_models()
    for name in names:
        model = models.get(name)
        if model is None:
            continue
        if any(key.startswith(prefix) for key in model.weights):
            return True
        if any(n[0] and n[0].startswith(prefix) for nodes in model.trees for n in nodes):
            return True
    return False


def gate_features(
    best: dict[str, float], probabilities: Sequence[float], keys: Sequence[object], index: int
) -> dict[str, float]:
    """What a field's page gate reads: the ranker's pick (its features, page-level evidence
    among them) and how the ranker's trust is spread over the page's candidates. A page that
    carries a writer or a date usually has one value that several sources agree on and that
    the ranker trusts far more than the runner-up; a page without one has scattered, weak
    candidates. ``keys`` say which candidates give the same value."""
    top = probabilities[index]
    mine = keys[index]
    runner_up = max(
        (p for p, key in zip(probabilities, keys, strict=True) if key != mine), default=0.0
    )
    total = sum(probabilities) or 1.0
    same = sum(p for p, key in zip(probabilities, keys, strict=True) if key == mine)
    features = dict(best)
    features.update(
        {
            "g:top": top,
            "g:runner_up": runner_up,
            "g:margin": top - runner_up,
            "g:support": same / total,
            "g:values": min(len(set(keys)), 6) / 6.0,
            "g:strong": min(sum(1 for p in probabilities if p >= 0.5), 4) / 4.0,
        }
    )
    return features
