"""Undo HTTP transfer and content codings on an archived payload.

WARC response records keep the payload as it came over the wire, so it may still be chunked and
gzip, deflate or Brotli encoded. Each step falls back to the bytes it was given when they are
not actually encoded as declared: archives from real crawlers often keep a header that no longer
matches what they stored.
"""

from __future__ import annotations

import zlib

import brotli

__all__ = ["PayloadTooLarge", "dechunk", "decode_payload"]

UNBOUNDED = 1 << 62


class PayloadTooLarge(ValueError):
    """A content coding inflates past the caller's bound (a compression bomb)."""


def decode_payload(
    data: bytes,
    transfer_encoding: str | None,
    content_encoding: str | None,
    *,
    limit: int = UNBOUNDED,
) -> bytes:
    """The payload with chunking and content codings removed, as far as they really apply.

    Never produces more than ``limit`` bytes: ``PayloadTooLarge`` instead (the fetcher's bound).
    """
    if transfer_encoding and "chunked" in transfer_encoding.lower():
        data = dechunk(data)
    if content_encoding:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        for coding in reversed(codings[:8]):
            data = _undo_coding(data, coding, limit)
    if len(data) > limit:
        raise PayloadTooLarge(f"payload larger than {limit} bytes")
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


def _undo_coding(data: bytes, coding: str, limit: int) -> bytes:
    try:
        if coding in {"gzip", "x-gzip"}:
            return _inflate(data, zlib.MAX_WBITS | 32, limit)
        if coding == "deflate":
            try:
                return _inflate(data, zlib.MAX_WBITS, limit)
            except zlib.error:
                return _inflate(data, -zlib.MAX_WBITS, limit)
        if coding == "br":
            return _unbrotli(data, limit)
    except (zlib.error, brotli.error):
        return data
    return data


def _inflate(data: bytes, wbits: int, limit: int) -> bytes:
    decoder = zlib.decompressobj(wbits)
    out = decoder.decompress(data, limit + 1)
    if len(out) > limit or (decoder.unconsumed_tail and not decoder.eof):
        raise PayloadTooLarge(f"inflates past {limit} bytes")
    return out + decoder.flush()


def _unbrotli(data: bytes, limit: int) -> bytes:
    decoder = brotli.Decompressor()
    room = min(limit + 1, UNBOUNDED)
    out = bytearray(decoder.process(data, output_buffer_limit=room))
    while not decoder.can_accept_more_data() and len(out) <= limit:
        out += decoder.process(b"", output_buffer_limit=limit + 1 - len(out))
    if len(out) > limit:
        raise PayloadTooLarge(f"inflates past {limit} bytes")
    return bytes(out)
