"""Weights of the text-dump sequence decoder and its gate (benchmarks/text_decode_study.py)."""

DECODE: dict[str, float] = {"q": 0.3, "gamma": 0.5, "hole": 300.0}
GATE_BAR = 0.8
MAX_BODY_P = 0.8  # the guard: a body this confident (word-weighted mean p) stays
GATE_WEIGHTS: dict[str, float] = {
    "bias": 4.1774,
    "log_body_words": -0.2964,
    "log_decoded_words": -0.2355,
    "log_words_ratio": 0.6575,
    "body_in_decoded": 0.8483,
    "decoded_in_body": -0.6469,
    "log_body_blocks": -0.0074,
    "log_decoded_blocks": 0.2469,
    "body_p": -6.4027,
    "added_p": 1.4543,
    "added_link_density": 0.2590,
    "added_short": 0.3216,
    "added_sentence_end": 1.4289,
    "added_bullet": 0.2833,
}
TREE_MAX_BODY_P = 0.85  # the guard with the trees (text34: picked out of fold, host folds)
