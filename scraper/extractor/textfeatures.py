"""Block features for text dumps: the general signals a reader uses to tell body from chrome.

Length, sentence punctuation, stop-word density (in the dump's own language, picked cheaply
from a few stop lists), link markers, bullets, form controls, title-case and digit ratios,
boilerplate vocabulary, repetition inside the page, and each block's
neighbours. ``textmodel`` turns these numbers into a content probability.

Speed: words are the whitespace tokens of the whole dump, split once; every word is looked up
once in one table (each stop list, the chrome words and separators as bits of one code), and
per-block sums are differences of a cumulative sum. Per-block facts come from ``map`` over
C-level string methods; the result is one numpy matrix, no Python loop over blocks or words.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import repeat

import numpy as np

from scraper.extractor.textlines import Dump

__all__ = ["FEATURE_NAMES", "BlockFeatures", "block_features", "block_key", "pick_stopwords"]


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD_RE = re.compile(r"\w+", re.UNICODE)
_TERMINALS = tuple(".!?…。！？")
_CLOSERS = "\"'”’»)]"
_SEPARATORS = _word_set("| · • » › / - – —")

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
_COPYRIGHT = _word_set("copyright copyright: copyrights ©")
_LANGUAGES = tuple(_STOPWORDS)
_CHROME_BIT = 1 << len(_LANGUAGES)
_SEPARATOR_BIT = _CHROME_BIT << 1
_COPYRIGHT_BIT = _CHROME_BIT << 2
_LANGUAGE_BITS = np.array([1 << i for i in range(len(_LANGUAGES))], dtype=np.int32)


def _word_codes() -> dict[str, int]:
    """Every listed word's code: one bit per stop list it is in, chrome, separator, copyright."""
    codes: dict[str, int] = {}
    for bit, words in enumerate(_STOPWORDS.values()):
        for word in words:
            codes[word] = codes.get(word, 0) | 1 << bit
    for extra, words in (
        (_CHROME_BIT, _CHROME_WORDS),
        (_SEPARATOR_BIT, _SEPARATORS),
        (_COPYRIGHT_BIT, _COPYRIGHT),
    ):
        for word in words:
            codes[word] = codes.get(word, 0) | extra
    return codes


_CODES = _word_codes()


def _keep_only(chars: str) -> bytes:
    """A ``bytes.translate`` delete table that keeps only ``chars`` (ASCII) and newlines."""
    kept = set((chars + "\n").encode("ascii"))
    return bytes(b for b in range(256) if b not in kept)


# Per-block counts of ASCII character classes: delete every other byte of the UTF-8 dump,
# split at the block breaks, take the lengths. Three C calls a class, whatever the dump's size.
_CAPITALS = _keep_only("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = _keep_only("0123456789")
_STOPS = _keep_only(".!?")
_COMMAS = _keep_only(",")
_SEMICOLONS = _keep_only(";")

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
_NUMBER_RE = re.compile(r"\b\d+\b")


def pick_stopwords(counts: Counter[str]) -> frozenset[str]:
    """The stop list that covers most of the words counted: their language, guessed cheaply."""
    return max(_STOPWORDS.values(), key=lambda stop: sum(map(counts.__getitem__, stop)))


def block_key(text: str) -> str:
    """A block's identity for repetition across a site: lower-cased words, numbers dropped."""
    return " ".join(_WORD_RE.findall(_NUMBER_RE.sub(" ", text.lower())))


class BlockFeatures:
    """The feature matrix of a dump's blocks (``FEATURE_NAMES`` columns) and their word counts."""

    __slots__ = ("matrix", "words")

    def __init__(self, matrix: np.ndarray, words: np.ndarray) -> None:
        self.matrix = matrix
        self.words = words


def _ints(values: object, count: int) -> np.ndarray:
    return np.fromiter(values, dtype=np.int64, count=count)  # type: ignore[call-overload]


def _window_mean(values: np.ndarray, width: int) -> np.ndarray:
    """Each position's mean over itself and ``width`` neighbours on each side."""
    n = len(values)
    prefix = np.zeros(n + 1)
    np.cumsum(values, out=prefix[1:])
    index = np.arange(n)
    low = np.maximum(index - width, 0)
    high = np.minimum(index + width + 1, n)
    return (prefix[high] - prefix[low]) / (high - low)


def _shift(values: np.ndarray, by: int, fill: float) -> np.ndarray:
    """``values`` moved ``by`` places (1: each block sees the one before), ``fill`` at the edge."""
    out = np.full(len(values), fill, dtype=float)
    if by > 0:
        out[by:] = values[:-by]
    else:
        out[:by] = values[-by:]
    return out


def block_features(dump: Dump) -> BlockFeatures:
    """One feature row per block, in ``FEATURE_NAMES`` order."""
    texts = dump.texts
    n = len(texts)
    if not n:
        return BlockFeatures(np.zeros((0, len(FEATURE_NAMES))), np.zeros(0, dtype=np.int64))
    joined = "\n".join(texts)
    lowered = joined.lower().split()
    words = _ints(map(str.count, texts, repeat(" ")), n) + 1
    if len(lowered) != int(words.sum()):  # a space other than " " inside a block
        lowered = []
        for text in texts:
            lowered += text.lower().split()
        words = _ints(map(len, map(str.split, texts)), n)
    total = len(lowered)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(words, out=offsets[1:])

    def per_block(flags: np.ndarray) -> np.ndarray:
        sums = np.zeros(total + 1, dtype=np.int64)
        np.cumsum(flags, out=sums[1:])
        return sums[offsets[1:]] - sums[offsets[:-1]]

    codes = np.fromiter(map(_CODES.get, lowered, repeat(0)), dtype=np.int32, count=total)
    language = int(np.argmax(((codes[:, None] & _LANGUAGE_BITS) > 0).sum(axis=0)))
    stop_hits = per_block((codes >> language) & 1)
    chrome_hits = per_block((codes & _CHROME_BIT) > 0)
    separators = per_block((codes & _SEPARATOR_BIT) > 0)
    copyright_words = per_block((codes & _COPYRIGHT_BIT) > 0)
    raw = joined.encode("utf-8", "surrogatepass")

    def count(table: bytes) -> np.ndarray:
        return _ints(map(len, raw.translate(None, table).split(b"\n")), n)

    capitals = count(_CAPITALS)
    numbers = count(_DIGITS)
    commas = count(_COMMAS)
    semicolons = count(_SEMICOLONS)
    ends = np.fromiter(
        map(str.endswith, map(str.rstrip, texts, repeat(_CLOSERS)), repeat(_TERMINALS)), bool, n
    )
    sentences = np.maximum(count(_STOPS) - ends, 0)
    symbol = np.fromiter(map(str.__contains__, texts, repeat("©")), dtype=bool, count=n)
    repeats = Counter(texts)
    repeated = _ints(map(repeats.__getitem__, texts), n) > 1

    log_words = np.log1p(words)
    inv = 1.0 / np.maximum(words, 1)
    bullets = dump.bullet.astype(float)
    stop_ratio = stop_hits * inv
    short = (words <= 4).astype(float)
    linked = (dump.links > 0).astype(float)
    has_sentences = (sentences > 0).astype(float)
    phrase_commas = commas + semicolons
    phrase_list = (phrase_commas >= 2) & (sentences == 0) & (words <= 3.5 * (phrase_commas + 1))
    group_sizes = np.bincount(dump.group)[dump.group]
    matrix = np.column_stack(
        (
            np.ones(n),
            log_words,
            short,
            stop_ratio,
            ends,
            np.log1p(sentences),
            commas / (words + 1),
            np.minimum(1.0, dump.links / (words / 4 + 1)),
            linked,
            bullets,
            dump.forms > 0,
            capitals * inv,
            numbers * inv,
            chrome_hits * inv,
            np.minimum(1.0, separators / 3),
            phrase_list,
            (copyright_words > 0) | symbol,
            repeated,
            np.arange(n) / max(1, n - 1),
            np.minimum(1.0, dump.indent / 12),
            np.log1p(group_sizes),
            np.log1p(dump.lines),
            _shift(log_words, 1, 0.0),
            _shift(log_words, -1, 0.0),
            _shift(bullets, 1, 1.0),
            _shift(bullets, -1, 1.0),
            _shift(stop_ratio, 1, 0.0),
            _shift(stop_ratio, -1, 0.0),
            _window_mean(log_words, _WINDOW),
            _window_mean(short, _WINDOW),
            _window_mean(linked, _WINDOW),
            _window_mean(has_sentences, _WINDOW),
        )
    ).astype(float)
    return BlockFeatures(matrix, words)
