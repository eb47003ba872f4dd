"""Re-score a title ranker change out of fold in seconds, on several fold splits at once.

    python benchmarks/title_oof.py capture /tmp/titles.pkl            # once (~1.5 min)
    python benchmarks/title_oof.py score /tmp/titles.pkl --salts ,a,b  # after each change

``capture`` reads every wcxb-dev page once with ``trace_metadata`` (the code ``extract()``
runs) and keeps what ``metadata._title`` hands to ``titles.choose_title``: the sources, site
names, host, page signals, slug, link labels and echoes. ``score`` rebuilds each page's
candidates with the worktree's ``choose_title`` (so a change in ``titles.py`` needs no new
capture; a change in ``metadata.py``'s inputs does), labels them with meta_score.py's
normalisation and fits the trainer's own softmax (``train_meta_model.fit``) on four of five
domain folds, scoring the fifth, for each ``--fold-salt`` asked. The shipped split alone
flatters a feature set chosen on it (main: 0.836 there, 0.823 on salts a and b), so judge a
change on the sum over splits. ``--classify`` prints where the misses go: the source that
was picked against the one that was right, and whether the pick cut, glued or reworded it;
``--where`` the same verdicts counted per page type, with the pages that have no right
candidate at all; ``--pairs`` the reworded <h1>-against-meta pairs, which side the gold takes
by pairwise signal (aggregated, no page printed).
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_meta_model as trainer

from scraper.extractor import metadata, parse_html, titles

SET = Path("/work/shared/benchmarks/wcxb-dev")


def capture(set_dir: Path, out: Path) -> int:
    """Every page's ``choose_title`` inputs, pickled (a study file, not for sharing)."""
    gold = json.loads((set_dir / "ground-truth.json").read_text(encoding="utf-8"))
    real = metadata.choose_title
    captured: dict[str, tuple[tuple, dict]] = {}
    current: list[str] = [""]

    def spy(*args: object, **kwargs: object) -> titles.TitleChoice:
        if "page" in kwargs:  # the ranked call (clean_title's plain vote passes no page)
            kept = {k: v for k, v in kwargs.items() if k != "model"}
            links = kept.get("links")
            if links is not None:
                kept["links"] = {key: links[key] for key in links}  # type: ignore[index]
            captured[current[0]] = (args, kept)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    metadata.choose_title = spy  # type: ignore[assignment]
    try:
        for page_id in sorted(gold):
            with gzip.open(set_dir / "html" / f"{page_id}.html.gz") as handle:
                root = parse_html(handle.read().decode("utf-8", "replace"))
            if root is None:
                continue
            current[0] = page_id
            metadata.trace_metadata(root, gold[page_id].get("url"))
    finally:
        metadata.choose_title = real  # type: ignore[assignment]
    rows = [
        {
            "id": page_id,
            "url": gold[page_id].get("url"),
            "type": gold[page_id].get("page_type") or "?",
            "gold": gold[page_id].get("title"),
            "args": args,
            "kwargs": kwargs,
        }
        for page_id, (args, kwargs) in captured.items()
    ]
    out.write_bytes(pickle.dumps(rows))
    return len(rows)


def candidates(rows: list[dict]) -> list[dict]:
    """Each page's ranked candidates under the worktree's ``choose_title``, labelled."""
    pages = []
    for row in rows:
        choice = titles.choose_title(*row["args"], **row["kwargs"])
        cands = []
        for text, features in choice.ranked:
            right = trainer.is_right("title", {"title": row["gold"]}, text)
            cands.append((features, right, right))
        pages.append(
            {
                "url": row["url"],
                "type": row["type"],
                "texts": [text for text, _ in choice.ranked],
                "fields": {"title": cands},
            }
        )
    return pages


def out_of_fold(pages: list[dict], names: list[str], salt: str) -> list[int | None]:
    """Each page's picked candidate, by a model fitted on the other folds of this split."""
    folds = [trainer.fold_of(page["url"], salt) for page in pages]
    picks: list[int | None] = [None] * len(pages)
    for fold in range(trainer.FOLDS):
        train = [page for page, k in zip(pages, folds, strict=True) if k != fold]
        weights, bias = trainer.fit("title", train, names)
        for i, page in enumerate(pages):
            cands = page["fields"]["title"]
            if folds[i] == fold and cands:
                scores = trainer.matrix([c[0] for c in cands], names) @ weights + bias
                picks[i] = int(np.argmax(scores))
    return picks


_END_MARK = re.compile(r"(whole|rest|head|tail):(\w+)")


def _source(features: dict[str, float]) -> str:
    """The strongest way the sources give a candidate: whole, the rest once the site name is
    cut, or a head/tail part; and which sources (crossed marks left out)."""
    found: dict[str, set[str]] = {}
    for name in features:
        match = _END_MARK.fullmatch(name)
        if match:
            found.setdefault(match.group(1), set()).add(match.group(2))
    for end in ("whole", "rest", "head", "tail"):
        if end in found:
            return f"{end}:{'+'.join(sorted(found[end]))}"
    return "?"


def classify(pages: list[dict], picks: list[int | None]) -> Counter:
    """Wrong picks where a right candidate existed: (picked source, right source, relation)."""
    found: Counter = Counter()
    for page, pick in zip(pages, picks, strict=True):
        cands = page["fields"]["title"]
        labels = [right for _, right, _ in cands]
        if pick is None or labels[pick] or not any(labels):
            continue
        right = labels.index(True)
        got, want = titles.loose(page["texts"][pick]), titles.loose(page["texts"][right])
        relation = _relation(got, want)
        found[(_source(cands[pick][0]), _source(cands[right][0]), relation)] += 1
    return found


def _relation(got: str, want: str) -> str:
    """How a wrong pick's words stand to the right ones (both ``titles.loose``)."""
    if got == want:
        return "same words"
    if got in want:
        return "cut"
    return "glued" if want in got else "reworded"


WHERE = ("right", "no right candidate", "reworded", "cut", "glued", "same words")


def where(pages: list[dict], picks: list[int | None]) -> Counter:
    """Each page's verdict by page type: right, no right candidate among the ranked ones, or
    a right candidate ranked lower, by how the pick stands to it (reworded, cut: the right one
    is longer, glued: the pick is, same words written otherwise). Keys (type, verdict)."""
    found: Counter = Counter()
    for page, pick in zip(pages, picks, strict=True):
        labels = [right for _, right, _ in page["fields"]["title"]]
        if pick is not None and labels[pick]:
            verdict = "right"
        elif not any(labels):
            verdict = "no right candidate"
        elif pick is None:
            verdict = "reworded"
        else:
            right = labels.index(True)
            verdict = _relation(
                titles.loose(page["texts"][pick]), titles.loose(page["texts"][right])
            )
        found[(page["type"], verdict)] += 1
    return found


def _site_signals(affix: str, row: dict) -> list[str]:
    """Which of the page's own signals name ``affix`` as the site: a declared name
    (og:site_name, JSON-LD WebSite or publisher, application-name, a logo <h1>), the host's
    name, the name of the link home."""
    key, compact = titles.loose(affix), re.sub(r"\W+", "", affix.casefold())
    if not key:
        return []
    site_names, host = row["args"][1:3]
    found = []
    if any(key == titles.loose(name) for name in site_names if name):
        found.append("declared")
    if len(compact) >= 3 and any(
        compact == label or label in compact for label in titles.host_labels(host)
    ):
        found.append("host")
    home = titles.loose((row["kwargs"].get("echoes") or {}).get("home") or "")
    if home and set(key.split()) <= set(home.split()):
        found.append("home")
    return found


def forms(rows: list[dict], pages: list[dict], picks: list[int | None]) -> Counter:
    """The misses where the pick and the gold differ by an affix ("cut": the gold is longer,
    "glued": the pick is), by what the affix is: named as the site by one of the page's own
    signals or not; set off by a separator or glued on; whether the first <h1> writes the
    longer form; whether a right candidate exists. How many a general affix rule could fix."""
    found: Counter = Counter()
    for row, page, pick in zip(rows, pages, picks, strict=True):
        cands = page["fields"]["title"]
        if pick is None or cands[pick][1] or not row["gold"]:
            continue
        got, want = titles.loose(page["texts"][pick]), titles.loose(row["gold"])
        if got == want or (got not in want and want not in got):
            continue
        relation = "cut" if got in want else "glued"
        longer, shorter = (want, got) if relation == "cut" else (got, want)
        start = longer.find(shorter)
        affix = f"{longer[:start]} {longer[start + len(shorter) :]}".strip()
        long_text = row["gold"] if relation == "cut" else page["texts"][pick]
        parts = titles.split_title(long_text)
        spans = {
            titles.loose(" ".join(parts[i:j]))
            for i in range(len(parts))
            for j in range(i + 1, len(parts) + 1)
        }
        h1 = next((text for source, text in row["args"][0] if source == "h1"), "")
        found[
            (
                relation,
                "site" if _site_signals(affix, row) else "not site",
                "separated" if len(parts) > 1 and shorter in spans else "glued on",
                "h1 writes the longer" if h1 and titles.loose(h1) == longer else "h1 does not",
                "right candidate" if any(c[1] for c in cands) else "no right candidate",
            )
        ] += 1
    return found


_META_MARKS = tuple(
    f"{end}:{kind}" for end in ("whole", "rest") for kind in ("og", "title", "jsonld", "twitter")
)


def _band(value: float, edges: tuple[float, ...], names: tuple[str, ...]) -> str:
    return next((name for edge, name in zip(edges, names, strict=False) if value < edge), names[-1])


def pairs(rows: list[dict], pages: list[dict], picks: list[int | None]) -> Counter:
    """The reworded pairs: the first <h1>'s whole text against the best-ranked candidate no
    <h1> gives (og / <title> / JSON-LD / twitter, whole or with the site cut), neither holding
    the other and one of them right. Keys (signal, value, "gold h1" | "gold meta" | "missed"):
    which side the gold takes and how many the ranker misses, per pairwise signal, in
    aggregate (no page is printed)."""
    found: Counter = Counter()
    for row, page, pick in zip(rows, pages, picks, strict=True):
        cands, texts = page["fields"]["title"], page["texts"]
        hi = next((i for i, c in enumerate(cands) if "whole:h1" in c[0]), None)
        mi = next(
            (
                i
                for i, c in enumerate(cands)
                if not any(k.endswith(":h1") for k in c[0]) and any(m in c[0] for m in _META_MARKS)
            ),
            None,
        )
        if hi is None or mi is None:
            continue
        h, m = titles.loose(texts[hi]), titles.loose(texts[mi])
        if not h or not m or h in m or m in h:
            continue
        right = {titles.loose(texts[i]) for i, c in enumerate(cands) if c[1]}
        if (h in right) == (m in right):
            continue
        hf, mf = cands[hi][0], cands[mi][0]
        hw, mw = h.split(), m.split()
        title = next((t for s, t in row["args"][0] if s == "title"), "")
        in_title = len(set(hw) & set(titles.loose(title).split())) / len(set(hw))
        lead = next((n for n, (a, b) in enumerate(zip(hw, mw, strict=False)) if a != b), 0)
        slug_h, slug_m = hf.get("slug_cover", -1.0), mf.get("slug_cover", -1.0)
        meta_kinds = "+".join(sorted({k.split(":")[1] for k in mf if k in _META_MARKS}))
        signals = {
            "type": page["type"],
            "meta sources": meta_kinds,
            "word jaccard": _band(
                len(set(hw) & set(mw)) / len(set(hw) | set(mw)),
                (1e-9, 0.25, 0.5, 0.75, 2.0),
                ("0", "<.25", "<.5", "<.75", ">=.75"),
            ),
            "h1/meta words": _band(
                len(hw) / len(mw), (0.5, 0.8, 1.25, 2.0, 1e9), ("<.5", "<.8", "<1.25", "<2", ">=2")
            ),
            "h1 words in <title>": _band(
                in_title, (1e-9, 0.5, 1.0, 2.0), ("none", "<half", "<all", "all")
            ),
            "shared lead words": str(min(lead, 3)),
            "slug cover": "no slug"
            if slug_h < 0
            else "h1 more"
            if slug_h > slug_m
            else "meta more"
            if slug_m > slug_h
            else "equal",
            "h1 <= 3 words": str(len(hw) <= 3),
            "several h1": str(bool(hf.get("several_h1"))),
            "meta separated": str(bool(mf.get("separated"))),
            "h1 colon": str(":" in texts[hi]),
        }
        side = "gold h1" if h in right else "gold meta"
        missed = pick is None or not cands[pick][1]
        for name, value in signals.items():
            found[(name, value, side)] += 1
            found[(name, value, "missed")] += missed
    return found


def score(args: argparse.Namespace) -> int:
    rows = pickle.loads(args.pickle.read_bytes())
    pages = candidates(rows)
    names = trainer.feature_names(pages, "title")
    ceiling = sum(any(c[1] for c in page["fields"]["title"]) for page in pages)
    print(f"{len(pages)} pages, {len(names)} features, ceiling {ceiling}")
    total = 0
    for salt in args.salts.split(","):
        picks = out_of_fold(pages, names, salt)
        right = [
            pick is not None and bool(page["fields"]["title"][pick][1])
            for page, pick in zip(pages, picks, strict=True)
        ]
        total += sum(right)
        by_type: Counter = Counter()
        of_type: Counter = Counter(page["type"] for page in pages)
        for page, ok in zip(pages, right, strict=True):
            by_type[page["type"]] += ok
        kinds = " ".join(f"{kind} {by_type[kind] / of_type[kind]:.3f}" for kind in sorted(of_type))
        print(f"salt {salt!r:5} {sum(right)} ({sum(right) / len(pages):.3f})  {kinds}", flush=True)
        if args.classify:
            misses = classify(pages, picks)
            relations: Counter = Counter()
            h1_sides: Counter = Counter()
            for (picked, wanted, relation), count in misses.items():
                relations[relation] += count
                side = f"picked {'h1' if 'h1' in picked else 'other'}"
                h1_sides[f"{side}, right {'h1' if 'h1' in wanted else 'other'}"] += count
            print(f"    ranked lower: {dict(relations)}; {dict(h1_sides)}")
            for key, count in misses.most_common(args.classify):
                print(f"    {count:3d}  picked {key[0]}  right {key[1]}  ({key[2]})")
        if args.where:
            table = where(pages, picks)
            print(f"    {'type':14}" + "".join(f"{verdict:>20}" for verdict in WHERE))
            for kind in [*sorted(of_type), "all"]:
                counts = [
                    sum(n for (k, v), n in table.items() if v == verdict and kind in (k, "all"))
                    for verdict in WHERE
                ]
                print(f"    {kind:14}" + "".join(f"{n:>20}" for n in counts))
        if args.pairs:
            table = pairs(rows, pages, picks)
            for name, value in sorted({(k[0], k[1]) for k in table}):
                h1, meta = table[(name, value, "gold h1")], table[(name, value, "gold meta")]
                print(
                    f"    {name:20} {value:24} pairs {h1 + meta:4d}  gold h1 "
                    f"{h1 / (h1 + meta):.2f}  missed {table[(name, value, 'missed')]:3d}"
                )
        if args.forms:
            for key, count in sorted(forms(rows, pages, picks).items()):
                print(f"    {count:3d}  {' / '.join(key)}")
    print(f"sum over splits {total}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture", help="read every page once, keep choose_title's inputs")
    cap.add_argument("out", type=Path)
    cap.add_argument("--set", default=SET, type=Path)
    sc = sub.add_parser("score", help="out-of-fold title figures on several fold splits")
    sc.add_argument("pickle", type=Path)
    sc.add_argument("--salts", default=",a,b", help="fold salts, comma-separated ('' = shipped)")
    sc.add_argument("--classify", type=int, default=0, help="print the N commonest miss kinds")
    sc.add_argument(
        "--where",
        action="store_true",
        help="per page type: right, no right candidate, or how a right one ranked lower",
    )
    sc.add_argument(
        "--forms", action="store_true", help="cut and glued misses by what the affix is"
    )
    sc.add_argument(
        "--pairs",
        action="store_true",
        help="reworded <h1>-against-meta pairs: the gold's side by pairwise signal, aggregated",
    )
    args = ap.parse_args()
    if args.command == "capture":
        print(f"{capture(args.set, args.out)} pages captured")
        return 0
    return score(args)


if __name__ == "__main__":
    raise SystemExit(main())
