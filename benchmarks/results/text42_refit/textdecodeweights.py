"""Weights of the text-dump sequence decoder and its gate (benchmarks/text_decode_study.py)."""

DECODE: dict[str, float] = {"q": 0.25, "gamma": 0.5, "hole": 100.0}
GATE_BAR = 0.8
MAX_BODY_P = 2.0  # the guard: a body this confident (word-weighted mean p) stays
GATE_WEIGHTS: dict[str, float] = {
    "bias": 4.8026,
    "log_body_words": -0.2706,
    "log_decoded_words": -0.1692,
    "log_words_ratio": 0.6118,
    "body_in_decoded": -0.1428,
    "decoded_in_body": -0.2568,
    "log_body_blocks": -0.1448,
    "log_decoded_blocks": 0.3733,
    "body_p": -6.8035,
    "added_p": 1.7091,
    "added_link_density": 1.4490,
    "added_short": 0.1045,
    "added_sentence_end": 0.5983,
    "added_bullet": -0.6070,
}
TREE_MAX_BODY_P = 0.85  # the guard with the trees (text34: picked out of fold, host folds)
