"""``block_features``' context columns with the contexts' fields read at their slots
(``_cwalks.slotted_context_columns``, switch ``features.COMPILED_CONTEXT_SLOTS``) are
``_ctext.context_columns``' and the Python code's bit for bit: on random context trees (lazy
``own`` / ``inherited`` left for the properties on some nodes, built twice from one seed so each
reading starts from the same state), on fixture and random pages (fresh trees each way), and a
context of another type than the walk's is left to the attribute reading. Skipped where the
extension is not built."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from scraper.extractor import features
from scraper.extractor.blocks import Context
from scraper.extractor.body import analyse_page
from scraper.extractor.parse import parse_tree

cwalks = pytest.importorskip("scraper.extractor._cwalks")
ctext = pytest.importorskip("scraper.extractor._ctext")
if not hasattr(cwalks, "slotted_context_columns"):
    pytest.skip("an extension built before round twenty-four", allow_module_level=True)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CHARS = " .,0123456789aZÀéßΣ😀!?"
_SIGNATURES = ("div a", "div b", "p ", "li x", "")


def _tree(seed: int, size: int) -> tuple[list[Context], list[str], list[bool]]:
    rng = random.Random(seed)
    root = Context(None, None, 0)
    nodes = [root]
    for _ in range(size):
        parent = rng.choice(nodes)
        node = Context(None, parent, parent.depth + 1, rng.choice(_SIGNATURES))
        node.chars = rng.randint(0, 5000)
        node.links = rng.randint(0, 1000)
        node.lines = rng.randint(0, 90)
        roll = rng.random()
        if roll < 0.4:  # some bits read already, others left to the lazy properties
            node._own = rng.randint(0, 1 << 40)
        elif roll < 0.6:
            node._own = rng.randint(0, 1 << 20)
            node._inherited = node._own | rng.randint(0, 1 << 20)
        nodes.append(node)
    if rng.random() < 0.5:
        root.children = None  # a parent whose children were never counted
    n = rng.randint(1, 3 * size + 1)
    contexts = [rng.choice(nodes) for _ in range(n)]
    texts = ["".join(rng.choice(CHARS) for _ in range(rng.randint(0, 80))) for _ in range(n)]
    flags = [rng.random() < 0.4 for _ in range(n)]
    return contexts, texts, flags


def _same(found: tuple[np.ndarray, ...] | None, expected: tuple[np.ndarray, ...]) -> None:
    assert found is not None
    for a, b in zip(found, expected, strict=True):
        assert a.dtype == b.dtype and a.shape == b.shape
        assert a.tobytes() == b.tobytes()


def test_random_trees_as_ctext_and_python() -> None:
    for seed in range(400):
        size = (1, 2, 5, 30, 300)[seed % 5]
        fast = features._slotted_columns(*_tree(seed, size))
        _same(fast, ctext.context_columns(*_tree(seed, size)))
        contexts, texts, flags = _tree(seed, size)
        plain = features._context_columns(contexts, texts, np.array(flags, dtype=np.float64))
        _same(fast, plain)


def test_another_context_type_is_read_by_attribute() -> None:
    class Other(Context):  # a subclass has a __dict__: not the walk's slotted layout
        pass

    root = Context(None, None, 0)
    child = Other(None, root, 1, "div a")
    contexts, texts, flags = [child, root], ["One", "Two"], [True, False]
    assert features._slotted_columns(contexts, texts, flags) is None
    mixed = [root, child]  # the first of the walk's type, a later one not
    assert features._slotted_columns(mixed, texts, flags) is None
    with pytest.raises(ValueError):
        cwalks.slotted_context_columns(
            [root],
            ["a"],
            [True],
            np.empty((2, 5)),
            np.empty(1),
            np.empty(1, np.int64),
            np.empty(1, np.int64),
        )


def _page_features(html: str, slots_on: bool, monkeypatch: pytest.MonkeyPatch) -> np.ndarray:
    monkeypatch.setattr(features, "COMPILED_CONTEXT_SLOTS", slots_on)
    root = parse_tree(html)
    assert root is not None
    page = analyse_page(root, all_blocks=True)
    assert page.blocks is not None
    return page.features()


def test_pages_read_the_same_features(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted((FIXTURES / "pages").rglob("*.html"))
    sites = FIXTURES / "sites"
    pages += sorted(sites.rglob("*.html"))[::5] if sites.is_dir() else []
    assert pages
    read = 0
    for path in pages:
        html = path.read_text(encoding="utf-8", errors="replace")
        plain = _page_features(html, False, monkeypatch)
        fast = _page_features(html, True, monkeypatch)
        assert fast.shape == plain.shape and fast.tobytes() == plain.tobytes(), path.name
        read += len(plain) > 0
    assert read >= 6


def test_count_columns_as_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    for n in (0, 1, 7, 300):
        texts = ["".join(rng.choice("ab ") for _ in range(rng.randint(0, 3))) for _ in range(n)]
        counts = Counter(texts)
        flags = [rng.random() < 0.5 for _ in range(n)]
        dup, heur = features._count_columns(texts, counts, flags)
        assert dup.tobytes() == np.fromiter(map(counts.__getitem__, texts), np.float64, n).tobytes()
        assert heur.tobytes() == np.array(flags, dtype=np.float64).tobytes()
    texts = ["a", "b"]
    odd = np.empty(2)
    assert not cwalks.count_columns(texts, {"a": 1}, [True, False], odd, np.empty(2))
    assert not cwalks.count_columns(texts, {"a": 1, "b": 2}, [1, 0], odd, np.empty(2))
    assert not cwalks.count_columns(texts, {"a": 1.0, "b": 2}, [True, False], odd, np.empty(2))
    dup, heur = features._count_columns(texts, Counter(texts), [1, 0])  # numpy reads them
    assert heur.tolist() == [1.0, 0.0] and dup.tolist() == [1.0, 1.0]
