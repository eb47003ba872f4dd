"""Weights of the text-dump sequence decoder and its gate (benchmarks/text_decode_study.py)."""

DECODE: dict[str, float] = {"q": 0.3, "gamma": 0.5, "hole": 300.0}
GATE_BAR = 0.8
MAX_BODY_P = 0.8  # the guard: a body this confident (word-weighted mean p) stays
GATE_WEIGHTS: dict[str, float] = {
    "bias": 3.9804,
    "log_body_words": -0.1744,
    "log_decoded_words": -0.1136,
    "log_words_ratio": 0.4774,
    "body_in_decoded": 0.8013,
    "decoded_in_body": -1.6743,
    "log_body_blocks": -0.2236,
    "log_decoded_blocks": 0.2893,
    "body_p": -6.2089,
    "added_p": 0.6079,
    "added_link_density": -0.7227,
    "added_short": 0.6019,
    "added_sentence_end": 1.8890,
    "added_bullet": 0.7251,
}
