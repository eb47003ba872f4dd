"""Weights of the text-dump block model, written by benchmarks/train_text_model.py."""

WEIGHTS: dict[str, float] = {
    "bias": 0.6814,
    "log_words": 0.3033,
    "short": 0.5423,
    "stopword_ratio": 0.5283,
    "sentence_end": 0.5172,
    "sentences": -0.0685,
    "comma_density": 1.2846,
    "link_density": -1.4590,
    "linked": 0.2924,
    "bullet": 0.2075,
    "forms": -1.7972,
    "title_case": -0.3176,
    "digit_ratio": -0.1195,
    "chrome_ratio": -5.8933,
    "separators": -0.8383,
    "phrase_list": -0.0886,
    "copyright": -3.1596,
    "repeated_in_page": -0.2533,
    "position": -1.7368,
    "indent": -0.2663,
    "group_size": -0.4057,
    "lines": -0.2120,
    "prev_log_words": 0.0078,
    "next_log_words": 0.0611,
    "prev_bullet": -0.0782,
    "next_bullet": -0.0613,
    "prev_stopwords": 0.1971,
    "next_stopwords": 0.1174,
    "window_words": 0.3229,
    "window_short": -2.1760,
    "window_linked": -0.7543,
    "window_sentences": 0.9999,
}

CONTEXT_WEIGHTS: dict[str, float] = {}

SELECTION: dict[str, float] = {"threshold": 0.45, "exponent": 0.8, "penalty": 0.0, "keep_min": 0.1}
