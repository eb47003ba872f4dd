"""Writing articles out: one JSON file per article, JSONL (file or stdout), Markdown, plain text.

>>> from scraper.export import JsonDirExporter
>>> with JsonDirExporter("output") as exporter:  # doctest: +SKIP
...     for item in crawl("https://example.com/blog/"):
...         exporter.export(item)
"""

from __future__ import annotations

import sys
from pathlib import Path

from scraper.errors import InputError
from scraper.export.naming import article_path, normalise_url, site_folder
from scraper.export.records import Exportable, as_record, load_schema, record_key
from scraper.export.render import render_markdown, render_text
from scraper.export.writers import (
    Exporter,
    JsonDirExporter,
    JsonlExporter,
    MarkdownExporter,
    PerArticleExporter,
    StreamExporter,
    TextExporter,
)

__all__ = [
    "FORMATS",
    "Exportable",
    "Exporter",
    "JsonDirExporter",
    "JsonlExporter",
    "MarkdownExporter",
    "PerArticleExporter",
    "StreamExporter",
    "TextExporter",
    "article_path",
    "as_record",
    "load_schema",
    "make_exporter",
    "normalise_url",
    "record_key",
    "site_folder",
]

FORMATS = ("json", "jsonl", "md", "txt")
JSONL_FILE_NAME = "articles.jsonl"


def make_exporter(output: Path | str, format: str = "json") -> Exporter:
    """The exporter for ``--format`` into ``output`` (a folder, or ``"-"`` for stdout).

    ``jsonl`` into a folder writes ``<folder>/articles.jsonl``. To ``-`` (stdout), ``json`` and
    ``jsonl`` both stream JSONL (one record per line, for pipes); ``md`` and ``txt`` stream the
    rendered documents.
    """
    if format not in FORMATS:
        raise InputError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if str(output) == "-":
        if format in ("md", "txt"):
            render = render_markdown if format == "md" else render_text
            return StreamExporter(sys.stdout, render)
        return JsonlExporter.stdout()
    root = Path(output)
    if format == "jsonl":
        return JsonlExporter(root / JSONL_FILE_NAME)
    return {"json": JsonDirExporter, "md": MarkdownExporter, "txt": TextExporter}[format](root)
