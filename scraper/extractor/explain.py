"""Why the extractor kept or dropped each part of a page: the data behind ``scraper explain``.

Each stage explains its own decisions (``explain_body`` for text blocks, ``explain_metadata``
for fields, ``kind_evidence`` for the page kind); this module runs them on fresh parses of one
page and gathers the answers with the ``Article`` that ``extract()`` returns for it, so the
report can never disagree with the real output.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from scraper.extractor import _as_text, extract, parse_html
from scraper.extractor.body import BlockDecision, explain_body, extract_body
from scraper.extractor.classify import kind_evidence
from scraper.extractor.metadata import FieldExplanation, explain_metadata, read_metadata
from scraper.models import Article

__all__ = ["BlockDecision", "Explanation", "FieldExplanation", "explain"]


@dataclass(frozen=True, slots=True)
class Explanation:
    """One page's extraction, decision by decision."""

    url: str | None
    article: Article
    blocks: tuple[BlockDecision, ...]
    metadata: dict[str, FieldExplanation]
    kind_evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def kept(self) -> tuple[BlockDecision, ...]:
        return tuple(block for block in self.blocks if block.kept)

    @property
    def dropped(self) -> tuple[BlockDecision, ...]:
        return tuple(block for block in self.blocks if not block.kept)

    @property
    def container(self) -> str | None:
        """The main container: the deepest element path that holds every kept block."""
        paths = [block.path.split(" > ") for block in self.kept if block.path]
        if not paths:
            return None
        common: list[str] = []
        for steps in zip(*paths, strict=False):
            if any(step != steps[0] for step in steps):
                break
            common.append(steps[0])
        if len(paths) == 1 and len(common) > 1:
            common.pop()  # one kept block: its parent is the container, not the block itself
        return " > ".join(common) or None

    def reasons(self) -> Counter[str]:
        """How many blocks each kind of reason dropped ("class/id word", "link density", ...)."""
        return Counter(reason_kind(block.reason) for block in self.dropped)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``scraper explain --format json``)."""
        return {
            "url": self.url,
            "summary": {
                "title": self.article.title,
                "page_kind": self.article.page_kind,
                "blocks": len(self.blocks),
                "kept": len(self.kept),
                "dropped": len(self.dropped),
                "word_count": self.article.word_count,
                "container": self.container,
                "dropped_by": dict(self.reasons().most_common()),
            },
            "page_kind": {"kind": self.article.page_kind, "evidence": self.kind_evidence},
            "metadata": {
                name: {
                    "value": explained.value,
                    "source": explained.source,
                    "candidates": [
                        {"source": source, "value": value} for source, value in explained.candidates
                    ],
                }
                for name, explained in self.metadata.items()
            },
            "blocks": [
                {
                    "kept": block.kept,
                    "text": block.text,
                    "reason": block.reason,
                    "path": block.path,
                    "score": block.score,
                }
                for block in self.blocks
            ],
            "text": self.article.text,
        }


def explain(html: str | bytes | Any, url: str | None = None) -> Explanation:
    """Extract ``html`` and say why: every text block kept or dropped with its reason, every
    metadata field with the source that won and the candidates that lost, and the page kind's
    evidence. Takes what ``extract()`` takes."""
    text = _as_text(html, None)
    article = extract(text, url)
    root = parse_html(text)
    if root is None:  # nothing parseable: no blocks, no fields
        return Explanation(url=url, article=article, blocks=(), metadata={})
    metadata = explain_metadata(root, url)
    blocks = tuple(explain_body(parse_html(text), url))
    pruned = parse_html(text)
    evidence = kind_evidence(read_metadata(pruned, url), extract_body(pruned, url))
    return Explanation(
        url=url, article=article, blocks=blocks, metadata=metadata, kind_evidence=evidence
    )


def reason_kind(reason: str) -> str:
    """The family of a reason, for the summary: the words before its first detail."""
    head = reason.split(":", 1)[0].strip()
    for mark in (" '", ' "', " <", " 0", " 1"):
        if mark in head:
            head = head.split(mark, 1)[0]
    return head or "dropped"
