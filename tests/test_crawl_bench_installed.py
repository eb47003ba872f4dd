"""The crawl benchmarks run the scraper as installed: a copy of the package compiled once, whose
``.pyc`` the crawls read even with ``PYTHONDONTWRITEBYTECODE`` set (issue 18's fairness: Scrapy
and trafilatura run from site-packages, compiled at install)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.crawl_ab import compiled_copy, use_tree
from benchmarks.crawl_bench import installed_tree

ROOT = Path(__file__).resolve().parent.parent


def _loaded_from(env: dict[str, str], module: str, cwd: Path) -> list[str]:
    """The ``python -v`` lines naming where each of ``scraper``'s modules was read from."""
    env = {**env, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-v", "-c", f"import {module}"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        line
        for line in done.stderr.splitlines()
        if line.startswith("# code object from") and "scraper" in line
    ]


def _fake_tree(root: Path) -> Path:
    package = root / "src" / "scraper"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("from scraper.sub import part\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "part.py").write_text("VALUE = 1\n")
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "stale.cpython-311.pyc").write_bytes(b"not bytecode")
    return root / "src"


def test_copy_is_compiled_and_read_from_bytecode(tmp_path: Path) -> None:
    source = _fake_tree(tmp_path)
    dest = tmp_path / "installed"
    env = installed_tree(source, dest)
    assert env["PYTHONPATH"] == str(dest)
    assert not (dest / "scraper" / "__pycache__" / "stale.cpython-311.pyc").exists()
    assert list((dest / "scraper" / "sub" / "__pycache__").glob("part.*.pyc"))
    # run from the source tree's folder: PYTHONSAFEPATH keeps the checkout off the path
    lines = _loaded_from(env, "scraper", cwd=source)
    assert len(lines) == 3
    assert all(".pyc'" in line and str(dest) in line for line in lines)
    assert not list((source / "scraper").rglob("part.*.pyc"))  # the source tree untouched


def test_source_tree_alone_compiles_every_run(tmp_path: Path) -> None:
    """What the bench avoids: the same imports from the source tree read the ``.py``."""
    source = _fake_tree(tmp_path)
    lines = _loaded_from({"PYTHONPATH": str(source), "PYTHONSAFEPATH": "1"}, "scraper", source)
    assert len(lines) == 3
    assert not any(".pyc" in line for line in lines)


def test_the_real_package_is_read_compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dest = compiled_copy(ROOT, tmp_path / "new")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # restored after the test
    monkeypatch.setenv("PYTHONSAFEPATH", "1")
    use_tree(dest)  # crawl_ab's check: `python -m scraper` imports the copy
    env = {"PYTHONPATH": str(dest), "PYTHONSAFEPATH": "1"}
    lines = _loaded_from(env, "scraper.cli", cwd=ROOT)
    assert len(lines) > 20
    assert all(".pyc'" in line for line in lines)
