"""A table's "author" column header is no byline label for the next header (round fifty-six:
a release post's "Hall of fame" table, "author | change | link", gave the post the writer
"change"). The names of such a column are its cells, one per row: the contributors of a
release, not the post's writers."""

from __future__ import annotations

from scraper import extract
from scraper.extractor.metadata import trace_metadata
from scraper.extractor.parse import parse_tree

BODY = "".join(
    f"<p>Change {i}: the shell's parser now reads nested records faster, and the help text of"
    " every command lists its flags in the order they are declared.</p>"
    for i in range(6)
)
ROWS = "".join(
    f'<tr><td><a href="https://github.com/{who}">@{who}</a></td><td>Fixed issue {n}</td>'
    f'<td><a href="https://github.com/nushell/nushell/pull/{n}">#{n}</a></td></tr>'
    for n, who in enumerate(("hustcer", "fdncred", "ysthakur"), start=17000)
)


def test_the_column_header_after_author_is_no_writer() -> None:
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Nushell 0.109.1'
        "</title></head><body><main><h1>Nushell 0.109.1</h1><p>2025-12-02</p>"
        f"{BODY}<h2>Hall of fame</h2><p>Thanks to all the contributors below!</p>"
        "<table><thead><tr><th>author</th><th>change</th><th>link</th></tr></thead>"
        f"<tbody>{ROWS}</tbody></table></main></body></html>"
    )
    url = "https://example.org/blog/nushell_v0_109_1.html"
    assert "change" not in extract(page, url).authors
    _, trace = trace_metadata(parse_tree(page), url)
    assert trace.candidates.get("authors", []) == []  # (not even a candidate the gate withholds)
