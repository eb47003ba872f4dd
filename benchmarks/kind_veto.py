"""Which pages the page kind calls articles, with the shape model's veto at several cuts.

    python benchmarks/train_article_shape.py --meta-oof /tmp/meta-oof-und.jsonl \\
        --oof /tmp/shape-oof.npz --no-save                          # out-of-fold probabilities
    python benchmarks/kind_veto.py --oof /tmp/shape-oof.npz [--cuts 0,0.02,0.05,0.1,0.2]
    python benchmarks/kind_veto.py --oof /tmp/shape-oof.npz --rescue 1.01,0.5,0.7,0.9

Crawls export only the pages ``classify.classify_page`` calls articles. A page no type declares
is an article by its word count, unless the shape model's probability of one article
(``Body.shape_probability``) is below ``classify.SHAPE_VETO``. Every AEB and wcxb-dev page is
read once as it is and once ``undeclared`` (``markup_era``: no JSON-LD, no ``og:type``, as older
pages are; ``--forms`` names others, such as ``old_page``), and classified with each cut.
With ``--oof``, the probability each page gets is the one a shape model fitted on the other host
folds gives it (``train_article_shape.py --oof``): the shipped model has seen these pages.
Printed per cut and form: the articles exported (AEB's 181, wcxb-dev's 788) and the other pages
exported, per wcxb-dev page type, and the cost of the cut when a lost article weighs
``--weight`` other pages. ``--rescue`` walks ``classify.SHAPE_RESCUE`` instead (the shipped
veto kept): where the head declares no article, the probability at which the shape stands in
for an article type; its cost is against no rescue (1.01).
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.markup_era import rewritten  # noqa: E402
from benchmarks.train_body_model import AEB_PREFIX, DEFAULT_SHARED, load_module  # noqa: E402
from scraper.extractor import classify, parse_tree  # noqa: E402
from scraper.extractor.body import evidence_of, extract_body  # noqa: E402
from scraper.extractor.metadata import read_page_metadata  # noqa: E402

FORMS = ("identity", "undeclared")  # the default ``--forms``


def read_pages(
    shared: Path, oof: dict[str, float] | None, forms: tuple[str, ...] = FORMS
) -> list[dict[str, Any]]:
    """Every page of both sets in each of ``forms``: its gold type, metadata and body (with the
    out-of-fold probability in place of the shipped model's, when given)."""
    score = load_module(shared / "score.py", "shared_score")
    pages = []
    for set_name, prefix in (("aeb", AEB_PREFIX), ("wcxb-dev", "")):
        _, docs = score.load_set(str(shared / set_name))
        for doc in docs:
            for form in forms:
                root = parse_tree(rewritten(doc["html"], form))
                if root is None:
                    continue
                meta, sources = read_page_metadata(root, doc["url"])
                body = extract_body(
                    root,
                    doc["url"],
                    declared=sources.declared_article,
                    typed=sources.head_typed,
                    evidence=evidence_of(meta),
                )
                if oof is not None and body.shape_probability is not None:
                    body = dataclasses.replace(body, shape_probability=oof[prefix + doc["id"]])
                page_type = "article" if set_name == "aeb" else doc.get("page_type", "?")
                pages.append(
                    {"set": set_name, "type": page_type, "form": form, "meta": meta, "body": body}
                )
    return pages


def exported(
    pages: list[dict[str, Any]], cut: float, form: str, knob: str = "SHAPE_VETO"
) -> Counter[tuple[str, str]]:
    """(set, gold type) -> pages called articles with ``knob`` (``SHAPE_VETO`` or
    ``SHAPE_RESCUE``) at ``cut``."""
    setattr(classify, knob, cut)
    counts: Counter[tuple[str, str]] = Counter()
    for page in pages:
        if page["form"] == form:
            kind = classify.classify_page(None, page["meta"], page["body"])  # type: ignore[arg-type]
            counts[page["set"], page["type"]] += kind == "article"
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared benchmarks")
    parser.add_argument("--oof", type=Path, help="train_article_shape.py --oof probabilities")
    parser.add_argument("--cuts", default="0,0.02,0.05,0.1,0.15,0.2,0.3", help="SHAPE_VETO cuts")
    parser.add_argument(
        "--rescue",
        metavar="CUTS",
        help="SHAPE_RESCUE cuts instead (the shipped SHAPE_VETO kept; 1.01: no rescue)",
    )
    parser.add_argument("--weight", type=float, default=20.0, help="other pages a lost article")
    parser.add_argument("--forms", default=",".join(FORMS), help="markup_era rewrites to read")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    oof = None
    if args.oof is not None:
        with np.load(args.oof) as arrays:
            oof = dict(zip(arrays["ids"].tolist(), arrays["probability"].tolist(), strict=True))
    shipped = classify.SHAPE_VETO
    shipped_rescue = classify.SHAPE_RESCUE
    knob, cuts, off = "SHAPE_VETO", args.cuts, 0.0
    if args.rescue:
        knob, cuts, off = "SHAPE_RESCUE", args.rescue, 1.01
    forms = tuple(args.forms.split(","))
    pages = read_pages(args.shared, oof, forms)
    totals = Counter((p["set"], p["type"]) for p in pages if p["form"] == forms[0])
    types = sorted(t for s, t in totals if s == "wcxb-dev" and t != "article")
    print(f"shape probabilities: {'out of fold, ' + str(args.oof) if oof else 'shipped model'}")
    print(
        f"shipped SHAPE_VETO {shipped}, SHAPE_RESCUE {shipped_rescue}; cuts of {knob}; "
        f"a lost article weighs {args.weight:g} other pages"
    )
    for form in forms:
        print(
            f"\n{form}: articles exported (AEB {totals['aeb', 'article']}, wcxb-dev "
            f"{totals['wcxb-dev', 'article']}); other pages exported, per type"
        )
        print("cut    AEB  wcxb  others  " + " ".join(f"{t[:11]:>11}" for t in types) + "   cost")
        base = exported(pages, off, form, knob)
        for cut in (float(c) for c in cuts.split(",")):
            got = exported(pages, cut, form, knob)
            others = sum(got["wcxb-dev", t] for t in types)
            lost = (base["aeb", "article"] - got["aeb", "article"]) + (
                base["wcxb-dev", "article"] - got["wcxb-dev", "article"]
            )
            spared = sum(base["wcxb-dev", t] for t in types) - others
            print(
                f"{cut:<5g} {got['aeb', 'article']:>4} {got['wcxb-dev', 'article']:>5} "
                f"{others:>7}  "
                + " ".join(f"{got['wcxb-dev', t]:>11}" for t in types)
                + f" {args.weight * lost - spared:>6g}"
            )
    classify.SHAPE_VETO = shipped
    classify.SHAPE_RESCUE = shipped_rescue
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
