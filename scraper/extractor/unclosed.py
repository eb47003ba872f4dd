"""Close the ``<div>`` elements a container's end tag closes in a browser and not in libxml2.

HTML5 closes every element still open inside a ``<figure>``, ``<section>``, ``<li>`` ... when
that element's end tag comes ("pop elements until one with the same tag name has been
popped"). libxml2's HTML parser ignores such an end tag when an unclosed ``<div>`` sits inside
it (a ``<div>`` outranks it), so the rest of the page is read into that ``<div>``: a lightbox
``<div class="modal">`` a figure's template never closes swallows the post's following
paragraphs, which a reader sees and the extractor then reads as a hidden dialog's. Here the
missing ``</div>`` tags are written in before such an end tag, as a browser's tree has them.
``parse.py`` asks for it only when libxml2 reports such a mismatch (``ends_over_open_div``), and
only a page that opens more ``<div>`` than it closes is read here at all (a byte count).
"""

from __future__ import annotations

import re

__all__ = ["close_unclosed_divs", "ends_over_open_div"]

# End tags that close what is open inside them in HTML5 ("in body": address, article, ...,
# ul) and that libxml2 ranks under <div> (its end priority: 100 against div's 150).
_CLOSERS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "header",
        "main",
        "nav",
        "ol",
        "section",
        "summary",
        "ul",
        "li",
        "dd",
        "dt",
    }
)
_TRACKED = frozenset(name.encode() for name in _CLOSERS | {"div"})
_RAW_TEXT = frozenset({b"script", b"style", b"textarea", b"title", b"xmp"})
# A comment, or a start or end tag of a tracked or raw-text element (others never matter).
_TOKEN_RE = re.compile(
    rb"<(?:!--|(/?)(" + b"|".join(sorted(_TRACKED | _RAW_TEXT)) + rb")(?=[\s/>]))", re.I
)
MAX_STACK = 4096


_MISMATCH_PREFIX = "Opening and ending tag mismatch: "


def ends_over_open_div(message: str) -> bool:
    """Whether libxml2's tag-mismatch message says it met a container's end tag while a
    ``<div>`` was open ("Opening and ending tag mismatch: figure and div"), the end tag it then
    ignores."""
    if not message.startswith(_MISMATCH_PREFIX):
        return False
    ended, _, current = message[len(_MISMATCH_PREFIX) :].strip().partition(" and ")
    return current == "div" and ended.lower() in _CLOSERS


def close_unclosed_divs(data: bytes) -> bytes:
    """``data`` with a ``</div>`` put in for each ``<div>`` still open when an end tag of an
    element that holds it comes (the same bytes when there is none)."""
    if data.count(b"<div") <= data.count(b"</div"):
        return data
    stack: list[bytes] = []
    inserts: list[tuple[int, int]] = []  # (position, how many "</div>")
    skip_to = 0
    for token in _TOKEN_RE.finditer(data):
        start = token.start()
        if start < skip_to:  # inside a comment or a raw-text element
            continue
        name = token.group(2)
        if name is None:  # a comment: to its end
            end = data.find(b"-->", token.end())
            skip_to = len(data) if end < 0 else end + 3
            continue
        name = name.lower()
        if token.group(1):  # an end tag
            if name in stack:
                popped = 0
                while stack:
                    top = stack.pop()
                    if top == name:
                        break
                    popped += top == b"div"
                if popped and name != b"div":
                    inserts.append((start, popped))
        elif name in _RAW_TEXT:
            close = data.find(b"</" + name, token.end())
            skip_to = len(data) if close < 0 else close
        elif len(stack) < MAX_STACK:
            stack.append(name)
    if not inserts:
        return data
    parts: list[bytes] = []
    last = 0
    for at, count in inserts:
        parts.append(data[last:at])
        parts.append(b"</div>" * count)
        last = at
    parts.append(data[last:])
    return b"".join(parts)
