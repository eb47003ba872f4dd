"""The shipped sequence model: a small dilated 1-D CNN over a page's lines, blended with the trees.

The block model's trees score each line from its own feature row (plus +-2 neighbour columns);
this network reads the same rows of the whole page in order (residual kernel-3 convolutions at
growing dilations: a line sees its neighbours +-16 lines away, "one item of a run") and gives each
line a logit. The two are mixed at the logit level: ``sigmoid((1 - weight) * logit(trees) +
weight * network + offset)``. Trained by ``benchmarks/body_sequence.py --save-model`` (torch, the
``study`` extra, never a user's install); here only the arrays of ``sequence_model.npz`` are
read, once, and the forward pass is numpy in float32. No file: the trees alone score
(``block_scores``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scraper.extractor.model import TreeModel

MODEL_PATH = Path(__file__).with_name("sequence_model.npz")
# probabilities are clipped to [P_CLIP, 1 - P_CLIP] before their logit (the study's blend)
P_CLIP = 1e-7
LOGIT_CLIP = float(np.log((1 - P_CLIP) / P_CLIP))
# the arrays a file must hold (besides ``w_conv{i}`` / ``b_conv{i}`` per dilation)
_KEYS = ("log", "mean", "inverse_scale", "clip", "w_in", "b_in", "w_out", "b_out", "dilations")


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def logit(p: np.ndarray) -> np.ndarray:
    """The log-odds of ``p`` clipped away from 0 and 1 (a sure tree stays finite)."""
    p = np.clip(p, P_CLIP, 1 - P_CLIP)
    return np.log(p / (1 - p))


def standardise(
    x: np.ndarray, log: np.ndarray, mean: np.ndarray, inverse_scale: np.ndarray, clip: float
) -> np.ndarray:
    """The feature rows in the network's input space: float32, log1p on the count-like columns,
    centred, scaled, clipped to +-``clip`` (so an unseen extreme page stays in range)."""
    z = np.array(x, dtype=np.float32)
    z[:, log] = np.log1p(np.maximum(z[:, log], 0))
    z -= mean
    z *= inverse_scale
    return np.clip(z, -clip, clip, out=z)


@dataclass(frozen=True, slots=True)
class SequenceModel:
    """The network's arrays (float32) and how it joins the trees (``weight``, ``offset``)."""

    arrays: Mapping[str, np.ndarray]
    dilations: tuple[int, ...]
    weight: float = 0.5
    offset: float = 0.0
    _convs: list[tuple[np.ndarray, np.ndarray]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        layers = range(len(self.dilations))
        convs = [(self.arrays[f"w_conv{i}"], self.arrays[f"b_conv{i}"]) for i in layers]
        object.__setattr__(self, "_convs", convs)

    @property
    def channels(self) -> int:
        return int(self.arrays["b_in"].shape[0])

    def logits(self, x: np.ndarray) -> np.ndarray:
        """One logit a row of ``x`` (a page's feature rows, in page order), float64.

        One zero-padded buffer holds the hidden state with room for the widest dilation, and one
        (lines, 3 x channels) buffer the three taps side by side: each layer is three copies, one
        float32 matrix product and two in-place sums (numpy's per-call cost is most of the pass
        at ~170 lines a page, not the arithmetic)."""
        n = x.shape[0]
        if n == 0:
            return np.zeros(0)
        a = self.arrays
        z = standardise(x, a["log"], a["mean"], a["inverse_scale"], float(a["clip"]))
        c = self.channels
        pad = max(self.dilations)
        padded = np.zeros((n + 2 * pad, c), dtype=np.float32)
        h = padded[pad : pad + n]
        np.matmul(z, a["w_in"], out=h)
        h += a["b_in"]
        np.maximum(h, 0, out=h)
        taps = np.empty((n, 3 * c), dtype=np.float32)
        out = np.empty((n, c), dtype=np.float32)
        for (weight, bias), d in zip(self._convs, self.dilations, strict=True):
            taps[:, :c] = padded[pad - d : pad - d + n]
            taps[:, c : 2 * c] = h
            taps[:, 2 * c :] = padded[pad + d : pad + d + n]
            np.matmul(taps, weight, out=out)
            out += bias
            np.maximum(out, 0, out=out)
            h += out
        return (h @ a["w_out"] + a["b_out"]).astype(np.float64)

    def scores(self, x: np.ndarray) -> np.ndarray:
        """The network's own probability a row."""
        return sigmoid(self.logits(x))

    def blend(self, tree_scores: np.ndarray, x: np.ndarray) -> np.ndarray:
        """The trees' probabilities mixed with the network's at the logit level."""
        net = np.clip(self.logits(x), -LOGIT_CLIP, LOGIT_CLIP)
        mixed = (1 - self.weight) * logit(tree_scores) + self.weight * net + self.offset
        return sigmoid(mixed)


def from_arrays(arrays: Mapping[str, np.ndarray]) -> SequenceModel:
    """A model from its exported arrays (a file's, or a study's just-fitted network's)."""
    missing = [k for k in _KEYS if k not in arrays]
    if missing:
        raise ValueError(f"sequence model arrays lack {', '.join(missing)}")
    dilations = tuple(int(d) for d in np.asarray(arrays["dilations"]).ravel())
    kept: dict[str, np.ndarray] = {}
    for key, value in arrays.items():
        if key == "log":
            kept[key] = np.asarray(value, dtype=np.intp)
        elif key not in ("dilations", "weight", "offset"):
            kept[key] = np.asarray(value, dtype=np.float32, order="C")
    weight = float(arrays["weight"]) if "weight" in arrays else 0.5
    offset = float(arrays["offset"]) if "offset" in arrays else 0.0
    return SequenceModel(kept, dilations, weight, offset)


def load_sequence(path: Path) -> SequenceModel:
    with np.load(path) as data:
        return from_arrays({k: data[k] for k in data.files})


@cache
def shipped_sequence() -> SequenceModel | None:
    """The network shipped with the package, loaded once; None when the file is absent."""
    if not MODEL_PATH.exists():
        return None
    return load_sequence(MODEL_PATH)


def block_scores(trees: TreeModel, features: np.ndarray) -> np.ndarray:
    """Each block's probability of being main content: the trees', blended with the shipped
    network's where the file is present."""
    scores = trees.scores(features)
    network = shipped_sequence()
    return scores if network is None else network.blend(scores, features)
