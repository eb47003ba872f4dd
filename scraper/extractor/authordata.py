"""Writer evidence outside the visible byline: profile URLs and a script's data layer.

A forum or CMS links each account's profile (``/user/jdoe42``, ``/author/jane-doe``), and a
``<link rel="author">`` in the head often names the thread's opener that way, with no byline
text at all. Apps built on a JavaScript framework keep the post's fields, its author among
them, in a JSON data island (``<script type="application/json">``, a ``__NEXT_DATA__`` blob, a
``dataLayer`` push) rather than in JSON-LD. Both are read cheaply and bounded here, and handed
to the author ranker as candidates or evidence with their own source name; it decides.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from itertools import islice
from urllib.parse import unquote

from lxml.html import HtmlElement

from scraper.extractor.authors import looks_like_handle

# The scripts' marker test in C (``_cwalks.script_candidates``; optional): not built, or built
# for another lxml, every script's text is read here.
try:
    from scraper.extractor._cwalks import script_candidates as _compiled_script_candidates
except (ImportError, TypeError, ValueError):
    _compiled_script_candidates = None
# ... and the scripts' ``src`` and ``type`` tests before it, which markers each text holds
# (``_cmeta.data_scripts``; optional): the Python search then skips the absent markers.
try:
    from scraper.extractor._cmeta import data_scripts as _compiled_data_scripts
except (ImportError, TypeError, ValueError):
    _compiled_data_scripts = None

__all__ = ["name_key", "profile_handle", "profile_keys", "script_authors"]

MAX_SCRIPTS = 40  # scripts read per page
MAX_SCRIPT_CHARS = 200_000  # of each script's text
MAX_PROFILE_LINKS = 2000  # links read per page
MAX_SCRIPT_NAMES = 2
# ``script_authors`` drops, in C, the scripts whose text holds none of ``_MARKERS`` (when built).
COMPILED_SCRIPTS = True
# ``script_authors`` takes its scripts, and the markers each holds, from ``_cmeta.data_scripts``
# when built (before ``COMPILED_SCRIPTS``' test): the same names.
COMPILED_DATA_SCRIPTS = True

_PROFILE_PATH_RE = re.compile(
    r"/(?:author|authors|writer|writers|contributors?|people|profile|profiles|user|users|"
    r"members?|u)/([^/?#]+)/?(?:[?#]|$)",
    re.I,
)
_PROFILE_PARTS = ("/auth", "/writ", "/contrib", "/people/", "/profil", "/user", "/memb", "/u/")
_MEMBER_ID_RE = re.compile(r"^(.+?)[.-]\d+$")  # XenForo's "/members/jdoe.1234/"
_KEY_RE = re.compile(r"[\W_]+")
# "author": {"name": "Jane Doe", ...} or "author": "Jane Doe" / "authorName" / "pagePostAuthor"
# (a WordPress data layer's key); the value a plain JSON string of at most 80 characters.
_AUTHOR_VALUE_RE = re.compile(
    r'"(?:author|authorName|author_name|postAuthor|pagePostAuthor|byline|creator)"\s*:\s*'
    r'(?:\{[^{}]{0,400}?"(?:name|displayName|display_name|username|title)"\s*:\s*)?'
    r'"((?:[^"\\]|\\u[0-9a-fA-F]{4}|\\/){2,80})"'
)
_MARKERS = ('"author', 'Author"', '"byline"', '"creator"')
MAX_TRIES = 12  # places per script where the regex is tried
_DATA_TYPES = ("application/json", "text/javascript", "application/javascript", "module", "")
# (for ``_cmeta.data_scripts``, which compares ASCII bytes: every marker and type is ASCII)
_MARKER_BYTES = tuple(marker.encode("ascii") for marker in _MARKERS)
_DATA_TYPE_BYTES = tuple(kind.encode("ascii") for kind in _DATA_TYPES)
_EVERY_MARKER = (1 << len(_MARKERS)) - 1


def name_key(name: str) -> str:
    """Letters and digits only, case-folded: "Jane Doe", "jane-doe" and "jane_doe" meet."""
    return _KEY_RE.sub("", name.casefold())


def profile_handle(href: str) -> str | None:
    """The account name a profile URL ends in ("/user/jdoe42" -> "jdoe42"), if it reads as
    one (a numeric id is none)."""
    found = _PROFILE_PATH_RE.search(href)
    if not found:
        return None
    slug = unquote(found.group(1)).strip()
    member = _MEMBER_ID_RE.match(slug)
    if member:
        slug = member.group(1)
    return slug if looks_like_handle(slug) else None


def profile_keys(hrefs: Iterable[str]) -> set[str]:
    """``name_key`` of every account a page links a profile of (bounded). The substring
    pre-test (``_may_be_profile``) keeps the regex off most links; a joined ``str.lower``
    pre-test and a memo of each href's key were tried and dropped: slower on AEB, whose pages
    nearly all link a profile part."""
    keys: set[str] = set()
    for href in islice(hrefs, MAX_PROFILE_LINKS):
        if _may_be_profile(href):
            handle = profile_handle(href)
            if handle:
                keys.add(name_key(handle))
    return keys


def _may_be_profile(href: str) -> bool:
    """Substring tests every profile path passes, much cheaper than the regex: the parts of
    ``_PROFILE_PARTS`` written out, a generator over them cost ~1 us per link."""
    low = href.lower()
    return (
        "/auth" in low
        or "/user" in low
        or "/u/" in low
        or "/writ" in low
        or "/contrib" in low
        or "/people/" in low
        or "/profil" in low
        or "/memb" in low
    )


def script_authors(root: HtmlElement, scripts: Iterable[HtmlElement] | None = None) -> list[str]:
    """The first names a non-JSON-LD script's data gives as an author, page order. Only inline
    data scripts, each read up to ``MAX_SCRIPT_CHARS``; at most ``MAX_SCRIPTS`` of them.
    ``scripts``: the page's <script>s in order, when a walk already found them (the gather
    pass does: a tag search of its own costs ~0.3 ms a page)."""
    names: list[str] = []
    found: Iterable[tuple[HtmlElement, int]]
    if COMPILED_DATA_SCRIPTS and _compiled_data_scripts and isinstance(scripts, list):
        # only the first MAX_SCRIPTS, less the external ones, those of another type and those
        # whose text holds no marker; with the markers each text holds (the searches for the
        # others, each a scan of up to MAX_SCRIPT_CHARS, are skipped): the same names
        found = _compiled_data_scripts(scripts, MAX_SCRIPTS, _MARKER_BYTES, _DATA_TYPE_BYTES)
    elif COMPILED_SCRIPTS and _compiled_script_candidates and isinstance(scripts, list):
        # only the first MAX_SCRIPTS, less those whose text holds no marker (no name): the
        # same names, and no Python string made of a script that cannot name anyone
        found = (
            (script, _EVERY_MARKER) for script in _compiled_script_candidates(scripts, MAX_SCRIPTS)
        )
    else:
        found = (
            (script, _EVERY_MARKER)
            for script in (root.iter("script") if scripts is None else scripts)
        )
    for count, (script, markers) in enumerate(found):
        if count >= MAX_SCRIPTS or len(names) >= MAX_SCRIPT_NAMES:
            break
        kind = (script.get("type") or "").strip().lower()
        if script.get("src") or kind not in _DATA_TYPES:
            continue
        text = script.text
        name = _script_author(text, markers) if text else ""
        if name and name not in names:
            names.append(name)
    return names


def _script_author(text: str, markers: int = -1) -> str:
    """The first author value in a script: the regex is tried only where ``str.find`` (in C)
    sees a key's opening quote, a bounded number of times, so a megabyte of minified code
    costs a few scans of memory, not a regex walk over every character. ``markers``: bit
    ``k`` clear when ``_MARKERS[k]`` is known absent from the text (its scan is skipped)."""
    tries = 0
    for bit, marker in enumerate(_MARKERS):
        if not markers >> bit & 1:
            continue
        at = text.find(marker, 0, MAX_SCRIPT_CHARS)
        while at >= 0 and tries < MAX_TRIES:
            tries += 1
            start = at if marker.startswith('"') else text.rfind('"', max(at - 20, 0), at)
            found = _AUTHOR_VALUE_RE.match(text, start) if start >= 0 else None
            if found:
                name = _decoded(found.group(1))
                if name:
                    return name
            at = text.find(marker, at + 1, MAX_SCRIPT_CHARS)
    return ""


def _decoded(raw: str) -> str:
    try:
        value = json.loads(f'"{raw}"')
        value.encode("utf-8")  # a lone surrogate ("\\ud83d") would break every export
    except ValueError:  # UnicodeEncodeError is one
        return ""
    value = " ".join(value.split())
    return value if value.isprintable() else ""  # no control characters
