"""``scraper extract ... --cluster ADDRESS``: the cluster run as the CLI's stream of outcomes."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence

from scraper.archive.batch import ExtractOptions, Outcome
from scraper.archive.pipeline import ExtractSettings
from scraper.archive.stats import ArchiveStats
from scraper.distributed.cluster import connect
from scraper.distributed.run import ClusterRun
from scraper.distributed.sources import expand_sources
from scraper.models import as_record

__all__ = ["cluster_outcomes"]


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
