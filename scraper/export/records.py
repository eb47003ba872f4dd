"""The export record: one flat JSON object per article, versioned by ``schema_version``.

Its fields are ``Article.to_dict()`` plus the crawl facts (``fetched_at``, ``http_status``,
``final_url``, ``content_hash``), which are ``null`` for pages that were not fetched by a crawl
(saved files). ``scraper/schema.json`` is its JSON Schema.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

import orjson

from scraper.models import Exportable, as_record

__all__ = [
    "Exportable",
    "as_record",
    "load_schema",
    "record_key",
    "record_name_url",
    "record_to_json",
]


def record_key(record: Mapping[str, Any]) -> str:
    """The URL that identifies a record: the page's own (fetched or saved) URL.

    The same key always lands in the same file. A canonical URL is metadata, not an identity:
    two saved pages declaring one canonical are two records, never one.
    """
    for field in ("url", "final_url", "canonical_url"):
        value = record.get(field)
        if isinstance(value, str) and value:
            return value
    return ""


def record_name_url(record: Mapping[str, Any]) -> str:
    """The URL a record's file is named after: a saved page (a ``file:`` URL) is named after
    its canonical URL when it declares one, so a mirror's pages are grouped by their real site.
    Only the readable part of the name comes from it; the unique part is ``record_key``'s."""
    url, canonical = str(record.get("url") or ""), str(record.get("canonical_url") or "")
    if url.startswith("file:") and canonical.startswith(("http://", "https://")):
        return canonical
    return record_key(record)


def record_to_json(record: Mapping[str, Any], *, indent: int | None = None) -> str:
    """UTF-8-ready JSON text (non-ASCII kept as is).

    Indented by two, orjson renders the very bytes ``json.dumps`` does, several times faster
    (the standard library's indenting encoder is pure Python); what orjson refuses (a lone
    surrogate, a huge integer) is left to ``json``."""
    if indent == 2:
        with contextlib.suppress(TypeError):  # orjson.JSONEncodeError is a TypeError
            return orjson.dumps(record, option=orjson.OPT_INDENT_2).decode("utf-8")
    return json.dumps(record, ensure_ascii=False, indent=indent)


def load_schema() -> dict[str, Any]:
    """The export record's JSON Schema, shipped as ``scraper/schema.json``."""
    text = resources.files("scraper").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
