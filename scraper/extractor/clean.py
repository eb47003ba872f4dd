"""Line-level cleaning of the chosen body: link lists, share prompts, trailing junk, the title."""

from __future__ import annotations

import re

from scraper.extractor import vocab
from scraper.extractor.render import Line

MAX_LINK_DENSITY = 0.6
_NOT_ALNUM_RE = re.compile(r"[\W_]+")
SHORT_LINE = 60
TRAILING_ZONE = 0.5


def clean_lines(lines: list[Line], title: str | None) -> tuple[list[Line], bool]:
    """Drop boilerplate lines, the repeated title and everything after a trailing-junk marker;
    and whether a line was dropped for being boilerplate (the title and the trailing cut aside):
    the chosen container then has lines the ladder leaves out in its midst."""
    kept = [line for line in lines if not _is_boilerplate(line)]
    return drop_title(_cut_trailing_junk(kept), title), len(kept) < len(lines)


def _is_boilerplate(line: Line) -> bool:
    if line.kind == "pre":
        return False
    text = line.text
    if line.link_chars and line.link_density > MAX_LINK_DENSITY:
        return True
    return len(text) < SHORT_LINE and vocab.BOILERPLATE_LINE_RE.match(text) is not None


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


def drop_title(lines: list[Line], title: str | None) -> list[Line]:
    """The title is metadata: remove a leading heading that repeats it, and any h1."""
    wanted = normalise_title(title) if title else ""
    result: list[Line] = []
    for index, line in enumerate(lines):
        if line.kind.startswith("h") and line.kind != "h1" and index > 2:
            result.append(line)
            continue
        if line.kind == "h1" or (index <= 2 and line.kind.startswith("h")):
            heading = normalise_title(line.text)
            repeats_title = bool(wanted) and heading in wanted
            if heading and (repeats_title or (line.kind == "h1" and index <= 2)):
                continue
        result.append(line)
    return result
