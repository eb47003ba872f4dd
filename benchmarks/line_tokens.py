"""The class and id words around each page line, for the sequence network (round 31, issue 11).

    OMP_NUM_THREADS=1 python benchmarks/line_tokens.py          # builds (or reads) the cache

The block model reads class/id strings only through ``vocab.MODEL_ATTR_GROUPS`` (a few dozen
hand-made word groups). This study gives the network the words themselves (``words_of``:
``entry-content`` -> entry, content; ``postBody`` -> post, body; digits and one-letter pieces
dropped), by where they sit: ``near`` (the line's context element, the innermost open element
that rendered it, and its parent) and ``far`` (the next ``FAR_LEVELS`` ancestors, below
``<body>``). A third place, ``text``, holds the first ``TEXT_WORDS`` words of the line's own
text (chrome's cue words: "Share", "Read more", "Add to cart"). Which words become columns is
decided on each fold's TRAINING hosts only (``body_sequence.py --tokens``: a word must appear
on at least ``--token-min-hosts`` hosts), so a site's own class names never reach the network.

The cache keeps, per page id (AEB's prefixed as in the trainer), a list a line of word ids into
the cache's ``words`` list (``PLACES * word + place``; places near 0, far 1, text 2). The lines
are the trainer's own (``analyse_page(all_blocks=True)`` on the same parse), checked line for
line against its cached examples.
"""

from __future__ import annotations

import hashlib
import inspect
import pickle
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_body_model as trainer

from scraper.extractor.body import analyse_page
from scraper.extractor.parse import parse_html

NEAR_LEVELS = 2  # the context element and its parent
FAR_LEVELS = 6  # the ancestors above those
TEXT_WORDS = 8  # a line's first words read as its "text" place
PLACE_NAMES = ("near", "far", "text")
PLACES = len(PLACE_NAMES)
_PIECES = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_TEXT_WORDS = re.compile(r"[^\W\d_]{2,20}")


def words_of(value: str) -> set[str]:
    """A ``class`` / ``id`` text cut into lower-case words of 2 to 20 letters."""
    return {piece.lower() for piece in _PIECES.findall(value) if 2 <= len(piece) <= 20}


def line_words(element: Any) -> tuple[set[str], set[str]]:
    """The near and far words of a line whose context element is ``element``. (No memo by
    ``id``: an ancestor's proxy may be freed and its ``id`` reused by another element's.)"""
    near: set[str] = set()
    far: set[str] = set()
    level = 0
    while element is not None and level < NEAR_LEVELS + FAR_LEVELS:
        if element.tag in ("body", "html"):
            break
        value = f"{element.get('class') or ''} {element.get('id') or ''}"
        (near if level < NEAR_LEVELS else far).update(words_of(value))
        element = element.getparent()
        level += 1
    return near, far


def page_tokens(html: str, index: dict[str, int]) -> list[list[int]] | None:
    root = parse_html(html)
    if root is None:
        return None
    page = analyse_page(root, all_blocks=True)
    rows = []
    for line, context in zip(page.blocks.lines, page.blocks.contexts, strict=True):
        near, far = line_words(context.element)
        text = {w.lower() for w in _TEXT_WORDS.findall(line.text)[:TEXT_WORDS]}
        ids = []
        for place, words in enumerate((near, far, text)):
            ids += [PLACES * index.setdefault(w, len(index)) + place for w in sorted(words)]
        rows.append(ids)
    return rows


def cache_path(cache: Path) -> Path:
    """What the words depend on: this module and what the trainer's examples depend on (the
    extractor's code, which cuts the lines)."""
    digest = hashlib.sha256(inspect.getsource(sys.modules[__name__]).encode())
    digest.update(trainer.cache_key(trainer.DEFAULT_SHARED / "wcxb-dev").encode())
    return cache / f"line-tokens-{digest.hexdigest()[:16]}.pickle"


def load_tokens(score: Any, cache: Path | None = None) -> dict[str, Any]:
    """``{"words": [...], "pages": {id: [[ids] a line]}}`` for wcxb-dev and AEB."""
    cache = cache or trainer.PROJECT_ROOT / "benchmarks" / "results" / "cache"
    path = cache_path(cache)
    if path.exists():
        with path.open("rb") as handle:
            return pickle.load(handle)
    index: dict[str, int] = {}
    pages: dict[str, list[list[int]]] = {}
    for name, prefix in (("wcxb-dev", ""), ("aeb", trainer.AEB_PREFIX)):
        _, docs = score.load_set(str(trainer.DEFAULT_SHARED / name))
        for doc in docs:
            rows = page_tokens(doc["html"], index)
            if rows is not None:
                pages[prefix + doc["id"]] = rows
    words = sorted(index, key=index.__getitem__)
    result = {"words": words, "pages": pages, "places": PLACES}
    trainer.write_pickle(path, result)
    return result


def main() -> int:
    import logging
    import warnings

    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    score = trainer.load_module(trainer.DEFAULT_SHARED / "score.py", "shared_score")
    tokens = load_tokens(score)
    print(f"{len(tokens['pages'])} pages, {len(tokens['words'])} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
