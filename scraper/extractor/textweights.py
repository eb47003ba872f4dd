"""Weights of the text-dump block model (hand-set starting point; see textmodel.py)."""

WEIGHTS: dict[str, float] = {
    "bias": -2.0,
    "log_words": 0.9,
    "short": -0.8,
    "stopword_ratio": 4.0,
    "sentence_end": 1.0,
    "sentences": 0.5,
    "comma_density": 1.0,
    "link_density": -3.0,
    "linked": -0.5,
    "bullet": -1.0,
    "forms": -3.0,
    "title_case": -1.0,
    "digit_ratio": -1.5,
    "chrome_ratio": -4.0,
    "separators": -1.0,
    "repeated_in_page": -1.5,
    "copyright": -3.0,
}
