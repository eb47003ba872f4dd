"""Weights of the text-dump block model, written by benchmarks/train_text_model.py."""

WEIGHTS: dict[str, float] = {
    "bias": 0.8472,
    "log_words": 0.3227,
    "short": 0.3677,
    "stopword_ratio": 0.5279,
    "sentence_end": 0.4786,
    "sentences": -0.1442,
    "comma_density": 1.6253,
    "link_density": -1.7098,
    "linked": 0.5220,
    "bullet": 0.2026,
    "forms": -1.5302,
    "title_case": -0.0886,
    "digit_ratio": -0.0703,
    "chrome_ratio": -5.5721,
    "separators": -0.3259,
    "phrase_list": -0.2445,
    "copyright": -2.1792,
    "repeated_in_page": -0.3322,
    "position": -1.7000,
    "indent": -0.2121,
    "group_size": -0.3596,
    "lines": -0.2455,
    "prev_log_words": 0.0402,
    "next_log_words": 0.0772,
    "prev_bullet": -0.0798,
    "next_bullet": -0.0540,
    "prev_stopwords": -0.0493,
    "next_stopwords": 0.0815,
    "window_words": 0.3002,
    "window_short": -1.9327,
    "window_linked": -0.9093,
    "window_sentences": 0.7129,
    "before_anchor": -0.9124,
    "is_anchor": -1.6937,
    "after_anchor": -0.0887,
}

CONTEXT_WEIGHTS: dict[str, float] = {}

SELECTION: dict[str, float] = {"threshold": 0.5, "exponent": 0.8, "penalty": 0.0, "keep_min": 0.1}

# The stretch ranker (textruns): empty, the run with the largest summed evidence is the body.
RUN_WEIGHTS: dict[str, float] = {}
