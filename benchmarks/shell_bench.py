"""JavaScript-page detection on real pages: how many are flagged, and what it costs.

Every page of the development sets holds readable content in its HTML, so any page flagged as an
app shell there is counted as a false positive (an upper bound: a set may hold pages without
gold text that really are shells, listed as "no gold"). Two ways are measured, as the crawl and
a caller without an extraction would use detection:

- standalone: ``detect_app_shell(html)``;
- in the crawl: ``detect_app_shell(html, readable_chars=len(article.text))`` after extraction
  (free for a page that yielded an article), with the extraction time beside it for scale.

    python benchmarks/shell_bench.py                   # aeb and wcxb-dev in ../shared/benchmarks
    python benchmarks/shell_bench.py --set aeb --shared /path/to/shared/benchmarks
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from scraper.extractor import decode_html, extract
from scraper.extractor.shell import detect_app_shell

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = PROJECT_ROOT.parent / "shared" / "benchmarks"


def run_set(folder: Path) -> None:
    gold_path = folder / "ground-truth.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.exists() else {}
    files = sorted((folder / "html").glob("*.html*"))
    standalone: list[str] = []
    in_crawl: list[str] = []
    spent = {"standalone": 0.0, "crawl": 0.0, "extract": 0.0}
    for path in files:
        data = path.read_bytes()
        html, _ = decode_html(gzip.decompress(data) if path.suffix == ".gz" else data)
        start = time.perf_counter()
        alone = detect_app_shell(html)
        spent["standalone"] += time.perf_counter() - start
        start = time.perf_counter()
        article = extract(html, "https://example.com/page")
        spent["extract"] += time.perf_counter() - start
        start = time.perf_counter()
        crawl = detect_app_shell(html, readable_chars=len(article.text or ""))
        spent["crawl"] += time.perf_counter() - start
        page_id = path.name.split(".")[0]
        label = page_id if page_id in gold else f"{page_id} (no gold)"
        if alone is not None:
            standalone.append(f"{label}: {', '.join(alone.markers)}")
        if crawl is not None:
            in_crawl.append(label)
    count = len(files)
    with_gold = sum(1 for line in standalone if "(no gold)" not in line)
    print(f"{folder.name}: {count} pages")
    print(
        f"  standalone: {len(standalone)} flagged ({100 * len(standalone) / count:.2f}%), "
        f"{with_gold} of them with gold text ({100 * with_gold / count:.2f}%); "
        f"{1000 * spent['standalone'] / count:.2f} ms/page"
    )
    print(
        f"  in the crawl: {len(in_crawl)} flagged; {1000 * spent['crawl'] / count:.3f} ms/page "
        f"against {1000 * spent['extract'] / count:.2f} ms/page of extraction"
    )
    for line in standalone:
        print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared benchmarks")
    parser.add_argument("--set", action="append", help="set name under --shared (repeatable)")
    args = parser.parse_args()
    for name in args.set or ["aeb", "wcxb-dev"]:
        run_set(args.shared / name)


if __name__ == "__main__":
    main()
