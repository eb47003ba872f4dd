"""Weights of the text-dump start-of-article cut (benchmarks/text_head_study.py)."""

HEAD_BAR = 0.75
HEAD_WEIGHTS: dict[str, float] = {
    "bias": 1.9540,
    "drop_share": -3.3839,
    "log_drop_words": 0.4495,
    "log_drop_blocks": -0.2500,
    "drop_link": -1.2312,
    "drop_short": -1.5531,
    "drop_bullet": -0.0609,
    "drop_sentence": -0.4813,
    "drop_p": -4.9409,
    "drop_p_max": -1.1338,
    "drop_dated": 2.7848,
    "drop_repeated": 3.5351,
    "p_at": -0.4242,
    "p_before": -0.1380,
    "p_below": -0.6358,
    "sentence_below": -0.0798,
    "short_below": 0.1571,
    "link_below": -0.2722,
    "gap": -0.1200,
    "log_words_at": 0.0413,
    "log_words_before": -0.0039,
    "sentence_at": -0.1117,
    "heading_before": 0.1095,
    "byline_between": 0.0000,
    "log_body_words": 0.0616,
    "dated_page": -0.6797,
    "bylined": -0.1577,
    "titled": -0.3645,
    "drop_headline": -0.0343,
    "drop_bracket": 1.3311,
    "p_jump": 1.7061,
    "sentence_jump": 0.3721,
    "first_paragraph": 0.5925,
    "log_drop_paragraphs": 0.0289,
    "p_margin": -0.2093,
    "dateline_at": 1.3383,
}
# round twenty-one (text29): the trees (texthead_model.npz) read only the starts
# whose logistic score clears this log-odds (0.1); no cut else
HEAD_GATE = -2.1972
