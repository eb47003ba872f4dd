"""Dates as pages write them, normalised to ISO 8601.

Pages give dates as ISO stamps, RFC 2822 strings, "July 9, 2014", "9 July 2014", compact
"20140709" or inside the URL. The output is ``YYYY-MM-DD`` when only a day is known, otherwise
``YYYY-MM-DDTHH:MM:SS`` plus the offset when the page gave one; nothing is invented.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "DATE_FORMS",
    "DayOrder",
    "date_from_url",
    "day_first_page",
    "day_order_page",
    "month_only",
    "normalise_date",
    "original_day",
    "visible_date",
]

MIN_YEAR = 1990
MAX_YEAR = 2100

# Date forms read since round sixteen (branch date13), each by name so a study can collect
# without one (``train_meta_model.py --date-forms``): "headline-attribute", a date in a
# created/published/date attribute of the headline or its block (``dateforms.py``);
# "escaped-jsonld", JSON-LD written in an attribute (React's ``<script children="...">``, a
# ``<meta name="script:ld+json" content="...">``; ``sources.py``); "list-time", the <time> by
# the headline on a page judged a list of posts (``dateforms.py``).
# "month" (a study, off): a printed month with no day ("November 2015", "Date: March 2021"),
# a ``YYYY-MM`` candidate (``datescan.find_month_line``).
DATE_FORMS: tuple[str, ...] = ("headline-attribute", "escaped-jsonld", "list-time")
ALL_DATE_FORMS: tuple[str, ...] = (*DATE_FORMS, "month")

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            # The full names, then the abbreviations French, German, Dutch, Spanish and
            # Italian print ("04-ago-2021", "12 juil. 2021", "3 okt 2020") that are not a
            # full name's first three letters ("gen", "mag", "set", "out": English words)
            (
                "jan",
                "january",
                "janvier",
                "januar",
                "januari",
                "enero",
                "gennaio",
                "janeiro",
                "janv",
                "ene",
            ),
            (
                "feb",
                "february",
                "février",
                "fevrier",
                "februar",
                "februari",
                "febrero",
                "febbraio",
                "fevereiro",
                "févr",
                "fevr",
                "fév",
                "fev",
            ),
            ("mar", "march", "mars", "märz", "marz", "maart", "marzo", "março", "mär", "mrt"),
            ("apr", "april", "avril", "abril", "aprile", "avr", "abr"),
            ("may", "mai", "mei", "mayo", "maggio", "maio"),
            ("jun", "june", "juin", "juni", "junio", "giugno", "junho", "giu"),
            ("jul", "july", "juillet", "juli", "julio", "luglio", "julho", "juil", "lug"),
            ("aug", "august", "augustus", "août", "aout", "agosto", "ago"),
            ("sep", "sept", "september", "septembre", "septiembre", "settembre", "setembro"),
            ("oct", "october", "octobre", "oktober", "octubre", "ottobre", "outubro", "okt", "ott"),
            ("nov", "november", "novembre", "noviembre", "novembro"),
            (
                "dec",
                "december",
                "décembre",
                "decembre",
                "dezember",
                "diciembre",
                "dicembre",
                "dezembro",
                "déc",
                "dez",
                "dic",
            ),
        ),
        start=1,
    )
    for name in names
}

_ISO_RE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|[+-]\d{2}\b|UTC|GMT)?)?"
)
_SLASH_YMD_RE = re.compile(r"\b(?P<y>\d{4})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})\b")
_DOTTED_DMY_RE = re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b")
# "10/31/2024", "31/10/2024", "11-29-2024": a day over 12 says the order; "03/10/2023" is read
# month first, as most English pages write it (the ranker weighs it against the page's others).
_SLASHED_RE = re.compile(
    r"(?<![\d/-])(?P<a>\d{1,2})(?P<sep>[/-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/-])"
)
_COMPACT_RE = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T?(?P<H>\d{2})(?P<M>\d{2}))?")
_MONTH_NAME = r"(?P<mon>[^\W\d_]{3,10})\.?"
_DAY_MONTH_YEAR_RE = re.compile(
    r"\b(?P<d>\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+|of\s+)?" + _MONTH_NAME + r",?\s+(?:de\s+)?"
    r"(?P<y>\d{4})\b",
    re.I,
)
# "04-Aug-2021", "04-ago-2021": a day, a month's name and a year joined by hyphens
_DASHED_DAY_MONTH_YEAR_RE = re.compile(
    r"(?<![\w-])(?P<d>\d{1,2})-(?P<mon>[^\W\d_]{3,10})\.?-(?P<y>\d{4})(?![\w-])", re.I
)
# "2017-May-10": the same the other way round (Hexo's "YYYY-MMM-DD")
_DASHED_YEAR_MONTH_DAY_RE = re.compile(
    r"(?<![\w-])(?P<y>\d{4})-(?P<mon>[^\W\d_]{3,10})\.?-(?P<d>\d{1,2})(?![\w-])", re.I
)
# "July 9, 2014", also with a dot after the day ("December 19. 2025", "Jul. 11. 2025") or a
# comma after the month ("May, 19 2022")
_MONTH_DAY_YEAR_RE = re.compile(
    r"\b" + _MONTH_NAME + r",?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?[,.]?\s+(?P<y>\d{4})\b", re.I
)
# "2023 Jan 7": how citation meta tags and reference lines write a day
_YEAR_MONTH_DAY_RE = re.compile(
    r"\b(?P<y>\d{4})\s+" + _MONTH_NAME + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?![:.]?\d)", re.I
)
_URL_DATE_RE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>0?[1-9]|1[0-2])(?:[/-](?P<d>0?[1-9]|[12]\d|3[01]))?"
    r"(?=[/_.+?#-]|$)"
)
# "/2023/october/03/", "/2021/dec/9/": the month spelled out in the path (any language above)
_URL_WORD_DATE_RE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})/(?P<mon>[a-z\u00e0-\u00fc]{3,10})/(?P<d>0?[1-9]|[12]\d|3[01])"
    r"(?=[/_.+?#-]|$)",
    re.I,
)
# A whole text that is a month and a year, after at most a short label ("Date:", "Published");
# "Updated June 2022" is an update's month, and a longer text only talks about one.
_MONTH_YEAR_RE = re.compile(
    r"^(?:(?P<label>[^\W\d_]+(?:\s+[^\W\d_]+)?)\s*:?\s+)?"
    r"(?P<mon>[^\W\d_]{3,10})\.?,?\s+(?P<y>(?:19|20)\d{2})$"
)
_NOT_PUBLISHED_LABEL_RE = re.compile(
    r"updat|modif|revis|edit|since|until|joined|event|archiv|expir|valid", re.I
)
_EPOCH_RE = re.compile(r"^\d{10}(?:\.\d+)?$")


# Every month name and abbreviation the date readers know (lower case).
MONTH_NAMES = frozenset(_MONTHS)


def normalise_date(value: str | None) -> str | None:
    """An ISO 8601 string for a date written in any common form, or None if it is not one.

    Memoised for short values (a site's pages repeat their dates; kept as plain ``str``)."""
    if not value:
        return None
    if len(value) > _MEMO_MAX_CHARS:
        return _normalised(value)
    return _normalised_memo(str(value))


_MEMO_MAX_CHARS = 300


@lru_cache(maxsize=4096)
def _normalised_memo(value: str) -> str | None:
    return _normalised(value)


MAX_DATE_CHARS = 120  # a longer text is a sentence or a block of lines, not a date


def _normalised(value: str) -> str | None:
    text = " ".join(value.split())
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    return (
        _from_iso(text)
        or _from_compact(text)
        or _from_rfc2822(text)
        or _from_words(text)
        or _from_slashes(text)
        or _from_epoch(text)
    )


def visible_date(text: str, day_first: bool = False, dots_day_first: bool = True) -> str | None:
    """The day a short visible line names ("Updated Feb 11, 2026", "2025-12-17"), or None.

    Stricter than ``normalise_date``: bare numbers (epochs, "20231105") are product codes or
    phone numbers in visible text, never dates. ``day_first``: how to read "03/10/2023" when
    neither number is over 12; ``dots_day_first``: how to read "09.10.2024" (day first unless
    the page shows otherwise; ``day_order_page`` says how the page writes both).
    """
    return (
        _from_iso(text)
        or _from_words(text)
        or _from_slashes(text)
        or _from_dotted(text, dots_day_first)
        or _from_slashed(text, day_first)
    )


# "Originally posted on April 28, 2017", "originally published November 9, 2022": the day a
# post first appeared, printed beside the day it was updated (most often after it: "Post updated
# by Jo Roe on March 30, 2021. Originally posted on April 28, 2017."). Not "Originally posted
# by" (a forum's quote names its writer).
_ORIGINALLY_RE = re.compile(
    r"\boriginally\s+(?:posted|published)\b(?!\s+by\b)(?:\s+(?:on|in))?(?:\s+the)?\s*:?\s*", re.I
)
ORIGINAL_DAY_CHARS = 40  # a day right after the label: no later date of the line's sentence
# Read by the date lines, the visible dates and the site model's date place (off: the first
# day a line prints, as before round fifty-two).
ORIGINAL_DAYS = True


def original_day(text: str, day_first: bool = False, dots_day_first: bool = True) -> str | None:
    """The day right after an "Originally posted/published" label in a short visible line, or
    None: where a line prints both an update's day and the first one, the post's publication
    day is the first, wherever the line puts it."""
    if not ORIGINAL_DAYS or "riginally" not in text:
        return None
    match = _ORIGINALLY_RE.search(text)
    if match is None:
        return None
    return visible_date(
        text[match.end() : match.end() + ORIGINAL_DAY_CHARS], day_first, dots_day_first
    )


# English written month first: the US, Canada, the Philippines (and "en" with no region,
# mostly American pages). Every other language and English elsewhere write the day first.
_MONTH_FIRST_REGIONS = frozenset({"", "us", "ca", "ph"})


class DayOrder(NamedTuple):
    """How a page writes numeric days: slashed ("03/10/2023") and dotted ("09.10.2024"),
    True for day first."""

    slashed: bool
    dotted: bool


def day_first_page(texts: Iterable[str], language: str | None) -> bool:
    """Whether a page writes slashed numeric days day first ("31/10/2024"): a printed day over
    12 in the first place says so (one in the second place says not); with neither, or both,
    the page's declared language ("en-GB", "fr": day first; "en-US", "en": month first)."""
    return day_order_page(texts, language).slashed


def day_order_page(
    texts: Iterable[str], language: str | None, known: Collection[str] = ()
) -> DayOrder:
    """How a page writes numeric days, from its own evidence first: a printed number over 12
    in one place ("31/10/2024", "11.24.2025"); else ``known``, the ISO days its machine-readable
    dates give (JSON-LD, meta tags, ``<time datetime>``, the URL), when an ambiguous printed day
    ("03/10/2023") reads as one of them in only one order (the page prints a day it declares);
    else, for slashes, its declared language ("en-GB", "fr": day first; "en-US", "en": month
    first), and for dots day first, as most countries that write dots do."""
    slashed = _OrderVotes()
    dotted = _OrderVotes()
    for text in texts:
        for match in _SLASHED_RE.finditer(text):
            slashed.add(match.group("a"), match.group("b"), match.group("y"), known)
        if "." in text:
            for match in _DOTTED_DMY_RE.finditer(text):
                dotted.add(match.group("d"), match.group("m"), match.group("y"), known)
    return DayOrder(slashed.decide(_language_day_first(language)), dotted.decide(True))


class _OrderVotes:
    """What a page's numeric days say of their order: printed evidence (a number over 12),
    then agreement with the page's machine-readable days."""

    __slots__ = ("first", "known_first", "known_second", "second")

    def __init__(self) -> None:
        self.first = self.second = self.known_first = self.known_second = False

    def add(self, a: str, b: str, year: str, known: Collection[str]) -> None:
        first, second = int(a), int(b)
        self.first = self.first or (12 < first <= 31 and second <= 12)
        self.second = self.second or (12 < second <= 31 and first <= 12)
        if known and first <= 12 and second <= 12 and first != second:
            as_day_first = _day(year, b, a) in known
            as_month_first = _day(year, a, b) in known
            self.known_first = self.known_first or (as_day_first and not as_month_first)
            self.known_second = self.known_second or (as_month_first and not as_day_first)

    def decide(self, default: bool) -> bool:
        if self.first != self.second:
            return self.first
        if self.known_first != self.known_second:
            return self.known_first
        return default


def _language_day_first(language: str | None) -> bool:
    code = (language or "").strip().lower().replace("_", "-")
    if not code:
        return False
    primary, _, region = code.partition("-")
    return primary != "en" or region[:2] not in _MONTH_FIRST_REGIONS


def _from_dotted(text: str, day_first: bool = True) -> str | None:
    """ "12.06.2023": day first, as most countries that write dates with dots do; month first
    where the page shows it writes them so (``day_order_page``)."""
    if "." not in text:  # (the pattern's dots: a text without one is not searched)
        return None
    match = _DOTTED_DMY_RE.search(text)
    if not match:
        return None
    day, month = match.group("d"), match.group("m")
    if not day_first:
        day, month = month, day
    return _day(match.group("y"), month, day)


def _from_slashed(text: str, day_first: bool = False) -> str | None:
    if "/" not in text and "-" not in text:  # (the pattern's separator)
        return None
    match = _SLASHED_RE.search(text)
    if not match:
        return None
    first, second = match.group("a"), match.group("b")
    if int(first) > 12 or (day_first and int(second) <= 12):
        first, second = second, first
    return _day(match.group("y"), first, second)


def date_from_url(url: str | None) -> str | None:
    """The day a URL path names (``/2014/07/09/slug``, ``/2023/october/03/slug``), or None.
    Month-only paths give None."""
    if not url:
        return None
    match = _URL_DATE_RE.search(url)
    if match and match.group("d"):
        return _day(match.group("y"), match.group("m"), match.group("d"))
    worded = _URL_WORD_DATE_RE.search(url)
    month = _MONTHS.get(worded.group("mon").lower()) if worded else None
    return _day(worded.group("y"), str(month), worded.group("d")) if worded and month else None


def month_only(text: str) -> str | None:
    """``YYYY-MM`` for a text that names a month and a year and nothing more ("November 2015",
    "Date: November 2003"), or None. ISO 8601 writes a month with no day so; the output never
    invents a day the page does not give."""
    match = _MONTH_YEAR_RE.match(" ".join(text.split()))
    if not match:
        return None
    label = match.group("label")
    if label and (_NOT_PUBLISHED_LABEL_RE.search(label) or label.lower() in _MONTHS):
        return None
    month = _MONTHS.get(match.group("mon").lower())
    year = int(match.group("y"))
    if not month or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return f"{year:04d}-{month:02d}"


def _from_iso(text: str) -> str | None:
    if "-" not in text:  # (the pattern's hyphen: ~90% of visible lines hold none)
        return None
    match = _ISO_RE.search(text)
    if not match:
        return None
    day = _day(match.group("y"), match.group("m"), match.group("d"))
    if day is None or match.group("H") is None:
        return day
    hour, minute = int(match.group("H")), int(match.group("M"))
    second = int(match.group("S") or 0)
    if hour > 23 or minute > 59 or second > 59:
        return day
    stamp = f"{day}T{hour:02d}:{minute:02d}:{second:02d}"
    return stamp + _offset(match.group("tz"))


def _offset(tz: str | None) -> str:
    if not tz:
        return ""
    if tz in {"Z", "UTC", "GMT"}:
        return "+00:00"
    digits = tz[1:].replace(":", "")
    if len(digits) == 2:
        digits += "00"
    return f"{tz[0]}{digits[:2]}:{digits[2:4]}"


def _from_compact(text: str) -> str | None:
    match = _COMPACT_RE.match(text)
    if not match or (len(text) > 8 and text[8].isdigit() and match.group("H") is None):
        return None
    day = _day(match.group("y"), match.group("m"), match.group("d"))
    if day and match.group("H") and int(match.group("H")) < 24 and int(match.group("M")) < 60:
        return f"{day}T{match.group('H')}:{match.group('M')}:00"
    return day


def _from_rfc2822(text: str) -> str | None:
    if "," not in text[:5] and not re.match(r"\d{1,2} [A-Za-z]{3} \d{4} \d", text):
        return None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    return parsed.isoformat(timespec="seconds")


# Any month name ``_MONTHS`` knows, anywhere in a lower-cased text: a text without one has no
# written date (each pattern's month is one of them, lower-cased), so the four searches below
# are skipped (~2 us against ~5 us a line). ``str.lower`` maps each character alone except the
# Greek capital sigma, which no month name holds: the month's lower case is a part of the text's.
# Only whether one is there matters: a name holding another ("january" holds "jan") adds
# nothing, and the rest are grouped by their first letter, so the search tries one group at a
# place instead of every name (~0.4 against ~1.3 us a line; the same texts hold one).
def _any_month_pattern(names: Iterable[str]) -> str:
    kept = sorted({name for name in names if not any(o != name and o in name for o in names)})
    groups: dict[str, list[str]] = {}
    for name in kept:
        groups.setdefault(name[0], []).append(name[1:])
    return "|".join(
        re.escape(first)
        + "(?:"
        + "|".join(map(re.escape, sorted(rests, key=len, reverse=True)))
        + ")"
        for first, rests in sorted(groups.items())
    )


_ANY_MONTH_RE = (
    re.compile(_any_month_pattern(list(_MONTHS)))
    if not any(sigma in name for name in _MONTHS for sigma in "\u03c3\u03c2")
    else None
)


def _from_words(text: str) -> str | None:
    if _ANY_MONTH_RE is not None and _ANY_MONTH_RE.search(text.lower()) is None:
        return None
    for pattern in (
        _MONTH_DAY_YEAR_RE,
        _DAY_MONTH_YEAR_RE,
        _YEAR_MONTH_DAY_RE,
        _DASHED_DAY_MONTH_YEAR_RE,
        _DASHED_YEAR_MONTH_DAY_RE,
    ):
        match = pattern.search(text)
        if match:
            month = _MONTHS.get(match.group("mon").lower())
            if month:
                day = _day(match.group("y"), str(month), match.group("d"))
                if day:
                    return day
    return None


def _from_slashes(text: str) -> str | None:
    if "/" not in text and "." not in text:  # (the pattern's separators)
        return None
    match = _SLASH_YMD_RE.search(text)
    return _day(match.group("y"), match.group("m"), match.group("d")) if match else None


def _from_epoch(text: str) -> str | None:
    if not _EPOCH_RE.match(text):
        return None
    try:
        parsed = datetime.fromtimestamp(float(text), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return parsed.date().isoformat() if MIN_YEAR <= parsed.year <= MAX_YEAR else None


def _day(year: str, month: str, day: str) -> str | None:
    try:
        parsed = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return parsed.isoformat() if MIN_YEAR <= parsed.year <= MAX_YEAR else None
