"""Random nested pages for the tests that pin a compiled walk to its Python twin: one builder,
so that each test only says which elements it opens (and what follows a closing tag)."""

from __future__ import annotations

import random
from collections.abc import Callable


def random_page(
    rng: random.Random,
    open_element: Callable[[random.Random], tuple[str, str]],
    *,
    elements: tuple[int, int] = (3, 60),
    close_chance: float = 0.35,
    after_close: Callable[[random.Random], str] | None = None,
) -> str:
    """A page of ``rng.randrange(*elements)`` steps, each closing the innermost open element
    (with ``close_chance``, then ``after_close``'s text) or opening one (``open_element`` gives
    its tag and its markup), every element left open closed at the end."""
    parts: list[str] = []
    open_tags: list[str] = []
    for _ in range(rng.randrange(*elements)):
        if open_tags and rng.random() < close_chance:
            parts.append(f"</{open_tags.pop()}>" + (after_close(rng) if after_close else ""))
            continue
        tag, markup = open_element(rng)
        parts.append(markup)
        open_tags.append(tag)
    parts.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "<html><body>" + "".join(parts) + "</body></html>"


WORDS = ("word", "é", "😀", "longer words here", "&amp;", " ", "\n")


def worded_page(rng: random.Random, tags: tuple[str, ...], most_words: int) -> str:
    """A ``random_page`` of 1-80 elements from ``tags``, most opening with a run of up to
    ``most_words`` of ``WORDS`` (multi-byte characters, an entity, bare whitespace), and such a
    run after each closing tag: the mixed text the compiled text walks must count as Python does."""

    def words(rng: random.Random) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, most_words)))

    def element(rng: random.Random) -> tuple[str, str]:
        tag = rng.choice(tags)
        return tag, f"<{tag}>" + (words(rng) if rng.random() < 0.65 else "")

    return random_page(rng, element, elements=(1, 81), close_chance=0.2, after_close=words)
