"""Weights of the text-dump segment model, written by benchmarks/train_text_segments.py."""

SEGMENT_WEIGHTS: dict[str, float] = {}

SEGMENT_THRESHOLD: float = 0.3
