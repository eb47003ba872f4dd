"""CPU per page of `scraper crawl` from two source trees, interleaved on one loopback blog.

A shared machine's load moves a crawl's CPU per page by 20% from one run to the next (caches and
the other core are shared), more than most changes to the crawl's own bookkeeping, so old and
new code are compared side by side: one server (``crawl_bench.ArchiveServer``), then rounds of
one crawl per tree, alternating which goes first, the whole process tree's CPU per post each
time, the medians and the median of the paired ratios. Each run's exported articles are hashed
(``fetched_at`` left out) to show the trees export the very same bytes.

    git archive main scraper | tar -x -C /tmp/old     # the tree to compare against
    python benchmarks/crawl_ab.py --posts 1500 --rounds 5 /tmp/old .
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.crawl_bench import ArchiveServer, become_subreaper, measure


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", type=Path, nargs=2, help="old and new source trees")
    parser.add_argument("--posts", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    old, new = (tree.resolve() for tree in args.trees)
    become_subreaper()
    server = ArchiveServer(args.posts)
    cpu: dict[Path, list[float]] = {old: [], new: []}
    ratios = []
    try:
        for round_ in range(args.rounds):
            order = (old, new) if round_ % 2 == 0 else (new, old)
            for tree in order:
                ms, seconds, digest, files = crawl_cpu(tree, server.url, args.posts)
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
