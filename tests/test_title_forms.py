"""``title_oof.py --forms``: the title misses that differ from the gold by an affix, sorted by
what the affix is (the site's name by the page's own signals or not, set off by a separator or
glued on) and whether the first <h1> writes the longer form. Synthetic pages, no benchmark."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import title_oof


def _page(gold: str, texts: list[str], sources: list[tuple[str, str]], **site: object) -> tuple:
    row = {
        "gold": gold,
        "args": (sources, site.get("names", []), site.get("host")),
        "kwargs": {"echoes": {"home": site.get("home", "")}},
    }
    cands = [({}, text == gold, text == gold) for text in texts]
    return row, {"texts": texts, "fields": {"title": cands}}


def _forms(*pages: tuple, picks: list[int]) -> dict[tuple[str, ...], int]:
    rows = [row for row, _ in pages]
    return dict(title_oof.forms(rows, [page for _, page in pages], list(picks)))


def test_a_site_name_left_on_is_glued_site_separated() -> None:
    page = _page(
        "Preparing a transition",
        ["Preparing a transition | Colin's blog", "Preparing a transition"],
        [("title", "Preparing a transition | Colin's blog")],
        names=["Colin's blog"],
    )
    assert _forms(page, picks=[0]) == {
        ("glued", "site", "separated", "h1 does not", "right candidate"): 1
    }


def test_a_subtitle_cut_that_the_h1_writes_is_cut_not_site() -> None:
    page = _page(
        "Tutorial - User Guide",
        ["Tutorial", "Tutorial - User Guide"],
        [("title", "Tutorial - User Guide - Docs"), ("h1", "Tutorial - User Guide")],
        names=["Docs"],
    )
    assert _forms(page, picks=[0]) == {
        ("cut", "not site", "separated", "h1 writes the longer", "right candidate"): 1
    }


def test_a_host_name_glued_on_without_a_separator() -> None:
    page = _page(
        "Technology",
        ["BBC Technology"],
        [("title", "BBC Technology")],
        host="www.bbc.com",
    )
    assert _forms(page, picks=[0]) == {
        ("glued", "site", "glued on", "h1 does not", "no right candidate"): 1
    }


def test_right_picks_and_rewordings_are_not_counted() -> None:
    right = _page("Lights", ["Lights"], [("h1", "Lights")])
    reworded = _page("Lights", ["Lamps for bikes", "Lights"], [("h1", "Lamps for bikes")])
    assert _forms(right, reworded, picks=[0, 0]) == {}


def test_where_counts_each_page_once_by_type_and_verdict() -> None:
    def page(kind: str, texts: list[str], gold: str) -> dict:
        cands = [({}, text == gold, text == gold) for text in texts]
        return {"type": kind, "texts": texts, "fields": {"title": cands}}

    pages = [
        page("article", ["Lights", "Lights | Shop"], "Lights"),  # picked right
        page("article", ["Lights", "Lights | Shop"], "Lights | Shop"),  # the gold is longer
        page("service", ["Lamps for bikes", "Lights"], "Lights"),  # reworded
        page("service", ["Lamps"], "Lights"),  # no right candidate
    ]
    assert dict(title_oof.where(pages, [0, 0, 0, 0])) == {
        ("article", "right"): 1,
        ("article", "cut"): 1,
        ("service", "reworded"): 1,
        ("service", "no right candidate"): 1,
    }
