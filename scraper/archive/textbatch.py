"""Text dumps in bulk: folders of ``.txt`` dumps and WET files, with site boilerplate learned.

Pages of one site share their menus, sidebars and footers. Before extracting, each batch is read
once to learn the lines its site repeats (``scraper.extractor.textsite``): a folder's dumps are
grouped by their subfolder, a WET file's records by their URL's host. The second pass extracts
every dump with its site's repeated lines as plain data.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from scraper.archive.batch import Outcome
from scraper.errors import ScraperError
from scraper.extractor.textdump import extract_text
from scraper.extractor.textsite import SiteLines
from scraper.models import as_record

__all__ = ["extract_text_files", "extract_wet", "read_dump", "site_of"]


def read_dump(path: Path) -> str:
    """A dump's text: UTF-8 (with or without BOM), else Latin-1, which never fails."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def site_of(url: str) -> str:
    """The host a page belongs to, ``www.`` aside: WET records are grouped by it."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def extract_text_files(files: list[Path], markdown: bool = False) -> Iterator[Outcome]:
    """One outcome per dump, in the given order; dumps in one folder are one site."""
    texts: dict[Path, str] = {}
    errors: dict[Path, str] = {}
    sites: dict[Path, SiteLines] = defaultdict(SiteLines)
    for path in files:
        try:
            texts[path] = read_dump(path)
        except OSError as exc:
            errors[path] = f"{path}: {exc.strerror or exc}"
            continue
        sites[path.parent].add(texts[path])
    repeated = {folder: site.repeated() for folder, site in sites.items()}
    for path in files:
        if path in errors:
            yield Outcome(str(path), error=errors[path])
            continue
        text = texts.pop(path)
        try:
            article = extract_text(text, markdown=markdown, site_lines=repeated[path.parent])
        except ScraperError as exc:
            yield Outcome(str(path), error=f"{path}: {exc}")
            continue
        article = replace(article, url=path.resolve().as_uri())
        record = as_record(article)
        record["content_hash"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        yield Outcome(str(path), record=record)


def extract_wet(path: Path, markdown: bool = False) -> Iterator[Outcome]:
    """The ``conversion`` records of a WET file, each with its host's repeated lines."""
    from scraper.archive.wet_read import iter_wet_records

    sites: dict[str, SiteLines] = defaultdict(SiteLines)
    for record in iter_wet_records(path):
        sites[site_of(record.url)].add(record.text)
    repeated = {host: site.repeated() for host, site in sites.items()}
    for record in iter_wet_records(path):
        lines = repeated.get(site_of(record.url), frozenset())
        article = extract_text(record.text, record.url or None, markdown=markdown, site_lines=lines)
        result = as_record(article)
        result["content_hash"] = hashlib.sha256(record.text.encode("utf-8")).hexdigest()
        yield Outcome(f"{path}#{record.url}", record=result)
