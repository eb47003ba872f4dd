"""Bytes to text: BOM, then the declared charset, then the page's meta charset, then detection.

Never assumes UTF-8 blindly: a declared charset is used only when the bytes decode cleanly with
it (servers often lie), and detection runs when nothing declared works.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # charset_normalizer loads in ``_detect``, the one place that runs it
    from charset_normalizer import CharsetMatch

__all__ = [
    "charset_from_content_type",
    "decode_html",
    "iter_tags",
    "looks_binary",
    "sniff_meta_charset",
]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TAG_START_RE = re.compile(rb"<(meta|link)[\s/]", re.IGNORECASE)
_ATTRIBUTE_RE = re.compile(
    rb"""([^\s"'<>/=]+)(?:[ \t\r\n\f]*=[ \t\r\n\f]*("[^"]*"|'[^']*'|[^\s"'>]+))?"""
)
_CHARSET_IN_CONTENT_RE = re.compile(
    rb"""charset[ \t]*=[ \t]*["']?[ \t]*([a-zA-Z0-9_.:\-]+)""", re.I
)
MAX_TAG_BYTES = 4096
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.\-]+)""")
_SNIFF_BYTES = 4096
DETECTION_CHAOS_MARGIN = 0.05
# Legacy charsets roughly by how common they are on the web: ties in detection go to the first.
_PREVALENCE_ORDER = (
    "utf_8",
    "cp1252",
    "cp932",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "gbk",
    "gb2312",
    "big5",
    "euc_kr",
    "cp949",
    "cp1251",
    "koi8_r",
    "cp1250",
    "iso8859_2",
    "cp1256",
    "cp1254",
    "cp1253",
    "cp1255",
    "cp874",
    "cp1257",
    "iso8859_15",
)
_WEB_PREVALENCE = {name: rank for rank, name in enumerate(_PREVALENCE_ORDER)}
# What a body starts with when it is an image, PDF, archive or other binary file.
BINARY_SNIFF_BYTES = 4096
TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
TEXT_CONTROL_BYTES = frozenset(b"\t\n\r\x0c\x1b")
# Every byte but the control bytes text does not use: deleting them leaves the ones it does not.
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b >= 32 or b in TEXT_CONTROL_BYTES)
BINARY_SIGNATURES = (
    b"%PDF-",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"PK\x03\x04",  # zip, docx, epub
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ",  # xz
    b"7z\xbc\xaf",  # 7-zip
    b"Rar!",
    b"RIFF",  # webp, wav, avi
    b"\x00\x00\x00",  # mp4, ico and other box formats
    b"\x00\x00\x01\x00",  # ico
    b"OggS",
    b"ID3",
    b"fLaC",
    b"\x1aE\xdf\xa3",  # matroska, webm
    b"\x7fELF",
    b"MZ\x90\x00",  # Windows executables
    b"\xca\xfe\xba\xbe",
    b"\xd0\xcf\x11\xe0",  # old Office documents
    b"SQLite format 3",
    b"wOFF",
    b"wOF2",
    b"\x00\x01\x00\x00",  # TrueType
    b"OTTO",
    b"II*\x00",  # TIFF
    b"MM\x00*",
    b"BM",  # BMP is checked with its header size below
)
# WHATWG: these labels mean windows-1252 in browsers; x-user-defined and friends are junk.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252"}
# Text codecs that are no web charsets: they fail on every input or read markup as escapes.
_UNUSABLE_CODECS = frozenset(
    {"undefined", "unicode_escape", "raw_unicode_escape", "punycode", "idna", "mbcs", "oem"}
    | {"uu_codec", "utf-7", "utf_7"}
)


def _codec(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None when unknown or not a text codec."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError, TypeError):
        return None
    # Python knows codecs that are no text encodings (rot13, base64, zlib) or that always fail
    # (undefined): a page declaring one must fall through to detection, never raise.
    if not getattr(info, "_is_text_encoding", True) or info.name in _UNUSABLE_CODECS:
        return None
    if info.name in ("utf-16", "utf-32"):
        return None  # without a BOM the byte order is a guess; let detection decide
    return info.name


def sniff_meta_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (<meta charset>, http-equiv, <?xml?>)."""
    head = data[:_SNIFF_BYTES]
    match = _XML_ENCODING_RE.match(head)
    if match:
        return match.group(1).decode("ascii", "replace")
    for name, attributes in iter_tags(head):
        if name != b"meta":
            continue
        charset = attributes.get(b"charset")
        if charset is None and b"charset" in attributes.get(b"content", b"").lower():
            found = _CHARSET_IN_CONTENT_RE.search(attributes[b"content"])
            charset = found.group(1) if found else None
        if charset:
            return charset.strip().decode("ascii", "replace") or None
    return None


def iter_tags(data: bytes) -> Iterator[tuple[bytes, dict[bytes, bytes]]]:
    """Each ``<meta>`` and ``<link>`` tag of ``data`` as (name, attributes), in linear time.

    Regular expressions like ``<meta[^>]+charset`` rescan the rest of the input from every
    ``<meta`` when no ``>`` follows (quadratic, cubic with a second ``[^>]*``). Here each tag's
    end is found once and a ``<meta`` inside a tag is text, as in HTML; a tag longer than
    ``MAX_TAG_BYTES`` is skipped. Attribute names are lower-cased, values unquoted.
    """
    end = -1
    for start in _TAG_START_RE.finditer(data):
        if start.start() < end:
            continue  # inside the previous tag: an attribute's text, not a tag
        end = data.find(b">", start.end())
        if end < 0:
            return
        if end - start.start() > MAX_TAG_BYTES:
            continue
        attributes: dict[bytes, bytes] = {}
        for match in _ATTRIBUTE_RE.finditer(data, start.end(), end):
            value = match.group(2) or b""
            if value[:1] in (b'"', b"'"):
                value = value[1:-1]
            attributes.setdefault(match.group(1).lower(), value)
        yield start.group(1).lower(), attributes


def _strict(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except Exception:  # any codec failure means "not this charset"
        return None


def decode_html(data: bytes, declared_encoding: str | None = None) -> tuple[str, str | None]:
    """Decode an HTML body; returns (text, encoding used).

    Order: byte-order mark, the HTTP ``declared_encoding``, the page's own meta charset, then
    statistical detection; the first that decodes the bytes without error wins. As a last
    resort, UTF-8 with replacement characters (never an exception).
    """
    if not data:
        return "", None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace"), codec
    codec = _codec(declared_encoding)
    text = _strict(data, codec)
    if text is None:  # the page's own charset, looked for only when the header's fails
        codec = _codec(sniff_meta_charset(data))
        text = _strict(data, codec)
    if text is not None:
        return text, codec
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    if _mostly_utf8(data):
        return data.decode("utf-8", _CP1252_FALLBACK), "utf-8"
    codec = _detect(data)
    if codec is not None:
        text = _strict(data, codec)
        if text is not None:
            return text, codec
        try:
            return data.decode(codec, "replace"), codec
        except Exception:  # a detector's odd guess: fall back to UTF-8
            pass
    return data.decode("utf-8", "replace"), None


def _cp1252_for_invalid_utf8(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as windows-1252 instead."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", "replace"), error.end


_CP1252_FALLBACK = "scraper.cp1252-fallback"
codecs.register_error(_CP1252_FALLBACK, _cp1252_for_invalid_utf8)
_UTF8_MULTIBYTE_RE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with some windows-1252 pasted in (a CMS mixing sources): more valid multi-byte
    UTF-8 sequences than invalid bytes. Decoding it as one legacy charset would garble the
    UTF-8 part; decoding the invalid bytes alone as windows-1252 keeps both readable."""
    valid = len(_UTF8_MULTIBYTE_RE.findall(data))
    invalid = data.decode("utf-8", "replace").count("\ufffd")
    return valid > invalid > 0


def _detect(data: bytes) -> str | None:
    """Statistical detection; among near-equal guesses, the charset most common on the web.

    charset_normalizer is imported here, on the first detection: a process that extracts text
    (or bytes whose declared charset works) never runs it, and its ~2,300 tracked objects would
    otherwise sit in the heap every full garbage collection walks."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:200_000]))
    if not matches:
        return None
    floor = min(match.chaos for match in matches) + DETECTION_CHAOS_MARGIN
    close = [match for match in matches if match.chaos <= floor]

    def rank(match: CharsetMatch) -> int:
        names = [match.encoding, *match.could_be_from_charset]
        return min(_WEB_PREVALENCE.get(name, len(_WEB_PREVALENCE)) for name in names)

    return _codec(min(close, key=rank).encoding)


def looks_binary(body: bytes) -> bool:
    """An image, PDF, archive or other binary body, whatever its name or Content-Type claims.

    Known file signatures, or many control bytes in the first 4 KiB (text has almost none;
    UTF-16 text, whose every other byte is NUL, is still text)."""
    head = body[:BINARY_SNIFF_BYTES]
    if head.startswith(TEXT_BOMS):
        return False
    start = head.lstrip()
    if start.startswith(BINARY_SIGNATURES[:-1]):
        return True
    if start.startswith(b"BM") and len(start) > 14 and start[6:10] == b"\x00\x00\x00\x00":
        return True
    if head[0::2].count(0) > len(head) * 0.4 or head[1::2].count(0) > len(head) * 0.4:
        return False  # UTF-16 without a byte-order mark
    return control_byte_count(head) > len(head) * 0.05


def control_byte_count(data: bytes) -> int:
    """The bytes below 32 other than text's own (tab, newlines, form feed, escape): counted in
    C by deleting every other byte, not by a Python loop per byte."""
    return len(data.translate(None, _NOT_CONTROL_BYTES))


def charset_from_content_type(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type header, or None when it has none."""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
