"""Block features for text dumps: the general signals a reader uses to tell body from chrome.

Length, sentence punctuation, stop-word density (in the dump's own language, picked cheaply
from a few stop lists), link markers, bullets, form controls, title-case and digit ratios,
boilerplate vocabulary, repetition inside the page, and each block's
neighbours. ``textmodel`` turns these numbers into a content probability.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from scraper.extractor.textlines import Block

__all__ = ["FEATURE_NAMES", "block_features", "block_key", "pick_stopwords"]


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD_RE = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END_RE = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_SENTENCE_BREAK_RE = re.compile(r"[.!?…][\"'”’»)]*\s+[\"'“‘«(]*[A-Z]")
_SEPARATOR_RE = re.compile(r"\s[|·•»›/]\s|\s-\s")

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _word_set(
        "a about after all also an and any are as at be because been but by can could did do "
        "does for from had has have he her his how i if in into is it its just more most my no "
        "not of on one or our out she so some than that the their them then there these they "
        "this those to up was we were what when which who will with would you your"
    ),
    "de": _word_set(
        "aber als am an auch auf aus bei bis das dass dem den der des die doch durch ein eine "
        "einem einen einer es für hat ich ihr im in ist kann mit nach nicht noch nur oder sich "
        "sie sind so um und von vor war wie wir wird zu zum zur über"
    ),
    "fr": _word_set(
        "au aux avec ce ces dans de des du elle en est et il ils je la le les leur lui mais me "
        "même mon ne nous on ou par pas pour qu que qui sa se ses son sont sur ta te un une "
        "vous été être était"
    ),
    "es": _word_set(
        "a al como con de del el ella en es esta este fue ha la las le lo los más no o para "
        "pero por que se sin su sus también un una y ya"
    ),
    "it": _word_set(
        "a al alla anche che con da del della di e gli ha il in la le lo ma nel non per più "
        "si sono su un una"
    ),
    "nl": _word_set(
        "aan als bij dat de den der die dit een en het hij in is met niet noch of om onder op "
        "ook te tot van voor was wat we ze zich zijn"
    ),
    "pt": _word_set(
        "a ao as com como da das de do dos e ela ele em era foi mais mas na nas no nos o os "
        "para pela pelo por que se sem seu sua um uma"
    ),
}
# Words that label site chrome rather than say something: navigation, sharing, accounts,
# legal lines, ads. Generic web vocabulary, no site's own words.
_CHROME_WORDS = _word_set(
    "share shares shared tweet facebook twitter linkedin pinterest whatsapp reddit tumblr "
    "pocket instagram youtube email print subscribe subscribed newsletter sign login logout "
    "log register cookie cookies privacy policy terms copyright reserved advertisement "
    "advertising sponsored related recommended comments comment reply replies follow menu "
    "search home contact skip navigation toggle previous next rss feed read more loading "
    "tags tagged categories category archives posted filed click opens window"
)

FEATURE_NAMES: tuple[str, ...] = (
    "bias",
    "log_words",
    "short",
    "stopword_ratio",
    "sentence_end",
    "sentences",
    "comma_density",
    "link_density",
    "linked",
    "bullet",
    "forms",
    "title_case",
    "digit_ratio",
    "chrome_ratio",
    "separators",
    "phrase_list",
    "copyright",
    "repeated_in_page",
    "position",
    "indent",
    "group_size",
    "lines",
    "prev_log_words",
    "next_log_words",
    "prev_bullet",
    "next_bullet",
    "prev_stopwords",
    "next_stopwords",
    "window_words",
    "window_short",
    "window_linked",
    "window_sentences",
)
_WINDOW = 3  # blocks on each side that make a block's neighbourhood
_CAPITAL_RE = re.compile(r"\b[^\W\d_a-z]")
_NUMBER_RE = re.compile(r"\b\d+\b")


def pick_stopwords(counts: Counter[str]) -> frozenset[str]:
    """The stop list that covers most of the dump's words: its language, guessed cheaply."""
    return max(_STOPWORDS.values(), key=lambda stop: sum(map(counts.__getitem__, stop)))


def block_key(text: str) -> str:
    """A block's identity for repetition: its lower-cased words, numbers dropped."""
    return " ".join(_WORD_RE.findall(_NUMBER_RE.sub(" ", text.lower())))


def _phrase_list(text: str, words: int, sentences: int) -> float:
    """Comma-separated short phrases with no sentence: tags, keywords, breadcrumbs."""
    commas = text.count(",") + text.count(";")
    if commas < 2 or sentences:
        return 0.0
    return 1.0 if words / (commas + 1) <= 3.5 else 0.0


def _window_mean(values: list[float], width: int) -> list[float]:
    """Each position's mean over itself and ``width`` neighbours on each side."""
    prefix = [0.0]
    for value in values:
        prefix.append(prefix[-1] + value)
    n = len(values)
    out = []
    for i in range(n):
        low, high = max(0, i - width), min(n, i + width + 1)
        out.append((prefix[high] - prefix[low]) / (high - low))
    return out


def block_features(blocks: Sequence[Block]) -> list[list[float]]:
    """One feature row per block, in ``FEATURE_NAMES`` order (column-wise, for speed)."""
    n = len(blocks)
    if not n:
        return []
    texts = [block.text for block in blocks]
    lowers = [text.lower() for text in texts]
    words = [_WORD_RE.findall(text) for text in lowers]
    counts = [len(w) for w in words]
    all_words: Counter[str] = Counter()
    for w in words:
        all_words.update(w)
    stop = pick_stopwords(all_words)
    stop_hits = [sum(map(stop.__contains__, w)) for w in words]
    chrome_hits = [sum(map(_CHROME_WORDS.__contains__, w)) for w in words]
    capitals = [len(_CAPITAL_RE.findall(text)) for text in texts]
    numbers = [len(_NUMBER_RE.findall(text)) for text in texts]
    sentences = [len(_SENTENCE_BREAK_RE.findall(text)) for text in texts]
    keys = [" ".join(_WORD_RE.findall(_NUMBER_RE.sub(" ", text))) for text in lowers]
    key_counts = Counter(keys)
    group_sizes = Counter(block.group for block in blocks)
    log_words = [math.log1p(c) for c in counts]
    bullets = [1.0 if block.bullet else 0.0 for block in blocks]
    stop_ratio = [h / c if c else 0.0 for h, c in zip(stop_hits, counts, strict=True)]
    short = [1.0 if c <= 4 else 0.0 for c in counts]
    linked = [1.0 if block.links else 0.0 for block in blocks]
    sentence_flags = [1.0 if s else 0.0 for s in sentences]
    window_words = _window_mean(log_words, _WINDOW)
    window_short = _window_mean(short, _WINDOW)
    window_linked = _window_mean(linked, _WINDOW)
    window_sentences = _window_mean(sentence_flags, _WINDOW)
    last = max(1, n - 1)
    rows = []
    for i, block in enumerate(blocks):
        c = counts[i]
        text = texts[i]
        inv = 1.0 / c if c else 0.0
        rows.append(
            [
                1.0,
                log_words[i],
                short[i],
                stop_ratio[i],
                1.0 if _SENTENCE_END_RE.search(text) else 0.0,
                math.log1p(sentences[i]),
                text.count(",") / (c + 1),
                min(1.0, block.links / (c / 4 + 1)),
                linked[i],
                bullets[i],
                1.0 if block.forms else 0.0,
                capitals[i] * inv,
                numbers[i] * inv,
                chrome_hits[i] * inv,
                min(1.0, len(_SEPARATOR_RE.findall(text)) / 3),
                _phrase_list(text, c, sentences[i]),
                1.0 if ("©" in text or "copyright" in lowers[i]) else 0.0,
                1.0 if keys[i] and key_counts[keys[i]] > 1 else 0.0,
                i / last,
                min(1.0, block.indent / 12),
                math.log1p(group_sizes[block.group]),
                math.log1p(block.lines),
                log_words[i - 1] if i else 0.0,
                log_words[i + 1] if i + 1 < n else 0.0,
                bullets[i - 1] if i else 1.0,
                bullets[i + 1] if i + 1 < n else 1.0,
                stop_ratio[i - 1] if i else 0.0,
                stop_ratio[i + 1] if i + 1 < n else 0.0,
                window_words[i],
                window_short[i],
                window_linked[i],
                window_sentences[i],
            ]
        )
    return rows
