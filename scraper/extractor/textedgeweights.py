"""Weights of the text-dump edge model, written by benchmarks/train_text_edges.py."""

EDGE_WEIGHTS: dict[str, float] = {}

EDGE_CUES: dict[str, float] = {}

EDGE_THRESHOLD: float = 0.5
