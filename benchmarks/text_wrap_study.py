"""Why text40's link-list fix costs documentation: its parts, and the wrap width it lets be read.

    python benchmarks/text_wrap_study.py --layout                  # width, blocks, joins per type
    python benchmarks/text_wrap_study.py --scores "old;cut;cut_lynx;titled" --out S.json
    python benchmarks/text_wrap_study.py --stages "old;cut" --renderers lynx   # F1/recall a stage
    python benchmarks/text_wrap_study.py --kinds "old;cut_lynx" --renderers lynx  # lost, by kind
    python benchmarks/text_wrap_study.py --anatomy "old;cut"       # text_anatomy's classes
    python benchmarks/text_wrap_study.py --fit-augmented F.pkl; --scores cut --folds F.pkl --refit

text40's fix (``results/text40_link_list.patch``, in this tree's ``textlines``) cuts lynx's whole
trailing link list ("References", "Visible links:", "Hidden links:"; main cut only the last
section) and elinks' titled entries ("12. Title", its URL indented below). With lynx's visible
URLs gone, ``_wrap_width`` reads a width where it read 0 (the long URL lines made the dump look
never wrapped), and wrapped lines are rejoined. ``--layout``: per set, page type and renderer,
for each cut, the dumps with a width, the blocks a dump, the lines a block, the joins made by the
width test and by the lower-case test ("early"), and the code-like lines (``_CODE_RE``) joined to
another line. ``--scores``: word F1 of every dump (``text_anatomy.py --variants``' protocol:
AEB with the host-fold block models, the report set with the shipped model) under named parser
variants (``VARIANTS``; "NAME+textdump.CONST=value" sets a constant too), the 7 cached renderers
(no Chromium: the shared cache has none). ``cut`` is text40's whole patch (its titled-entry test
copied here), ``cut_lynx`` its lynx part (what ``textlines`` now ships, checked equal on every
cached dump); ``_nolinks``, ``_perline`` and the like rewrite the blocks' link-marker counts
(diagnostics and remedies screened). ``--refit``: the report set read by ``--folds``' all-pages
fit. Aggregate figures only; no page is read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from statistics import mean

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import text_anatomy as ta  # noqa: E402
import text_bench as tb  # noqa: E402

from scraper.extractor import textlines as tl  # noqa: E402

RENDERERS = ("lynx", "lynx-nolist", "w3m", "inscriptis", "links2", "elinks", "innertext")
HELD = ("links2", "elinks", "innertext")
# A line that reads as code: program punctuation at its end or a keyword-like start.
_CODE_RE = re.compile(r"(?:[;{}()\[\]=:,]\s*$|^\s*(?:[$>#]\s|import |from |def |return |\w+\(|//))")


def _old_strip(text: str, titled: bool = False) -> str:
    """main's ``strip_link_list``: the last heading whose whole tail is a list is the cut."""
    headings = 0
    for at in tl._hints_from_the_end(text):
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if not tl._LIST_HEADING_RE.match(text[start:end]):
            continue
        headings += 1
        if headings > tl._MAX_LIST_HEADINGS:
            break
        tail = text[end + 1 :]
        if _is_list(tail, titled):
            return text[: max(0, start - 1)]
    return text


def _multi_strip(text: str, titled: bool = True) -> str:
    """text40's cut (moves up over list sections and the bare "References" title)."""
    headings = 0
    cut = -1
    for at in tl._hints_from_the_end(text):
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if not tl._LIST_HEADING_RE.match(line):
            continue
        headings += 1
        if headings > tl._MAX_LIST_HEADINGS:
            break
        if cut < 0:
            if _is_list(text[end + 1 :], titled):
                cut = start
        elif _is_list(text[end + 1 : cut], titled) or (
            line.strip() == "References" and not text[end + 1 : cut].strip()
        ):
            cut = start
        else:
            break
    return text if cut < 0 else text[: max(0, cut - 1)]


_TITLED_RE = re.compile(r"^\s*\d{1,5}\.\s+\S")  # elinks: "12. A title", its URL below
_URL_RE = re.compile(r"^\s+(?:[a-z][a-z0-9+.-]*:|/|#)\S*\s*$", re.IGNORECASE)


def _is_titled_list(section: str) -> bool:
    """text40's entry test: a number and a URL, or elinks' titled entry (a number and a
    title, its URL on the indented line below), 80% of the (sampled) non-blank lines."""
    lines = list(filter(str.strip, section.split("\n")))
    if not lines:
        return False
    picked = range(0, len(lines), max(1, len(lines) // tl._LIST_SAMPLE))
    entries = 0
    for index in picked:
        line = lines[index]
        if tl._LIST_ENTRY_RE.match(line):
            entries += 1
        elif _URL_RE.match(line):
            entries += index > 0 and _TITLED_RE.match(lines[index - 1]) is not None
        elif _TITLED_RE.match(line):
            entries += index + 1 < len(lines) and _URL_RE.match(lines[index + 1]) is not None
    return entries >= 0.8 * len(picked)


def _is_list(section: str, titled: bool) -> bool:
    if titled:
        return _is_titled_list(section)
    lines = list(filter(str.strip, section.split("\n")))
    lines = lines[:: max(1, len(lines) // tl._LIST_SAMPLE)]
    entries = sum(1 for line in lines if tl._LIST_ENTRY_RE.match(line))
    return bool(lines) and entries >= 0.8 * len(lines)


# name -> (the cut, whether the wrap width is read on the dump before the cut)
CUTS: dict[str, Callable[[str], str]] = {
    "old": _old_strip,
    "cut": _multi_strip,  # text40's fix: (a) + (b)
    "cut_lynx": lambda text: _multi_strip(text, titled=False),  # (a) only
    "titled": lambda text: _old_strip(text, titled=True),  # (b) only
}
VARIANTS: dict[str, tuple[str, bool]] = {name: (name, False) for name in CUTS}
VARIANTS["cut_oldwidth"] = ("cut", True)  # the cut, the width read as before it
# diagnostics: the cut's blocks with their link-marker counts zeroed (as lynx-nolist's)
POST: dict[str, Callable[[tl.Dump], tl.Dump]] = {}


def _no_links(dump: tl.Dump) -> tl.Dump:
    dump.links = np.zeros_like(dump.links)
    return dump


VARIANTS["cut_nolinks"] = ("cut", False)
POST["cut_nolinks"] = _no_links
VARIANTS["old_nolinks"] = ("old", False)
POST["old_nolinks"] = _no_links


def _per_line(dump: tl.Dump) -> tl.Dump:
    """Link markers per wrapped line (rounded down): the scale of one-line blocks."""
    dump.links = dump.links // np.maximum(dump.lines, 1)
    return dump


def _per_line_up(dump: tl.Dump) -> tl.Dump:
    dump.links = -(-dump.links // np.maximum(dump.lines, 1))
    return dump


def _half(dump: tl.Dump) -> tl.Dump:
    """Markers counted only where at least every other line carries one."""
    dump.links = np.where(2 * dump.links >= dump.lines, dump.links, 0)
    return dump


def _long_per_line(dump: tl.Dump) -> tl.Dump:
    """Per line only in blocks of 3+ lines."""
    dump.links = np.where(dump.lines >= 3, dump.links // np.maximum(dump.lines, 1), dump.links)
    return dump


def _single(dump: tl.Dump) -> tl.Dump:
    """A lone marker in a block of 2+ lines is not counted (an inline link in a paragraph)."""
    dump.links = np.where((dump.lines >= 2) & (dump.links == 1), 0, dump.links)
    return dump


def _per_two(dump: tl.Dump) -> tl.Dump:
    """Markers per two wrapped lines (rounded down)."""
    dump.links = np.where(dump.lines >= 2, 2 * dump.links // dump.lines, dump.links)
    return dump


for _cut in ("old", "cut", "cut_lynx"):
    VARIANTS[f"{_cut}_single"] = (_cut, False)
    POST[f"{_cut}_single"] = _single
    VARIANTS[f"{_cut}_pertwo"] = (_cut, False)
    POST[f"{_cut}_pertwo"] = _per_two
    VARIANTS[f"{_cut}_half"] = (_cut, False)
    POST[f"{_cut}_half"] = _half
    VARIANTS[f"{_cut}_long"] = (_cut, False)
    POST[f"{_cut}_long"] = _long_per_line
for _cut in ("old", "cut", "cut_lynx"):
    VARIANTS[f"{_cut}_perline"] = (_cut, False)
    POST[f"{_cut}_perline"] = _per_line
    VARIANTS[f"{_cut}_perlineup"] = (_cut, False)
    POST[f"{_cut}_perlineup"] = _per_line_up


def parse_with(name: str) -> Callable[[], None]:
    """Install a parser variant in ``textlines`` (the Python line path for a width read on
    the uncut dump); returns the undo. "NAME+module.CONST=value" also sets a constant."""
    from scraper.extractor import textdump

    name, *settings = name.split("+")
    consts = []
    for setting in settings:
        key, value = setting.split("=")
        module_name, const = key.split(".")
        module = {"textdump": textdump, "textlines": tl}[module_name]
        consts.append((module, const, getattr(module, const)))
        setattr(module, const, type(getattr(module, const))(value))
    undo_parse = _parse_with(name)

    def undo() -> None:
        undo_parse()
        for module, const, value in consts:
            setattr(module, const, value)

    return undo


FEATURES_ONLY = {"cut_lynx_featline", "cut_featline"}


def _features_per_line() -> Callable[[], None]:
    """The block model's features read per-line marker counts; every rule reads the raw ones."""
    import dataclasses

    from scraper.extractor import textdump

    original = textdump.block_features

    def features(dump: tl.Dump, *args: object, **kwargs: object) -> object:
        lines = np.maximum(dump.lines, 1)
        return original(dataclasses.replace(dump, links=dump.links // lines), *args, **kwargs)

    textdump.block_features = features

    def undo() -> None:
        textdump.block_features = original

    return undo


def _parse_with(name: str) -> Callable[[], None]:
    if name in FEATURES_ONLY:
        undo_features = _features_per_line()
        undo_parse = _parse_with(name.replace("_featline", ""))

        def undo() -> None:
            undo_parse()
            undo_features()

        return undo
    cut_name, old_width = VARIANTS[name]
    cut = CUTS[cut_name]
    saved = (tl.strip_link_list, tl._ctext, tl._wrap_width, tl.split_dump)
    if name in POST:
        original, post = tl.split_dump, POST[name]

        def posted(text: str) -> tl.Dump:
            return post(original(text))

        tl.strip_link_list, tl.split_dump = cut, posted
        _rebind(posted)
    elif not old_width:
        tl.strip_link_list = cut
    else:
        original_split, original_width = tl.split_dump, tl._wrap_width
        forced: list[int | None] = [None]

        def width(length: np.ndarray) -> int:
            return original_width(length) if forced[0] is None else forced[0]

        def split(text: str) -> tl.Dump:
            length, *_ = tl._line_facts(tl._normalise(_old_strip(text)))
            forced[0] = original_width(length)
            try:
                return original_split(text)
            finally:
                forced[0] = None

        tl.strip_link_list, tl._ctext, tl._wrap_width, tl.split_dump = cut, None, width, split
        _rebind(split)

    def undo() -> None:
        tl.strip_link_list, tl._ctext, tl._wrap_width, tl.split_dump = saved
        _rebind(saved[3])

    return undo


def _rebind(split: Callable[[str], tl.Dump]) -> None:
    """Modules that imported ``split_dump`` by name read the variant too."""
    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "")
        if name.startswith("scraper.") and name != tl.__name__ and hasattr(module, "split_dump"):
            module.split_dump = split


def layout(text: str, cut: Callable[[str], str]) -> dict[str, float]:
    """One dump's layout facts under a cut (the Python line path)."""
    normalised = tl._normalise(cut(text))
    length, stripped, indent, bullet_len = tl._line_facts(normalised)
    rows = np.flatnonzero(length > 0)
    filled = len(rows)
    if filled < 2:
        return {"width": 0, "blocks": filled, "lines": filled, "broke": 0, "early": 0, "code": 0}
    width = tl._wrap_width(length)
    widths = length[rows] - indent
    cont = tl._continuations(
        stripped, length[rows], (rows[1:] - rows[:-1]) == 1, indent, bullet_len, widths
    )
    early = np.zeros(filled, dtype=bool)
    if width:
        first = np.array([s.find(" ") if " " in s else len(s) for s in stripped])
        fits = length[rows][:-1] + 1 + first[1:] <= width - 1
        early[1:] = fits
    code = np.array([bool(_CODE_RE.search(s)) for s in stripped])
    joined = cont | np.concatenate((cont[1:], [False]))  # lines in a block of 2+
    return {
        "width": int(width > 0),
        "blocks": int((~cont).sum()),
        "lines": filled,
        "broke": int((cont & ~early).sum()),
        "early": int((cont & early).sum()),
        "code": int((joined & code).sum()),
        "codelines": int(code.sum()),
    }


def _docs(bench_dir: Path) -> list[dict]:
    ids, _ = tb.report_selection(bench_dir)
    report = [d for d in tb.load_docs(bench_dir, "wcxb-dev", 0, 99) if d["id"] in ids]
    return tb.load_docs(bench_dir, "aeb", 0, 14) + report


def layouts(args: argparse.Namespace) -> None:
    docs = _docs(args.bench_dir)
    cuts = ["old", "cut", "cut_lynx", "titled"]
    table: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for doc in docs:
        label = "AEB" if doc["set"] == "aeb" else "report"
        for renderer in ("lynx", "lynx-nolist", "elinks"):
            text = tb.cached_dump(args.cache, renderer, doc)
            if text is None:
                continue
            for name in cuts if renderer != "lynx-nolist" else ["old"]:
                facts = layout(text, CUTS[name])
                for kind in ("all", doc["page_type"]):
                    table[(f"{label} {kind}", renderer, name)].append(facts)
    print(
        "| group | renderer | cut | n | width read | blocks | lines/block | width joins | "
        "early joins | code lines | code joined |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (group, renderer, name), rows in sorted(table.items()):
        n = len(rows)
        blocks = mean(r["blocks"] for r in rows)
        per = sum(r["lines"] for r in rows) / max(1, sum(r["blocks"] for r in rows))
        print(
            f"| {group} | {renderer} | {name} | {n} | {mean(r['width'] for r in rows):.2f} | "
            f"{blocks:.0f} | {per:.2f} | {mean(r['broke'] for r in rows):.1f} | "
            f"{mean(r['early'] for r in rows):.1f} | {mean(r['codelines'] for r in rows):.1f} | "
            f"{mean(r['code'] for r in rows):.1f} |"
        )


def scores(args: argparse.Namespace) -> None:
    """Word F1 per dump for each variant (text_anatomy's --variants protocol)."""
    from scraper.extractor.textdump import find_body

    models = ta.fold_models(args.folds)
    if not args.refit:  # the report set: the shipped block model
        models["all"] = {}
    docs = _docs(args.bench_dir)[:: args.step]
    out: dict[str, dict[str, float]] = {}
    for name in args.scores.split(";"):
        undo = parse_with(name)
        got = {}
        try:
            for doc in docs:
                model = models[ta.fold_of(doc["url"]) if doc["set"] == "aeb" else "all"]
                gold = ta._bag(doc["gold"])
                for renderer in RENDERERS:
                    if args.renderers and renderer not in args.renderers.split(","):
                        continue
                    text = tb.cached_dump(args.cache, renderer, doc)
                    if text is None:
                        continue
                    body = find_body(text, doc["url"], **model)
                    key = "|".join((doc["set"], doc["page_type"], renderer, doc["id"]))
                    got[key] = ta._f1(gold, ta._bag("\n".join(body.paragraphs)))
        finally:
            undo()
        out[name] = got
        print(f"scored {name}", file=sys.stderr, flush=True)
    if args.out:
        old = json.loads(args.out.read_text()) if args.out.exists() else {}
        args.out.write_text(json.dumps({**old, **out}))
    table(out)


def _variant_docs(
    args: argparse.Namespace, variants: str
) -> Iterator[tuple[str, dict, str, dict, list[tuple[str, str]]]]:
    """Each ";"-separated parser variant, set while its pages are read: per page the variant's
    name, the page, its set label, the block model that never saw it (AEB: its host fold's;
    the report set: the shipped one unless --refit) and its cached dumps (renderer, text)."""
    models = ta.fold_models(args.folds)
    if not args.refit:  # the report set: the shipped block model
        models["all"] = {}
    docs = _docs(args.bench_dir)[:: args.step]
    wanted = args.renderers.split(",") if args.renderers else list(RENDERERS)
    for name in variants.split(";"):
        undo = parse_with(name)
        try:
            for doc in docs:
                model = models[ta.fold_of(doc["url"]) if doc["set"] == "aeb" else "all"]
                label = "AEB" if doc["set"] == "aeb" else "report"
                found = ((r, tb.cached_dump(args.cache, r, doc)) for r in wanted)
                yield name, doc, label, model, [(r, t) for r, t in found if t is not None]
        finally:
            undo()


def anatomy(args: argparse.Namespace) -> None:
    """Mean P, R and lost/extra words by class (``text_anatomy.dump_row``) per set, page type
    and renderer, for each variant: where the fix's words are lost or gained."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for name, doc, label, model, dumps in _variant_docs(args, args.anatomy):
        for renderer, text in dumps:
            row = ta.dump_row(doc, renderer, text, model)
            for kind in ("all", doc["page_type"]):
                groups[(f"{label} {kind} {renderer}", name)].append(row)
    for (group, name), rows in sorted(groups.items()):
        lost: dict[str, float] = defaultdict(float)
        extra: dict[str, float] = defaultdict(float)
        for row in rows:
            for key, value in row["lost"].items():
                lost[key] += value / len(rows)
            for key, value in row["extra"].items():
                extra[key] += value / len(rows)
        cells = ", ".join(f"{k} {v:.0f}" for k, v in sorted(lost.items()) if v >= 1)
        more = ", ".join(f"{k} {v:.0f}" for k, v in sorted(extra.items()) if v >= 1)
        print(
            f"| {group} | {name} | {len(rows)} | {mean(r['F1'] for r in rows):.4f} | "
            f"{mean(r['P'] for r in rows):.3f} | {mean(r['R'] for r in rows):.3f} | "
            f"{mean(r['blocks'] for r in rows):.0f} | {cells} | {more} |"
        )


def stage_table(args: argparse.Namespace) -> None:
    """F1 and recall after each stage of ``_body_of_run`` (``text_anatomy.staged_keeps``) per
    set, page type and renderer, for each variant: which stage the fix's losses come from."""
    sums: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for name, doc, label, model, dumps in _variant_docs(args, args.stages):
        gold = ta._bag(doc["gold"])
        total = max(1, sum(gold.values()))
        for renderer, text in dumps:
            texts = tl.split_dump(text).texts
            for stage, keep in ta.staged_keeps(text, doc["url"], model).items():
                pred = ta._bag("\n".join(texts[i] for i in keep))
                hit = sum(min(c, pred[t]) for t, c in gold.items() if t in pred)
                for kind in ("all", doc["page_type"]):
                    key = (f"{label} {kind} {renderer}", name, stage)
                    sums[key].append((ta._f1(gold, pred), hit / total))
    print("| group | variant | " + " | ".join(ta._STAGES) + " |  (F1 / recall)")
    print("|---|---|" + "---|" * len(ta._STAGES))
    for group, name in sorted({(g, n) for g, n, _ in sums}):
        cells = []
        for stage in ta._STAGES:
            rows = sums[(group, name, stage)]
            cells.append(f"{mean(r[0] for r in rows):.3f} / {mean(r[1] for r in rows):.3f}")
        print(f"| {group} | {name} | " + " | ".join(cells) + " |")


def fit_augmented(path: Path) -> None:
    """Block model fold fits (``text_anatomy.fold_models``' pickle) on the fixed dumps plus
    lynx's dumps parsed as before the fix (an extra rendering of the same pages): does the
    refit's documentation loss come from losing the one-line-per-block lynx examples?"""
    import zlib

    from train_text_model import examples, extra_items, fit_trees, tune

    undo = parse_with("cut")
    try:
        items = extra_items(folds=ta._FOLDS)
    finally:
        undo()
    undo = parse_with("old")
    try:
        for item in [it for it in items if it[2] == "lynx"]:
            doc, dump = item[1], item[3]
            fold = zlib.crc32(tb.host_of(doc["url"]).encode()) % ta._FOLDS
            items.append((fold, doc, "lynx-old", dump, *examples(dump, doc["gold"], doc["url"])))
    finally:
        undo()
    raw = {}
    for fold in (*range(ta._FOLDS), "all"):
        training = [it for it in items if it[0] != fold]
        raw[fold] = (tune(training, 1.0, 1)[0], fit_trees(training))
        print(f"fold {fold} fitted", file=sys.stderr, flush=True)
    import pickle

    path.write_bytes(pickle.dumps(raw))


def lost_by_kind(args: argparse.Namespace) -> None:
    """Gold words lost and extra words kept (per dump) by kind of block: linked (a link
    marker) or not, one line or rejoined from several; per set, page type and renderer."""
    sums: dict[tuple[str, str], list[Counter]] = defaultdict(list)
    for name, doc, label, model, dumps in _variant_docs(args, args.kinds):
        words = tb.WORD_RE.findall(doc["gold"].lower())
        joined = f" {' '.join(words)} "
        trigrams = {tuple(words[i : i + 3]) for i in range(len(words) - 2)}
        for renderer, text in dumps:
            dump = tl.split_dump(text)
            kept = set(ta.staged_keeps(text, doc["url"], model).get("decoder", []))
            row: Counter = Counter()
            for i, block in enumerate(dump.texts):
                found = tb.WORD_RE.findall(block.lower())
                if not found:
                    continue
                gold = tb.gold_share(found, joined, trigrams) >= ta._GOLD
                kind = ("linked" if dump.links[i] else "plain") + (
                    " rejoined" if dump.lines[i] > 1 else " one-line"
                )
                if gold and i not in kept:
                    row[f"lost {kind}"] += len(found)
                elif not gold and i in kept:
                    row[f"extra {kind}"] += len(found)
            for kind in ("all", doc["page_type"]):
                sums[(f"{label} {kind} {renderer}", name)].append(row)
    keys = [
        f"{w} {a} {b}"
        for w in ("lost", "extra")
        for a in ("linked", "plain")
        for b in ("rejoined", "one-line")
    ]
    print("| group | variant | n | " + " | ".join(keys) + " |  (words per dump)")
    print("|---|---|---|" + "---|" * len(keys))
    for (group, name), rows in sorted(sums.items()):
        cells = [f"{sum(r[k] for r in rows) / len(rows):.0f}" for k in keys]
        print(f"| {group} | {name} | {len(rows)} | " + " | ".join(cells) + " |")


def table(out: dict[str, dict[str, float]]) -> None:
    names = list(out)
    base = out[names[0]]
    groups: dict[str, list[str]] = defaultdict(list)
    for key in base:
        set_name, kind, renderer, _ = key.split("|")
        label = "AEB" if set_name == "aeb" else "report"
        held = "held-out" if renderer in HELD else "trained"
        for group in (
            f"{label} all",
            f"{label} {held}",
            f"{label} {renderer}",
            f"{label} {kind}",
            f"{label} {kind} {renderer}",
        ):
            groups[group].append(key)
    ta.print_groups(groups, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-dir", type=Path, default=tb.DEFAULT_BENCH_DIR)
    parser.add_argument("--cache", type=Path, default=tb.DEFAULT_CACHE)
    parser.add_argument("--folds", type=Path, default=Path("/tmp/text40-folds.pkl"))
    parser.add_argument("--layout", action="store_true")
    parser.add_argument("--refit", action="store_true", help="report set: --folds' all-pages fit")
    parser.add_argument("--scores", help='";"-separated VARIANTS names, the first the base')
    parser.add_argument("--renderers", default="", help="only these (comma-separated)")
    parser.add_argument("--step", type=int, default=1)
    parser.add_argument("--out", type=Path, help="--scores: add the per-dump scores here")
    parser.add_argument("--anatomy", help='";"-separated VARIANTS: P, R, lost and extra words')
    parser.add_argument("--stages", help='";"-separated VARIANTS: F1, recall per stage')
    parser.add_argument("--fit-augmented", type=Path, help="write augmented fold fits here")
    parser.add_argument("--kinds", help='";"-separated VARIANTS: lost/extra words by block kind')
    parser.add_argument("--table", type=Path, help="print the table of a --out file")
    args = parser.parse_args(argv)
    if args.fit_augmented:
        fit_augmented(args.fit_augmented)
    if args.layout:
        layouts(args)
    if args.scores:
        scores(args)
    if args.anatomy:
        anatomy(args)
    if args.stages:
        stage_table(args)
    if args.kinds:
        lost_by_kind(args)
    if args.table:
        table(json.loads(args.table.read_text()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
