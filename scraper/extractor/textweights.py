"""Weights of the text-dump block model, written by benchmarks/train_text_model.py."""

WEIGHTS: dict[str, float] = {
    "bias": 1.0880,
    "log_words": 0.0863,
    "short": 0.4608,
    "stopword_ratio": 0.8566,
    "sentence_end": 0.5422,
    "sentences": -0.0211,
    "comma_density": 2.7271,
    "link_density": -1.4846,
    "linked": 0.3220,
    "bullet": 0.1874,
    "forms": -1.6954,
    "title_case": -0.6284,
    "digit_ratio": -0.0755,
    "chrome_ratio": -5.6104,
    "separators": -0.7570,
    "phrase_list": -0.3477,
    "copyright": -3.0805,
    "repeated_in_page": -0.2654,
    "position": -1.9949,
    "indent": -0.0215,
    "group_size": -0.4920,
    "lines": -0.0495,
    "prev_log_words": -0.0108,
    "next_log_words": 0.0513,
    "prev_bullet": -0.1641,
    "next_bullet": -0.1459,
    "prev_stopwords": 0.3191,
    "next_stopwords": 0.2013,
    "window_words": 0.2704,
    "window_short": -1.8412,
    "window_linked": -0.7361,
    "window_sentences": 1.5637,
}

CONTEXT_WEIGHTS: dict[str, float] = {}

SELECTION: dict[str, float] = {"threshold": 0.45, "exponent": 0.8, "penalty": 0.0, "keep_min": 0.1}
