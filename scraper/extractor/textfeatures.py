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
from functools import lru_cache
from itertools import repeat
from urllib.parse import unquote, urlsplit

import numpy as np

from scraper.extractor.textlines import Dump

# The word lookup in C (built from _ctext.pyx by setup.py; optional): the same codes. Not
# built: the dump is split into words and each is looked up from Python.
try:
    from scraper.extractor import _ctext
except ImportError:
    _ctext = None

__all__ = [
    "FEATURE_NAMES",
    "BlockFeatures",
    "block_features",
    "block_key",
    "pick_stopwords",
    "title_slug",
    "url_path_words",
]


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD_RE = re.compile(r"\w+", re.UNICODE)
_TERMINALS = tuple(".!?…。！？")
_TERMINAL_CHARS = "".join(_TERMINALS)  # each one character, for ``_ctext.block_facts``
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
_CODE_SPACE = _CHROME_BIT << 3
_SLUG_BIT = _CODE_SPACE  # a word of the page URL's slug: set per page, outside the code space
# Which stop lists each code belongs to: word counts per code times this give counts per list.
_LANGUAGE_OF_CODE = np.array(
    [[(code >> bit) & 1 for bit in range(len(_LANGUAGES))] for code in range(_CODE_SPACE)]
)
# The per-word flags summed per block: stop word (of the page's language: set per page),
# chrome word, separator, copyright.
_FLAG_BITS = np.array([0, _CHROME_BIT, _SEPARATOR_BIT, _COPYRIGHT_BIT], dtype=np.int32)


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
    # Words are looked up as written: each also under its capitalised and upper-case forms,
    # which spares lower-casing the dump.
    for word, code in list(codes.items()):
        for form in (word.capitalize(), word.upper()):
            codes[form] = codes.get(form, 0) | code
    return codes


_CODES = _word_codes()
# Which words may be listed, for the C lookup: it looks up only those (``_ctext.key_filter``).
_CODES_FILTER = _ctext.key_filter(_CODES) if _ctext is not None else b""


# Per-block counts of ASCII character classes, all from one ``np.bincount`` over the UTF-8
# bytes of the dump: each byte's class (a lookup table) and its block (newlines counted).
_OTHER, _NEWLINE, _SPACE, _CAPITAL, _DIGIT, _STOP, _COMMA, _SEMICOLON, _COPYRIGHT_SIGN = range(9)
_CLASSES = 9


def _byte_classes() -> np.ndarray:
    table = np.full(256, _OTHER, dtype=np.uint8)
    for chars, value in (
        ("\n", _NEWLINE),
        (" ", _SPACE),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZ", _CAPITAL),
        ("0123456789", _DIGIT),
        (".!?", _STOP),
        (",", _COMMA),
        (";", _SEMICOLON),
    ):
        table[list(chars.encode("ascii"))] = value
    return table


_BYTE_CLASS = _byte_classes()
_COPYRIGHT_UTF8 = np.frombuffer("©".encode(), dtype=np.uint8)

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
    "before_anchor",
    "is_anchor",
    "after_anchor",
    "prose_before",
    "prose_after",
    "window_sentences_wide",
)
_WINDOW = 3  # blocks on each side that make a block's neighbourhood
_WIDE_WINDOW = 12  # blocks on each side that make its wider surroundings
_PROSE_WORDS = 20  # a block of this many words or more, with a full stop inside, is prose
_NUMBER_RE = re.compile(r"\b\d+\b")
_ANCHOR_MAX_WORDS = 30  # a title is short
_ANCHOR_MIN_SHARED = 2  # words shared with the URL's slug
_ANCHOR_SHARE = 0.5  # shared words over the block's or the slug's words (the larger)
_TITLE_MARKS = (":", ",", "?", "!", ".", ";", "'s", "’s")
_MARKS = ("", *_TITLE_MARKS)  # a written form's endings: none, then each title mark


def title_slug(url: str | None) -> frozenset[str]:
    """The lower-cased words of the URL path's wordiest segment (numbers left out): its slug."""
    if not url:
        return frozenset()
    return frozenset(max(url_path_words(url), key=len, default=()))


@lru_cache(maxsize=64)
def url_path_words(url: str) -> tuple[tuple[str, ...], ...]:
    """The lower-cased words of each segment of the URL's path (numbers and one-letter words
    left out). Cached: the text extractor reads a page's URL twice (``title_slug``, then the
    title finder's slug words, all segments' words), and the split costs ~10 us a read."""
    segments = unquote(urlsplit(url).path).lower().split("/")
    return tuple(
        tuple(w for w in _WORD_RE.findall(part) if not w.isdigit() and len(w) > 1)
        for part in segments
    )


def _codes_with_slug(slug: frozenset[str]) -> dict[str, int]:
    """The word codes plus ``_SLUG_BIT`` on the slug's words as a title writes them.

    Lower-case, capitalised and upper-case, bare or with the punctuation a title puts after a
    word: the lookup every word gets anyway then also finds the slug's, at no cost per word.
    """
    codes = _CODES.copy()
    for word in slug:
        codes.update(_slug_codes(word))
    return codes


def _slug_forms(slug: frozenset[str]) -> dict[str, int]:
    """Only the slug's written forms with their codes (``_slug_codes``), as
    ``_ctext.token_codes`` reads them next to ``_CODES``. The extractor no longer builds them:
    ``_ctext.slug_token_codes`` tests each token's parts against the slug words' three cases
    (no form strings, no filter copy); its tests compare it with these forms."""
    written = [
        form + mark
        for word in slug
        for form in (word, word.capitalize(), word.upper())
        for mark in _MARKS
    ]
    forms = dict.fromkeys(written, _SLUG_BIT)  # most forms are no known word: code 0
    for known in filter(_CODES.__contains__, forms):
        forms[known] = _CODES[known] | _SLUG_BIT
    return forms


@lru_cache(maxsize=4096)
def _slug_codes(word: str) -> tuple[tuple[str, int], ...]:
    """A slug word's written forms with their codes and ``_SLUG_BIT`` (a form's code is the
    same whichever slug word wrote it)."""
    get = _CODES.get
    return tuple((written, get(written, 0) | _SLUG_BIT) for written in _written_forms(word))


@lru_cache(maxsize=4096)
def _written_forms(word: str) -> tuple[str, ...]:
    """A slug word as a title may write it (case, trailing punctuation); words recur in a site."""
    forms = (word, word.capitalize(), word.upper())
    return tuple(form + mark for form in forms for mark in ("", *_TITLE_MARKS))


def _anchor(slug_hits: np.ndarray, words: np.ndarray, slug_size: int) -> int:
    """The short block that best matches the URL's slug (the title line), or -1.

    A page's URL usually spells its title; where the dump shows that line, what comes before it
    is the site's header and menu and the body follows. Pages without a slug have no anchor.
    ``slug_hits``: per block, its words found in the slug.
    """
    score = slug_hits / np.maximum(words, slug_size)
    score[(slug_hits < _ANCHOR_MIN_SHARED) | (words > _ANCHOR_MAX_WORDS)] = 0.0
    best = int(np.argmax(score))  # the first of the best
    return best if score[best] >= _ANCHOR_SHARE else -1


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


def _char_counts(joined: str, n: int) -> np.ndarray:
    """Per block (``n`` of them, newline-separated in ``joined``), its count of each character
    class (``_CLASSES`` columns), from the UTF-8 bytes: ``_ctext.char_counts`` in numpy."""
    raw = np.frombuffer(joined.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    classes = _BYTE_CLASS[raw]
    if "©" in joined:  # its second byte marks it (the first is shared with other letters)
        sign = np.flatnonzero((raw[:-1] == _COPYRIGHT_UTF8[0]) & (raw[1:] == _COPYRIGHT_UTF8[1]))
        classes[sign + 1] = _COPYRIGHT_SIGN
    # Only the counted bytes are placed in their block (by the newlines before them).
    counted = np.flatnonzero(classes > _NEWLINE)
    block_of = np.searchsorted(np.flatnonzero(classes == _NEWLINE), counted)
    counts = np.bincount(block_of * _CLASSES + classes[counted], minlength=n * _CLASSES)
    return counts.reshape(n, _CLASSES)


def _word_hits(
    codes: np.ndarray, words: np.ndarray, n: int, use_slug: bool
) -> tuple[np.ndarray | None, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per block, its slug words (None without a slug), then the page's language (the stop
    list with most words) and each block's stop, chrome, separator and copyright words
    (``_ctext.block_hits`` counts the same in one loop)."""
    token_blocks = np.repeat(np.arange(n), words)  # each word's block
    slug_hits = None
    if use_slug:
        slugged = (codes & _SLUG_BIT) > 0
        slug_hits = np.bincount(token_blocks[slugged], minlength=n)
        codes &= _SLUG_BIT - 1
    language = int(np.argmax(np.bincount(codes, minlength=_CODE_SPACE) @ _LANGUAGE_OF_CODE))
    bits = _FLAG_BITS.copy()
    bits[0] = 1 << language
    listed = np.flatnonzero(codes)  # the words in any list: the only ones that add to a sum
    token_block = token_blocks[listed]
    listed_codes = codes[listed]
    stop_hits, chrome_hits, separators, copyright_words = (
        np.bincount(token_block[(listed_codes & bit) > 0], minlength=n) for bit in bits
    )
    return slug_hits, language, stop_hits, chrome_hits, separators, copyright_words


def _native_layout(dump: Dump) -> bool:
    """Whether the dump's arrays have the types ``_ctext.feature_matrix`` reads (as
    ``split_dump`` makes them: int64 counts, a bool bullet)."""
    return (
        dump.bullet.dtype == np.bool_
        and dump.links.dtype == dump.forms.dtype == dump.indent.dtype == np.int64
        and dump.group.dtype == dump.lines.dtype == np.int64
    )


def _feature_matrix(
    dump: Dump,
    counts: np.ndarray,
    words: np.ndarray,
    stop_hits: np.ndarray,
    chrome_hits: np.ndarray,
    separators: np.ndarray,
    copyright_words: np.ndarray,
    slug_hits: np.ndarray | None,
    slug_size: int,
) -> np.ndarray:
    """The feature matrix from the per-block counts, in numpy (``_ctext.block_facts`` and
    ``_ctext.feature_matrix`` compute the same doubles in two C loops)."""
    texts = dump.texts
    n = len(texts)
    capitals = counts[:, _CAPITAL]
    numbers = counts[:, _DIGIT]
    commas = counts[:, _COMMA]
    semicolons = counts[:, _SEMICOLON]
    ends = np.fromiter(
        map(str.endswith, map(str.rstrip, texts, repeat(_CLOSERS)), repeat(_TERMINALS)), bool, n
    )
    sentences = np.maximum(counts[:, _STOP] - ends, 0)
    symbol = counts[:, _COPYRIGHT_SIGN] > 0
    repeats = Counter(texts)
    repeated = _ints(map(repeats.__getitem__, texts), n) > 1

    log_words = np.log1p(words)
    inv = 1.0 / np.maximum(words, 1)
    stop_ratio = stop_hits * inv
    short = words <= 4
    linked = dump.links > 0
    phrase_commas = commas + semicolons
    matrix = np.empty((n, len(FEATURE_NAMES)))
    columns = (
        1.0,
        log_words,
        short,
        stop_ratio,
        ends,
        np.log1p(sentences),
        commas / (words + 1),
        np.minimum(1.0, dump.links / (words / 4 + 1)),
        linked,
        dump.bullet,
        dump.forms > 0,
        capitals * inv,
        numbers * inv,
        chrome_hits * inv,
        np.minimum(1.0, separators / 3),
        (phrase_commas >= 2) & (sentences == 0) & (words <= 3.5 * (phrase_commas + 1)),
        (copyright_words > 0) | symbol,
        repeated,
        np.arange(n) / max(1, n - 1),
        np.minimum(1.0, dump.indent / 12),
        np.log1p(np.bincount(dump.group)[dump.group]),
        np.log1p(dump.lines),
    )
    for index, column in enumerate(columns):
        matrix[:, index] = column
    own = len(columns)
    # Neighbours: the block before and after (a missing one counts as a bullet with no words),
    # then means over a window of blocks on each side.
    for index, (source, fill) in enumerate(((1, 0.0), (9, 1.0), (3, 0.0))):
        before, after = matrix[:, own + 2 * index], matrix[:, own + 2 * index + 1]
        before[0], after[-1] = fill, fill
        before[1:] = matrix[:-1, source]
        after[:-1] = matrix[1:, source]
    windowed = matrix[:, [1, 2, 8]]
    prefix = np.zeros((n + 1, 4))
    np.cumsum(windowed, axis=0, out=prefix[1:, :3])
    np.cumsum(sentences > 0, out=prefix[1:, 3])
    index = np.arange(n)
    low = np.maximum(index - _WINDOW, 0)
    high = np.minimum(index + _WINDOW + 1, n)
    matrix[:, own + 6 : own + 10] = (prefix[high] - prefix[low]) / (high - low)[:, None]
    low = np.maximum(index - _WIDE_WINDOW, 0)
    high = np.minimum(index + _WIDE_WINDOW + 1, n)
    matrix[:, own + 15] = (prefix[high, 3] - prefix[low, 3]) / (high - low)
    # Where the page's prose lies: the share of its prose words before and after each block.
    # Headers and menus come before all of it, footers after; the article holds most of it.
    prose = np.where((words >= _PROSE_WORDS) & (sentences > 0), words, 0)
    through = np.cumsum(prose) / max(1, int(prose.sum()))
    matrix[:, own + 13] = through - prose / max(1, int(prose.sum()))
    matrix[:, own + 14] = 1.0 - through
    anchor = -1 if slug_hits is None else _anchor(slug_hits, words, slug_size)
    place = matrix[:, own + 10 : own + 13]
    place[:] = 0.0
    if anchor >= 0:
        place[:anchor, 0] = 1.0
        place[anchor, 1] = 1.0
        place[anchor + 1 :, 2] = 1.0
    return matrix


def block_features(dump: Dump, slug: frozenset[str] = frozenset()) -> BlockFeatures:
    """One feature row per block, in ``FEATURE_NAMES`` order.

    ``slug``: the page URL's ``slug_words``, to place each block against the title line.
    """
    texts = dump.texts
    n = len(texts)
    if not n:
        return BlockFeatures(np.zeros((0, len(FEATURE_NAMES))), np.zeros(0, dtype=np.int64))
    use_slug = len(slug) >= _ANCHOR_MIN_SHARED
    if _ctext is not None:  # each word's code and the character counts from C loops
        # The text with the dropped empty blocks still in gives the same tokens, and the
        # gapped counts skip its newline runs: no second join of the texts.
        gapped = not dump.joined and bool(dump.gapped)
        joined = dump.gapped if gapped else dump.joined or "\n".join(texts)
        if use_slug:  # the slug's forms (``_slug_forms``) tested by their parts, in C
            bases = [f for word in slug for f in (word, word.capitalize(), word.upper())]
            codes = _ctext.slug_token_codes(joined, _CODES, bases, _MARKS, _SLUG_BIT, _CODES_FILTER)
        else:
            codes = _ctext.token_codes(joined, _CODES, {}, _CODES_FILTER)
        total = len(codes)
        counts = _ctext.char_counts(joined, n, gapped)
    else:
        joined = dump.joined or "\n".join(texts)
        tokens = joined.split()
        total = len(tokens)
        lookup = _codes_with_slug(slug) if use_slug else _CODES
        codes = np.fromiter(map(lookup.get, tokens, repeat(0)), dtype=np.int32, count=total)
        counts = _char_counts(joined, n)
    words = counts[:, _SPACE] + 1
    if total != int(words.sum()):  # a space other than " " inside a block
        words = _ints(map(len, map(str.split, texts)), n)
    if _ctext is not None:  # the same counts per block from one C loop over the codes
        hits = _ctext.block_hits(codes, words, len(_LANGUAGES), _SLUG_BIT)
        slug_hits = hits[:, -1] if use_slug else None
        language = _ctext.language_of(hits, len(_LANGUAGES))  # the argmax of the sums
    else:
        slug_hits, language, stop_hits, chrome_hits, separators, copyright_words = _word_hits(
            codes, words, n, use_slug
        )
    if _ctext is not None and _native_layout(dump):  # the columns from two C loops
        ints, ends, repeated = _ctext.block_facts(
            texts, counts, _STOP, words, dump.group, dump.lines, _CLOSERS, _TERMINAL_CHARS
        )
        matrix = _ctext.feature_matrix(
            ints, np.log1p(ints), ends, repeated, counts, hits, language, len(_LANGUAGES),
            hits.shape[1] - 1 if use_slug else -1, len(slug), dump.links,
            dump.bullet.view(np.uint8), dump.forms, dump.indent, len(FEATURE_NAMES),
            _WINDOW, _WIDE_WINDOW, _PROSE_WORDS, _ANCHOR_MAX_WORDS, _ANCHOR_MIN_SHARED,
            _ANCHOR_SHARE,
        )  # fmt: skip
        return BlockFeatures(matrix, words)
    if _ctext is not None:
        stop_hits = hits[:, language]
        chrome_hits, separators, copyright_words = hits[:, len(_LANGUAGES) : -1].T
    matrix = _feature_matrix(
        dump, counts, words, stop_hits, chrome_hits, separators, copyright_words, slug_hits,
        len(slug),
    )  # fmt: skip
    return BlockFeatures(matrix, words)
