"""Every regular expression in ``scraper/`` stays linear on adversarial strings.

A pattern that backtracks (``\\s*`` before a separator, ``[^>]+`` twice in one tag, a lazy
``.*?`` before an alternation) costs quadratic or cubic time on long runs of spaces,
separators or unterminated tags, and one such page froze a crawl. Each compiled pattern found in
the package's modules is timed on the same adversarial run at two lengths, eight times apart:
linear work grows about eightfold, quadratic sixty-fourfold. Hypothesis adds runs of generated
units. Only a slow *and* fast-growing case fails, so machine noise does not.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scraper

pytestmark = pytest.mark.timeout(300)

SHORT = 300
LONG = SHORT * 8
GROWTH_LIMIT = 30.0  # linear ~8x, quadratic ~64x
SLOW_SECONDS = 0.01  # below this the long run is fast whatever its growth

UNITS = (
    " ", "  \t", "\n\n ", "\u3000", "a", "aa ", "-", "- ", "--", ".", "·", "| ", ", ", "; ",
    "<", "<a", "<a ", "<a\x00", "< ", '="', "='", "'", '"', "0", "1,", "2020-", "12:", "on ",
    "by ", "By ", "<!--", "-->", "<meta ", "<link ", "<link rel=canonical ", "<!DOCTYPE [",
    "<?xml ", "encoding=", "charset=", "http://", "://", "//", "x@y", "@", "&", "&amp;", "#",
    "%", "\\", "(", "[", "{", "<p>", "<br>", "<div ", "Jan ", "T", "+01:00", "\u200b", "é",
    "<!-- c -->",  # whole comments: a lazy ".*?-->" in a repeated group reached each later one
)  # fmt: skip
TAILS = ("", "!", "\x00", ">")


def _patterns() -> list[tuple[str, re.Pattern[Any]]]:
    found: dict[int, tuple[str, re.Pattern[Any]]] = {}

    def visit(name: str, value: object, depth: int) -> None:
        if isinstance(value, re.Pattern):
            found.setdefault(id(value), (name, value))
        elif depth < 2 and isinstance(value, tuple | list | frozenset | set):
            for index, item in enumerate(value):
                visit(f"{name}[{index}]", item, depth + 1)
        elif depth < 2 and isinstance(value, dict):
            for key, item in value.items():
                visit(f"{name}[{key!r}]", item, depth + 1)

    for info in pkgutil.walk_packages(scraper.__path__, "scraper."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for attribute, value in vars(module).items():
            visit(f"{info.name}.{attribute}", value, 0)
    return sorted(found.values(), key=lambda item: item[0])


PATTERNS = _patterns()


def _cost(pattern: re.Pattern[Any], text: Any) -> float:
    """The thread's CPU time, not the wall clock: on a busy machine a run that loses the core
    halfway would otherwise read as a pattern that grew."""
    best = float("inf")
    for _ in range(3):
        start = time.thread_time()
        pattern.search(text)
        pattern.sub(text[:0], text)
        best = min(best, time.thread_time() - start)
    return best


def _run(unit: str, length: int, tail: str, as_bytes: bool) -> Any:
    text = unit * max(1, length // len(unit)) + tail
    return text.encode("utf-8") if as_bytes else text


def _super_linear(pattern: re.Pattern[Any], unit: str, tail: str) -> str | None:
    as_bytes = isinstance(pattern.pattern, bytes)
    short = _cost(pattern, _run(unit, SHORT, tail, as_bytes))
    long = _cost(pattern, _run(unit, LONG, tail, as_bytes))
    if long > SLOW_SECONDS and long > GROWTH_LIMIT * max(short, 1e-5):
        return f"{unit + tail!r}: {short * 1000:.2f} ms at {SHORT}, {long * 1000:.1f} ms at {LONG}"
    return None


def test_the_package_has_patterns_to_check() -> None:
    assert len(PATTERNS) > 50


def test_a_quadratic_pattern_is_caught() -> None:
    """The check itself: a search that rescans a run of spaces from every start is flagged."""
    assert _super_linear(re.compile(r"(?:\s*,)*\s*x"), " ", "") is not None
    assert _super_linear(re.compile(r"\s+x"), "a", "") is None


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_pattern_is_linear_on_adversarial_runs(name: str, pattern: re.Pattern[Any]) -> None:
    problems = [
        problem
        for unit in UNITS
        for tail in TAILS
        if (problem := _super_linear(pattern, unit, tail)) is not None
    ]
    assert not problems, f"{name} ({pattern.pattern!r}) is super-linear: {problems[:3]}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=len(PATTERNS) - 1),
    unit=st.text(alphabet=" \t\n<>/=\"'-|,;:.a0é\x00@&#[(", min_size=1, max_size=5),
    tail=st.sampled_from(TAILS),
)
def test_patterns_are_linear_on_generated_runs(index: int, unit: str, tail: str) -> None:
    name, pattern = PATTERNS[index]
    problem = _super_linear(pattern, unit, tail)
    assert problem is None, f"{name} ({pattern.pattern!r}) is super-linear: {problem}"
