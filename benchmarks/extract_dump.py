"""Dump every ``extract()`` result of the benchmark sets as JSON lines, to diff before/after.

A speed change must not change what is extracted: dump before, change, dump again, compare.

    python benchmarks/extract_dump.py /tmp/before.jsonl            # AEB and wcxb-dev
    python benchmarks/extract_dump.py /tmp/after.jsonl && cmp /tmp/before.jsonl /tmp/after.jsonl
    python benchmarks/extract_dump.py OUT --full                   # markdown and comments too
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import logging
import sys
import warnings
from pathlib import Path

from extract_bench import DEFAULT_SHARED, PROJECT_ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="JSON lines file to write")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared benchmarks")
    parser.add_argument("--sets", default="aeb,wcxb-dev", help="comma-separated set names")
    parser.add_argument("--full", action="store_true", help="markdown=True, include_comments")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    sys.path.insert(0, str(PROJECT_ROOT))
    from scraper import extract

    with args.out.open("w", encoding="utf-8") as out:
        for name in args.sets.split(","):
            folder = args.shared / name
            truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
            for doc_id in sorted(truth):
                with gzip.open(folder / "html" / f"{doc_id}.html.gz", "rb") as page:
                    html = page.read().decode("utf-8", "replace")
                article = extract(
                    html, truth[doc_id].get("url"), markdown=args.full, include_comments=args.full
                )
                record = {"id": f"{name}/{doc_id}", **dataclasses.asdict(article)}
                out.write(json.dumps(record, default=str, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
