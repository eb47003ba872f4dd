"""Where a crawl's wall time goes, per process and per interval: running, waiting for a CPU, idle.

``crawl_bench.py`` gives a crawl's pages/s and CPU a page; this says why its wall time is what
it is. It serves ``crawl_bench``'s blog, runs ``scraper crawl`` (as installed, as the bench
does) and, every ``--step`` seconds, reads each process of the crawl's tree from
``/proc/PID/task/*/schedstat``: the time its threads ran and the time they were runnable but
waited in the CPU's run queue. The rest of the interval the process slept: the crawl process
waiting for pages or answers, the extraction worker waiting for jobs. A worker that is never
idle is the pipeline's limit; one that is runnable but waiting is short of CPU, not of work.
The server (this process's threads) is sampled too: it shares the box and, under the kernel's
autogroup scheduling (one CPU share per session), the tool's share.

    python benchmarks/crawl_timeline.py --posts 2000 [--peer scrapy] [--rows]

The summary takes the middle 70% of the wall time (start-up and the last pages left out).
Linux only (``schedstat`` needs ``CONFIG_SCHEDSTATS``' task delay accounting, on by default).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crawl_bench  # the bench's server and installed copy

TICKS = os.sysconf("SC_CLK_TCK")


def sched(pid: int) -> tuple[float, float] | None:
    """Seconds ``pid``'s live threads ran and waited in a run queue; None once it is gone."""
    run = wait = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                ran, waited, _slices = f.read().split()
            run += int(ran)
            wait += int(waited)
    except (OSError, ValueError):
        return None
    return run / 1e9, wait / 1e9


def own_cpu() -> float:
    """This process's CPU seconds, its finished threads included (the server's per-request
    threads end before a sample could read their ``schedstat``)."""
    with open("/proc/self/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it, parents first."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop(0)
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    todo += [int(child) for child in f.read().split()]
        except OSError:
            continue
    return found


@dataclass
class Timeline:
    """Per interval: each process's (ran, waited) seconds and the server's CPU seconds."""

    step: float
    rows: list[tuple[float, dict[int, tuple[float, float]], float]] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)
    wall: float = 0.0
    stdout: str = ""


def sample(argv: list[str], env: dict[str, str], step: float) -> Timeline:
    timeline = Timeline(step)
    last: dict[int, tuple[float, float]] = {}
    server_last = own_cpu()
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.DEVNULL)
        _follow(proc, timeline, last, server_last, step, start)
        out.seek(0)
        timeline.stdout = out.read()
    return timeline


def _follow(
    proc: subprocess.Popen[bytes],
    timeline: Timeline,
    last: dict[int, tuple[float, float]],
    server_last: float,
    step: float,
    start: float,
) -> None:
    """Sample ``proc``'s tree every ``step`` seconds until it exits."""
    while proc.poll() is None:
        time.sleep(step)
        row: dict[int, tuple[float, float]] = {}
        for pid in descendants(proc.pid):
            now = sched(pid)
            if now is None:
                continue
            timeline.roles.setdefault(pid, "main" if pid == proc.pid else "child")
            before = last.get(pid, (0.0, 0.0))
            row[pid] = (now[0] - before[0], now[1] - before[1])
            last[pid] = now
        server = own_cpu()
        timeline.rows.append((time.perf_counter() - start, row, server - server_last))
        server_last = server
    timeline.wall = time.perf_counter() - start


def report(name: str, timeline: Timeline, fetched: int, show_rows: bool) -> None:
    step, wall = timeline.step, timeline.wall
    print(f"{name}: {fetched} pages in {wall:.2f} s = {fetched / wall:.1f} pages/s")
    pids = sorted(timeline.roles)
    if show_rows:
        print("     t " + " ".join(f"{timeline.roles[p]:>5}:{p:<8}" for p in pids) + "  server")
        for at, row, server in timeline.rows:
            cells = (row.get(p, (0.0, 0.0)) for p in pids)
            text = " ".join(f"{r / step:4.2f}/{w / step:4.2f}  " for r, w in cells)
            print(f"{at:6.2f} {text} {server / step:5.2f}")
    middle = [r for r in timeline.rows if 0.15 * wall <= r[0] <= 0.85 * wall]
    span = len(middle) * step
    if not middle:
        return
    group = sum(server for _, _, server in middle)
    for pid in pids:
        ran = sum(row.get(pid, (0.0, 0.0))[0] for _, row, _ in middle)
        waited = sum(row.get(pid, (0.0, 0.0))[1] for _, row, _ in middle)
        group += ran
        total = sum(row.get(pid, (0.0, 0.0))[0] for _, row, _ in timeline.rows)
        per_page = 1000 * total / max(1, fetched)
        print(
            f"  {timeline.roles[pid]:>5} {pid}: CPU {per_page:.2f} ms a page; "
            f"middle 70%: ran {ran / span:.2f}, waited for a CPU {waited / span:.2f}, "
            f"idle {max(0.0, 1 - (ran + waited) / span):.2f} of the time"
        )
    server_ms = 1000 * sum(s for _, _, s in timeline.rows) / max(1, fetched)
    print(
        f"  server: {server_ms:.2f} ms a page; middle 70%: the crawl's tree and the server "
        f"ran {group / span:.2f} cores together"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--step", type=float, default=0.25)
    parser.add_argument("--peer", choices=("scrapy",), help="also time Scrapy + trafilatura")
    parser.add_argument("--rows", action="store_true", help="print every interval")
    args = parser.parse_args()
    try:
        with open("/proc/sys/kernel/sched_autogroup_enabled") as f:
            autogroup = f.read().strip() == "1"
    except OSError:
        autogroup = False
    print(f"load {os.getloadavg()[0]:.1f}; autogroup scheduling {'on' if autogroup else 'off'}")
    server = crawl_bench.ArchiveServer(args.posts)
    with tempfile.TemporaryDirectory() as tree:
        env = crawl_bench.installed_tree(crawl_bench.scraper_source(), Path(tree))
        with tempfile.TemporaryDirectory() as out:
            argv = [sys.executable, "-m", "scraper", "crawl", server.url, "-o", out]
            argv += ["--delay", "0", "--concurrency", str(args.concurrency)]
            argv += ["--per-host", str(args.concurrency), "-q"]
            timeline = sample(argv, env, args.step)
            db = sqlite3.connect(Path(out) / ".scraper" / "state.sqlite")
            query = "SELECT COUNT(*) FROM urls WHERE http_status IS NOT NULL"
            fetched = db.execute(query).fetchone()[0] + 1  # + robots.txt (crawl_bench's count)
            db.close()
        report("scraper", timeline, fetched, args.rows)
    if args.peer:
        with tempfile.TemporaryDirectory() as out:
            argv = [sys.executable, str(crawl_bench.PEER_SCRIPT), server.url, out]
            argv += ["--concurrency", str(args.concurrency)]
            timeline = sample(argv, os.environ.copy(), args.step)
        counts = json.loads(timeline.stdout.strip().splitlines()[-1])
        report("scrapy", timeline, counts["fetched"], args.rows)
    server.httpd.shutdown()


if __name__ == "__main__":
    main()
