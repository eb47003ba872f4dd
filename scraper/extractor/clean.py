"""Line-level cleaning of the chosen body: link lists, share prompts, trailing junk, the title."""

from __future__ import annotations

import re
from functools import lru_cache
from operator import attrgetter

from scraper.extractor import vocab
from scraper.extractor.render import Line

# ``_without_boilerplate``'s loop in C (``_cwalks.without_boilerplate``: the same reads, tests
# and regex calls, no bytecode step a line; ~70 lines a page). Not built: the loop below.
try:
    from scraper.extractor._cwalks import without_boilerplate as _compiled_without
except (ImportError, TypeError, ValueError):  # not built, or built before round twenty-four
    _compiled_without = None
COMPILED_FILTER = True

MAX_LINK_DENSITY = 0.6
_NOT_ALNUM_RE = re.compile(r"[\W_]+")
SHORT_LINE = 60
_KIND = attrgetter("kind")
TRAILING_ZONE = 0.5


def clean_lines(lines: list[Line], title: str | None) -> tuple[list[Line], bool]:
    """Drop boilerplate lines, the repeated title and everything after a trailing-junk marker;
    and whether a line was dropped for being boilerplate (the title and the trailing cut aside):
    the chosen container then has lines the ladder leaves out in its midst."""
    kept = _without_boilerplate(lines)
    return drop_title(_cut_trailing_junk(kept), title), len(kept) < len(lines)


def _without_boilerplate(lines: list[Line]) -> list[Line]:
    """The lines that are not link lists or short boilerplate phrases (code kept whole).

    One loop with the tests inlined: a call per line cost as much as the tests themselves."""
    match = vocab.BOILERPLATE_LINE_RE.match
    if COMPILED_FILTER and _compiled_without is not None:
        return _compiled_without(lines, match, MAX_LINK_DENSITY, SHORT_LINE)
    kept: list[Line] = []
    for line in lines:
        if line.kind != "pre":
            text = line.text
            links = line.link_chars
            if links and text and links / len(text) > MAX_LINK_DENSITY:
                continue
            if len(text) < SHORT_LINE and match(text) is not None:
                continue
        kept.append(line)
    return kept


def _cut_trailing_junk(lines: list[Line]) -> list[Line]:
    start = int(len(lines) * TRAILING_ZONE)
    for index in range(max(1, start), len(lines)):
        line = lines[index]
        if (
            len(line.text) < SHORT_LINE
            and line.kind != "pre"
            and vocab.TRAILING_JUNK_RE.match(line.text.strip(" :"))
        ):
            return lines[:index]
    return lines


def normalise_title(text: str) -> str:
    """Lower-case words only, to compare a heading with the page title."""
    return " ".join(_NOT_ALNUM_RE.sub(" ", text.casefold()).split())


# ``drop_title`` runs 2-3 times a page on the same title and the same leading lines: their
# normal forms are memoised (bounded; the strings' hashes are cached on them)
_normalised = lru_cache(maxsize=1024)(normalise_title)


def drop_title(lines: list[Line], title: str | None) -> list[Line]:
    """The title is metadata: remove a leading heading that repeats it, and any h1.

    Among the first three lines any heading that repeats the title goes, and an h1 whatever
    it says; past them only an h1 that repeats it: so with no title the rest is kept as is,
    and with one only the h1 lines are normalised (the body path calls this 3 times a page).
    """
    wanted = _normalised(title) if title else ""
    result: list[Line] = []
    for line in lines[:3]:
        kind = line.kind
        if kind.startswith("h"):
            heading = _normalised(line.text)
            if heading and ((wanted and heading in wanted) or kind == "h1"):
                continue
        result.append(line)
    rest = lines[3:]
    if not wanted or "h1" not in map(_KIND, rest):  # the common case: no test a line, in C
        result.extend(rest)
        return result
    for line in rest:
        if line.kind == "h1":
            heading = _normalised(line.text)
            if heading and heading in wanted:
                continue
        result.append(line)
    return result
