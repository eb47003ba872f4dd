"""Study: each wcxb-dev page's page-kind evidence from its body, for a metadata page gate.

    OMP_NUM_THREADS=1 python benchmarks/gate_body_evidence.py /tmp/body.json [--jobs 2]
    OMP_NUM_THREADS=1 python benchmarks/train_meta_model.py <the shipped command> \\
        --fields date_published --cache CACHE --gate-extra date_published=/tmp/body.json

The date and author page gates decide before the body exists (``extract_tree`` reads the
metadata first, then prunes the tree for the body), so they cannot read what
``classify.classify_page`` weighs: the body's words and paragraphs, its link density, the
listing votes. This script computes those per page, as ``extract_tree`` would (metadata, then
the body on the same tree), and writes ``{page id: {"body:NAME": value}}``; the trainer's
``--gate-extra`` lets a gate read them out of fold, to learn whether moving the gate after the
body would pay before building it (round eighteen, branch ``date15``: it did not).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import multiprocessing
from pathlib import Path

from scraper.extractor.body import extract_body
from scraper.extractor.classify import (
    _declared_kind,
    _ladder_evidence,
    _listing_votes,
    count_words,
)
from scraper.extractor.metadata import read_metadata
from scraper.extractor.parse import parse_html

SET = Path("/work/shared/benchmarks/wcxb-dev")
WORDS_SCALE = math.log1p(5000)
PARAGRAPHS_SCALE = math.log1p(200)


def page_evidence(html: str, url: str | None) -> dict[str, float] | None:
    """The body's page-kind evidence, scaled to about [0, 1] (None: the page does not parse)."""
    root = parse_html(html)
    if root is None:
        return None
    meta = read_metadata(root, url)
    body = extract_body(root, url)
    ladder = _ladder_evidence(body)
    declared = _declared_kind(meta)
    return {
        "body:words": math.log1p(count_words(body.text, 10**9)) / WORDS_SCALE,
        "body:ladder_words": math.log1p(count_words(ladder.text, 10**9)) / WORDS_SCALE,
        "body:link_density": body.link_density,
        "body:ladder_link_density": ladder.link_density,
        "body:paragraphs": math.log1p(body.paragraph_count) / PARAGRAPHS_SCALE,
        "body:votes": _listing_votes(meta, ladder) / 4.0,
        "body:declared_article": float(declared == "article"),
        "body:declared_listing": float(declared == "listing"),
        "body:declared_other": float(declared == "other"),
        "body:heading_links": min(meta.shape.heading_links, 12) / 12.0,
        "body:read_more": min(meta.shape.read_more_links, 6) / 6.0,
    }


def _shard(set_dir: Path, ids: list[str]) -> dict[str, dict[str, float]]:
    gold = json.loads((set_dir / "ground-truth.json").read_text(encoding="utf-8"))
    out = {}
    for page_id in ids:
        with gzip.open(set_dir / "html" / f"{page_id}.html.gz") as handle:
            html = handle.read().decode("utf-8", "replace")
        found = page_evidence(html, gold[page_id].get("url"))
        if found is not None:
            out[page_id] = found
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--set", default=SET, type=Path)
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    ids = sorted(json.loads((args.set / "ground-truth.json").read_text(encoding="utf-8")))
    shards = [(args.set, ids[k :: args.jobs]) for k in range(args.jobs)]
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        parts = pool.starmap(_shard, shards)
    found = {page_id: row for part in parts for page_id, row in part.items()}
    args.out.write_text(json.dumps(found), encoding="utf-8")
    print(f"{len(found)} pages -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
