"""K boosted models averaged as one tree model (``benchmarks/tree_arrays.averaged_tree_arrays``):
the shipped walker must score the mean of their raw scores (``body_variants.py --bag``)."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.train_body_model import as_tree_model
from benchmarks.tree_arrays import averaged_tree_arrays, boosted_tree_arrays

ensemble = pytest.importorskip("sklearn.ensemble")


def test_averaged_trees_score_the_mean_of_the_models_raw_scores() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 6)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] ** 2 + rng.normal(size=2000) > 1).astype(int)
    models = [
        ensemble.HistGradientBoostingClassifier(
            max_iter=20, max_depth=3 + k, max_features=0.5, random_state=k, early_stopping=False
        ).fit(x, y)
        for k in range(3)
    ]
    arrays = averaged_tree_arrays([boosted_tree_arrays(model) for model in models])
    arrays["threshold_keep"] = np.array(0.5)
    assert arrays["feature"].shape[0] == 60  # every tree kept, padded to the widest
    raw = np.mean([model.decision_function(x) for model in models], axis=0)
    assert np.allclose(as_tree_model(arrays).scores(x), 1 / (1 + np.exp(-raw)), atol=1e-6)
