"""Weights of the text-dump block model, written by benchmarks/train_text_model.py."""

WEIGHTS: dict[str, float] = {
    "bias": 2.8226,
    "log_words": 0.2749,
    "short": 0.2963,
    "stopword_ratio": 0.4995,
    "sentence_end": 0.4999,
    "sentences": -0.1954,
    "comma_density": 1.5861,
    "link_density": -1.6953,
    "linked": 0.5007,
    "bullet": 0.1944,
    "forms": -1.5096,
    "title_case": -0.0773,
    "digit_ratio": -0.0802,
    "chrome_ratio": -5.4506,
    "separators": -0.3286,
    "phrase_list": -0.2429,
    "copyright": -2.1623,
    "repeated_in_page": -0.3147,
    "position": -1.1892,
    "indent": -0.1377,
    "group_size": -0.3964,
    "lines": -0.1879,
    "prev_log_words": 0.0646,
    "next_log_words": 0.0851,
    "prev_bullet": -0.0888,
    "next_bullet": -0.0590,
    "prev_stopwords": -0.1127,
    "next_stopwords": 0.0364,
    "window_words": 0.3813,
    "window_short": -1.7511,
    "window_linked": -0.9004,
    "window_sentences": -0.5244,
    "before_anchor": -0.8931,
    "is_anchor": -1.8150,
    "after_anchor": -0.0066,
    "prose_before": -2.9735,
    "prose_after": -2.2859,
    "window_sentences_wide": 1.7551,
}

CONTEXT_WEIGHTS: dict[str, float] = {}

SELECTION: dict[str, float] = {"threshold": 0.5, "exponent": 0.8, "penalty": 0.05, "keep_min": 0.1}

# The stretch ranker (textruns): empty, the run with the largest summed evidence is the body.
RUN_WEIGHTS: dict[str, float] = {}
