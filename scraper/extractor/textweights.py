"""Weights of the text-dump block model, written by benchmarks/train_text_model.py."""

WEIGHTS: dict[str, float] = {
    "bias": 0.6170,
    "log_words": 0.3247,
    "short": 0.3700,
    "stopword_ratio": 0.5288,
    "sentence_end": 0.4759,
    "sentences": -0.1398,
    "comma_density": 1.6725,
    "link_density": -1.7228,
    "linked": 0.5310,
    "bullet": 0.1981,
    "forms": -1.5024,
    "title_case": -0.0970,
    "digit_ratio": -0.0654,
    "chrome_ratio": -5.6591,
    "separators": -0.2980,
    "phrase_list": -0.2145,
    "copyright": -2.1696,
    "repeated_in_page": -0.3299,
    "position": -1.3979,
    "indent": -0.2174,
    "group_size": -0.3597,
    "lines": -0.2442,
    "prev_log_words": 0.0437,
    "next_log_words": 0.0773,
    "prev_bullet": -0.1071,
    "next_bullet": -0.0689,
    "prev_stopwords": -0.0526,
    "next_stopwords": 0.0661,
    "window_words": 0.2743,
    "window_short": -1.9987,
    "window_linked": -0.8790,
    "window_sentences": 0.7501,
}

CONTEXT_WEIGHTS: dict[str, float] = {}

SELECTION: dict[str, float] = {"threshold": 0.5, "exponent": 0.8, "penalty": 0.0, "keep_min": 0.1}
