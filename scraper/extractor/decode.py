"""Bytes to text: BOM, then the declared charset, then the page's meta charset, then detection."""

from __future__ import annotations

from bs4.dammit import UnicodeDammit


def decode_html(data: bytes, declared_encoding: str | None = None) -> tuple[str, str | None]:
    """Decode an HTML body; returns (text, encoding used). Never assumes UTF-8 blindly."""
    known = [declared_encoding] if declared_encoding else []
    dammit = UnicodeDammit(data, known_definite_encodings=known, is_html=True)
    text = dammit.unicode_markup
    if text is None:
        return data.decode("utf-8", "replace"), None
    return text, dammit.original_encoding
