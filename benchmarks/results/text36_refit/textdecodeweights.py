"""Weights of the text-dump sequence decoder and its gate (benchmarks/text_decode_study.py)."""

DECODE: dict[str, float] = {"q": 0.3, "gamma": 0.5, "hole": 100.0}
GATE_BAR = 0.8
MAX_BODY_P = 0.8  # the guard: a body this confident (word-weighted mean p) stays
GATE_WEIGHTS: dict[str, float] = {
    "bias": 4.3279,
    "log_body_words": -0.2273,
    "log_decoded_words": -0.1652,
    "log_words_ratio": 0.5610,
    "body_in_decoded": 0.7912,
    "decoded_in_body": -0.8465,
    "log_body_blocks": -0.0918,
    "log_decoded_blocks": 0.2170,
    "body_p": -6.9874,
    "added_p": 1.5565,
    "added_link_density": 0.0038,
    "added_short": 0.5252,
    "added_sentence_end": 1.3477,
    "added_bullet": 0.1343,
}
TREE_MAX_BODY_P = 0.85  # the guard with the trees (text34: picked out of fold, host folds)
