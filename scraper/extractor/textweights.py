"""Weights of the text-dump block model, written by benchmarks/train_text_model.py."""

WEIGHTS: dict[str, float] = {
    "bias": 0.6795,
    "log_words": 0.3035,
    "short": 0.5421,
    "stopword_ratio": 0.5231,
    "sentence_end": 0.5171,
    "sentences": -0.0685,
    "comma_density": 1.2838,
    "link_density": -1.4591,
    "linked": 0.2922,
    "bullet": 0.2084,
    "forms": -1.7998,
    "title_case": -0.3165,
    "digit_ratio": -0.1194,
    "chrome_ratio": -5.7000,
    "separators": -0.8398,
    "phrase_list": -0.0867,
    "copyright": -3.1652,
    "repeated_in_page": -0.2531,
    "position": -1.7359,
    "indent": -0.2657,
    "group_size": -0.4056,
    "lines": -0.2115,
    "prev_log_words": 0.0079,
    "next_log_words": 0.0611,
    "prev_bullet": -0.0786,
    "next_bullet": -0.0611,
    "prev_stopwords": 0.1970,
    "next_stopwords": 0.1174,
    "window_words": 0.3233,
    "window_short": -2.1767,
    "window_linked": -0.7541,
    "window_sentences": 0.9989,
}

CONTEXT_WEIGHTS: dict[str, float] = {}

SELECTION: dict[str, float] = {"threshold": 0.45, "exponent": 0.8, "penalty": 0.0, "keep_min": 0.1}
