"""Weights of the text-dump start-of-article cut (benchmarks/text_head_study.py)."""

HEAD_BAR = 0.75
HEAD_WEIGHTS: dict[str, float] = {
    "bias": 1.9314,
    "drop_share": -3.5355,
    "log_drop_words": 0.4701,
    "log_drop_blocks": -0.1949,
    "drop_link": -1.1021,
    "drop_short": -1.5117,
    "drop_bullet": 0.0009,
    "drop_sentence": -0.4236,
    "drop_p": -4.8427,
    "drop_p_max": -1.8312,
    "drop_dated": 2.8508,
    "drop_repeated": 3.5068,
    "p_at": -0.4871,
    "p_before": -0.1118,
    "p_below": -0.5477,
    "sentence_below": -0.1088,
    "short_below": 0.1817,
    "link_below": -0.2017,
    "gap": 0.0650,
    "log_words_at": 0.0421,
    "log_words_before": 0.0180,
    "sentence_at": -0.0663,
    "heading_before": 0.1042,
    "byline_between": 0.0000,
    "log_body_words": 0.0495,
    "dated_page": -0.7232,
    "bylined": -0.2469,
    "titled": -0.1294,
    "drop_headline": 0.0457,
    "drop_bracket": 0.6708,
    "p_jump": 1.7627,
    "sentence_jump": 0.2820,
    "first_paragraph": 0.6254,
    "log_drop_paragraphs": 0.0908,
    "p_margin": -0.1011,
    "dateline_at": 1.2056,
}
# round twenty-one (text29): the trees (texthead_model.npz) read only the starts
# whose logistic score clears this log-odds (0.1); no cut else
HEAD_GATE = -2.1972
