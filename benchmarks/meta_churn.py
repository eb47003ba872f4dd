"""Pages whose out-of-fold verdict changes between two refits (``train_meta_model.py
--oof-pages``): the refit noise an averaged model is meant to cut.

    python benchmarks/meta_churn.py A.jsonl B.jsonl [C.jsonl ...]

Compares the first file with each other one, per field, on the pages both hold: a verdict is
(given, right), so a page counts when the gate flips between giving and withholding, or when a
given value turns right or wrong; ``pick`` counts the pages whose pick changes rightness
(given or not).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def verdicts(path: Path) -> dict[tuple[str, str], tuple[bool, bool, bool]]:
    """(field, page id) -> (given, right, pick right)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            out[(r["field"], r["id"])] = (r["given"], r["right"], r.get("pick_right", False))
    return out


def churn(a: dict, b: dict) -> dict[str, dict[str, int]]:
    """Per field: pages compared, verdicts changed, gate flips, picks changed."""
    out: dict[str, dict[str, int]] = {}
    for key in sorted(a.keys() & b.keys()):
        field = key[0]
        counts = out.setdefault(field, {"pages": 0, "verdict": 0, "gate": 0, "pick": 0})
        (ga, ra, pa), (gb, rb, pb) = a[key], b[key]
        counts["pages"] += 1
        counts["verdict"] += (ga, ra) != (gb, rb)
        counts["gate"] += ga != gb
        counts["pick"] += pa != pb
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("first", type=Path)
    ap.add_argument("others", type=Path, nargs="+")
    args = ap.parse_args()
    base = verdicts(args.first)
    for other in args.others:
        for field, c in churn(base, verdicts(other)).items():
            print(
                f"{other.name} {field}: {c['verdict']} of {c['pages']} change verdict "
                f"(gate flips {c['gate']}, pick right/wrong {c['pick']})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
