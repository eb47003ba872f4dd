"""httpx without its command-line client.

``import httpx`` also imports ``httpx._main`` (its ``httpx`` command: click, rich and pygments,
about 70 ms of CPU, a few percent of a short crawl) whenever those are installed. The crawl never
runs that command, so the package imports httpx (this module, first thing) with that module
held back and puts a ``httpx.main`` in place that imports the real one when called: nothing
changes for a caller.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["import_httpx_without_its_cli"]


def import_httpx_without_its_cli() -> None:
    """Import httpx now, its ``_main`` module deferred to the first call of ``httpx.main``."""
    if "httpx" in sys.modules:
        return
    held = "httpx._main" not in sys.modules
    if held:
        sys.modules["httpx._main"] = None  # type: ignore[assignment]  # ImportError: skipped
    try:
        import httpx
    finally:
        if held:
            del sys.modules["httpx._main"]

    def main(*args: Any, **kwargs: Any) -> Any:
        from httpx._main import main as command

        return command(*args, **kwargs)

    httpx.main = main  # type: ignore[attr-defined]


import_httpx_without_its_cli()
