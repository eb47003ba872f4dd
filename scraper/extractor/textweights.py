"""Weights of the text-dump block model, written by benchmarks/train_text_model.py."""

WEIGHTS: dict[str, float] = {
    "bias": 1.1170,
    "log_words": -0.0931,
    "short": 0.4985,
    "stopword_ratio": 0.9107,
    "sentence_end": 0.5673,
    "sentences": 0.0838,
    "comma_density": 2.3920,
    "link_density": -0.5915,
    "linked": -0.0026,
    "bullet": 0.1555,
    "forms": -1.4422,
    "title_case": -0.3171,
    "digit_ratio": -0.0804,
    "chrome_ratio": -3.4779,
    "separators": -0.8743,
    "phrase_list": -0.3292,
    "copyright": -3.1732,
    "repeated_in_page": -0.1502,
    "position": -1.8668,
    "indent": 0.0952,
    "group_size": -0.4390,
    "lines": 0.1472,
    "prev_log_words": -0.0232,
    "next_log_words": 0.0354,
    "prev_bullet": -0.1615,
    "next_bullet": -0.1253,
    "prev_stopwords": 0.3299,
    "next_stopwords": 0.3065,
    "window_words": 0.2405,
    "window_short": -1.5829,
    "window_linked": -0.6156,
    "window_sentences": 1.6570,
}

SELECTION: dict[str, float] = {"threshold": 0.5, "exponent": 0.8, "penalty": 0.0, "keep_min": 0.1}
CONTEXT_WEIGHTS: dict[str, float] = {}
