"""Weights of the text-dump sequence decoder and its gate (benchmarks/text_decode_study.py)."""

DECODE: dict[str, float] = {"q": 0.3, "gamma": 0.8, "hole": 100.0}
GATE_BAR = 0.8
GATE_WEIGHTS: dict[str, float] = {}
