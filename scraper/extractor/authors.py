"""Author names from bylines and meta tags: "By Jane Doe and John Roe, Staff Writers" -> two.

Bylines mix names with prefixes ("By", "Written by"), job titles, emails, handles, dates and
links; meta tags sometimes hold a profile URL instead of a name. Only plausible names survive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["clean_authors", "looks_like_name"]

MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 60

_PREFIX_RE = re.compile(
    r"^\s*(?:(?:written|posted|published|reported|story|text|words|photos?|edited|compiled)"
    r"\s+by|by|from|author(?:s|\(s\))?|autor(?:in)?|von|par|por|di|door|av|auteur)\b\s*[:\-–—]?\s*",
    re.I,
)
_DATE_TAIL_RE = re.compile(  # atomic first separator (?>...): linear, was quadratic
    r"^(?>(.*?)(?:(?<!\s)\s+)?(?:[-–—|•·]|\bon\b|\bupdated\b|\bpublished\b|\bposted\b)).*?"
    r"(?:\d{4}|\d{1,2}:\d{2}|\b(?:today|yesterday|ago)\b).*$",
    re.I,
)
_EMAIL_RE = re.compile(r"(?<![^\s@])[^\s@]+@[^\s@]+\.\w+")  # linear: no \S+ rescans
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.I)
_HANDLE_RE = re.compile(r"(?:^|\s)@\w+")
_PARENS_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")  # linear: innermost brackets
_SPLIT_RE = re.compile(  # (?<!\s): linear on space runs
    r"(?:(?<!\s)\s+)?(?:,|;|\||/|&|\+)\s*|(?<!\s)\s+(?:and|And|AND|und|et|y|e)\s+"
)
_JOB_WORDS = frozenset(
    re.split(
        r"\s+",
        """
    writer writers reporter reporters editor editors correspondent correspondents staff
    contributor contributors contributing columnist columnists journalist journalists producer
    producers analyst analysts photographer photographers senior chief associate assistant
    freelance freelancer political politics bureau desk team news newsroom deputy managing
    executive director intern fellow host anchor critic researcher press agency wire service
    reuters ap afp updated published posted contact follow twitter email sports business
    technology tech science health opinion guest special international national features
    feature founder ceo cto president professor dr. phd
    monday tuesday wednesday thursday friday saturday sunday today yesterday
    """.strip(),
    )
)
_DOMAIN_RE = re.compile(r"\w\.(?:com|org|net|co|info|news|io|de|fr|uk|in|ru|it|es)\b", re.I)
_SITE_PART_RE = re.compile(r"(?<!\s)\s+[|·•»«:–—-]\s+")  # (?<!\s): linear on space runs
_LEADING_NON_NAME_WORDS = frozenset(
    {"the", "a", "an", "this", "that", "our", "your", "all", "more", "read", "view", "see"}
)
_NAME_PARTICLES = frozenset(
    {
        "de",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "la",
        "le",
        "du",
        "bin",
        "ibn",
        "al",
        "el",
        "y",
        "e",
        "ter",
        "ten",
        "zu",
        "af",
        "st.",
        "mc",
        "mac",
    }
)
_NOT_NAME_RE = re.compile(
    r"^(?:admin|administrator|anonymous|unknown|guest|staff|editor|editorial|redaktion|"
    r"team|webmaster|none|null|undefined|n/a|the editors|\W*)$",
    re.I,
)


def clean_authors(raw: Iterable[str | None], site_name: str | None = None) -> tuple[str, ...]:
    """Plausible, deduplicated author names from raw author strings, in order.

    A name equal to the site's name (or its first part) is the publisher, not an author.
    """
    names: list[str] = []
    seen: set[str] = set()
    if site_name:
        seen.add(site_name.casefold())
        seen.add(_SITE_PART_RE.split(site_name)[0].strip().casefold())
    for value in raw:
        for name in _names_in(value):
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                names.append(name)
    return tuple(names)


def looks_like_name(value: str) -> bool:
    """A short run of words with letters, no digits, not a role or placeholder."""
    words = value.split()
    if not words or len(words) > MAX_NAME_WORDS or len(value) > MAX_NAME_CHARS:
        return False
    if any(ch.isdigit() for ch in value) or _NOT_NAME_RE.match(value):
        return False
    if not any(ch.isalpha() for ch in value):
        return False
    if _DOMAIN_RE.search(value) or words[0].lower() in _LEADING_NON_NAME_WORDS:
        return False
    if any(word[0].islower() and word.lower() not in _NAME_PARTICLES for word in words):
        return False
    lowered = [word.strip(".,").lower() for word in words]
    return not any(word in _JOB_WORDS for word in lowered)


def _names_in(value: str | None) -> list[str]:
    if not value:
        return []
    text = " ".join(value.split())
    if _URL_RE.fullmatch(text):
        return []
    text = _EMAIL_RE.sub(" ", text)
    text = _URL_RE.sub(" ", text)
    text = _HANDLE_RE.sub(" ", text)
    text = _PARENS_RE.sub(" ", text)
    text = _DATE_TAIL_RE.sub(r"\1", text)
    text = _PREFIX_RE.sub("", text)
    names: list[str] = []
    parts = _SPLIT_RE.split(text)
    if len(parts) == 2 and "," in text and all(len(part.split()) == 1 for part in parts):
        parts = [f"{parts[1]} {parts[0]}"]  # "Needleman, Sarah": last name first
    for part in parts:
        name = _tidy(_PREFIX_RE.sub("", part))
        if name and looks_like_name(name):
            names.append(name)
        elif name:
            names.extend(_name_before_title(name))
    return names


def _name_before_title(part: str) -> list[str]:
    """ "Jane Doe Senior Writer" -> "Jane Doe": keep the words before the first job word."""
    words = part.split()
    for index, word in enumerate(words):
        if word.strip(".,").lower() in _JOB_WORDS:
            head = " ".join(words[:index])
            return [head] if index >= 2 and looks_like_name(head) else []
    return []


def _tidy(name: str) -> str:
    name = name.strip(" \t\n\"'“”‘’:-–—.,·•|")
    if name.isupper() and len(name) > 3:
        name = name.title()
    return name
