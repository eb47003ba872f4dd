"""CPU time of ``extract()`` with one module switch flipped page by page, in one process.

    python benchmarks/switch_ab.py scraper.extractor.blocks.COMPILED_RAW_GROUPS --limit 0

``speed_ab.py`` compares two trees and swings 2-4% on AEB (its A/A reads ~1.02 at times); here
each page runs twice in a row, switch on and off (who goes first alternates), and the two
Articles must be equal. The class/id string memos are restored before each run, so both see
the same cold strings; one pass only, so each ``lru_cache`` warms as it does in a real run.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import time
import warnings

from extract_bench import PROJECT_ROOT
from stage_times import add_page_options, load_pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("switch", help="module.NAME of a boolean switch")
    add_page_options(parser)
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    sys.path.insert(0, str(PROJECT_ROOT))
    from scraper.extractor import blocks, extract, prune

    module_name, name = args.switch.rsplit(".", 1)
    module = importlib.import_module(module_name)
    pages = load_pages(args.shared / args.set, args.limit)
    extract("<html><head><title>W</title></head><body><p>Warm up.</p></body></html>")
    memos: list[dict[str, int]] = [prune._RAW_VERDICTS, blocks._ATTR_BITS, blocks._GROUP_BITS]
    spent = {True: 0.0, False: 0.0}
    for index, (html, url) in enumerate(pages):
        saved = [dict(memo) for memo in memos]
        articles = []
        for on in (True, False) if index % 2 == 0 else (False, True):
            for memo, copy in zip(memos, saved, strict=True):
                memo.clear()
                memo.update(copy)
            setattr(module, name, on)
            start = time.process_time()
            articles.append(extract(html, url=url))
            spent[on] += time.process_time() - start
        if articles[0] != articles[1]:
            raise SystemExit(f"{url}: the Article differs with {args.switch} flipped")
    setattr(module, name, True)
    print(
        f"{args.set}: {len(pages)} pages, {args.switch} on {spent[True]:.3f} s, "
        f"off {spent[False]:.3f} s, on/off {spent[True] / spent[False]:.4f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
