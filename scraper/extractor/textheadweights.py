"""Weights of the text-dump start-of-article cut (benchmarks/text_head_study.py)."""

HEAD_BAR = 0.75
HEAD_WEIGHTS: dict[str, float] = {
    "bias": 0.5968,
    "drop_share": -3.2800,
    "log_drop_words": 0.2931,
    "log_drop_blocks": -0.0249,
    "drop_link": -1.3294,
    "drop_short": -1.2564,
    "drop_bullet": -0.0911,
    "drop_sentence": -0.6441,
    "drop_p": -2.3169,
    "drop_p_max": -1.4711,
    "drop_dated": 3.0055,
    "drop_repeated": 3.8224,
    "p_at": -0.3943,
    "p_before": 0.0412,
    "p_below": -0.2050,
    "sentence_below": -0.1058,
    "short_below": -0.0855,
    "link_below": -0.7617,
    "gap": 0.3757,
    "log_words_at": 0.0133,
    "log_words_before": 0.0093,
    "sentence_at": -0.1228,
    "heading_before": 0.1166,
    "byline_between": -2.4518,
    "log_body_words": 0.0491,
    "dated_page": -1.0110,
    "bylined": -0.1308,
    "titled": -0.3747,
    "drop_headline": -0.1788,
    "drop_bracket": 1.2545,
    "p_jump": 0.8367,
    "sentence_jump": 0.5231,
    "first_paragraph": 0.6837,
    "log_drop_paragraphs": -0.1897,
    "p_margin": -0.1181,
    "dateline_at": 1.0780,
}
# round twenty-one (text29): the trees (texthead_model.npz) read only the starts
# whose logistic score clears this log-odds (0.1); no cut else
HEAD_GATE = -2.1972
