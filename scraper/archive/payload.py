"""Undo HTTP transfer and content codings on an archived payload.

WARC response records keep the payload as it came over the wire, so it may still be chunked and
gzip, deflate or Brotli encoded. Each step falls back to the bytes it was given when they are
not actually encoded as declared: archives from real crawlers often keep a header that no longer
matches what they stored.
"""

from __future__ import annotations

import zlib

import brotli

__all__ = ["dechunk", "decode_payload"]


def decode_payload(
    data: bytes, transfer_encoding: str | None, content_encoding: str | None
) -> bytes:
    """The payload with chunking and content codings removed, as far as they really apply."""
    if transfer_encoding and "chunked" in transfer_encoding.lower():
        data = dechunk(data)
    if content_encoding:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        for coding in reversed(codings):
            data = _undo_coding(data, coding)
    return data


def dechunk(data: bytes) -> bytes:
    """Join the chunks of a chunked body; returns ``data`` unchanged if it is not chunked."""
    parts: list[bytes] = []
    pos = 0
    size_of_data = len(data)
    while pos < size_of_data:
        line_end = data.find(b"\r\n", pos)
        if line_end < 0:
            return data if not parts else b"".join(parts)
        size_text = data[pos:line_end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return data if not parts else b"".join(parts)
        if size == 0:
            return b"".join(parts)
        start = line_end + 2
        parts.append(data[start : start + size])
        pos = start + size + 2
    return b"".join(parts)


def _undo_coding(data: bytes, coding: str) -> bytes:
    try:
        if coding in {"gzip", "x-gzip"}:
            return _inflate(data, zlib.MAX_WBITS | 32)
        if coding == "deflate":
            try:
                return _inflate(data, zlib.MAX_WBITS)
            except zlib.error:
                return _inflate(data, -zlib.MAX_WBITS)
        if coding == "br":
            return brotli.decompress(data)
    except (zlib.error, brotli.error):
        return data
    return data


def _inflate(data: bytes, wbits: int) -> bytes:
    decoder = zlib.decompressobj(wbits)
    out = decoder.decompress(data)
    return out + decoder.flush()
