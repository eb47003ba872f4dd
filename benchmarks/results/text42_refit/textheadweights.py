"""Weights of the text-dump start-of-article cut (benchmarks/text_head_study.py)."""

HEAD_BAR = 0.75
HEAD_WEIGHTS: dict[str, float] = {
    "bias": 1.1053,
    "drop_share": -2.9326,
    "log_drop_words": 0.4457,
    "log_drop_blocks": -0.3636,
    "drop_link": 0.2057,
    "drop_short": -1.2387,
    "drop_bullet": 0.3343,
    "drop_sentence": -0.6960,
    "drop_p": -4.4450,
    "drop_p_max": -1.2448,
    "drop_dated": 2.5127,
    "drop_repeated": 3.8782,
    "p_at": -0.3980,
    "p_before": -0.0985,
    "p_below": -0.1591,
    "sentence_below": -0.1942,
    "short_below": 0.2095,
    "link_below": -0.0775,
    "gap": -0.0755,
    "log_words_at": 0.0147,
    "log_words_before": -0.0240,
    "sentence_at": -0.0569,
    "heading_before": 0.0072,
    "byline_between": 0.0000,
    "log_body_words": 0.0836,
    "dated_page": -0.8227,
    "bylined": -0.6697,
    "titled": -0.2678,
    "drop_headline": 0.4559,
    "drop_bracket": 0.7246,
    "p_jump": 2.1069,
    "sentence_jump": 0.2000,
    "first_paragraph": 0.3988,
    "log_drop_paragraphs": 0.1082,
    "p_margin": -0.1803,
    "dateline_at": 1.2884,
}
# round twenty-one (text29): the trees (texthead_model.npz) read only the starts
# whose logistic score clears this log-odds (0.1); no cut else
HEAD_GATE = -2.1972
