"""Weights of the text-dump end-of-article cut (benchmarks/text_tail_study.py)."""

END_BAR = 0.7
END_WEIGHTS: dict[str, float] = {
    "bias": -1.9943,
    "outside": -2.6052,
    "log_suffix_words": 0.6732,
    "log_suffix_blocks": -0.5769,
    "link_share": 0.9634,
    "link_words": -0.1419,
    "short_share": -1.0062,
    "bullet_share": -0.4538,
    "sentence_words": -0.8962,
    "sentence_above": -0.3527,
    "sentence_drop": 0.2307,
    "p_suffix": -1.5329,
    "p_min": -1.3836,
    "p_at": -0.2674,
    "p_before": -0.8257,
    "p_above": 0.0275,
    "gap": 0.4681,
    "heading_at": -0.2183,
    "cue_at": 0.3367,
    "dated_share": 2.3047,
    "repeated_share": 2.0057,
    "log_words_at": -0.0801,
    "log_words_before": 0.0257,
    "short_run": -0.0334,
    "short_above": 0.1199,
    "bullet_above": 0.0265,
    "link_above": -1.1456,
    "p_above_all": 3.0903,
    "dated_above": -1.0077,
    "sentence_above_all": -0.4480,
    "dated_page": -0.2521,
    "bylined": -0.1017,
    "titled": -0.0093,
}
# round twenty (text27): the trees (textend_model.npz) read only the cuts whose
# logistic score clears this log-odds (0.3); the others stay uncut
END_GATE = -0.8473
