"""Multi-site crawls on a Dask cluster: one task per host, each with its own crawl state.

A host lives in exactly one task, so it is crawled by one worker at a time and the per-host
politeness (one request at a time, the delay, robots.txt) holds as on one machine. Each task
runs the ordinary crawl of its host's start URLs with its state in
``<output>/.scraper/sites/<host>/`` (so a rerun resumes each site where it stopped) and writes
the articles with the ordinary per-article exporter into the shared output folder: sites write
disjoint files, so the folder is the one a one-machine crawl of the same sites writes.

Differences from one machine, by design: ``--max-pages`` counts per site, and a link from one
start site into another is left to that other site's own crawl.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from distributed import Client, as_completed

from scraper.config import CrawlConfig
from scraper.crawler.crawl import CrawlStats
from scraper.errors import InputError

__all__ = ["PER_FILE_FORMATS", "check_cluster_crawl", "crawl_sites", "partition_hosts"]

PER_FILE_FORMATS = ("json", "md", "txt")
_SITE_FOLDER = re.compile(r"[^a-z0-9.-]+")
log = logging.getLogger("scraper.distributed")


def partition_hosts(start_urls: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The start URLs grouped by host (with its port), in first-seen order."""
    groups: dict[str, list[str]] = {}
    for url in start_urls:
        host = urlsplit(url).netloc.lower()
        groups.setdefault(host, []).append(url)
    return {host: tuple(urls) for host, urls in groups.items()}


def crawl_sites(
    config: CrawlConfig,
    output: Path,
    format: str,
    client: Client,
    *,
    on_site_done: Callable[[str, CrawlStats], None] | None = None,
) -> CrawlStats:
    """Crawl ``config.start_urls`` one host per task on ``client``'s cluster; summed stats.

    Writes one file per article into ``output`` (``format`` json, md or txt). A site whose
    task fails counts as one failure; the other sites complete.
    """
    check_cluster_crawl(config, format)
    futures = {}
    for host, urls in partition_hosts(config.start_urls).items():
        site_config = dataclasses.replace(
            config, start_urls=urls, output_dir=site_state_root(output, host)
        )
        future = client.submit(crawl_site, site_config, str(output), format, pure=False)
        futures[future] = host
    total = CrawlStats()
    for future in as_completed(futures):
        host = futures[future]
        try:
            stats = future.result()
        except Exception as exc:  # one site's failure must not end the others
            log.warning("crawl of %s failed: %s", host, exc)
            total.failed += 1
            continue
        finally:
            future.release()
        for name in ("discovered", "fetched", "exported", "not_modified", "skipped", "failed"):
            setattr(total, name, getattr(total, name) + getattr(stats, name))
        if on_site_done is not None:
            on_site_done(host, total)
    return total


def check_cluster_crawl(config: CrawlConfig, format: str) -> None:
    """Raise ``InputError`` for what a crawl spread over sites cannot do."""
    if format not in PER_FILE_FORMATS:
        raise InputError(
            f"--cluster crawls write one file per article: use --format "
            f"{', '.join(PER_FILE_FORMATS)} with -o FOLDER, not {format}"
        )
    if config.warc_path is not None:
        raise InputError("--cluster crawls cannot write one --warc file; leave --warc out")


def site_state_root(output: Path, host: str) -> Path:
    """Where one site's crawl keeps its state (its ``.scraper`` folder goes inside)."""
    return Path(output) / ".scraper" / "sites" / (_SITE_FOLDER.sub("_", host) or "_")


def crawl_site(config: CrawlConfig, output: str, format: str) -> CrawlStats:
    """Worker side: the ordinary crawl of one site into the shared output folder.

    A Dask worker process is daemonic and may not start the crawl's extraction processes, so
    there the pages are extracted in the worker itself (the worker is the process boundary)."""
    import multiprocessing

    from scraper.export import make_exporter
    from scraper.export.pipeline import crawl_to

    if multiprocessing.current_process().daemon:
        config = dataclasses.replace(config, extract_workers=0)
    return crawl_to(config, make_exporter(output, format))
