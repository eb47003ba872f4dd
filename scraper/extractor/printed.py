"""Where a page PRINTS a name for its reader: the author gate's evidence beyond the sources.

A writer the annotator (and a reader) sees is printed in the page's visible text: in the
post's block, by its headline or in an author box at its end, often repeated as the author of
each post of a thread. A name that only a data block declares (JSON-LD, a meta tag, a
template's default account) is often printed nowhere. The texts are read as the serialiser's
lower-cased bytes (no decoding, no copy of the page without its scripts): what a name's
occurrences inside scripts, styles and templates add is counted apart and taken off.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

# The unseen elements' texts read from libxml2's nodes (``_cwalks.unseen_texts``; optional):
# not built, or built for another lxml, the Python join reads them, with the same bytes.
try:
    from scraper.extractor._cwalks import unseen_texts as _compiled_unseen_texts
except (ImportError, TypeError, ValueError):
    _compiled_unseen_texts = None
# ``_lowered`` in one C pass (``_cmeta.lowered``; optional): the same bytes as the two passes.
try:
    from scraper.extractor._cmeta import lowered as _compiled_lowered
except (ImportError, TypeError, ValueError):
    _compiled_lowered = None

__all__ = ["PRINTED_PREFIX", "PrintedText", "printed_signals", "read_printed"]

# ``_joined`` of a list in C when built: no Python string made and encoded again per script,
# no serialiser set up per <svg> (~0.05 ms a page).
COMPILED_UNSEEN = True
# ``_lowered`` by ``_cmeta.lowered`` when built (~21 -> ~10 us a page on the body's text).
COMPILED_LOWERED = True

PRINTED_PREFIX = "print:"  # every feature this module gives

_HIDDEN_TAGS = ("script", "style", "noscript", "template", "svg", "textarea")
MAX_NAME_CHARS = 80
LEAD_BYTES = 600  # the first bytes of the post's block: headline, byline, dateline
TAIL_BYTES = 2000  # its last ones: an author box, a signature, "posted by" under the post
MAX_COUNT = 20
MAX_STARTS = 400  # occurrences of one name read in the body (the post's block's are among them)
_NBSP = "\u00a0".encode()
_NBSP_RE = re.compile(_NBSP)  # (``re.sub`` runs ~3x faster than ``bytes.replace`` here)
MIN_LOOSE_CHARS = 6  # a shorter name must stand as words of its own ("Jo" is not in "Jones")


@dataclass(slots=True)
class PrintedText:
    """The lower-cased text of the body and the author marks' texts; the text of the body's
    unseen elements and of the post's block (``scope``) are serialised only when a name is
    printed at all (a name the body lacks is in neither)."""

    body: bytes
    mark_texts: list[bytes]
    people: int = 0  # how many different short texts the author marks hold: a thread's posters
    body_element: HtmlElement | None = None
    scope_element: HtmlElement | None = None
    unseen: list[HtmlElement] | None = None  # the body's unseen elements, if already gathered
    seen: dict[str, dict[str, float]] = field(default_factory=dict)  # signals by name
    _texts: tuple[bytes, int, bytes] | None = None
    _scope_hidden: bytes | None = None

    def texts(self) -> tuple[bytes, int, bytes]:
        """(the body's unseen text, where the post's block's text starts in the body's, the
        block's text): the block is searched as a span of the body."""
        if self._texts is None:
            body, scope = self.body_element, self.scope_element
            hidden = (
                _joined(self.unseen)
                if self.unseen is not None
                else _hidden(body)
                if body is not None
                else b""
            )
            if scope is None or scope is body or scope.getparent() is None:
                self._texts = (hidden, 0, self.body)
            else:
                own = _lowered(_text(scope))
                start = _find(self.body, own) if own else -1
                self._texts = (hidden, start, own)
        return self._texts

    def scope_hidden(self) -> bytes:
        """The post's block's unseen text (the body's, when the block is the page)."""
        if self._scope_hidden is None:
            hidden, _, scope = self.texts()
            own = self.scope_element
            whole = scope is self.body or own is None
            self._scope_hidden = hidden if whole else _hidden(own)  # type: ignore[arg-type]
        return self._scope_hidden


def _text(element: HtmlElement) -> bytes:
    return etree.tostring(element, method="text", encoding="utf-8", with_tail=False)


def _hidden(element: HtmlElement) -> bytes:
    return _joined(element.iter(*_HIDDEN_TAGS))


def _joined(unseen: Iterable[HtmlElement]) -> bytes:
    """The unseen elements' texts, lower-cased, apart from each other."""
    if COMPILED_UNSEEN and _compiled_unseen_texts is not None and isinstance(unseen, list):
        return _compiled_unseen_texts(unseen, _own_text)
    return b"\x00".join(map(_own_text, unseen)).lower()


def _own_text(element: HtmlElement) -> bytes:
    """``_text``; a script's or a style's one text node read without the serialiser."""
    if not len(element):
        text = element.text
        return text.encode("utf-8", "surrogatepass") if text else b""
    return _text(element)


def _lowered(text: bytes) -> bytes:
    """Lower-cased, no-break spaces as spaces ("Jane&nbsp;Doe"): one pass in C when built,
    else two (``bytes.lower``, then the regex)."""
    if COMPILED_LOWERED and _compiled_lowered is not None:
        return _compiled_lowered(text)
    return _NBSP_RE.sub(b" ", text.lower())


def read_printed(
    body: HtmlElement | None,
    body_text: bytes,
    scope: HtmlElement,
    marks: list[HtmlElement],
    unseen: list[HtmlElement] | None = None,
) -> PrintedText:
    """The texts ``printed_signals`` searches; ``body_text`` is ``body``'s serialised text,
    ``scope`` the post's block (or the page's root), ``unseen`` the body's scripts, styles,
    templates, SVGs and text areas in document order when a walk already gathered them (the
    page's gather pass does: a second walk of the body for them costs ~0.15 ms)."""
    if body is None:
        return PrintedText(b"", [])
    texts = [b" ".join(_lowered(_text(mark)).split()) for mark in marks]
    people = len({text for text in texts if 0 < len(text) <= MAX_NAME_CHARS})
    return PrintedText(_lowered(body_text), texts, people, body, scope, unseen)


def _needle(name: str) -> bytes | None:
    """The name as the lower-cased text holds it (bytes: ASCII letters only, as the text's)."""
    needle = b" ".join(name.encode("utf-8").lower().split())
    return needle if needle and len(name) <= MAX_NAME_CHARS else None


def _starts(needle: bytes, data: bytes, limit: int = MAX_COUNT) -> list[int]:
    """Where ``needle`` occurs (its first ``limit`` times): ``bytes.find`` runs in C, where a
    regular expression over a page's text costs about twice as much for each name. A short
    name must stand as words of its own ("Jo" is not in "Jones"); a longer one may touch
    other text, as the texts of adjacent elements run together ("ByJo Roe")."""
    found: list[int] = []
    start = data.find(needle)
    loose = len(needle) >= MIN_LOOSE_CHARS
    while start >= 0 and len(found) < limit:
        end = start + len(needle)
        if loose or (
            (start == 0 or not data[start - 1 : start].isalnum())
            and not data[end : end + 1].isalnum()
        ):
            found.append(start)
        start = data.find(needle, end)
    return found


def _span_starts(needle: bytes, data: bytes, start: int, end: int) -> list[int]:
    """Where a loose ``needle`` occurs (its first ``MAX_COUNT`` times) in ``data[start:end]``,
    from ``start``: the post's block searched in place, as a span of the body's text."""
    found: list[int] = []
    at = data.find(needle, start, end)
    while at >= 0 and len(found) < MAX_COUNT:
        found.append(at - start)
        at = data.find(needle, at + len(needle), end)
    return found


def _find(data: bytes, part: bytes) -> int:
    """``data.find(part)`` for a long ``part`` (the post's block in the body's text): its
    first bytes found, then the rest compared there; the C search of a whole block of
    text as the needle costs several times more."""
    head = part[:64]
    at = data.find(head)
    while at >= 0 and not data.startswith(part, at):
        at = data.find(head, at + 1)
    return at


def _count(needle: bytes, data: bytes) -> int:
    """``len(_starts(needle, data))``, in one C call where no boundary is tested."""
    if len(needle) >= MIN_LOOSE_CHARS:
        return min(data.count(needle), MAX_COUNT)
    return len(_starts(needle, data))


def _scaled(count: int) -> float:
    return math.log1p(min(count, MAX_COUNT)) / math.log1p(MAX_COUNT)


def printed_signals(printed: PrintedText, name: str) -> dict[str, float]:
    """How often and where the page prints ``name`` (``print:``), and whether the page's
    author marks (author classes, profile links, "By" texts) hold it or other people."""
    known = printed.seen.get(name)
    if known is not None:
        return known
    needle = _needle(name)
    if needle is None:
        return {"print:none": 1.0}
    body, loose = printed.body, len(needle) >= MIN_LOOSE_CHARS
    total = body.count(needle) if loose else len(_starts(needle, body, MAX_STARTS))
    shown = min(total, MAX_COUNT)
    count = first = last = size = 0
    if shown:  # (the body's unseen text and the post's block are parts of its text)
        hidden, offset, scope = printed.texts()
        shown -= _count(needle, hidden)
        size = len(scope)
        if offset >= 0 and loose and total < MAX_STARTS:
            inside = _span_starts(needle, body, offset, offset + size)
        else:  # (a short name's word edges, or a block not found as such: search it alone)
            inside = _starts(needle, scope)
        inside = inside[:MAX_COUNT]
        count = len(inside)
        if count:
            first, last = inside[0], inside[-1]
            count -= _count(needle, printed.scope_hidden())
    marked = sum(1 for text in printed.mark_texts if needle in text)
    signals = {
        "print:count": _scaled(max(shown, 0)),
        "print:none": float(shown <= 0),
        "print:scope": _scaled(max(count, 0)),
        "print:lead": float(count > 0 and first < LEAD_BYTES),
        "print:tail": float(count > 0 and last >= size - TAIL_BYTES),
        "print:marks": _scaled(marked),
        "print:marks_share": marked / len(printed.mark_texts) if printed.mark_texts else 0.0,
        # the page's first author mark: a post's byline, a thread's opener
        "print:first_mark": float(bool(printed.mark_texts) and needle in printed.mark_texts[0]),
        "print:mark_people": _scaled(printed.people),
    }
    printed.seen[name] = signals
    return signals
