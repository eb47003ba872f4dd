"""Weights of the text-dump end-of-article cut (benchmarks/text_tail_study.py)."""

END_BAR = 0.7
END_WEIGHTS: dict[str, float] = {
    "bias": -1.6688,
    "outside": -2.7252,
    "log_suffix_words": 0.6852,
    "log_suffix_blocks": -0.5798,
    "link_share": 1.0500,
    "link_words": -0.0741,
    "short_share": -1.0522,
    "bullet_share": -0.4451,
    "sentence_words": -0.8946,
    "sentence_above": -0.5027,
    "sentence_drop": 0.3114,
    "p_suffix": -1.8728,
    "p_min": -1.4213,
    "p_at": -0.0008,
    "p_before": -0.7846,
    "p_above": -0.3219,
    "gap": 0.4889,
    "heading_at": -0.0724,
    "cue_at": 0.3592,
    "dated_share": 2.7076,
    "repeated_share": 2.0678,
    "log_words_at": -0.0370,
    "log_words_before": 0.0287,
    "short_run": -0.0276,
    "short_above": -0.1970,
    "bullet_above": -0.1048,
    "link_above": -1.0857,
    "p_above_all": 2.3282,
    "dated_above": -1.4815,
    "sentence_above_all": 0.2097,
    "dated_page": -0.2011,
    "bylined": 0.0471,
    "titled": 0.0880,
}
# round twenty (text27): the trees (textend_model.npz) read only the cuts whose
# logistic score clears this log-odds (0.3); the others stay uncut
END_GATE = -0.8473
