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
    "repeated_in_page",
    "position",
    "indent",
    "prev_log_words",
    "next_log_words",
    "prev_bullet",
    "next_bullet",
    "prev_stopwords",
    "next_stopwords",
    "group_size",
    "lines",
    "copyright",
    "phrase_list",
)


def pick_stopwords(words: Sequence[str]) -> frozenset[str]:
    """The stop list that covers most of the dump's words: its language, guessed cheaply."""
    counts = Counter(words)
    best = max(_STOPWORDS.values(), key=lambda stop: sum(counts[w] for w in stop))
    return best


def block_key(text: str) -> str:
    """A block's identity for repetition: its lower-cased words, digits dropped."""
    return " ".join(w for w in _WORD_RE.findall(text.lower()) if not w.isdigit())


def _own_features(block: Block, words: list[str], stopwords: frozenset[str]) -> list[float]:
    text = block.text
    n = len(words)
    lower = [w.lower() for w in words]
    capitalised = sum(1 for w in words if w[:1].isupper())
    digits = sum(1 for w in words if w.isdigit())
    return [
        math.log1p(n),
        1.0 if n <= 4 else 0.0,
        sum(1 for w in lower if w in stopwords) / n if n else 0.0,
        1.0 if _SENTENCE_END_RE.search(text) else 0.0,
        math.log1p(len(_SENTENCE_BREAK_RE.findall(text))),
        text.count(",") / (n + 1),
        min(1.0, block.links / (n / 4 + 1)),
        1.0 if block.links else 0.0,
        1.0 if block.bullet else 0.0,
        1.0 if block.forms else 0.0,
        capitalised / n if n else 0.0,
        digits / n if n else 0.0,
        sum(1 for w in lower if w in _CHROME_WORDS) / n if n else 0.0,
        min(1.0, len(_SEPARATOR_RE.findall(text)) / 3),
    ]


def _phrase_list(text: str, words: int) -> float:
    """Comma-separated short phrases with no sentence: tags, keywords, breadcrumbs."""
    commas = text.count(",") + text.count(";")
    if commas < 2 or _SENTENCE_BREAK_RE.search(text):
        return 0.0
    return 1.0 if words / (commas + 1) <= 3.5 else 0.0


def block_features(blocks: Sequence[Block]) -> list[list[float]]:
    """One feature row per block, in ``FEATURE_NAMES`` order."""
    words_per_block = [_WORD_RE.findall(block.text) for block in blocks]
    stopwords = pick_stopwords([w.lower() for ws in words_per_block for w in ws])
    keys = [block_key(block.text) for block in blocks]
    key_counts = Counter(keys)
    group_sizes = Counter(block.group for block in blocks)
    own = [
        _own_features(block, words, stopwords)
        for block, words in zip(blocks, words_per_block, strict=True)
    ]
    total = max(1, len(blocks) - 1)
    rows = []
    empty = [0.0] * len(own[0]) if own else []
    for index, block in enumerate(blocks):
        mine = own[index]
        prev = own[index - 1] if index > 0 else empty
        nxt = own[index + 1] if index + 1 < len(blocks) else empty
        key = keys[index]
        rows.append(
            [
                1.0,
                *mine,
                1.0 if key and key_counts[key] > 1 else 0.0,
                index / total,
                min(1.0, block.indent / 12),
                prev[0] if prev else 0.0,
                nxt[0] if nxt else 0.0,
                prev[8] if prev else 1.0,
                nxt[8] if nxt else 1.0,
                prev[2] if prev else 0.0,
                nxt[2] if nxt else 0.0,
                math.log1p(group_sizes[block.group]),
                math.log1p(block.lines),
                1.0 if ("©" in block.text or "copyright" in key) else 0.0,
                _phrase_list(block.text, len(words_per_block[index])),
            ]
        )
    return rows
