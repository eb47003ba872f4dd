"""Weights of the text-dump end-of-article cut (benchmarks/text_tail_study.py)."""

END_BAR = 0.7
END_WEIGHTS: dict[str, float] = {
    "bias": -2.2200,
    "outside": -3.2812,
    "log_suffix_words": 0.5966,
    "log_suffix_blocks": -0.4670,
    "link_share": 1.3689,
    "link_words": -0.7136,
    "short_share": -1.1259,
    "bullet_share": -0.8906,
    "sentence_words": -0.9748,
    "sentence_above": -0.5322,
    "sentence_drop": 0.3915,
    "p_suffix": -0.3851,
    "p_min": -1.5142,
    "p_at": -0.2272,
    "p_before": -0.7075,
    "p_above": -0.4068,
    "gap": 0.4219,
    "heading_at": -0.0544,
    "cue_at": 0.2943,
    "dated_share": 2.5457,
    "repeated_share": 2.1110,
    "log_words_at": -0.0318,
    "log_words_before": 0.0339,
    "short_run": -0.0898,
    "short_above": -0.2595,
    "bullet_above": -0.0647,
    "link_above": -1.1311,
    "p_above_all": 2.2299,
    "dated_above": -1.1481,
    "sentence_above_all": 0.4267,
    "dated_page": -0.1198,
    "bylined": -0.0349,
    "titled": 0.2702,
}
# round twenty (text27): the trees (textend_model.npz) read only the cuts whose
# logistic score clears this log-odds (0.3); the others stay uncut
END_GATE = -0.8473
