"""WARC reading speed and memory: articles per second from a WARC vs the extractor alone.

    python benchmarks/warc_bench.py                       # 5,000 records from ../shared AEB pages
    python benchmarks/warc_bench.py --records 10000 --small 2000
    python benchmarks/warc_bench.py --shared /path/to/shared/benchmarks --keep /tmp/bench.warc.gz

Builds a gzipped WARC (warcio's writer, one response record per page) of ``--records`` records
from the AEB pages, repeated under distinct URLs, in a temporary folder. Then, each run in its
own subprocess so its peak RSS is its own:

- ``extract`` alone over the same pages, already decompressed in memory (the floor);
- ``iter_warc_articles`` with 1 and with 2 processes over the WARC (two passes: the site model
  of the WARC's one host is learned first), and with 1 process and ``site_model=False`` (one
  pass, every page alone);
- ``iter_warc_articles`` with 1 process over the first ``--small`` records, to show peak memory
  does not grow with the number of records.

Pages per second counts every HTML record extracted (articles and the few non-articles alike),
so the WARC runs and the in-memory floor do the same extraction work. Speeds vary with machine
load (the load average is printed): compare them as ratios within one run; CPU ms per page
(parent and workers together) is the load-independent view of the reading overhead.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = PROJECT_ROOT.parent / "shared" / "benchmarks"


def aeb_pages(shared: Path) -> list[bytes]:
    files = sorted((shared / "aeb" / "html").glob("*.html.gz"))
    if not files:
        raise SystemExit(f"no AEB pages under {shared / 'aeb' / 'html'}")
    return [gzip.decompress(f.read_bytes()) for f in files]


def build_warc(path: Path, pages: list[bytes], records: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "warcio"}))
        for number in range(records):
            body = pages[number % len(pages)]
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://bench.example/{number // len(pages)}/{number % len(pages)}/",
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
            )
            writer.write_record(record)


# --- the measured runs (each in a child process) ---------------------------------------------


def run_extract_alone(shared: Path, records: int) -> dict[str, Any]:
    from scraper import extract

    pages = aeb_pages(shared)
    extract(pages[0], "https://bench.example/warmup/")
    start = time.perf_counter()
    for number in range(records):
        extract(pages[number % len(pages)], f"https://bench.example/{number}/")
    return {"pages": records, "seconds": time.perf_counter() - start}


def run_warc(warc: Path, processes: int, site_model: bool = True) -> dict[str, Any]:
    from scraper.archive.warc import ArchiveStats, iter_warc_articles

    stats = ArchiveStats()
    start = time.perf_counter()
    articles = iter_warc_articles(
        warc, processes=processes, articles_only=False, stats=stats, site_model=site_model
    )
    pages = sum(1 for _ in articles)
    return {"pages": pages, "seconds": time.perf_counter() - start, "stats": stats.as_dict()}


def child(args: argparse.Namespace) -> None:
    if args.mode == "extract":
        result = run_extract_alone(args.shared, args.records)
    else:
        result = run_warc(args.warc, args.processes, site_model=args.mode != "warc-alone")
    own, workers = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    result["peak_rss_mb"] = own.ru_maxrss / 1024
    result["peak_worker_rss_mb"] = workers.ru_maxrss / 1024
    result["cpu_seconds"] = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    print(json.dumps(result))


def measure(
    mode: str, args: argparse.Namespace, warc: Path, records: int, processes: int = 1
) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", mode, "--records", str(records)]
    command += ["--processes", str(processes), "--shared", str(args.shared), "--warc", str(warc)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["rate"] = result["pages"] / result["seconds"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--small", type=int, default=1000, help="records of the memory check")
    parser.add_argument("--keep", type=Path, help="build the WARC here and keep it")
    parser.add_argument("--child", dest="mode", help=argparse.SUPPRESS)
    parser.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--warc", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT_ROOT))
    if args.mode:
        child(args)
        return

    with tempfile.TemporaryDirectory(prefix="warc-bench-") as tmp:
        pages = aeb_pages(args.shared)
        full = args.keep or Path(tmp) / "bench.warc.gz"
        small = Path(tmp) / "small.warc.gz"
        start = time.perf_counter()
        build_warc(full, pages, args.records)
        build_warc(small, pages, args.small)
        print(
            f"built {full.name}: {args.records} response records from {len(pages)} AEB pages, "
            f"{full.stat().st_size / 1e6:.1f} MB gzipped ({time.perf_counter() - start:.1f} s)"
        )
        runs = [
            ("extract() alone, in memory", measure("extract", args, full, args.records)),
            ("WARC, 1 process", measure("warc", args, full, args.records, 1)),
            ("WARC, 1 process, --no-site-model", measure("warc-alone", args, full, args.records)),
            ("WARC, 2 processes", measure("warc", args, full, args.records, 2)),
            (f"WARC, 1 process, {args.small} records", measure("warc", args, small, args.small)),
        ]
    floor = runs[0][1]["rate"]
    print("\n| run | pages | wall s | pages/s | vs extract alone | CPU ms/page | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for name, result in runs:
        cpu_ms = 1000 * result["cpu_seconds"] / result["pages"]
        print(
            f"| {name} | {result['pages']} | {result['seconds']:.1f} | {result['rate']:.1f} "
            f"| {result['rate'] / floor:.2f}x | {cpu_ms:.1f} "
            f"| {result['peak_rss_mb']:.0f} (workers {result['peak_worker_rss_mb']:.0f}) |"
        )
    print(f"\nload average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    stats = runs[1][1].get("stats", {})
    print(f"\nWARC 1-process run: {json.dumps(stats)}")


if __name__ == "__main__":
    main()
