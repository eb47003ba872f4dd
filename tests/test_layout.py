"""The tree shows the pipeline, and imports only run downwards through its layers.

Layers, lowest first: what every stage shares (errors, models, config, the version, the SQLite
helper), the extractor, the archive readers and writers, the crawler, the exporter, and the
shells on top (the CLI, the demo, the progress display, the package's public ``__init__``).
A module may import its own layer or lower ones, never a higher one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scraper"

LAYERS: list[tuple[str, ...]] = [
    (
        "scraper._version",
        "scraper._httpx",
        "scraper.errors",
        "scraper.models",
        "scraper.config",
        "scraper.state_db",
    ),
    ("scraper.extractor",),
    ("scraper.sitemodel",),
    ("scraper.archive",),
    ("scraper.crawler",),
    ("scraper.export",),
    (
        "scraper",
        "scraper.__main__",
        "scraper.cli",
        "scraper.demo",
        "scraper.progress",
        "scraper.site_server",
        "scraper.distributed",
        "scraper.integrations",
    ),
]


def layer_of(module: str) -> int:
    """The layer of a dotted module name: the longest listed prefix wins."""
    best, best_len = -1, -1
    for rank, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > best_len:
                best, best_len = rank, len(name)
    return best


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return [(line, name) for line, name in found if name.split(".")[0] == "scraper"]


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_each_stage_has_its_package() -> None:
    for stage in ("crawler", "extractor", "export", "archive"):
        assert (PACKAGE / stage / "__init__.py").is_file(), stage


def test_every_module_belongs_to_a_layer() -> None:
    unplaced = [module_name(p) for p in SOURCES if layer_of(module_name(p)) < 0]
    assert unplaced == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: module_name(p))
def test_imports_never_run_up_the_layers(path: Path) -> None:
    own = layer_of(module_name(path))
    upward = [
        f"line {line}: {name}" for line, name in imported_modules(path) if layer_of(name) > own
    ]
    assert upward == [], f"{module_name(path)} (layer {own}) imports a higher layer"


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    """The rule can fail: an extractor module importing the crawler is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from scraper.crawler.fetch import Fetcher\n", encoding="utf-8")
    ((_line, name),) = imported_modules(bad)
    assert layer_of(name) > layer_of("scraper.extractor.body")
