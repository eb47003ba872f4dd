"""The cost of extracting on Dask: records per second on a LocalCluster of 1 and 2 workers
against the one-process and the process-pool paths of ``iter_warc_articles``.

    python benchmarks/dask_bench.py                        # 2,000 AEB records, 3 rounds
    python benchmarks/dask_bench.py --records 4000 --rounds 5 --shared /path/to/shared/benchmarks

Builds one gzipped WARC (warcio's writer) of ``--records`` responses from the AEB pages, so one
file has to be split into record ranges to use both workers. Starts local:1 and local:2 (what
``--cluster local:N`` starts) once, outside the timings, then runs every path once per
round, the order rotating between rounds, since the machine is shared and its load drifts.
Prints the median seconds and records per second of each path, the Dask paths' ratio to the
process pool of the same width, and the overhead per record of going through Dask (a 1-worker
cluster against the same work in one process: planning pass, scheduling, serialisation).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.warc_bench import DEFAULT_SHARED, aeb_pages, build_warc  # noqa: E402


def _single(path: Path) -> int:
    from scraper.archive.warc import ArchiveStats, iter_warc_articles

    stats = ArchiveStats()
    for _ in iter_warc_articles(path, processes=1, stats=stats):
        pass
    return stats.pages


def _pool(path: Path, processes: int) -> int:
    from scraper.archive.warc import ArchiveStats, iter_warc_articles

    stats = ArchiveStats()
    for _ in iter_warc_articles(path, processes=processes, stats=stats):
        pass
    return stats.pages


def _dask(path: Path, client: Any) -> int:
    from scraper.archive.warc import ArchiveStats
    from scraper.distributed import extract_archives

    stats = ArchiveStats()
    for _ in extract_archives(path, client, stats=stats):
        pass
    return stats.pages


def _cpu_seconds() -> float:
    """CPU time of this process, its reaped children (the pool) and its live descendants
    (Dask's nannies and workers): load-independent, unlike wall time on a shared machine."""
    import psutil

    own = resource.getrusage(resource.RUSAGE_SELF)
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + reaped.ru_utime + reaped.ru_stime
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def _timed(run: Callable[[], int]) -> tuple[float, float, int]:
    cpu = _cpu_seconds()
    start = time.perf_counter()
    pages = run()
    return time.perf_counter() - start, _cpu_seconds() - cpu, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()

    from scraper.distributed import connect

    with tempfile.TemporaryDirectory(prefix="dask-bench-") as tmp:
        path = Path(tmp) / "bench.warc.gz"
        build_warc(path, aeb_pages(args.shared), args.records)
        print(f"WARC: {args.records} records, {path.stat().st_size / 1e6:.1f} MB; 2 CPUs")
        clusters = {}
        for workers in (1, 2):
            started = time.perf_counter()
            opened = connect(f"local:{workers}")  # what scraper extract --cluster local:N starts
            client = opened.__enter__()
            client.run(lambda: __import__("scraper.distributed.tasks"))  # warm the imports
            clusters[workers] = (opened, client)
            print(f"local:{workers} started in {time.perf_counter() - started:.1f}s")
        paths: dict[str, Callable[[], int]] = {
            "one process": lambda: _single(path),
            "process pool, 2": lambda: _pool(path, 2),
            "dask, 1 worker": lambda: _dask(path, clusters[1][1]),
            "dask, 2 workers": lambda: _dask(path, clusters[2][1]),
        }
        times: dict[str, list[float]] = {name: [] for name in paths}
        cpus: dict[str, list[float]] = {name: [] for name in paths}
        pages = 0
        names = list(paths)
        for round_number in range(args.rounds):
            order = names[round_number % len(names) :] + names[: round_number % len(names)]
            for name in order:
                seconds, cpu, pages = _timed(paths[name])
                times[name].append(seconds)
                cpus[name].append(cpu)
            load = os.getloadavg()[0]
            print(
                f"round {round_number + 1}: load {load:.1f}, "
                + ", ".join(f"{name} {times[name][-1]:.2f}s" for name in names)
            )
        for opened, _client in clusters.values():
            opened.__exit__(None, None, None)

    median = {name: statistics.median(values) for name, values in times.items()}
    cpu = {name: statistics.median(values) for name, values in cpus.items()}
    print(f"\nmedian of {args.rounds} rounds ({pages} HTML records each):")
    for name in names:
        print(
            f"  {name:<16} {median[name]:7.2f}s wall {pages / median[name]:7.1f} records/s"
            f"   {cpu[name]:7.2f}s CPU {cpu[name] / pages * 1000:6.2f} ms/record"
        )
    for label, measure in (("wall", median), ("CPU", cpu)):
        ratio_2 = measure["dask, 2 workers"] / measure["process pool, 2"]
        ratio_1 = measure["dask, 1 worker"] / measure["one process"]
        overhead = (measure["dask, 1 worker"] - measure["one process"]) / pages * 1000
        print(
            f"{label}: dask 2 workers / pool 2 = {ratio_2:.3f} (bar <= 1.15); "
            f"dask 1 worker / one process = {ratio_1:.3f}; "
            f"Dask overhead {overhead:.3f} ms per record"
        )


if __name__ == "__main__":
    main()
