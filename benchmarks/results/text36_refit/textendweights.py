"""Weights of the text-dump end-of-article cut (benchmarks/text_tail_study.py)."""

END_BAR = 0.7
END_WEIGHTS: dict[str, float] = {
    "bias": -1.8320,
    "outside": -2.7096,
    "log_suffix_words": 0.6989,
    "log_suffix_blocks": -0.6056,
    "link_share": 1.1622,
    "link_words": -0.2382,
    "short_share": -0.9840,
    "bullet_share": -0.5281,
    "sentence_words": -0.8764,
    "sentence_above": -0.5143,
    "sentence_drop": 0.2708,
    "p_suffix": -1.9154,
    "p_min": -1.4134,
    "p_at": -0.0113,
    "p_before": -0.7560,
    "p_above": -0.2661,
    "gap": 0.5282,
    "heading_at": -0.0800,
    "cue_at": 0.3510,
    "dated_share": 2.6624,
    "repeated_share": 1.9784,
    "log_words_at": -0.0257,
    "log_words_before": 0.0382,
    "short_run": -0.0038,
    "short_above": -0.0603,
    "bullet_above": 0.0327,
    "link_above": -1.0464,
    "p_above_all": 2.2899,
    "dated_above": -1.5203,
    "sentence_above_all": 0.1600,
    "dated_page": -0.1257,
    "bylined": -0.0107,
    "titled": 0.1550,
}
# round twenty (text27): the trees (textend_model.npz) read only the cuts whose
# logistic score clears this log-odds (0.3); the others stay uncut
END_GATE = -0.8473
