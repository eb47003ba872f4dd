"""CPU per page of `scraper crawl` from two source trees, interleaved on one loopback blog.

A shared machine's load moves a crawl's CPU per page by 20% from one run to the next (caches and
the other core are shared), more than most changes to the crawl's own bookkeeping, so old and
new code are compared side by side: one server (``crawl_bench.ArchiveServer``), then rounds of
one crawl per tree, alternating which goes first, the whole process tree's CPU per post each
time, the medians and the median of the paired ratios. Each run's exported articles are hashed
(``fetched_at`` left out) to show the trees export the very same bytes.

    git archive main scraper | tar -x -C /tmp/old     # the tree to compare against
    python benchmarks/crawl_ab.py --posts 1500 --rounds 5 /tmp/old .

``--together`` runs each round's two crawls at the same time instead, on the same server, so
both meet the same load (the alternating runs meet whatever the other sessions do in their
minute); each crawl's CPU is its own process's and its reaped extraction worker's, from
``wait4``. On the shared 2-core box one code against itself gave paired ratios within 2.5% this
way, against 0.88 to 1.35 alternating (benchmarks/README.md, branch ``crawl9``).

Each tree's ``scraper`` package is copied into a temporary folder and compiled there once
before the rounds (``crawl_bench.installed_tree``), and the crawls import the copies: a
``pip install`` compiles the ``.pyc``, while a source tree on a box that sets
``PYTHONDONTWRITEBYTECODE=1`` is compiled again by every crawl (~0.25 s of CPU a crawl, the
same in both trees, so it only diluted the ratio).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.crawl_bench import ArchiveServer, become_subreaper, installed_tree, measure


def output_digest(out: Path) -> tuple[str, int]:
    """A hash of every exported file's name and bytes (but its ``fetched_at`` line), and how
    many files there are."""
    digest = hashlib.sha256()
    count = 0
    for path in sorted(out.rglob("*")):
        if ".scraper" in path.parts or not path.is_file():
            continue
        lines = path.read_bytes().splitlines(keepends=True)
        digest.update(str(path.relative_to(out)).encode())
        digest.update(b"".join(line for line in lines if b'"fetched_at"' not in line))
        count += 1
    return digest.hexdigest()[:12], count


def use_tree(tree: Path) -> None:
    """Make ``python -m scraper`` import ``tree``'s package. ``-m`` puts the working folder
    first on the path, so run from a checkout both trees' crawls would import the checkout's
    own ``scraper``: ``PYTHONSAFEPATH`` (Python 3.11+) leaves it out, and a check says which
    package a crawl imports."""
    os.environ["PYTHONPATH"] = str(tree)
    os.environ["PYTHONSAFEPATH"] = "1"
    probe = [sys.executable, "-c", "import scraper; print(scraper.__file__)"]
    found = Path(subprocess.run(probe, capture_output=True, text=True, check=True).stdout.strip())
    if not found.resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"{tree}: `python -m scraper` would import {found}")


def crawl_cpu(tree: Path, url: str, posts: int) -> tuple[float, float, str, int]:
    """One crawl with ``tree`` first on the path: (CPU ms per post, wall s, digest, files)."""
    use_tree(tree)
    with tempfile.TemporaryDirectory() as out:
        argv = [sys.executable, "-m", "scraper", "crawl", url, "-o", out, "--delay", "0"]
        argv += ["--concurrency", "16", "--per-host", "16", "-q"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = measure(argv)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        digest, files = output_digest(Path(out))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return 1000 * cpu / posts, float(result["seconds"]), digest, files


def crawl_together(
    old: Path, new: Path, url: str, posts: int
) -> dict[Path, tuple[float, str, int]]:
    """Both trees' crawls started at once: each one's (CPU ms per post, digest, files)."""
    procs: dict[Path, tuple[subprocess.Popen[bytes], str]] = {}
    results: dict[Path, tuple[float, str, int]] = {}
    with tempfile.TemporaryDirectory() as old_out, tempfile.TemporaryDirectory() as new_out:
        for tree, out in ((old, old_out), (new, new_out)):
            use_tree(tree)
            argv = [sys.executable, "-m", "scraper", "crawl", url, "-o", out, "--delay", "0"]
            argv += ["--concurrency", "16", "--per-host", "16", "-q"]
            procs[tree] = (subprocess.Popen(argv, env=os.environ.copy()), out)
        for tree, (proc, out) in procs.items():
            _pid, status, usage = os.wait4(proc.pid, 0)  # its own CPU and its reaped worker's
            if os.waitstatus_to_exitcode(status) not in (0, 1):
                raise SystemExit(f"{tree}: the crawl failed")
            digest, files = output_digest(Path(out))
            results[tree] = (1000 * (usage.ru_utime + usage.ru_stime) / posts, digest, files)
    with contextlib.suppress(ChildProcessError):  # an orphaned worker's CPU would go unseen
        if os.wait4(-1, os.WNOHANG)[0]:
            print("warning: an orphaned process was reaped: its CPU is not counted")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", type=Path, nargs=2, help="old and new source trees")
    parser.add_argument("--posts", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--together", action="store_true", help="run each round's two crawls at the same time"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crawl_ab-") as installed:
        old, new = (
            compiled_copy(tree.resolve(), Path(installed) / name)
            for tree, name in zip(args.trees, ("old", "new"), strict=True)
        )
        compare(old, new, args.posts, args.rounds, args.together)


def compiled_copy(tree: Path, dest: Path) -> Path:
    """``tree``'s package copied to ``dest`` and compiled, as installed (``installed_tree``)."""
    installed_tree(tree, dest)
    print(f"{tree} -> {dest} (compiled)")
    return dest


def compare(old: Path, new: Path, posts: int, rounds: int, together: bool) -> None:
    """The rounds on one server, then the medians."""
    become_subreaper()
    server = ArchiveServer(posts)
    cpu: dict[Path, list[float]] = {old: [], new: []}
    ratios = []
    try:
        for round_ in range(rounds):
            if together:
                for tree, (ms, digest, files) in crawl_together(
                    old, new, server.url, posts
                ).items():
                    cpu[tree].append(ms)
                    name = "old" if tree == old else "new"
                    print(f"{name} {ms:6.3f} ms/post CPU, {files} files, output {digest}")
                ratios.append(cpu[new][-1] / cpu[old][-1])
                print(f"round {round_ + 1}: new/old {ratios[-1]:.3f}", flush=True)
                continue
            order = (old, new) if round_ % 2 == 0 else (new, old)
            for tree in order:
                ms, seconds, digest, files = crawl_cpu(tree, server.url, posts)
                cpu[tree].append(ms)
                print(
                    f"{'old' if tree == old else 'new'} {ms:6.3f} ms/post CPU, {seconds:6.1f} s, "
                    f"{files} files, output {digest}",
                    flush=True,
                )
            ratios.append(cpu[new][-1] / cpu[old][-1])
    finally:
        server.httpd.shutdown()
    print(
        f"median CPU per post: old {statistics.median(cpu[old]):.3f} ms, new "
        f"{statistics.median(cpu[new]):.3f} ms; median of the paired ratios new/old "
        f"{statistics.median(ratios):.3f}"
    )


if __name__ == "__main__":
    main()
