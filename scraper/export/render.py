"""Human-readable renderings of an export record: Markdown and plain text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["render_markdown", "render_text"]


def render_markdown(record: Mapping[str, Any]) -> str:
    """A Markdown document: title, a metadata line, then the body (its Markdown if extracted)."""
    title = record.get("title") or record.get("url") or "Untitled"
    lines = [f"# {_one_line(title)}", ""]
    byline = _byline(record)
    if byline:
        lines += [f"*{byline}*", ""]
    body = record.get("markdown") or record.get("text") or ""
    lines.append(body.strip())
    return "\n".join(lines).rstrip() + "\n"


def render_text(record: Mapping[str, Any]) -> str:
    """Plain text: title, a metadata line, a blank line, then the body paragraphs."""
    title = record.get("title") or record.get("url") or "Untitled"
    lines = [_one_line(title)]
    byline = _byline(record)
    if byline:
        lines.append(byline)
    lines += ["", (record.get("text") or "").strip()]
    return "\n".join(lines).rstrip() + "\n"


def _byline(record: Mapping[str, Any]) -> str:
    authors = ", ".join(record.get("authors") or [])
    parts = [authors, record.get("date_published") or "", record.get("url") or ""]
    return " · ".join(part for part in parts if part)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
