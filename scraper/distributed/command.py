"""``scraper extract ... --cluster ADDRESS``: the cluster run as the CLI's stream of outcomes."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path

from scraper.archive.batch import ExtractOptions, Outcome
from scraper.archive.pipeline import ExtractSettings
from scraper.archive.stats import ArchiveStats
from scraper.config import CrawlConfig
from scraper.crawler.crawl import CrawlStats
from scraper.distributed.cluster import connect
from scraper.distributed.crawl import check_cluster_crawl, crawl_sites
from scraper.distributed.run import ClusterRun
from scraper.distributed.sources import expand_sources
from scraper.errors import InputError
from scraper.models import as_record
from scraper.progress import CrawlProgress

__all__ = ["cluster_crawl", "cluster_outcomes"]


def cluster_outcomes(
    inputs: Sequence[str], options: ExtractOptions, address: str
) -> Iterator[Outcome]:
    """One outcome per article in order, and one per archive (or range) that failed.

    Inputs are checked before the cluster starts, so a wrong path costs no cluster start-up.
    """
    sources = expand_sources(inputs)
    failures: deque[Outcome] = deque()
    with connect(address) as client:
        run = ClusterRun(
            client,
            sources,
            settings=ExtractSettings(options.markdown, options.include_comments, True),
            stats=ArchiveStats(),
            state_dir=options.state_dir,
            on_progress=options.on_archive_progress,
            on_error=lambda where, message: failures.append(
                Outcome(where, error=f"{where}: {message}")
            ),
        )
        for item in run.articles():
            while failures:
                yield failures.popleft()
            record = as_record(item)
            yield Outcome(f"{item.final_url}", record=record)
        yield from failures


def cluster_crawl(
    config: CrawlConfig, output: str, format: str, address: str, *, quiet: bool
) -> CrawlStats:
    """``scraper crawl URL... --cluster ADDRESS``: one task per site; prints the summary."""
    if output == "-":
        raise InputError("--cluster crawls write into a folder: give -o FOLDER, not -o -")
    check_cluster_crawl(config, format)
    progress = CrawlProgress(live=False, quiet=quiet)
    with connect(address) as client:
        stats = crawl_sites(
            config, Path(output), format, client, on_site_done=lambda _host, s: progress.update(s)
        )
    progress.summary(stats)
    return stats
