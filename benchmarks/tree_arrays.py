"""The node arrays of a fitted scikit-learn ``HistGradientBoostingClassifier``, in the padded
layout ``scraper.extractor.model.TreeModel`` walks with numpy at run time (no scikit-learn in a
user's install). Shared by the body and text-dump training scripts."""

from __future__ import annotations

from typing import Any

import numpy as np


def boosted_tree_arrays(model: Any) -> dict[str, np.ndarray]:
    """feature, threshold, left, right, value (one row per tree, padded to the widest), the
    baseline log-odds and the deepest node's depth. A leaf points at itself."""
    trees = [predictors[0].nodes for predictors in model._predictors]
    width = max(len(nodes) for nodes in trees)
    shape = (len(trees), width)
    feature, left, right = (np.zeros(shape, dtype=np.int16) for _ in range(3))
    threshold, value = np.zeros(shape, dtype=np.float32), np.zeros(shape, dtype=np.float32)
    depth = 0
    for t, nodes in enumerate(trees):
        for i, node in enumerate(nodes):
            if node["is_leaf"]:
                left[t, i] = right[t, i] = i
                value[t, i] = node["value"]
            else:
                feature[t, i] = node["feature_idx"]
                # float32 thresholds: the comparison must match on float32 features
                threshold[t, i] = np.float32(node["num_threshold"])
                left[t, i], right[t, i] = node["left"], node["right"]
            depth = max(depth, int(node["depth"]))
    return {
        "feature": feature,
        "threshold": threshold,
        "left": left,
        "right": right,
        "value": value,
        "baseline": np.array(float(np.ravel(model._baseline_prediction)[0])),
        "depth": np.array(depth),
    }


def averaged_tree_arrays(members: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """K boosted models' arrays (``boosted_tree_arrays``) as one additive model whose raw score
    is the mean of theirs: every tree kept, its leaf values over K, the baselines averaged. The
    shipped walker runs it as it runs one model (K times the trees)."""
    width = max(member["feature"].shape[1] for member in members)

    def padded(name: str) -> np.ndarray:
        parts = []
        for member in members:
            array = member[name]
            pad = np.zeros((array.shape[0], width - array.shape[1]), dtype=array.dtype)
            parts.append(np.concatenate([array, pad], axis=1))
        return np.concatenate(parts, axis=0)

    count = len(members)
    value = padded("value")
    return {
        "feature": padded("feature"),
        "threshold": padded("threshold"),
        "left": padded("left"),
        "right": padded("right"),
        "value": (value / np.float32(count)).astype(value.dtype),
        "baseline": np.array(float(np.mean([float(m["baseline"]) for m in members]))),
        "depth": np.array(max(int(m["depth"]) for m in members)),
    }
