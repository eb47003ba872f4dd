"""Turn what the user named into the WARC sources a cluster reads: paths, URLs and path lists.

A source has a ``location`` the workers open themselves (an absolute path on a filesystem the
workers share, or an fsspec URL such as ``s3://`` or ``https://``) and a ``key`` under which its
resume position is kept, the same key as the one-machine reader's, so a run begun without
``--cluster`` resumes with it and back. Path lists (one path or URL per line, optionally
gzipped, like Common Crawl's ``warc.paths.gz``) are read on the client: they are small.
"""

from __future__ import annotations

import gzip
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from scraper.archive.warc import is_warc_path
from scraper.archive.warc_read import source_key
from scraper.errors import ArchiveError, InputError

__all__ = ["LIST_SUFFIXES", "Source", "expand_sources", "is_url"]

LIST_SUFFIXES = (".paths", ".paths.gz", ".txt", ".txt.gz", ".lst")
_WARC_START = b"WARC/1."


@dataclass(frozen=True, slots=True)
class Source:
    """One WARC file: where workers open it and its name in the resume table."""

    location: str
    key: str


def is_url(text: str) -> bool:
    """An fsspec URL (``s3://``, ``https://``, ``file://``...) rather than a local path."""
    return "://" in text and bool(urlsplit(text).scheme)


def expand_sources(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> list[Source]:
    """Every WARC named by ``inputs``, lists expanded, in order.

    Raises ``ArchiveError`` for a local path that does not exist and ``InputError`` for a local
    file that is neither a WARC nor a path list, before any work is sent to the cluster.
    """
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    sources: list[Source] = []
    for item in inputs:
        text = os.fspath(item)
        if _is_list_name(text):
            sources.extend(_from_list(text))
        elif is_url(text):
            sources.append(Source(text, text))
        else:
            sources.append(_local(text, check=True))
    return sources


def _local(text: str, *, check: bool) -> Source:
    path = Path(text)
    if check:
        if not path.is_file():
            raise ArchiveError(f"no such WARC file: {text}")
        if not is_warc_path(path) and not _looks_like_warc(path):
            raise InputError(
                f"{text}: not a WARC file or a list of them ({', '.join(LIST_SUFFIXES)})"
            )
    key = source_key(path)
    return Source(key, key)


def _is_list_name(text: str) -> bool:
    name = urlsplit(text).path if is_url(text) else text
    return name.lower().endswith(LIST_SUFFIXES)


def _looks_like_warc(path: Path) -> bool:
    try:
        with open(path, "rb") as raw:
            head = raw.read(2)
            raw.seek(0)
            stream = gzip.GzipFile(fileobj=raw) if head == b"\x1f\x8b" else raw
            return stream.read(len(_WARC_START)) == _WARC_START
    except (OSError, EOFError):
        return False


def _from_list(text: str) -> list[Source]:
    """A path list's entries. Relative entries of a local list are relative to its folder; of a
    remote list, to the root of its host or bucket (Common Crawl's lists are written so)."""
    lines = _read_list(text)
    sources = []
    for line in lines:
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if is_url(entry):
            sources.append(Source(entry, entry))
        elif is_url(text):
            parts = urlsplit(text)
            url = f"{parts.scheme}://{parts.netloc}/{entry.lstrip('/')}"
            sources.append(Source(url, url))
        else:
            path = Path(entry) if os.path.isabs(entry) else Path(text).parent / entry
            sources.append(_local(str(path), check=False))
    return sources


def _read_list(text: str) -> list[str]:
    try:
        if is_url(text):
            import fsspec

            with fsspec.open(text, "rb", compression="infer") as stream:
                data = stream.read()
        else:
            data = Path(text).read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
    except FileNotFoundError as exc:
        raise ArchiveError(f"no such path list: {text}") from exc
    except (OSError, EOFError, ValueError) as exc:
        raise ArchiveError(f"cannot read path list {text}: {exc}") from exc
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace").readlines()
