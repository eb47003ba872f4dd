"""Weights of the text-dump block model, written by benchmarks/train_text_model.py."""

WEIGHTS: dict[str, float] = {
    "bias": 3.3929,
    "log_words": 0.2581,
    "short": 0.3241,
    "stopword_ratio": 0.2546,
    "sentence_end": 0.6996,
    "sentences": -0.2496,
    "comma_density": 1.8594,
    "link_density": -1.4559,
    "linked": 0.3566,
    "bullet": 0.2596,
    "forms": -1.4633,
    "title_case": -0.1166,
    "digit_ratio": -0.0585,
    "chrome_ratio": -5.6493,
    "separators": -0.2452,
    "phrase_list": -0.3602,
    "copyright": -2.2865,
    "repeated_in_page": -0.2419,
    "position": -0.5922,
    "indent": -0.2229,
    "group_size": -0.3744,
    "lines": -0.1429,
    "prev_log_words": 0.0896,
    "next_log_words": 0.1062,
    "prev_bullet": -0.0185,
    "next_bullet": 0.0677,
    "prev_stopwords": -0.2958,
    "next_stopwords": -0.0750,
    "window_words": 0.1104,
    "window_short": -1.5480,
    "window_linked": -0.7572,
    "window_sentences": -0.1589,
    "before_anchor": -0.9285,
    "is_anchor": -1.6986,
    "after_anchor": -0.0271,
    "prose_before": -3.8199,
    "prose_after": -3.0182,
    "window_sentences_wide": 2.4666,
}

CONTEXT_WEIGHTS: dict[str, float] = {}

SELECTION: dict[str, float] = {"threshold": 0.5, "exponent": 0.8, "penalty": 0.05, "keep_min": 0.1}

# The stretch ranker (textruns): empty, the run with the largest summed evidence is the body.
RUN_WEIGHTS: dict[str, float] = {}
