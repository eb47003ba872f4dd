"""Where text dumps lose word F1, per renderer, with the block model out of fold on AEB.

    python benchmarks/text_anatomy.py --folds /tmp/text40-folds.pkl --out /tmp/text40-rows.jsonl
    python benchmarks/text_anatomy.py --rows /tmp/text40-rows.jsonl      # the tables again
    python benchmarks/text_anatomy.py --stages                           # the body per stage
    python benchmarks/text_anatomy.py --variants "keep_min=0.2;textdump._DOUBTED=0.4"
    python benchmarks/text_anatomy.py --variants "" --save B.json        # then change the tree:
    python benchmarks/text_anatomy.py --variants "" --against B.json [--folds F2.pkl --refit]

AEB is in the shipped block model's training data, so (as ``text_renderer_loo.py
--aeb-folds``) each AEB page is read by the block model (the blend, as shipped) fitted on the
other host folds of ``train_text_model.py --extra``'s pages (the later stages as shipped); the
report set's article pages (sites never trained on) by the shipped model. Every rendering,
the held-out ones (``text_bench.HELD_OUT``) included.

For each dump: word precision and recall, and the kept blocks set against the gold ones (a
block is gold when its words occur in the gold text or 60% of its trigrams do, as
``text_bench.py --errors``). Lost words (gold blocks not kept) sit before the start cut, after
the end cut, in a hole mid-body, or nowhere (nothing kept). Extra words (kept blocks not gold)
are classed by what they look like and where they sit against the gold span: header/menu
(short or linked lines above it), byline/date line, captions and short lines inside it, link
or list lines, comments (past a comment heading), related/tail (below it), prose chrome. Each
class also gets its headroom: the mean F1 gain were that class's blocks judged right (its
extra blocks dropped, or its lost blocks kept), so classes compare in F1, not in words.
Aggregate figures only; the rows (one per dump, no text) go to ``--out``.

``--stages``: F1, extra words before/inside/after the gold span and lost words after each
stage of ``_body_of_run`` (run, edges, end cut, start cut, decoder). ``--variants``: word F1
of every page of both sets (report set all types, shipped model; AEB out of fold) per
renderer and type, for selection keys, ``textdump.``/``textlines.`` constants or a dump
transform (``dump=NAME``), with dumps up/down; ``--save``/``--against`` set two trees side by
side, ``--refit`` reads the report set with ``--folds``' all-pages fit (a block model refit
on this tree's dumps: a new ``--folds`` path fits it).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import text_bench as tb  # noqa: E402

_GOLD = 0.6  # a block this share gold is a gold block (text_bench.py --errors)
_SPAN_WORDS = 5  # a gold block this long marks the gold span (not a stray "Home")
_SHORT = 12  # words: a line this short is a heading, menu entry, caption or label
_FOLDS = 5


def fold_of(url: str) -> int:
    return zlib.crc32(tb.host_of(url).encode()) % _FOLDS


def fold_models(path: Path) -> dict[int, dict[str, object]]:
    """The blend block model per host fold, fitted on the other folds' ``--extra`` pages
    (``train_text_model.fold_block_models`` without the all-pages fit); kept in ``path``."""
    from train_text_model import BlendModel, extra_items, fit_trees, tree_model, tune

    if path.exists():
        raw = pickle.loads(path.read_bytes())
    else:
        items = extra_items(folds=_FOLDS)
        raw = {}
        for fold in (*range(_FOLDS), "all"):  # "all": the shipped model's fit, refitted
            training = [it for it in items if it[0] != fold]
            raw[fold] = (tune(training, 1.0, 1)[0], fit_trees(training))
            print(f"fold {fold} fitted", file=sys.stderr, flush=True)
        path.write_bytes(pickle.dumps(raw))
    return {f: {"trees": BlendModel(list(b), tree_model(a))} for f, (b, a) in raw.items()}


def _bag(text: str) -> Counter:
    return Counter(tb.WORD_RE.findall(text.lower()))


def _f1(gold: Counter, pred: Counter) -> float:
    overlap = sum(min(c, pred[t]) for t, c in gold.items() if t in pred)
    if not overlap:
        return 0.0
    p, r = overlap / sum(pred.values()), overlap / sum(gold.values())
    return 2 * p * r / (p + r)


def _extra_class(dump: object, texts: list[str], index: int, words: int, where: str) -> str:
    """What a kept non-gold block looks like, and where it sits against the gold span."""
    from scraper.extractor.textdump import _is_meta_line

    if dump.forms[index]:  # type: ignore[attr-defined]
        return "form field"
    if words <= 24 and _is_meta_line(texts[index]):
        return "byline/date line"
    if dump.links[index] or dump.bullet[index]:  # type: ignore[attr-defined]
        return f"link/list line {where}"
    if where == "before":
        return "header/menu (before)" if words <= _SHORT else "prose before"
    if where == "inside":
        return "caption/short (inside)" if words <= _SHORT else "prose inside"
    return "short line after" if words <= _SHORT else "prose after (related)"


def dump_row(doc: dict, renderer: str, text: str, model: dict[str, object]) -> dict:
    """One rendering's F1, P/R, lost and extra words by class, and each class's headroom."""
    from scraper.extractor.textdump import _comment_heading, find_body
    from scraper.extractor.textlines import split_dump

    gold_words = tb.WORD_RE.findall(doc["gold"].lower())
    gold_bag = Counter(gold_words)
    joined = f" {' '.join(gold_words)} "
    trigrams = {tuple(gold_words[i : i + 3]) for i in range(len(gold_words) - 2)}
    dump = split_dump(text)
    body = find_body(text, doc["url"], **model)
    pred = _bag("\n".join(body.paragraphs))
    overlap = sum(min(c, pred[t]) for t, c in gold_bag.items() if t in pred)
    row = {
        "set": doc["set"],
        "id": doc["id"],
        "type": doc["page_type"],
        "renderer": renderer,
        "F1": _f1(gold_bag, pred),
        "P": overlap / max(1, sum(pred.values())),
        "R": overlap / max(1, sum(gold_bag.values())),
        "blocks": len(dump),
    }
    kept, at = set(), 0
    texts = dump.texts
    for index, block in enumerate(texts):
        if at < len(body.paragraphs) and block == body.paragraphs[at]:
            kept.add(index)
            at += 1
    blocks = []  # (index, words, share, kept)
    for index, block in enumerate(texts):
        words = tb.WORD_RE.findall(block.lower())
        if words:
            blocks.append(
                (index, len(words), tb.gold_share(words, joined, trigrams), index in kept)
            )
    gold = [b for b in blocks if b[2] >= _GOLD and b[1] >= _SPAN_WORDS]
    first, last = (gold[0][0], gold[-1][0]) if gold else (0, len(texts))
    comments = next(
        (i for i in range(last + 1, len(texts)) if texts[i] and _comment_heading(texts[i])),
        len(texts),
    )
    kept_idx = sorted(kept)
    lost, extra = Counter(), Counter()
    lost_bags, extra_bags = defaultdict(Counter), defaultdict(Counter)
    for index, words, share, is_kept in blocks:
        if share >= _GOLD and not is_kept:
            if not kept_idx:
                where = "nothing kept"
            elif index < kept_idx[0]:
                where = "before start cut"
            elif index > kept_idx[-1]:
                where = "after end cut"
            else:
                where = "mid-body hole"
            lost[where] += words
            lost_bags[where].update(tb.WORD_RE.findall(texts[index].lower()))
        elif is_kept and share < _GOLD:
            if share >= 0.2:
                extra["(reflow: part gold)"] += words
            pos = "before" if index < first else "after" if index > last else "inside"
            name = "comments" if index > comments else _extra_class(dump, texts, index, words, pos)
            extra[name] += words
            extra_bags[name].update(tb.WORD_RE.findall(texts[index].lower()))
    row["lost"], row["extra"] = dict(lost), dict(extra)
    head = {}
    for name, bag in lost_bags.items():
        head["lost: " + name] = _f1(gold_bag, pred + bag) - row["F1"]
    for name, bag in extra_bags.items():
        head["extra: " + name] = _f1(gold_bag, pred - bag) - row["F1"]
    row["headroom"] = head
    return row


_STAGES = ("run", "edges", "end cut", "start cut", "decoder")


def staged_keeps(text: str, url: str, model: dict[str, object]) -> dict[str, list[int]]:
    """The kept blocks after each stage of ``textdump._body_of_run`` (the same calls in its
    order): the chosen run with its selection rules, the edge model, the end cut, the start
    cut, the decoder. The last equals ``find_body``'s body (checked by the caller)."""
    from scraper.extractor import textdump as td

    scored = td._score(text, url, frozenset(), None, None, None, model.get("trees"))
    if scored is None:
        return {}
    start, end = td.choose_run(
        scored.evidence, scored.probs, scored.lengths, scored.features, scored.dump, None
    )
    chosen = td._select(scored, start, end)
    keep, texts = chosen.keep, scored.dump.texts
    out = {"run": keep}
    authors, published, _ = td._byline_facts(texts, chosen.byline_at, chosen.title_at, chosen.start)
    if keep:
        keep = td._decide_edges(scored, keep, chosen.limit, chosen.chrome, td.shipped_edges())
        out["edges"] = keep
        dump, features = scored.dump, scored.features
        page = (published is not None, bool(authors), chosen.title_at is not None)
        repeated = features.matrix[:, td._REPEATED_COLUMN]
        digits = features.matrix[:, td._DIGIT_COLUMN]
        keep = td.end_cut(texts, scored.probs, features.words, dump.links, dump.bullet,
                          repeated, keep, page, digits)  # fmt: skip
        out["end cut"] = keep
        keep = td.start_cut(texts, scored.probs, features.words, dump.links, dump.bullet,
                            repeated, keep, page, chosen.byline_at, digits)  # fmt: skip
        out["start cut"] = keep
    out["decoder"] = td._decoded(scored, chosen, keep)
    return {stage: out.get(stage, out["decoder"]) for stage in _STAGES}


def stages(args: argparse.Namespace) -> None:
    """Per renderer, F1 and extra words before/after the gold span and lost words after each
    stage (AEB with the fold models, the report set's articles with the shipped one)."""
    from scraper.extractor.textdump import find_body
    from scraper.extractor.textlines import split_dump

    every = tb.available_renderers((*tb.RENDERERS, *tb.HELD_OUT))
    models = fold_models(args.folds)
    aeb = [(d, models[fold_of(d["url"])]) for d in tb.load_docs(args.bench_dir, "aeb", 0, 14)]
    ids, _ = tb.report_selection(args.bench_dir)
    report = [
        (d, {})
        for d in tb.load_docs(args.bench_dir, "wcxb-dev", 0, 99)
        if d["id"] in ids and d["page_type"] == "article"
    ]
    sums: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for doc, model in (*aeb, *report)[:: args.step]:
        gold_words = tb.WORD_RE.findall(doc["gold"].lower())
        gold_bag, joined = Counter(gold_words), f" {' '.join(gold_words)} "
        trigrams = {tuple(gold_words[i : i + 3]) for i in range(len(gold_words) - 2)}
        label = "AEB" if doc["set"] == "aeb" else "report"
        for renderer in every:
            text = tb.rendered(args.cache, renderer, doc)
            if text is None:
                continue
            texts = split_dump(text).texts
            keeps = staged_keeps(text, doc["url"], model)
            if not keeps:
                continue
            final = find_body(text, doc["url"], **model).paragraphs
            assert tuple(texts[i] for i in keeps["decoder"]) == final
            words = [tb.WORD_RE.findall(t.lower()) for t in texts]
            shares = [tb.gold_share(w, joined, trigrams) if w else 0.0 for w in words]
            gold = [i for i, w in enumerate(words) if shares[i] >= _GOLD and len(w) >= _SPAN_WORDS]
            first, last = (gold[0], gold[-1]) if gold else (0, len(texts))
            held = "held-out" if renderer in tb.HELD_OUT else "trained"
            for stage, keep in keeps.items():
                pred = Counter(w for i in keep for w in words[i])
                kept = set(keep)
                row = (
                    _f1(gold_bag, pred),
                    sum(len(words[i]) for i in keep if i < first and shares[i] < _GOLD),
                    sum(len(words[i]) for i in keep if first <= i <= last and shares[i] < _GOLD),
                    sum(len(words[i]) for i in keep if i > last and shares[i] < _GOLD),
                    sum(
                        len(w) for i, w in enumerate(words) if shares[i] >= _GOLD and i not in kept
                    ),
                )
                for group in (renderer, held):
                    sums[(label, group, stage)].append(row)  # type: ignore[arg-type]
    groups = [*every, "trained", "held-out"]
    for label in ("AEB", "report"):
        print(f"\n{label} articles: F1 / extra words before, inside, after the gold span / lost")
        print("| renderer | " + " | ".join(_STAGES) + " |")
        print("|---|" + "---|" * len(_STAGES))
        for group in groups:
            cells = []
            for stage in _STAGES:
                rows = sums.get((label, group, stage))
                if not rows:
                    cells.append("")
                    continue
                f1, *rest = (mean(col) for col in zip(*rows, strict=True))
                cells.append(f"{f1:.4f} / " + " ".join(f"{x:.0f}" for x in rest))
            print(f"| {group} | " + " | ".join(cells) + " |")


def collect(args: argparse.Namespace) -> list[dict]:
    every = tb.available_renderers((*tb.RENDERERS, *tb.HELD_OUT))
    rows = []
    models = fold_models(args.folds) if "aeb" in args.sets else {}
    aeb = tb.load_docs(args.bench_dir, "aeb", 0, 14) if "aeb" in args.sets else []
    for n, doc in enumerate(aeb[:: args.step]):
        for renderer in every:
            text = tb.rendered(args.cache, renderer, doc)
            if text is not None:
                rows.append(dump_row(doc, renderer, text, models[fold_of(doc["url"])]))
        if n % 40 == 0:
            print(f"aeb {n}", file=sys.stderr, flush=True)
    ids, _ = tb.report_selection(args.bench_dir)
    report = [d for d in tb.load_docs(args.bench_dir, "wcxb-dev", 0, 99) if d["id"] in ids]
    report = report if "wcxb-dev" in args.sets else []
    for doc in report[:: args.step]:
        if doc["page_type"] != "article":
            continue
        for renderer in every:
            text = tb.rendered(args.cache, renderer, doc)
            if text is not None:
                rows.append(dump_row(doc, renderer, text, {}))
    return rows


def _group(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        out[row["renderer"]].append(row)
        kind = "held-out" if row["renderer"] in tb.HELD_OUT else "trained"
        out[f"ALL {kind}"].append(row)
    return out


def report(rows: list[dict]) -> None:
    for set_name, label in (("aeb", "AEB, block model out of fold"), ("wcxb-dev", "report set")):
        part = [r for r in rows if r["set"] == set_name and r["type"] == "article"]
        if not part:
            continue
        groups = _group(part)
        names = [
            n for n in (*tb.RENDERERS, *tb.HELD_OUT, "ALL trained", "ALL held-out") if n in groups
        ]
        print(f"\n### {label}: {len(part)} article dumps\n")
        print("| renderer | n | F1 | P | R | F1 if P=1 | F1 if R=1 | blocks |")
        print("|---|---|---|---|---|---|---|---|")
        for name in names:
            g = groups[name]
            p1 = mean(2 * r["R"] / (1 + r["R"]) for r in g)
            r1 = mean(2 * r["P"] / (1 + r["P"]) for r in g)
            cells = [mean(r[k] for r in g) for k in ("F1", "P", "R")] + [p1, r1]
            blocks = mean(r["blocks"] for r in g)
            print(
                f"| {name} | {len(g)} | "
                + " | ".join(f"{x:.4f}" for x in cells)
                + f" | {blocks:.0f} |"
            )
        classes = sorted({k for r in part for k in r["headroom"]})
        print("\nheadroom: mean F1 gain per dump were the class judged right (x1000); words/dump")
        print("| class | " + " | ".join(names) + " | held-out - trained |")
        print("|---|" + "---|" * (len(names) + 1))
        order = []
        for cls in classes:
            means = [mean(r["headroom"].get(cls, 0.0) for r in groups[n]) for n in names]
            order.append((means[names.index("ALL trained")] + means[-1], cls, means))
        for _, cls, means in sorted(order, reverse=True):
            side, name = cls.split(": ", 1)
            words = [mean(r[side].get(name, 0) for r in groups[n]) for n in names]
            cells = [f"{m * 1000:.1f} ({w:.0f})" for m, w in zip(means, words, strict=True)]
            diff = (means[-1] - means[names.index("ALL trained")]) * 1000
            print(f"| {cls} | " + " | ".join(cells) + f" | {diff:+.1f} |")
        reflow = [mean(r["extra"].get("(reflow: part gold)", 0) for r in groups[n]) for n in names]
        print(
            "| (reflow words, part of the above) | "
            + " | ".join(f"({w:.0f})" for w in reflow)
            + " | |"
        )


def _list_marks(text: str, most: int = 6, run: int = 3) -> str:
    """A dump transform (a study): a run of ``run``+ adjacent short lines (``most`` words at
    most, no blank line between) drawn without list marks gets "* " marks, as a list item
    is drawn by lynx, w3m and inscriptis (innertext and links2 draw none)."""
    lines = text.split("\n")
    short = [0 < len(line.split()) <= most for line in lines]
    out, at = list(lines), 0
    while at < len(lines):
        end = at
        while end < len(lines) and short[end]:
            end += 1
        if end - at >= run:
            for i in range(at, end):
                stripped = lines[i].lstrip()
                if stripped[:1] not in "*+o#•-":
                    out[i] = lines[i][: len(lines[i]) - len(stripped)] + "* " + stripped
        at = end + 1 if end == at else end
    return "\n".join(out)


_TRANSFORMS = {"list_marks": _list_marks, "list_marks4": lambda t: _list_marks(t, 4, 4)}
_TRANSFORM = None  # the variant's dump transform, when it names one


def _variant(spec: str) -> tuple[dict[str, float], dict[tuple[object, str], object]]:
    """ "keep_min=0.2,textdump._DOUBTED=0.4": selection keys, and module constants to set."""
    from scraper.extractor import textdump, textlines

    modules = {"textdump": textdump, "textlines": textlines}
    rule: dict[str, float] = {}
    consts: dict[tuple[object, str], object] = {}
    for part in filter(None, spec.split(",")):
        key, value = part.split("=")
        if key == "dump":
            consts[(sys.modules[__name__], "_TRANSFORM")] = _TRANSFORMS[value]
        elif "." in key:
            module, name = key.split(".")
            consts[(modules[module], name)] = type(getattr(modules[module], name))(value)
        else:
            rule[key] = float(value)
    return rule, consts


def variants(args: argparse.Namespace) -> None:
    """Word F1 of the base and each variant on every page of both sets (the report set all
    types, AEB with the fold models), per renderer and page type, and dumps up/down."""
    from scraper.extractor.textdump import find_body

    every = tb.available_renderers((*tb.RENDERERS, *tb.HELD_OUT))
    models = fold_models(args.folds)
    aeb = [(d, models[fold_of(d["url"])]) for d in tb.load_docs(args.bench_dir, "aeb", 0, 14)]
    ids, _ = tb.report_selection(args.bench_dir)
    shipped = models["all"] if args.refit else {}  # the report set: the shipped block model
    report = [
        (d, shipped) for d in tb.load_docs(args.bench_dir, "wcxb-dev", 0, 99) if d["id"] in ids
    ]
    specs = ["", *filter(None, args.variants.split(";"))]
    scores: dict[str, dict[tuple[str, str, str, str], float]] = {}
    for spec in specs:
        rule, consts = _variant(spec)
        saved = {key: getattr(*key) for key in consts}
        for (module, name), value in consts.items():
            setattr(module, name, value)
        got = {}
        for doc, model in (*aeb, *report)[:: args.step]:
            gold = _bag(doc["gold"])
            for renderer in every:
                text = tb.rendered(args.cache, renderer, doc)
                if text is not None:
                    text = _TRANSFORM(text) if _TRANSFORM else text
                    body = find_body(text, doc["url"], selection=rule or None, **model)
                    key = (doc["set"], doc["page_type"], renderer, doc["id"])
                    got[key] = _f1(gold, _bag("\n".join(body.paragraphs)))
        for (module, name), value in saved.items():
            setattr(module, name, value)
        scores[spec or "base"] = got
        print(f"scored {spec or 'base'}", file=sys.stderr, flush=True)
    if args.save:  # every dump's base score, to set a later tree's against (--against)
        args.save.write_text(json.dumps([[*k, v] for k, v in scores["base"].items()]))
    if args.against:  # a saved run is the base; this tree's base its variant
        before = {tuple(row[:4]): row[4] for row in json.loads(args.against.read_text())}
        scores = {"before": before, "this tree": scores["base"], **scores}
        del scores["base"]
    base = scores[next(iter(scores))]
    groups: dict[str, list] = defaultdict(list)
    for key in base:
        set_name, kind, renderer, _ = key
        label = "AEB" if set_name == "aeb" else "report"
        held = "held-out" if renderer in tb.HELD_OUT else "trained"
        for group in (f"{label} all", f"{label} {held}", f"{label} {renderer}", f"{label} {kind}"):
            groups[group].append(key)
    print_groups(groups, scores)


def print_groups(groups: dict[str, list], scores: dict[str, dict]) -> None:
    """One Markdown row per group: the first variant's mean F1, then each other variant's with
    how many dumps it raises / lowers by more than 0.005 (moves a mean hides)."""
    names = list(scores)
    base = scores[names[0]]
    print("| group | n | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for group in sorted(groups):
        keys = groups[group]
        cells = [f"{mean(base[k] for k in keys):.4f}"]
        for name in names[1:]:
            got = scores[name]
            up = sum(got[k] > base[k] + 0.005 for k in keys)
            down = sum(got[k] < base[k] - 0.005 for k in keys)
            cells.append(f"{mean(got[k] for k in keys):.4f} ({up}/{down})")
        print(f"| {group} | {len(keys)} | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-dir", type=Path, default=tb.DEFAULT_BENCH_DIR)
    parser.add_argument("--cache", type=Path, default=tb.DEFAULT_CACHE)
    parser.add_argument("--folds", type=Path, default=Path("/tmp/text40-folds.pkl"))
    parser.add_argument("--out", type=Path, help="write the rows (JSON lines)")
    parser.add_argument("--rows", type=Path, help="read rows written before (no extraction)")
    parser.add_argument("--sets", default="aeb,wcxb-dev", help="aeb, wcxb-dev (the report set)")
    parser.add_argument("--step", type=int, default=1, help="every n-th page (a quick screen)")
    parser.add_argument("--variants", help='"keep_min=0.2;textdump._DOUBTED=0.4": scored')
    parser.add_argument("--save", type=Path, help="--variants: write the base's scores")
    parser.add_argument("--against", type=Path, help="--variants: a --save file as the base")
    parser.add_argument("--refit", action="store_true", help="report set: --folds' all-pages fit")
    parser.add_argument("--stages", action="store_true", help="the body after each stage")
    args = parser.parse_args(argv)
    if args.stages:
        stages(args)
        return 0
    if args.variants is not None:
        variants(args)
        return 0
    if args.rows:
        rows = [json.loads(line) for line in args.rows.read_text().splitlines()]
    else:
        rows = collect(args)
        if args.out:
            args.out.write_text("".join(json.dumps(r) + "\n" for r in rows))
    report(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
