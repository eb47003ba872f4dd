"""Round twenty-four, branch speed40: the author scan's and the visible date's cheaper forms give
what their reference forms give. ``authorscan._names`` (the pieces read from the tree, the names
read from them by the memoised ``_names_of``) the same names and raw text as the inline form it
replaces, memo on or off, cold or warm; ``scan_name_lines``, which asks ``_after_by`` only where
it decides, the same lines as the loop that asked it of every element; ``dates``' searches, each
skipped when the text lacks the pattern's literal separator, the same days as the searches
alone (a ``str`` whose ``in`` always answers yes runs them all), on random texts and every
byte of Latin-1 and some non-ASCII digits."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest

from scraper.extractor import authorscan, dates, metadata
from scraper.extractor.authors import (
    after_date_head,
    before_trailing_date,
    clean_authors,
    looks_like_handle,
)
from scraper.extractor.authorscan import (
    MAX_TEXT_CHARS,
    _after_by,
    _after_label,
    _name_child,
    _numbered_handle,
    _short_pieces,
    _without_prefix,
)
from scraper.extractor.pagemarks import BY_TAIL
from scraper.extractor.parse import element_text, parse_tree
from scraper.extractor.sources import gather_sources

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _reference_names(element: Any, kind: str, site_name: str | None) -> tuple[Any, str]:
    """``authorscan._names`` as it was before the memo (round twenty-three), with a byline's
    label not counted against its names' length (round forty-seven) and a user name with
    digits read after "by" (round forty-nine)."""
    target = element
    if kind in ("itemprop", "class"):
        child = _name_child(element)
        if child is not None:
            target = child
    if target.tag == "meta":
        text = " ".join((target.get("content") or "").split())
        pieces = [text]
    elif kind == "by text" and not _without_prefix(element_text(target)):
        pieces = _after_label(target)
        text = ", ".join(pieces)
    else:
        label = authorscan._PREFIX_RE.match(target.text or "") if kind == "by text" else None
        short = _short_pieces(target, MAX_TEXT_CHARS + (label.end() if label else 0))
        if short is None:
            return (), ""
        pieces = short
        text = authorscan._SPACE_BEFORE_MARK_RE.sub("", " ".join(p for p in pieces if p))
    if not text or len(_without_prefix(text) if kind == "by text" else text) > MAX_TEXT_CHARS:
        return (), ""
    names = clean_authors([text], site_name)
    if not names and len(pieces) > 1:
        names = next(filter(None, (clean_authors([p], site_name) for p in pieces if p)), ())
    raw = _without_prefix(text)
    if any(map(str.isdigit, raw)):
        raw = next((_without_prefix(piece) for piece in pieces if _without_prefix(piece)), "")
    if not names:
        handle = text.strip().lstrip("@")
        if kind != "by text" and looks_like_handle(handle):
            names = (handle,)
        elif kind == "by text" and _numbered_handle(raw):  # round forty-nine: "by peter1138"
            names = (raw,)
    if len(raw) > 60 or len(raw.split()) > 10:
        raw = ""
    return names, raw


def _reference_name_lines(headline: Any, scope: Any) -> list[tuple[Any, ...]]:
    """What ``scan_name_lines``' loop keeps, written plainly: ``_after_by`` asked of every own
    text (a topic's link, a line's day, an account's handle and a paragraph of prose read as
    the loop reads them)."""
    kept = []
    for order, element, is_after in authorscan._near_numbered(headline, scope):
        if len(kept) >= authorscan.MAX_NAME_LINES:
            break
        if element.tag in authorscan._SKIPPED_TAGS or element.tag in authorscan._OFF_TAGS:
            continue
        text, own, holder = authorscan._name_text(element)
        if text and authorscan._names_a_topic(holder):
            continue
        if text[-1:].isdigit():
            text = before_trailing_date(text).rstrip(" ,;")
        elif authorscan._YEAR_RE.search(text):
            text = after_date_head(text)
        after_by = own and _after_by(element)
        if not text:
            continue
        one = len(text.split()) == 1
        account = authorscan._account_named(holder, text) if one and not after_by else None
        if not (1 if after_by or account else 2) <= len(text.split()) <= 4:
            continue
        if account is None and not authorscan.looks_like_name(text):
            continue
        names = (account,) if account else clean_authors([text], None)
        place = authorscan._place(holder, None)
        if not names or place is None or place["scan:in_other"]:
            continue
        parent = holder.getparent()
        line = " ".join(element_text(parent).split()) if parent is not None else ""
        if parent is not None and parent.tag == "p" and len(line) > authorscan.MAX_PROSE:
            continue
        kept.append((names, order, is_after, bool(after_by)))
    return kept


def _check_page(html: str, monkeypatch: pytest.MonkeyPatch) -> int:
    root = parse_tree(html)
    if root is None:
        return 0
    found = gather_sources(root)
    marks = found.marks().authors
    # (the reference predates reading a profile card's first line apart and the loose line
    # after the headline: compared without them)
    monkeypatch.setattr(authorscan, "FIRST_LINE", False)
    monkeypatch.setattr(authorscan, "LOOSE_LINES", False)
    for element, kind in marks:
        if kind == BY_TAIL:  # read from the element's tail (``_tail_names``), not by ``_names``
            continue
        expected = _reference_names(element, kind, None)
        for memo in (False, True, True):  # off, then cold and warm
            monkeypatch.setattr(authorscan, "MEMO_NAMES", memo)
            assert authorscan._names(element, kind, None) == expected
            assert authorscan._names(element, kind, "Jo Roe") == _reference_names(
                element, kind, "Jo Roe"
            )
    monkeypatch.setattr(authorscan, "FIRST_LINE", True)
    scans = []
    for memo in (False, True):
        monkeypatch.setattr(authorscan, "MEMO_NAMES", memo)
        authorscan._names_memo.cache_clear()
        scans.append(authorscan.scan_authors(found.marks(), found.post_scope(), None))
    assert scans[0] == scans[1]
    headline = metadata._headline(found)
    if headline is not None:
        for scope in (found.post_scope(), root):
            lines = authorscan.scan_name_lines(headline, scope, None)
            got = [
                (
                    item.names,
                    round(item.features["near:order"] * 2 * authorscan.MAX_NEAR),
                    bool(item.features["near:after"]),
                    bool(item.features["near:after_by"]),
                )
                for item in lines
            ]
            assert got == _reference_name_lines(headline, scope)
    return len(marks)


def test_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    marks = sum(
        _check_page(path.read_text(encoding="utf-8", errors="replace"), monkeypatch)
        for path in pages
    )
    assert marks > 0


_PIECES = (
    "<p>",
    "</p>",
    "<div class='byline'>",
    "<div class='author'>",
    "<span itemprop='author'>",
    "<span class='author-name'>",
    "<div class='comment'>",
    "<div id='AuthorBox' class='author-bio'>",
    "</div>",
    "<span>",
    "</span>",
    "<a rel='author' href='/author/jo-roe'>",
    "<a href='/user/jdoe42' class='author'>",
    "</a>",
    "<b>Written by</b> ",
    "<meta itemprop='author' content='Ann  Lee'>",
    "By Jo Roe",
    "by Jo Roe, Edited by Al Poe",
    "Jo Roe",
    "Ann Lee",
    "Ann Lee",
    "jdoe42",
    "@jdoe42",
    "May 2, 2025",
    " | Senior Writer | ",
    ", ",
    " and ",
    "The Currency editors",
    "Jo Roe, CFP\u00ae",
    "\u2709 Jo Roe",
    "<i class='icon-user'></i> Bo Chen",
    "Share",
    "A long biography of the writer who has written about many things for many years.",
    "<h2>Section</h2>",
    "   ",
    "<br>",
    "<!-- c -->",
)


def test_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(40)
    marks = 0
    for _ in range(400):
        body = "".join(rng.choice(_PIECES) for _ in range(rng.randint(5, 60)))
        cut = rng.randint(0, len(body))
        html = f"<html><body><article>{body[:cut]}<h1>Head</h1>{body[cut:]}</article></body></html>"
        marks += _check_page(html, monkeypatch)
    assert marks > 400


class _Always(str):
    """A text that says it holds every separator: the prefilters never skip a search."""

    __slots__ = ()

    def __contains__(self, key: object) -> bool:
        return True


_DATE_PARTS = (
    "2024",
    "1999",
    "03",
    "3",
    "12",
    "31",
    "-",
    "/",
    ".",
    " ",
    ", ",
    "T10:20",
    "Z",
    "May",
    "mars",
    "Sept",
    "of",
    "de",
    "th",
    "\u0662\u0660\u0662\u0664",
    "\u0665",
    "x",
    ":",
)
_DATE_READERS = (
    dates._from_iso,
    dates._from_slashes,
    lambda text: dates._from_dotted(text, True),
    lambda text: dates._from_dotted(text, False),
    lambda text: dates._from_slashed(text, False),
    lambda text: dates._from_slashed(text, True),
    dates.visible_date,
)


def _date_text(rng: random.Random) -> str:
    """Three numbers (or a month) joined by separators, amid random parts: dates, near misses."""
    numbers = ("2024", "1999", "03", "3", "12", "31", "13", "\u0662\u0660\u0662\u0664", "\u0665")
    joins = ("-", "/", ".", " ", ", ", "-", "/", ".")
    middle = rng.choice((*numbers, "May", "mars"))
    core = (
        rng.choice(numbers) + rng.choice(joins) + middle + rng.choice(joins) + rng.choice(numbers)
    )
    noise = ["".join(rng.choice(_DATE_PARTS) for _ in range(rng.randint(0, 4))) for _ in "ab"]
    return noise[0] + core + noise[1]


def test_date_prefilters_skip_only_what_cannot_match() -> None:
    rng = random.Random(24)
    texts = [_date_text(rng) for _ in range(20000)]
    texts += [
        "".join(rng.choice(_DATE_PARTS) for _ in range(rng.randint(1, 12))) for _ in range(5000)
    ]
    texts += [f"{chr(code)}2024{chr(code)}05{chr(code)}03" for code in range(256)]
    texts += ["2024-05-03", "03/05/2024", "03.05.2024", "2024/05/03", "2024.05.03", "3-5-2024"]
    found = [0] * len(_DATE_READERS)
    for text in texts:
        for index, read in enumerate(_DATE_READERS):
            expected = read(_Always(text))
            assert read(text) == expected, (text, index)
            found[index] += expected is not None
    assert min(found) >= 20, found  # each reader reads days, not only misses


_SCRIPT_TYPES = (
    "",
    "application/json",
    " Application/JSON ",
    "\x1ctext/javascript\t",
    "module",
    "MODULE\x0b",
    "application/ld+json",
    "text/template",
    "text/javascript\u00a0",
    "modul\u00e9",
    "application/javascript" + " " * 20,
)
_SCRIPT_TEXTS = (
    '{"author": {"name": "Jo Roe"}}',
    'var d = {"authorName": "Ann Lee"};',
    'x.pagePostAuthor"',
    'window.x = {"byline": "Bo Chen", "creator": "Cy Dee"};',
    '{"creator": "Di Fox"}',
    "var a = 1;",
    '"author": "\\ud83d"',
    'caf\u00e9 "author": "Ann\u00e9 Lee"',
    "",
    "   ",
)


def _script_page(rng: random.Random) -> str:
    scripts = []
    for _ in range(rng.randint(0, 12)):
        kind = rng.choice((*_SCRIPT_TYPES, None))
        attributes = "" if kind is None else f' type="{kind}"'
        if rng.random() < 0.15:
            attributes += rng.choice((' src="/a.js"', ' src=""', ' src="&amp;"'))
        if rng.random() < 0.1:
            attributes = attributes.replace("type=", "type=&quot;") if attributes else attributes
        text = "".join(rng.choice(_SCRIPT_TEXTS) for _ in range(rng.randint(0, 3)))
        scripts.append(f"<script{attributes}>{text}</script>")
    return f"<html><head>{''.join(scripts)}</head><body><p>x</p></body></html>"


def _script_readings(root: Any, scripts: list[Any], monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    from scraper.extractor import authordata

    out = []
    for data, candidates in ((True, True), (False, True), (False, False)):
        monkeypatch.setattr(authordata, "COMPILED_DATA_SCRIPTS", data)
        monkeypatch.setattr(authordata, "COMPILED_SCRIPTS", candidates)
        out.append(authordata.script_authors(root, scripts))
    return out


def test_data_scripts_give_the_same_names(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = pytest.importorskip("scraper.extractor._cmeta")
    from lxml import etree

    from scraper.extractor import authordata

    rng = random.Random(12)
    named = 0
    for _ in range(1500):
        root = parse_tree(_script_page(rng))
        assert root is not None
        scripts = list(root.iter("script"))
        readings = _script_readings(root, scripts, monkeypatch)
        assert readings[0] == readings[1] == readings[2]
        named += bool(readings[0])
        kept = compiled.data_scripts(
            scripts, authordata.MAX_SCRIPTS, authordata._MARKER_BYTES, authordata._DATA_TYPE_BYTES
        )
        by_script = {id(script): markers for script, markers in kept}
        for script in scripts[: authordata.MAX_SCRIPTS]:
            text = script.text or ""
            markers = by_script.get(id(script))
            if markers is None:  # passed over: the Python loop reads no name from it
                kind = (script.get("type") or "").strip().lower()
                assert (
                    script.get("src")
                    or kind not in authordata._DATA_TYPES
                    or not any(marker in text for marker in authordata._MARKERS)
                )
                continue
            for bit, marker in enumerate(authordata._MARKERS):
                if marker in text:
                    assert markers >> bit & 1
    assert named > 300
    # a text of several nodes (CDATA between texts): every marker is searched
    parser = etree.XMLParser(strip_cdata=False)
    root = etree.fromstring(
        '<html><script>var x = 1; <![CDATA[{"author": "Jo Roe"}]]> ok</script></html>', parser
    )
    scripts = list(root.iter("script"))
    kept = compiled.data_scripts(
        scripts, authordata.MAX_SCRIPTS, authordata._MARKER_BYTES, authordata._DATA_TYPE_BYTES
    )
    assert [markers for _, markers in kept] == [authordata._EVERY_MARKER]
    assert _script_readings(root, scripts, monkeypatch) == [["Jo Roe"]] * 3


def test_the_month_prefilter_finds_what_the_whole_list_finds() -> None:
    whole = re.compile("|".join(sorted(map(re.escape, dates._MONTHS), key=len, reverse=True)))
    assert dates._ANY_MONTH_RE is not None
    rng = random.Random(3)
    names = sorted(dates._MONTHS)
    letters = "abcdefgijlmnoprstuvyzéûäç -.,0123456789"
    texts = [name for name in names] + [name[:-1] for name in names] + [name[1:] for name in names]
    for _ in range(20000):
        parts = [
            rng.choice(names)[: rng.randint(1, 10)] if rng.random() < 0.4 else rng.choice(letters)
            for _ in range(rng.randint(1, 8))
        ]
        texts.append("".join(parts).lower())
    hits = 0
    for text in texts:
        found = whole.search(text) is not None
        assert (dates._ANY_MONTH_RE.search(text) is not None) == found, text
        hits += found
    assert 1000 < hits < len(texts) - 1000


def test_the_copyright_test_agrees_with_its_regex() -> None:
    from scraper.extractor.datescan import COPYRIGHT_RE, is_copyright

    rng = random.Random(7)
    parts = (
        "(c)",
        "(C)",
        "Copyright",
        "COPYRIGHT",
        "copy",
        "right",
        "All Rights Reserved",
        "all rights",
        " reserved",
        "\u00a9",
        "\u017f",  # the long s: the regex's case rules match it to "s"
        "\u212a",
        "\u0130",
        "( c )",
        "2024",
        " ",
        "x",
        "é",
    )
    texts = ["".join(rng.choice(parts) for _ in range(rng.randint(0, 6))) for _ in range(20000)]
    texts += ["all rights re\u017ferved", "Copyright 2024", "\u00a9 2024", "(c) 2024"]
    found = 0
    for text in texts:
        expected = COPYRIGHT_RE.search(text) is not None
        assert is_copyright(text) == expected, text
        found += expected
    assert 1000 < found < len(texts) - 1000


@pytest.mark.parametrize("compiled", [True, False])
def test_link_label_counts_filtered_in_c_match_the_eager_count(
    compiled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``LinkLabels.count`` with its filter in C (``_cmeta.label_hits``) or in Python: the
    count of texts folding to each key, random texts (case, punctuation, non-ASCII folds, a
    NUL) asked their own keys and near misses."""
    if compiled:
        pytest.importorskip("scraper.extractor._cmeta")
    monkeypatch.setattr(metadata, "COMPILED_LABELS", compiled)
    rng = random.Random(31)
    words = ["the", "The", "blog", "BLOG", "ß", "ss", "İ", "news", "a", "x-y", "…", "Straße"]
    marks = ["", " ", "  ", "!", " & ", "—", ".", "\t", "\x00"]
    asked = 0
    for _ in range(400):
        texts = [
            "".join(rng.choice(words) + rng.choice(marks) for _ in range(rng.randint(1, 5)))
            for _ in range(rng.randint(1, 40))
        ]
        eager: dict[str, int] = {}
        for text in texts:
            key = metadata._label_key(text)
            if key:
                eager[key] = eager.get(key, 0) + 1
        labels = metadata.LinkLabels(texts)
        for key in [*eager, *(key + " blog" for key in eager), *(key[:-1] for key in eager)]:
            assert labels.count(key) == eager.get(key, 0), (texts, key)
            asked += 1
    assert asked > 4000
