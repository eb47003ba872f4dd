"""Render body lines as Markdown: headings, lists, quotes, tables and fenced code."""

from __future__ import annotations

from scraper.extractor.render import CELL_SEPARATOR, Line


def to_markdown(lines: list[Line]) -> str:
    """Markdown for the body: one block per line, blank lines between blocks."""
    blocks: list[str] = []
    table: list[Line] = []
    for line in lines:
        if line.kind == "row":
            table.append(line)
            continue
        if table:
            blocks.append(_table(table))
            table = []
        blocks.append(_block(line))
    if table:
        blocks.append(_table(table))
    return _join(blocks, lines)


def _block(line: Line) -> str:
    kind = line.kind
    if kind.startswith("h") and kind[1:].isdigit():
        return "#" * int(kind[1:]) + " " + line.text
    if kind == "li":
        marker = f"{line.ordinal}." if line.ordinal else "-"
        return "  " * line.depth + f"{marker} {line.text}"
    if kind == "quote":
        return "> " + line.text
    if kind == "pre":
        return "```\n" + line.text + "\n```"
    return line.text


def _table(rows: list[Line]) -> str:
    cells = [
        [cell.strip().replace("|", "\\|") for cell in row.text.split(CELL_SEPARATOR)]
        for row in rows
    ]
    width = max(len(r) for r in cells)
    out = []
    for index, row in enumerate(cells):
        row = row + [""] * (width - len(row))
        out.append("| " + " | ".join(row) + " |")
        if index == 0:
            out.append("|" + " --- |" * width)
    return "\n".join(out)


def _join(blocks: list[str], lines: list[Line]) -> str:
    """Blank lines between blocks, but consecutive list items stay together."""
    out: list[str] = []
    previous_li = False
    for block in blocks:
        is_li = block.lstrip().startswith(("- ",)) or _is_ordinal(block)
        if out:
            out.append("\n" if is_li and previous_li else "\n\n")
        out.append(block)
        previous_li = is_li
    return "".join(out)


def _is_ordinal(block: str) -> bool:
    head = block.lstrip().split(" ", 1)[0]
    return head.endswith(".") and head[:-1].isdigit()
