"""CPU time of ``extract()`` in an old and the current tree, page by page in one process.

    python benchmarks/speed_ab.py --old HEAD~3                 # a git revision of this repository
    python benchmarks/speed_ab.py --old /tmp/base --set aeb    # a folder holding a scraper/ package
    python benchmarks/speed_ab.py --old main --posts 1000      # the crawl bench's generated posts

On a shared, loaded machine separate runs of ``stage_times.py`` swing by 20% from one run to the
next, far more than most speed changes. Here both trees run in the same process on the same
page, one right after the other (who goes first alternates), so load hits both alike: a 1%
change shows. The old tree's ``scraper`` package is copied and imported as ``scraper_old`` (its
imports rewritten); both extract every page once, cold, as ``extract_bench.py`` does, and the
script also counts the pages whose ``Article`` differs (a speed change must keep it at 0).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import io
import logging
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

from crawl_bench import post_html
from extract_bench import PROJECT_ROOT
from stage_times import add_page_options, load_pages

_IMPORT_RE = re.compile(r"\b(from|import) scraper\b(?=[.\s])")
_WARMUP = "<html><head><title>Warm-up</title></head><body><p>One short paragraph.</p></body></html>"


def _old_package(old: str, into: Path) -> Path:
    """The old tree's ``scraper`` package as ``into/scraper_old``, imports rewritten."""
    target = into / "scraper_old"
    folder = Path(old)
    if (folder / "scraper").is_dir():
        shutil.copytree(folder / "scraper", target)
    else:  # a git revision
        archive = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "archive", "--format=tar", old, "scraper"],
            check=True,
            capture_output=True,
        ).stdout
        unpacked = into / "unpacked"
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
                tar.extractall(unpacked, filter="data")
            else:
                tar.extractall(unpacked)  # our own repository's archive
        (unpacked / "scraper").rename(target)
    for source in target.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        rewritten = _IMPORT_RE.sub(r"\1 scraper_old", text).replace('"scraper.', '"scraper_old.')
        if rewritten != text:
            source.write_text(rewritten, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="git revision, or a folder with scraper/")
    parser.add_argument("--posts", type=int, default=0, help="crawl bench posts instead of --set")
    add_page_options(parser)
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as scratch:
        _old_package(args.old, Path(scratch))
        sys.path.insert(0, scratch)
        sys.path.insert(0, str(PROJECT_ROOT))
        new: Any = importlib.import_module("scraper.extractor")
        old: Any = importlib.import_module("scraper_old.extractor")
        if args.posts:
            pages = [
                (post_html(n).decode(), f"http://127.0.0.1/post/{n}/") for n in range(args.posts)
            ]
            args.set = "crawl posts"
        else:
            pages = load_pages(args.shared / args.set, args.limit)
        old.extract(_WARMUP, None)  # loads the shipped models, outside the timings
        new.extract(_WARMUP, None)
        spent = {"old": 0.0, "new": 0.0}
        differ = 0
        fields: Counter[str] = Counter()  # which fields differ, over those pages
        for index, (html, url) in enumerate(pages):
            results = {}
            for name in ("old", "new") if index % 2 else ("new", "old"):
                module = old if name == "old" else new
                start = time.process_time()
                results[name] = module.extract(html, url)
                spent[name] += time.process_time() - start
            old_fields = dataclasses.asdict(results["old"])
            new_fields = dataclasses.asdict(results["new"])
            if old_fields != new_fields:
                differ += 1
                fields.update(name for name in new_fields if old_fields[name] != new_fields[name])
    count = max(len(pages), 1)
    old_ms, new_ms = (spent[name] * 1000 / count for name in ("old", "new"))
    print(
        f"{args.set}: {len(pages)} pages, CPU per page old {old_ms:.3f} ms, new {new_ms:.3f} ms,"
        f" new/old {new_ms / max(old_ms, 1e-9):.3f}; pages whose Article differs: {differ}"
        + (f" ({', '.join(f'{name} {n}' for name, n in fields.most_common())})" if fields else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
