"""Bytes to text: BOM first, then the HTTP charset, the page's meta charset, then detection."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper import extract
from scraper.extractor import decode_html
from scraper.extractor.decode import (
    TEXT_CONTROL_BYTES,
    control_byte_count,
    sniff_meta_charset,
)

RUSSIAN = (
    "Съешь же ещё этих мягких французских булок, да выпей чаю. Широкая электрификация южных "
    "губерний даст мощный толчок подъёму сельского хозяйства."
)
JAPANESE = (
    "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。"
    "何でも薄暗いじめじめした所で泣いていた事だけは記憶している。"
)
FRENCH = "Le cœur a ses raisons — que la raison ne connaît point. « Voilà », dit-il, déçu."


def page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"


def test_utf8_bom_wins() -> None:
    text, encoding = decode_html(codecs.BOM_UTF8 + page(FRENCH).encode("utf-8"), "cp1252")
    assert FRENCH in text and encoding == "utf-8"


def test_utf16_bom() -> None:
    text, encoding = decode_html(page(FRENCH).encode("utf-16"))
    assert FRENCH in text and encoding is not None and encoding.startswith("utf-16")


def test_declared_http_charset_is_used() -> None:
    text, encoding = decode_html(page(RUSSIAN).encode("koi8-r"), "koi8-r")
    assert RUSSIAN in text and encoding == "koi8-r"


def test_meta_charset_is_used() -> None:
    data = page(FRENCH, '<meta charset="windows-1252">').encode("cp1252")
    text, encoding = decode_html(data)
    assert FRENCH in text and encoding == "cp1252"


def test_http_equiv_content_type_is_used() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
    text, _ = decode_html(page(JAPANESE, head).encode("shift_jis"))
    assert JAPANESE in text


def test_wrong_declared_charset_falls_back() -> None:
    text, encoding = decode_html(page(FRENCH).encode("cp1252"), "utf-8")
    assert FRENCH in text and encoding == "cp1252"


@pytest.mark.parametrize(
    ("sample", "codec"), [(RUSSIAN * 3, "koi8-r"), (JAPANESE * 3, "shift_jis")]
)
def test_undeclared_charset_is_detected(sample: str, codec: str) -> None:
    text, _ = decode_html(page(sample).encode(codec))
    assert sample in text


def test_unknown_label_is_ignored() -> None:
    text, _ = decode_html(page(FRENCH).encode("utf-8"), "no-such-charset")
    assert FRENCH in text


def test_empty_bytes() -> None:
    assert decode_html(b"") == ("", None)


def test_sniff_meta_charset() -> None:
    assert sniff_meta_charset(b'<meta charset="koi8-r">') == "koi8-r"
    assert sniff_meta_charset(b"<?xml version='1.0' encoding='iso-8859-2'?>") == "iso-8859-2"
    assert sniff_meta_charset(b"<p>no charset</p>") is None


def test_extract_decodes_bytes_with_the_given_encoding() -> None:
    article = extract(page(RUSSIAN).encode("koi8-r"), None, encoding="koi8-r")
    assert RUSSIAN in article.text


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=5000), st.sampled_from([b"", b"<html>", b"\x00\x01", b"\t\n" * 30]))
def test_control_bytes_are_counted_as_defined(body: bytes, head: bytes) -> None:
    """The control bytes are counted in C; the count is the per-byte definition's."""
    for data in (head + body, (head + body).decode("latin-1").encode("utf-8")):
        by_definition = sum(1 for byte in data if byte < 32 and byte not in TEXT_CONTROL_BYTES)
        assert control_byte_count(data) == by_definition
