"""Where each metadata value came from: the winning source and every candidate seen.

``read_metadata`` takes an optional ``Trace``; when given, every decision records its
candidates (losers included) and its winner. The values themselves always come from the same
decision code, so an explanation can never disagree with what ``extract()`` returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["FieldExplanation", "Trace"]


@dataclass(frozen=True, slots=True)
class FieldExplanation:
    """One field: its value (as ``extract()`` returns it), the source that won, the candidates."""

    value: Any
    source: str | None
    candidates: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Trace:
    """Candidates and winners recorded while metadata is decided (only when explaining)."""

    candidates: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    winners: dict[str, str] = field(default_factory=dict)
    features: dict[str, list[tuple[Any, dict[str, float]]]] = field(default_factory=dict)

    def ranked(self, name: str, value: Any, features: dict[str, float]) -> None:
        """One candidate as the learned model saw it (what the training script reads)."""
        self.features.setdefault(name, []).append((value, features))

    def saw(self, name: str, source: str, value: Any) -> None:
        if value is None or value == "" or value == ():
            return
        text = ", ".join(value) if isinstance(value, tuple | list) else str(value)
        seen = self.candidates.setdefault(name, [])
        if (source, text) not in seen:
            seen.append((source, text))

    def won(self, name: str, source: str | None) -> None:
        if source and name not in self.winners:
            self.winners[name] = source
