"""The ``scraper explain`` report: one self-contained HTML file (no scripts, no external files).

Readable at a glance: a summary at the top, then the page kind with its evidence, each metadata
field with the source that won and the candidates that lost, and the page as its text blocks,
kept text in full contrast beside a green bar and dropped text greyed with the reason.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from scraper.extractor.explain import Explanation

__all__ = ["render_report"]

_STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d1d1f;
  background:#f6f6f4}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.url{color:#555;word-break:break-all;font-size:13px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
.card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:8px 14px;min-width:110px}
.card b{display:block;font-size:20px}.card span{color:#666;font-size:12px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border:1px solid #ddd;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eee}.lost{color:#777}
.block{margin:6px 0;padding:6px 10px;border-left:5px solid;border-radius:3px;background:#fff}
.kept{border-color:#2e9d48}
.dropped{border-color:#d0d0d0;background:#fafafa;color:#8a8a8a;font-size:13px}
.why{font-size:12px;color:#666;margin-top:2px}
.dropped .why .reason{color:#b04040}.kept .why .reason{color:#2e7d3e}
code{font-size:11px;color:#777}
#only-kept:checked~.blocks .dropped{display:none}
label{font-size:13px;color:#444}
"""


def render_report(explanation: Explanation) -> str:
    """The report as one HTML document."""
    article = explanation.article
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>scraper explain: {escape(article.title or explanation.url or 'page')}</title>",
        f"<style>{_STYLE}</style></head><body><main>",
        f"<h1>{escape(article.title or '(no title)')}</h1>",
        f"<div class='url'>{escape(explanation.url or '(no URL given)')}</div>",
        _summary(explanation),
        "<h2>Page kind</h2>",
        _kind(explanation),
        "<h2>Metadata</h2>",
        _metadata(explanation),
        "<h2>Text blocks</h2>",
        "<input type='checkbox' id='only-kept'> <label for='only-kept'>show kept text only</label>",
        "<div class='blocks' id='blocks'>",
        *(_block(block) for block in explanation.blocks),
        "</div></main></body></html>",
    ]
    return "\n".join(parts)


def _summary(explanation: Explanation) -> str:
    cards = [
        ("page kind", explanation.article.page_kind),
        ("blocks kept", f"{len(explanation.kept)} / {len(explanation.blocks)}"),
        ("words kept", str(explanation.article.word_count)),
        ("blocks dropped", str(len(explanation.dropped))),
    ]
    html = ["<div class='cards' id='summary'>"]
    html += [
        f"<div class='card'><b>{escape(v)}</b><span>{escape(k)}</span></div>" for k, v in cards
    ]
    html.append("</div>")
    container = explanation.container
    html.append(f"<div>Main container: <code>{escape(container or 'none')}</code></div>")
    reasons = explanation.reasons().most_common()
    if reasons:
        listed = ", ".join(f"{escape(reason)} ({count})" for reason, count in reasons)
        html.append(f"<div>Dropped by: {listed}</div>")
    return "\n".join(html)


def _kind(explanation: Explanation) -> str:
    rows = "".join(
        f"<tr><th>{escape(name)}</th><td>{escape(_show(value))}</td></tr>"
        for name, value in explanation.kind_evidence.items()
    )
    kind = escape(explanation.article.page_kind)
    return f"<p>Decided: <b>{kind}</b></p><table id='kind'>{rows}</table>"


def _metadata(explanation: Explanation) -> str:
    rows = ["<tr><th>field</th><th>value</th><th>source</th><th>candidates that lost</th></tr>"]
    for name, field in explanation.metadata.items():
        lost = [
            f"{escape(source)}: {escape(str(value))}"
            for source, value in field.candidates
            if not (source == field.source and _same(value, field.value))
        ]
        rows.append(
            f"<tr><th>{escape(name)}</th><td>{escape(_show(field.value))}</td>"
            f"<td>{escape(field.source or '—')}</td>"
            f"<td class='lost'>{'<br>'.join(lost) or '—'}</td></tr>"
        )
    return f"<table id='metadata'>{''.join(rows)}</table>"


def _block(block: Any) -> str:
    state = "kept" if block.kept else "dropped"
    score = f" · score {block.score:.2f}" if block.score is not None else ""
    path = f" · <code>{escape(block.path)}</code>" if block.path else ""
    return (
        f"<div class='block {state}'><div class='text'>{escape(block.text)}</div>"
        f"<div class='why'><span class='reason'>{escape(block.reason)}</span>{score}{path}"
        "</div></div>"
    )


def _show(value: Any) -> str:
    if value is None or value == [] or value == ():
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _same(candidate: str, value: Any) -> bool:
    if isinstance(value, list | tuple):
        return candidate in value
    return candidate == value
