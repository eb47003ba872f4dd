"""A learned sequence model over a page's lines beside the block model's trees (round 28, issue 11).
Needs torch to train (`pip install -e .[study]`); the numpy forward pass alone does not.

    OMP_NUM_THREADS=1 python benchmarks/body_sequence.py --seed 0 --only-fold 1 --verbose \
        --trees tree-0.npz                                         # quick screen, one host fold
    OMP_NUM_THREADS=1 python benchmarks/body_sequence.py --seed S --members 3 \
        --trees tree-S.npz --scores seq-S.npz --blend blend-S.npz  # 5 host folds, blended
    python benchmarks/body_sequence.py --trees tree-S.npz --sequence seq-S.npz \
        --tune 0.2,0.35,0.5,0.65 --blend tuned-S.npz               # weight chosen on other folds
    python benchmarks/body_sequence.py --trees tree-S.npz --sequence seq-S.npz --scales 0.8,1,1.25 \
        --offsets=-0.3,-0.2,-0.1,0,0.1 --objective sets --blend off-S.npz  # scale, bias tuned
    python benchmarks/train_path_choice.py --no-save --aeb train --oof-scores blend-S.npz
    OMP_NUM_THREADS=1 python benchmarks/body_sequence.py --cost 300  # ms a page, 1 and 3 networks
    OMP_NUM_THREADS=1 python benchmarks/body_sequence.py --seed S --members 3 --channels 32 \
        --distil --student-channels 32,48 --trees tree-S.npz --scores seq-S.npz --blend blend-S.npz
    OMP_NUM_THREADS=1 python benchmarks/body_sequence.py --seed 0 --members 3 --channels 32 \
        --distil --student-channels 48 --save-model scraper/extractor/sequence_model.npz  # ships

The trees score each line from its own row (with context, +-2 neighbour and window columns);
earlier rounds smoothed, decoded and stacked those scores and found nothing. Here a small dilated
1-D CNN (a per-line projection to 48 channels, then residual kernel-3 convolutions at dilations
1, 2, 4, 8, 1: +-16 lines) reads the raw feature rows of the whole page in order and gives each
line a logit, trained with weighted BCE on the same labels and weights (``train_body_model``'s
cache, main's protocol: AEB in the folds and trained on, consume-ladder labels). Columns are
standardised on the training folds (log1p for count-like columns, clipped). AdamW, pages batched
by length with padding masked; early stopping on a tenth of the TRAINING folds' hosts only.
Out of fold: main's 5 host folds (``body_variants.host_folds``, as ``cross_validate``), scores
saved as probabilities (the scale of ``body_variants.py --scores``). ``--trees`` blends: the mean
of the trees' and the network's logits (``--weight``, fixed), back to a probability. ``--members K``
averages K networks' logits a fold (``--channels`` sets their width). The fitted network runs as a
numpy forward pass in float32 (``NumpySequence``, equal to torch's within 1e-6: no torch at run
time); K networks as one stacked pass (``NumpyMembers``, one ``np.matmul`` a layer over a member
axis). ``--cost N`` times 1 and 3 networks of 24 / 32 / 48 channels (untrained: the cost does not
depend on the weights) beside the trees' scoring and ``extract()`` on the same N pages.
``--distil`` (with ``--members K``) also fits, a fold, one student network a width in
``--student-channels`` on the same training pages with target = the members' mean-logit probability
(``--hard-mix`` of the label mixed in), and saves and blends each of: the ensemble, member 0 alone
(= ``--members 1``, the control) and each student (``--scores x.npz`` -> ``x-student32.npz`` ...).
``--sequence`` with ``--scales`` / ``--offsets`` (round 29): the blend's logit ``(1 - w) * trees + w
* a * network + b``, (w, a, b) chosen a fold on the other folds' out-of-fold pages by
``--objective`` (wcxb-dev's mean F1, every page's, or the two sets' means averaged).
``--aeb-weight`` scales AEB's pages' line weights in training (every page's weights already sum to
100: pages count alike whatever their length). ``--save-model PATH`` fits the same config on ALL
pages (members, then the one student with ``--distil``; early stopping on a tenth of the hosts as in
a fold) and writes what ``scraper/extractor/sequence.py`` reads: the float32 weights, the
standardiser, the dilations, and the blend's ``--weight`` and ``--offset`` as data. The forward pass
here IS the shipped module's (``NumpySequence`` wraps ``sequence.SequenceModel``).
Round 30 (study, none shipped; default off): ``--residual`` trains on the blend's loss, logit
``--prior-weight`` (default 1 - weight) x the trees' out-of-fold logit (``--trees``) +
``--weight`` x the network, and blends the same way; ``--trees-input`` gives the network that
logit as one more column; ``--hidden-input`` two 0/1 columns from the page's ``hidden`` counts
(hidden, lone hidden).
Round 30 (study, default off): ``--dilations`` (e.g. ``1,2,4,8,16,32,1``) and ``--page-context K``
(after conv layer K, the page's summary, masked mean and max of the hidden channels and its log
length, through a linear layer, added to every line; ``--context-gate``: scaling each channel).
Round 31 (study, default off): ``--tokens`` adds one 0/1 column a class/id word around the line
(``line_tokens.py``: near, far, or with ``--token-places`` the line's first words), for the words
on ``--token-min-hosts`` TRAINING hosts of the fold (``fold_tokens``).
"""

from __future__ import annotations

import argparse
import functools
import logging
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_body_model as trainer
from body_variants import host_folds, main_pages, timing

from scraper.extractor import sequence as shipped
from scraper.extractor.sequence import logit, sigmoid

DILATIONS = (1, 2, 4, 8, 1)
CLIP = 6.0
EPS = 1e-6


def standardiser(pages: list[dict]) -> dict[str, np.ndarray]:
    """Per column: log1p where the column counts (non-negative, reaching past 20), then the
    training rows' mean and spread (as float32, the forward pass's precision)."""
    x = np.concatenate([page["X"] for page in pages]).astype(np.float64)
    counts = (x.min(axis=0) >= 0) & (x.max(axis=0) > 20)
    x[:, counts] = np.log1p(x[:, counts])
    return {
        "log": np.flatnonzero(counts),
        "mean": x.mean(axis=0).astype(np.float32),
        "inverse_scale": (1 / np.maximum(x.std(axis=0), EPS)).astype(np.float32),
    }


def standardise(x: np.ndarray, norm: dict[str, np.ndarray]) -> np.ndarray:
    """``x`` in the standardiser's space, float32, clipped to +-CLIP (the shipped module's)."""
    return shipped.standardise(x, norm["log"], norm["mean"], norm["inverse_scale"], CLIP)


def conv_numpy(h: np.ndarray, weight: np.ndarray, bias: np.ndarray, dilation: int) -> np.ndarray:
    """A kernel-3 dilated convolution over the lines, zero beyond the page (torch's Conv1d with
    padding = dilation): the three shifted copies side by side, one matrix product. ``h`` may
    carry a leading stack axis (several networks at once, ``weight`` and ``bias`` stacked alike).
    The study's stacked form (a new array a step); the shipped ``SequenceModel.logits`` fills
    reused buffers. (One
    product with the taps side by side, then shifted sums of its column blocks, was slower: the
    sums run over strided columns.)"""
    n = h.shape[-2]
    padded = np.zeros((*h.shape[:-2], n + 2 * dilation, h.shape[-1]), dtype=h.dtype)
    padded[..., dilation : dilation + n, :] = h
    stacked = np.concatenate(
        [padded[..., k * dilation : k * dilation + n, :] for k in range(3)], axis=-1
    )
    out = np.matmul(stacked, weight)
    out += bias[..., None, :]
    return out


class NumpySequence:
    """The network's forward pass in numpy, float32 throughout: the shipped module's
    ``SequenceModel`` (``scores`` = probabilities), its arrays as ``export`` gives them."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        full = {"clip": np.float32(CLIP), "dilations": np.array(DILATIONS), **arrays}
        self.model = shipped.from_arrays(full)
        self.arrays = dict(self.model.arrays)
        self.norm = {k: self.arrays[k] for k in ("log", "mean", "inverse_scale")}

    def logits(self, x: np.ndarray) -> np.ndarray:
        if "w_ctx" in self.arrays:
            return context_logits(self.model, x)
        return self.model.logits(x)

    def scores(self, x: np.ndarray) -> np.ndarray:
        return sigmoid(self.logits(x)) if "w_ctx" in self.arrays else self.model.scores(x)


class NumpyMembers:
    """K networks' mean logit with one stacked matrix product a layer (``np.matmul`` over a
    leading member axis): fewer, larger products than K forward passes."""

    def __init__(self, members: list[NumpySequence]) -> None:
        self.members = members
        self.w_in = np.stack([m.arrays["w_in"] for m in members])
        self.b_in = np.stack([m.arrays["b_in"] for m in members])
        self.w_conv = [
            np.stack([m.arrays[f"w_conv{i}"] for m in members]) for i in range(len(DILATIONS))
        ]
        self.b_conv = [
            np.stack([m.arrays[f"b_conv{i}"] for m in members]) for i in range(len(DILATIONS))
        ]
        self.w_out = np.stack([m.arrays["w_out"] for m in members])[:, :, None]
        self.b_out = float(np.mean([m.arrays["b_out"] for m in members]))

    def logits(self, x: np.ndarray) -> np.ndarray:
        if x.shape[0] == 0:
            return np.zeros(0)
        z = np.stack([standardise(x, m.norm) for m in self.members])
        h = np.maximum(np.matmul(z, self.w_in) + self.b_in[:, None, :], 0)
        for i, dilation in enumerate(DILATIONS):
            out = conv_numpy(h, self.w_conv[i], self.b_conv[i], dilation)
            h += np.maximum(out, 0, out=out)
        raw = np.matmul(h, self.w_out)[:, :, 0].mean(axis=0) + self.b_out
        return raw.astype(np.float64)

    def scores(self, x: np.ndarray) -> np.ndarray:
        return sigmoid(self.logits(x))


def network(features: int, channels: int, dropout: float) -> Any:
    """The torch module: a per-line projection, residual dilated convolutions, a logit
    (``context_network`` at today's dilations without a page summary: the same layers, made in
    the same order, so the same draws)."""
    return context_network(features, channels, dropout, DILATIONS, 0)


LENGTH_SCALE = 5.0  # log1p(lines) / this: the page's length as a page-summary input (~1)


def page_summary(h: Any, mask: Any) -> Any:
    """batch x channels x lines -> batch x (2 channels + 1): the masked mean and max of each
    hidden channel over the page's lines and its log length (``h`` >= 0 and zero past the page,
    so the plain max is the masked one)."""
    import torch

    lines = mask.sum(dim=2)  # batch x 1
    mean = h.sum(dim=2) / lines.clamp(min=1)
    return torch.cat([mean, h.amax(dim=2), torch.log1p(lines) / LENGTH_SCALE], dim=1)


def context_network(
    features: int,
    channels: int,
    dropout: float,
    dilations: tuple[int, ...],
    context: int,
    gate: bool = False,
) -> Any:
    """The network at ``dilations`` and, with ``context`` = k > 0, a page summary
    (``page_summary`` through a linear layer) joined to every line after conv layer k (round
    30: the page as a whole, its length, its share of prose-like lines): added through a ReLU,
    or with ``gate`` each channel scaled by 2 sigmoid(.) (squeeze-and-excitation)."""
    import torch
    from torch import nn

    class Sequence(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inp = nn.Conv1d(features, channels, 1)
            self.convs = nn.ModuleList(
                nn.Conv1d(channels, channels, 3, dilation=d, padding=d) for d in dilations
            )
            self.out = nn.Conv1d(channels, 1, 1)
            self.drop = nn.Dropout(dropout)
            self.ctx = nn.Linear(2 * channels + 1, channels) if context else None
            self.context_after = context
            self.gate = gate

        def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            # x: batch x features x lines; mask: batch x 1 x lines (padding stays zero)
            h = torch.relu(self.inp(x)) * mask
            for i, conv in enumerate(self.convs):
                h = (h + torch.relu(conv(self.drop(h)))) * mask
                if self.ctx is not None and i + 1 == context:
                    page = self.ctx(page_summary(h, mask))[:, :, None]
                    # padding stays zero either way (h is zero there)
                    h = h * (2 * torch.sigmoid(page)) if gate else (h + torch.relu(page)) * mask
            return self.out(h)[:, 0, :]

    return Sequence()


def architecture_network(features: int, channels: int, args: argparse.Namespace) -> Any:
    """Today's ``network`` unless ``--dilations`` / ``--page-context`` change it."""
    context, gate = getattr(args, "page_context", 0), getattr(args, "context_gate", False)
    return context_network(features, channels, args.dropout, dilations_of(args), context, gate)


def dilations_of(args: argparse.Namespace) -> tuple[int, ...]:
    text = getattr(args, "dilations", None)
    return tuple(int(d) for d in text.split(",")) if text else DILATIONS


def export_architecture(model: Any, norm: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``export``'s arrays, plus the dilations and the page-context layer where there is one."""
    arrays = export(model, norm)
    dilations = tuple(int(c.dilation[0]) for c in model.convs)
    if dilations != DILATIONS:
        arrays["dilations"] = np.array(dilations)
    ctx = getattr(model, "ctx", None)
    if ctx is not None:
        arrays["w_ctx"] = ctx.weight.detach().numpy().T.copy()
        arrays["b_ctx"] = ctx.bias.detach().numpy().copy()
        arrays["context_after"] = np.array(model.context_after)
        arrays["context_gate"] = np.array(int(model.gate))
    return arrays


def context_logits(model: shipped.SequenceModel, x: np.ndarray) -> np.ndarray:
    """The page-context network's forward pass in numpy (float32; the study's form): the
    shipped pass's layers with the page summary added after layer ``context_after``."""
    n = x.shape[0]
    if n == 0:
        return np.zeros(0)
    a = model.arrays
    h = np.maximum(standardise(x, a) @ a["w_in"] + a["b_in"], 0)
    after = int(a["context_after"])
    for i, dilation in enumerate(model.dilations):
        out = conv_numpy(h, a[f"w_conv{i}"], a[f"b_conv{i}"], dilation)
        h += np.maximum(out, 0, out=out)
        if i + 1 == after:
            length = np.float32(np.log1p(n) / LENGTH_SCALE)
            summary = np.concatenate([h.mean(axis=0), h.max(axis=0), [length]]).astype(np.float32)
            page = summary @ a["w_ctx"] + a["b_ctx"]
            if int(a.get("context_gate", 0)):
                h *= 2 / (1 + np.exp(-page))
            else:
                h += np.maximum(page, 0)
    return (h @ a["w_out"] + a["b_out"]).astype(np.float64)


def export(model: Any, norm: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The torch weights as the arrays ``NumpySequence`` reads."""
    arrays = {k: np.asarray(v) for k, v in norm.items()}
    arrays["w_in"] = model.inp.weight.detach().numpy()[:, :, 0].T.copy()
    arrays["b_in"] = model.inp.bias.detach().numpy().copy()
    for i, conv in enumerate(model.convs):
        weight = conv.weight.detach().numpy()  # out x in x 3
        arrays[f"w_conv{i}"] = np.concatenate([weight[:, :, k].T for k in range(3)], axis=0)
        arrays[f"b_conv{i}"] = conv.bias.detach().numpy().copy()
    arrays["w_out"] = model.out.weight.detach().numpy()[0, :, 0].copy()
    arrays["b_out"] = model.out.bias.detach().numpy().copy()
    return arrays


def batches(pages: list[dict], rng: np.random.Generator, budget: int) -> list[list[int]]:
    """Pages grouped by length (little padding), at most ``budget`` padded lines a batch,
    in a random order."""
    order = sorted(range(len(pages)), key=lambda i: (len(pages[i]["y"]), rng.random()))
    groups: list[list[int]] = [[]]
    for i in order:
        longest = max([len(pages[j]["y"]) for j in groups[-1]] + [len(pages[i]["y"])])
        if groups[-1] and longest * (len(groups[-1]) + 1) > budget:
            groups.append([])
        groups[-1].append(i)
    rng.shuffle(groups)
    return groups


def tensors(rows: list[dict], indices: list[int]) -> tuple[Any, ...]:
    """One padded batch: features, mask, labels, weights."""
    import torch

    longest = max(len(rows[i]["y"]) for i in indices)
    features = rows[indices[0]]["Z"].shape[1]
    x = np.zeros((len(indices), features, longest), dtype=np.float32)
    mask = np.zeros((len(indices), 1, longest), dtype=np.float32)
    y = np.zeros((len(indices), longest), dtype=np.float32)
    w = np.zeros((len(indices), longest), dtype=np.float32)
    for b, i in enumerate(indices):
        n = len(rows[i]["y"])
        x[b, :, :n] = rows[i]["Z"].T
        mask[b, 0, :n] = 1
        y[b, :n] = rows[i]["y"]
        w[b, :n] = rows[i]["w"]
    return tuple(torch.from_numpy(a) for a in (x, mask, y, w))


def weighted_loss(model: Any, batch: tuple[Any, ...]) -> tuple[Any, float]:
    import torch

    x, mask, y, w = batch
    raw = model(x, mask)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(raw, y, weight=w, reduction="sum")
    return loss, float(w.sum())


def residual_tensors(rows: list[dict], indices: list[int]) -> tuple[Any, ...]:
    """``tensors``' batch plus the rows' prior logits (the trees'), zero on padding."""
    import torch

    prior = np.zeros((len(indices), max(len(rows[i]["y"]) for i in indices)), dtype=np.float32)
    for b, i in enumerate(indices):
        prior[b, : len(rows[i]["y"])] = rows[i]["prior"]
    return (*tensors(rows, indices), torch.from_numpy(prior))


def blended_loss(
    model: Any, batch: tuple[Any, ...], weight: float, prior_weight: float
) -> tuple[Any, float]:
    """``weighted_loss`` of the run-time blend ``prior_weight * prior + weight * network``
    (``prior_weight`` = 1 - weight: today's blend): the network learns to correct the trees (their
    logit a fixed offset), not to copy them."""
    import torch

    x, mask, y, w, prior = batch
    raw = prior_weight * prior + weight * model(x, mask)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(raw, y, weight=w, reduction="sum")
    return loss, float(w.sum())


def residual_setup(
    rows: list[dict], pages: list[dict], args: argparse.Namespace
) -> tuple[Any, Any]:
    """``--residual``: each row gets its page's ``prior`` (the trees' out-of-fold logit, set by
    ``attach_trees``); the batches carry it and the loss is the blend's."""
    for row, page in zip(rows, pages, strict=True):
        row["prior"] = page["prior"]
    loss = functools.partial(blended_loss, weight=args.weight, prior_weight=prior_weight(args))
    return residual_tensors, loss


def prior_weight(args: argparse.Namespace) -> float:
    """The trees' logit's coefficient in the blend: ``--prior-weight``, else 1 - ``--weight``."""
    given = getattr(args, "prior_weight", None)
    return 1 - args.weight if given is None else given


def attach_trees(pages: list[dict], trees: dict[str, np.ndarray], column: bool) -> None:
    """Each page's trees' out-of-fold logit (from ``--trees``) as its ``prior`` (``--residual``)
    and, with ``column``, as one more feature column (``--trees-input``; standardised as the
    others). A page's scores there come from trees fitted without its host fold."""
    for page in pages:
        prior = logit(trees[page["id"]]).astype(np.float32)
        assert len(prior) == len(page["y"]), page["id"]
        page["prior"] = prior
        if column:
            page["X"] = np.column_stack([page["X"], prior]).astype(page["X"].dtype)


def attach_hidden(pages: list[dict]) -> None:
    """``--hidden-input``: two more feature columns from the page's ``hidden`` counts (what
    ``body.hidden_lines`` gives at run time): the line is hidden to a reader, and it is a LONE
    hidden line (its hidden element holds one line; ``body.ADDS_NEED_SHOWN``'s case)."""
    for page in pages:
        hidden = np.asarray(page["page"].hidden or [0] * len(page["y"]))
        columns = [(hidden > 0), (hidden == 1)]
        page["X"] = np.column_stack([page["X"], *columns]).astype(page["X"].dtype)


def attach_tokens(
    pages: list[dict], tokens: dict[str, Any], min_hosts: int, places: set[int]
) -> list[set[str]]:
    """``--tokens``: one 0/1 column a class/id word (at a place in ``places``, ``line_tokens``)
    seen on at least ``min_hosts`` hosts of ALL pages, appended to ``X``. A superset: each fold
    keeps the columns its TRAINING hosts reach ``min_hosts`` on (``fold_tokens``). Returns each
    column's hosts."""
    hosts: dict[int, set[str]] = {}
    for page in pages:
        for row in tokens["pages"][page["id"]]:
            for token in row:
                if token % tokens["places"] in places:
                    hosts.setdefault(token, set()).add(page["domain"])
    kept = sorted(t for t, h in hosts.items() if len(h) >= min_hosts)
    column = {t: i for i, t in enumerate(kept)}
    for page in pages:
        rows = tokens["pages"][page["id"]]
        assert len(rows) == len(page["y"]), page["id"]  # the trainer's lines, one for one
        extra = np.zeros((len(rows), len(kept)), dtype=page["X"].dtype)
        for i, row in enumerate(rows):
            extra[i, [column[t] for t in row if t in column]] = 1
        page["X"] = np.column_stack([page["X"], extra]).astype(page["X"].dtype)
    return [hosts[t] for t in kept]


def fold_tokens(
    pages: list[dict], trained: list[dict], column_hosts: list[set[str]], min_hosts: int
) -> dict[str, np.ndarray]:
    """Each page's ``X`` with only the word columns the training hosts reach ``min_hosts`` on
    (the held-out hosts' own words never decide a column)."""
    domains = {p["domain"] for p in trained}
    keep = [i for i, h in enumerate(column_hosts) if len(h & domains) >= min_hosts]
    base = pages[0]["X"].shape[1] - len(column_hosts)
    columns = np.r_[np.arange(base), base + np.asarray(keep, dtype=np.intp)]
    print(f"  word columns kept on the training hosts: {len(keep)} of {len(column_hosts)}")
    return {p["id"]: p["X"][:, columns] for p in pages}


def fit_sequence(
    pages: list[dict],
    seed: int,
    args: argparse.Namespace,
    channels: int | None = None,
    held_seed: int | None = None,
) -> NumpySequence:
    """The network fitted on ``pages``: early stopping on a tenth of their hosts (drawn with
    ``held_seed``, default ``seed``: a student holds out its first teacher's hosts). ``y`` may be
    soft (a distilled target): the loss is BCE with logits either way."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed if held_seed is None else held_seed)
    hosts = sorted({page["domain"] for page in pages})
    held = set(rng.choice(hosts, size=max(1, len(hosts) // 10), replace=False))
    norm = standardiser([p for p in pages if p["domain"] not in held])
    base = getattr(args, "token_base", None)
    if base is not None:  # word columns stay 0/1: no centring, no scaling
        norm["mean"][base:] = 0
        norm["inverse_scale"][base:] = 1
    rows = [
        {"Z": standardise(p["X"], norm), "y": p["y"], "w": p["w"], "held": p["domain"] in held}
        for p in pages
        if len(p["y"])
    ]
    make, loss_of = tensors, weighted_loss
    if getattr(args, "residual", False):
        make, loss_of = residual_setup(rows, [p for p in pages if len(p["y"])], args)
    train = [r for r in rows if not r["held"]]
    valid = [r for r in rows if r["held"]]
    model = architecture_network(rows[0]["Z"].shape[1], channels or args.channels, args)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.ExponentialLR(optimiser, gamma=args.decay)
    valid_batches = [make(valid, g) for g in batches(valid, rng, args.budget)]
    best, best_state, stale = float("inf"), None, 0
    for epoch in range(args.epochs):
        model.train()
        for group in batches(train, rng, args.budget):
            loss, total = loss_of(model, make(train, group))
            optimiser.zero_grad()
            (loss / max(total, EPS)).backward()
            optimiser.step()
        schedule.step()
        model.eval()
        with torch.no_grad():
            sums = [loss_of(model, batch) for batch in valid_batches]
        current = sum(float(s[0]) for s in sums) / max(sum(s[1] for s in sums), EPS)
        if args.verbose:
            print(f"  epoch {epoch + 1}: held-out hosts' loss {current:.4f}", flush=True)
        if current < best - 1e-4:
            best, stale = current, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        else:
            stale += 1
            if stale >= args.patience:
                break
    model.load_state_dict(best_state)
    model.eval()
    return NumpySequence(export_architecture(model, norm))


def distilled(
    pages: list[dict], members: list[NumpySequence], seed: int, args: argparse.Namespace
) -> dict[str, NumpySequence]:
    """One student a width in ``--student-channels``, fitted on the members' training pages with
    target = ``--hard-mix`` x the label + the rest x the members' mean-logit probability (the
    ensemble's score), same weights; early stopping on member 0's held-out training hosts."""
    students_pages = []
    for page in pages:
        if not len(page["y"]):
            continue
        soft = sigmoid(np.mean([member.logits(page["X"]) for member in members], axis=0))
        if args.residual:  # the members' blend is the target; the student learns the same blend
            soft = sigmoid(prior_weight(args) * page["prior"] + args.weight * logit(soft))
        target = args.hard_mix * page["y"] + (1 - args.hard_mix) * soft
        students_pages.append({**page, "y": target.astype(np.float32)})
    return {
        f"student{c}": fit_sequence(students_pages, seed + 500 + c, args, c, held_seed=seed)
        for c in (int(w) for w in args.student_channels.split(","))
    }


def named(path: Path, name: str) -> Path:
    """``path`` with ``-name`` before its suffix (one file per model with ``--distil``)."""
    return path.with_name(f"{path.stem}-{name}{path.suffix}")


def blend(
    trees: dict[str, np.ndarray],
    sequence: dict[str, np.ndarray],
    weight: float,
    scale: float = 1.0,
    offset: float = 0.0,
    prior_weight: float | None = None,
) -> dict[str, np.ndarray]:
    """Each page's probability from ``(1 - weight) * trees' logit + weight * scale * network's
    + offset`` (``scale`` and ``offset``: the network's temperature and the blend's bias;
    ``prior_weight``, ``--prior-weight``, replaces the trees' 1 - weight: with ``--weight 1``
    and 1, the network a boosting stage on the trees' logit)."""
    trees_weight = 1 - weight if prior_weight is None else prior_weight
    return {
        k: sigmoid(trees_weight * logit(trees[k]) + weight * scale * logit(sequence[k]) + offset)
        for k in sequence
    }


def figures(score: Any, pages: list[dict], scores: dict[str, np.ndarray]) -> dict[str, float]:
    """``choose`` alone: wcxb-dev per type, each fold's "all", AEB's two figures."""
    folds = host_folds(pages)
    web = [p for p in pages if p["type"] != "aeb" and p["id"] in scores]
    rows = trainer.score_oof(score, web, scores)
    result = trainer.table(rows)
    for n in sorted({folds[r["id"]] for r in rows}):
        result[f"fold{n}"] = float(np.mean([r["f1"] for r in rows if folds[r["id"]] == n]))
    aeb = [p for p in pages if p["type"] == "aeb" and p["id"] in scores]
    if aeb:
        aeb_figures = trainer.aeb_oof_figures(score, aeb, scores)
        result.update({f"aeb_{k}": v for k, v in aeb_figures.items()})
    return result


Candidate = tuple[float, float, float]  # weight, scale, offset


def objective_mean(f1: dict[str, float], ids: list[str], aeb: set[str], objective: str) -> float:
    """The pages' mean F1 by ``objective``: ``web`` wcxb-dev's pages only, ``pages`` every page
    (wcxb-dev and AEB alike), ``sets`` the mean of the two sets' means (AEB counts as much as
    wcxb-dev)."""
    web = [f1[i] for i in ids if i not in aeb]
    if objective == "web":
        return float(np.mean(web))
    if objective == "pages":
        return float(np.mean([f1[i] for i in ids]))
    return float((np.mean(web) + np.mean([f1[i] for i in ids if i in aeb])) / 2)


def tuned_blend(
    score: Any,
    pages: list[dict],
    trees: dict,
    sequence: dict,
    candidates: list[Candidate],
    objective: str = "web",
) -> dict[str, np.ndarray]:
    """Each fold's pages blended with the candidate (weight, scale, offset) that scores best
    (mean F1 under ``choose``, pages by ``objective``) on the OTHER folds' out-of-fold pages
    (their models saw this fold's labels, the choice never does)."""
    folds = host_folds(pages)
    pool = pages if objective != "web" else [p for p in pages if p["type"] != "aeb"]
    aeb = {p["id"] for p in pool if p["type"] == "aeb"}
    f1 = {}
    for candidate in candidates:
        rows = trainer.score_oof(score, pool, blend(trees, sequence, *candidate))
        f1[candidate] = {row["id"]: row["f1"] for row in rows}
    mixed: dict[str, np.ndarray] = {}
    for number in range(1, trainer.FOLDS + 1):
        others = [p["id"] for p in pool if folds[p["id"]] != number]
        means = {c: objective_mean(f1[c], others, aeb, objective) for c in candidates}
        best = max(candidates, key=lambda c: means[c])
        held = [p["id"] for p in pages if folds[p["id"]] == number]
        mixed.update(blend(trees, {i: sequence[i] for i in held}, *best))
        ranked = sorted(candidates, key=lambda c: -means[c])[:4]
        print(
            f"fold {number}: weight, scale, offset {best} (best: "
            + " ".join(f"{c} {means[c]:.4f}" for c in ranked)
            + ")",
            flush=True,
        )
    return mixed


def floats(text: str | None, default: float) -> list[float]:
    """A comma list of floats (``default`` alone when not given)."""
    return [float(v) for v in text.split(",")] if text else [default]


def interleaved_ms(works: dict[str, tuple[Any, list]], repeats: int = 5) -> dict[str, float]:
    """Each ``work(item)`` over its items, the works taking turns a round (the machine's load
    falls on all alike): CPU ms an item, best of ``repeats`` rounds."""
    best = dict.fromkeys(works, float("inf"))
    for _ in range(repeats):
        for name, (work, items) in works.items():
            started = time.process_time()
            for item in items:
                work(item)
            best[name] = min(best[name], (time.process_time() - started) / len(items) * 1000)
    return best


def untrained(features: int, channels: int, seed: int, norm: dict) -> tuple[Any, NumpySequence]:
    """A torch network at its initial weights and its numpy export (the cost does not depend on
    the weights; equality is checked on these)."""
    import torch

    torch.manual_seed(seed)
    model = network(features, channels, 0.0)
    model.eval()
    return model, NumpySequence(export(model, norm))


def torch_gap(model: Any, numpy_model: NumpySequence, pages: list[dict]) -> float:
    """The largest |probability difference| between torch and the numpy forward pass."""
    import torch

    gap = 0.0
    for page in pages:
        if not len(page["X"]):
            continue
        z = standardise(page["X"], numpy_model.norm).T[None]
        with torch.no_grad():
            raw = model(torch.from_numpy(z.copy()), torch.ones(1, 1, z.shape[2]))[0].numpy()
        gap = max(gap, float(np.abs(sigmoid(raw) - numpy_model.scores(page["X"])).max()))
    return gap


def cost(score: Any, limit: int) -> None:
    """ms a page of the network(s) beside the trees' scoring and ``extract()`` on the first
    ``limit`` wcxb-dev pages, in one process (ratios, not absolute times)."""
    from scraper.extractor import extract
    from scraper.extractor.model import shipped_model

    _, docs = score.load_set(str(trainer.DEFAULT_SHARED / "wcxb-dev"), limit=limit)
    wanted = {doc["id"] for doc in docs}
    pages = [p for p in main_pages(score) if p["id"] in wanted]
    norm = standardiser(pages)
    features = pages[0]["X"].shape[1]
    trees = shipped_model()
    assert trees is not None
    xs = [p["X"] for p in pages if len(p["X"])]
    works: dict[str, Any] = {
        "trees": trees.scores,
        "extract()": lambda d: extract(d["html"], d["url"]),
    }
    for channels in (24, 32, 48):
        nets = [untrained(features, channels, k, norm)[1] for k in range(3)]
        model = untrained(features, channels, 0, norm)[0]
        one, members = nets[0], NumpyMembers(nets)
        gaps = [
            torch_gap(model, one, pages),
            max(float(np.abs(one.logits(x) - stacked_logits(one, x)).max()) for x in xs),
            max(float(np.abs(members.scores(x) - member_loop(nets, x)).max()) for x in xs),
        ]
        print(
            f"{channels} channels: probability gaps, torch / body22 form / member loop: "
            + " / ".join(f"{g:.1e}" for g in gaps),
            flush=True,
        )
        works[f"1x{channels}"] = one.scores
        works[f"1x{channels} body22 form"] = functools.partial(stacked_logits, one)
        works[f"3x{channels} batched"] = members.scores
        works[f"3x{channels} loop"] = functools.partial(member_loop, nets)
    best = interleaved_ms({k: (w, docs if k == "extract()" else xs) for k, w in works.items()})
    print(f"{len(xs)} pages, {np.mean([len(x) for x in xs]):.0f} lines a page on average")
    for name, ms in best.items():
        print(
            f"{name}: {ms:.3f} ms a page, {ms / best['extract()']:.1%} of extract(), "
            f"{ms / best['trees']:.2f}x the trees",
            flush=True,
        )


def member_loop(members: list[NumpySequence], x: np.ndarray) -> np.ndarray:
    """K forward passes one after another, their mean logit (what ``main`` scores with)."""
    return sigmoid(np.mean([member.logits(x) for member in members], axis=0))


def stacked_logits(model: NumpySequence, x: np.ndarray) -> np.ndarray:
    """body22's forward pass (a new array per step), kept to check and time against."""
    a = model.arrays
    h = np.maximum(standardise(x, model.norm) @ a["w_in"] + a["b_in"], 0)
    for i, dilation in enumerate(DILATIONS):
        h = h + np.maximum(conv_numpy(h, a[f"w_conv{i}"], a[f"b_conv{i}"], dilation), 0)
    return (h @ a["w_out"] + a["b_out"]).astype(np.float64)


def shipping_arrays(net: NumpySequence, args: argparse.Namespace) -> dict[str, np.ndarray]:
    """What ``scraper/extractor/sequence.py`` reads: the network's float32 arrays, the
    standardiser (log1p columns, mean, inverse scale, clip), the dilations and the blend's
    weight and offset, all as data (another config ships by rewriting the file alone)."""
    arrays = {k: np.asarray(v) for k, v in net.arrays.items()}
    arrays["log"] = np.asarray(net.arrays["log"], dtype=np.int16)
    arrays["dilations"] = np.asarray(net.model.dilations, dtype=np.int16)
    arrays["weight"] = np.asarray(args.weight, dtype=np.float64)
    arrays["offset"] = np.asarray(args.offset, dtype=np.float64)
    return arrays


def save_model(pages: list[dict], args: argparse.Namespace) -> None:
    """The config fitted on ALL pages (the members, then the student with ``--distil``; early
    stopping on a tenth of the hosts, as in each fold) and written to ``--save-model``. One
    network ships: ``--members 1``, or ``--distil`` with one ``--student-channels`` width."""
    widths = args.student_channels.split(",")
    if args.members > 1 and not (args.distil and len(widths) == 1):
        raise SystemExit("--save-model ships one network: --members 1, or --distil and one width")
    started = time.perf_counter()
    members = [fit_sequence(pages, 1000 * args.seed + k, args) for k in range(args.members)]
    net = members[0]
    if args.distil:
        (net,) = distilled(pages, members, 1000 * args.seed, args).values()
    print(f"fitted on {len(pages)} pages ({time.perf_counter() - started:.0f} s)", flush=True)
    np.savez_compressed(args.save_model, **shipping_arrays(net, args))
    loaded = shipped.load_sequence(args.save_model)
    gap = max(
        float(np.abs(loaded.logits(p["X"]) - net.logits(p["X"])).max(initial=0)) for p in pages
    )
    size = args.save_model.stat().st_size
    print(f"saved {args.save_model} ({size} bytes; reloaded logits within {gap:.1e})")


def show(name: str, values: dict[str, float]) -> None:
    print(f"{name}: " + "  ".join(f"{k} {v:.4f}" for k, v in values.items()), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--patience", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--decay", type=float, default=1.0, help="learning rate x this an epoch")
    parser.add_argument("--channels", type=int, default=48)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--members", type=int, default=1, help="networks averaged a fold")
    parser.add_argument("--budget", type=int, default=6000, help="padded lines a batch")
    parser.add_argument("--only-fold", type=int, help="fit and score one host fold only")
    parser.add_argument("--scores", type=Path, help="the network's out-of-fold scores (npz)")
    parser.add_argument("--trees", type=Path, help="the trees' out-of-fold scores to blend")
    parser.add_argument("--weight", type=float, default=0.5, help="the network's blend weight")
    parser.add_argument("--blend", type=Path, help="where to save the blended scores (npz)")
    parser.add_argument("--offset", type=float, default=0.0, help="the shipped blend's offset")
    parser.add_argument(
        "--save-model", type=Path, help="fit the config on all pages and write the shipped npz"
    )
    parser.add_argument("--sequence", type=Path, help="saved --scores: blend only, no fitting")
    parser.add_argument("--tune", help="weights tried, one chosen a fold on the other folds")
    parser.add_argument("--scales", help="network logit scales tried (with --sequence), comma list")
    parser.add_argument("--offsets", help="blend logit offsets tried (with --sequence), comma list")
    parser.add_argument(
        "--objective",
        choices=("web", "pages", "sets"),
        default="web",
        help="what the tuning maximises on the other folds: wcxb-dev's mean F1, every page's "
        "(wcxb-dev and AEB), or the mean of the two sets' means",
    )
    parser.add_argument("--cost", type=int, help="time the forward pass on this many pages, only")
    parser.add_argument("--distil", action="store_true", help="also fit students on the members")
    parser.add_argument("--student-channels", default="32", help="students' widths, comma list")
    parser.add_argument("--hard-mix", type=float, default=0.0, help="label share of the target")
    parser.add_argument(
        "--aeb-weight",
        type=float,
        default=1.0,
        help="AEB's pages' line weights x this in training (2: AEB about a fold's share)",
    )
    parser.add_argument(
        "--residual",
        action="store_true",
        help="train on the blend's loss: (1 - weight) * trees' out-of-fold logit + weight * net",
    )
    parser.add_argument(
        "--trees-input",
        action="store_true",
        help="the trees' out-of-fold logit (--trees) as one more input column",
    )
    parser.add_argument(
        "--hidden-input",
        action="store_true",
        help="two more input columns: the line is hidden to a reader, a lone hidden line",
    )
    parser.add_argument(
        "--prior-weight",
        type=float,
        help="the trees' logit's coefficient in the trained and saved blend (1 - --weight)",
    )
    parser.add_argument(
        "--dilations", help="the conv layers' dilations, comma list (default 1,2,4,8,1)"
    )
    parser.add_argument(
        "--page-context",
        type=int,
        default=0,
        help="after conv layer k, add a page summary (mean, max, length) to every line (0: off)",
    )
    parser.add_argument(
        "--context-gate",
        action="store_true",
        help="--page-context scales each channel (squeeze-and-excitation) instead of adding",
    )
    parser.add_argument(
        "--labels",
        choices=trainer.LABELS,
        default="consume-ladder",
        help="the training labels (the trees': consume-ladder); scores are judged on the gold",
    )
    parser.add_argument(
        "--tokens",
        action="store_true",
        help="class/id words near and above each line as 0/1 input columns (line_tokens.py)",
    )
    parser.add_argument(
        "--token-min-hosts",
        type=int,
        default=40,
        help="--tokens: a word is a column when this many training hosts have it",
    )
    parser.add_argument(
        "--token-places",
        default="near,far",
        help="--tokens: which words, comma list of near (the line's element and parent), far "
        "(the ancestors above), text (the line's first words)",
    )
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    score = trainer.load_module(trainer.DEFAULT_SHARED / "score.py", "shared_score")
    if args.cost:
        cost(score, args.cost)
        return 0
    pages = main_pages(score, args.labels)
    column_hosts: list[set[str]] = []
    if args.tokens:
        import line_tokens

        args.token_base = pages[0]["X"].shape[1]
        places = {line_tokens.PLACE_NAMES.index(name) for name in args.token_places.split(",")}
        tokens = line_tokens.load_tokens(score)
        column_hosts = attach_tokens(pages, tokens, args.token_min_hosts, places)
    if args.save_model:
        if (
            args.residual
            or args.trees_input
            or args.hidden_input
            or args.page_context
            or args.tokens
        ):
            raise SystemExit(
                "--save-model ships today's inputs, target and layers only (rounds 30-31 study)"
            )
        save_model(pages, args)
        return 0
    if args.sequence:
        trees, sequence = dict(np.load(args.trees)), dict(np.load(args.sequence))
        candidates = [
            (w, a, b)
            for w in floats(args.tune, args.weight)
            for a in floats(args.scales, 1.0)
            for b in floats(args.offsets, 0.0)
        ]
        mixed = tuned_blend(score, pages, trees, sequence, candidates, args.objective)
        label = "blend, tuned" if len(candidates) > 1 else f"blend {candidates[0]}"
        show(label, figures(score, pages, mixed))
        if args.blend:
            np.savez_compressed(args.blend, **mixed)
        return 0
    for page in pages:
        if page["type"] == "aeb":
            page["w"] = page["w"] * args.aeb_weight
    if args.residual or args.trees_input:
        if not args.trees:
            raise SystemExit("--residual and --trees-input read the trees' scores: give --trees")
        attach_trees(pages, dict(np.load(args.trees)), args.trees_input)
    if args.hidden_input:
        attach_hidden(pages)
    folds = host_folds(pages)
    started = time.perf_counter()
    outputs: dict[str, dict[str, np.ndarray]] = {}
    model = None
    for number in range(1, trainer.FOLDS + 1):
        if args.only_fold and number != args.only_fold:
            continue
        trained = [p for p in pages if folds[p["id"]] != number]
        inputs = {p["id"]: p["X"] for p in pages}
        if args.tokens:
            inputs = fold_tokens(pages, trained, column_hosts, args.token_min_hosts)
            trained = [{**p, "X": inputs[p["id"]]} for p in trained]
        members = [fit_sequence(trained, 1000 * args.seed + k, args) for k in range(args.members)]
        model = members[0]
        scorers: dict[str, list[NumpySequence]] = {"ensemble": members}
        if args.distil:
            scorers["member0"] = members[:1]
            students = distilled(trained, members, 1000 * args.seed, args)
            scorers.update({name: [student] for name, student in students.items()})
        for page in pages:
            if folds[page["id"]] == number:
                for name, nets in scorers.items():
                    outputs.setdefault(name, {})[page["id"]] = member_loop(nets, inputs[page["id"]])
        print(f"fold {number} fitted ({time.perf_counter() - started:.0f} s)", flush=True)
    assert model is not None
    timed = [{**p, "X": inputs[p["id"]]} for p in pages[:300]]
    print(f"numpy forward pass: {timing(model, timed):.3f} ms a page (300 pages)")
    trees = dict(np.load(args.trees)) if args.trees else None
    if trees is not None:
        show("trees alone", figures(score, pages, {k: trees[k] for k in outputs["ensemble"]}))
    for name, scores in outputs.items():
        label = name if args.distil else "sequence"
        show(f"{label} alone", figures(score, pages, scores))
        if args.scores:
            np.savez_compressed(named(args.scores, name) if args.distil else args.scores, **scores)
        if trees is not None:
            mixed = blend(trees, scores, args.weight, prior_weight=args.prior_weight)
            show(f"{label} blend {args.weight}", figures(score, pages, mixed))
            if args.blend:
                path = named(args.blend, name) if args.distil else args.blend
                np.savez_compressed(path, **mixed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
