"""Weights of the text-dump sequence decoder and its gate (benchmarks/text_decode_study.py)."""

DECODE: dict[str, float] = {"q": 0.3, "gamma": 0.5, "hole": 300.0}
GATE_BAR = 0.8
MAX_BODY_P = 0.8  # the guard: a body this confident (word-weighted mean p) stays
GATE_WEIGHTS: dict[str, float] = {
    "bias": 4.1467,
    "log_body_words": -0.1682,
    "log_decoded_words": -0.1073,
    "log_words_ratio": 0.4679,
    "body_in_decoded": 0.7635,
    "decoded_in_body": -1.7360,
    "log_body_blocks": -0.2110,
    "log_decoded_blocks": 0.2820,
    "body_p": -6.2096,
    "added_p": 0.2674,
    "added_link_density": -0.6528,
    "added_short": 0.6328,
    "added_sentence_end": 1.8357,
    "added_bullet": 0.5466,
}
TREE_MAX_BODY_P = 0.85  # the guard with the trees (text34: picked out of fold, host folds)
