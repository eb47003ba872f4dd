"""Study (round nineteen, branch date16, NOT shipped): the months a page's upload paths name.

    OMP_NUM_THREADS=1 python benchmarks/date_upload_study.py CACHE OUT \\
        [--set /work/shared/benchmarks/wcxb-dev]
    OMP_NUM_THREADS=1 python benchmarks/train_meta_model.py <the shipped command> \\
        --fields date_published --cache OUT [--fold-salt a|b] \\
        [--ranker-drop date_published=upload --ranker-drop date_published=page:upload]

A CMS files each upload under the month it was made (``/uploads/2022/10/photo.jpg``), usually
while the post is written, so a date candidate whose month a page's upload paths name might
be its publication day rather than a later update or another item's date. This adds to each
date candidate of a collected cache (a copy: ``OUT``), read from the page's raw HTML:
``upload_agrees`` (the candidate's year and month is one an upload path names),
``upload_after`` (it is not before the earliest such month) and ``page:upload_months`` (how
many distinct months the paths name). Out of fold it lost (benchmarks/README.md), so
``metadata.py`` computes none of them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

UPLOAD_MONTH_RE = re.compile(r"/uploads/(?:sites/\d+/)?((?:19|20)\d\d)/(0[1-9]|1[0-2])/")
FIELD = "date_published"


def upload_months(html: str) -> set[str]:
    """The ``YYYY-MM`` months the page's upload paths name."""
    return {f"{year}-{month}" for year, month in UPLOAD_MONTH_RE.findall(html)}


def upload_features(day: str, months: set[str]) -> dict[str, float]:
    """One candidate's features against the page's upload months."""
    return {
        "page:upload_months": float(len(months)),
        "upload_agrees": float(day[:7] in months),
        "upload_after": float(bool(months) and day[:7] >= min(months)),
    }


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("cache", type=Path, help="a cache train_meta_model.py collected")
    ap.add_argument("out", type=Path, help="where to write the copy with the features")
    ap.add_argument("--set", type=Path, default=Path("/work/shared/benchmarks/wcxb-dev"))
    args = ap.parse_args()
    pages = json.loads(args.cache.read_text())
    agreeing = 0
    for page in pages:
        with gzip.open(args.set / "html" / f"{page['id']}.html.gz", "rt", errors="replace") as f:
            months = upload_months(f.read())
        for (features, *_), day in zip(page["fields"][FIELD], page["keys"][FIELD], strict=True):
            features.update(upload_features(day, months))
            agreeing += int(features["upload_agrees"])
    args.out.write_text(json.dumps(pages))
    print(f"{len(pages)} pages, {agreeing} date candidates whose month an upload path names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
