"""Text-dump extraction: word F1 and speed on pages rendered by real text browsers.

Renders a sample of the dev benchmark pages (aeb, wcxb-dev) with lynx, w3m and inscriptis
(renders are cached, so a second run only scores), then scores three things against the gold
``articleBody`` with the shared scorer's token metric (lower-cased ``\\w+`` bag overlap, mean
over documents): the whole dump, jusText on the dump's paragraphs (if installed), and
``scraper.extract_text``. It also times text extraction against the HTML extractor on the same
pages (the bar: text at least 10x faster per page).

    python benchmarks/text_bench.py                  # 300 wcxb-dev pages the model never saw
    python benchmarks/text_bench.py --sample 0       # every wcxb-dev page outside training
    python benchmarks/text_bench.py --sets aeb,wcxb-dev --train-sample 0   # in-sample too
    python benchmarks/text_bench.py --bench-dir PATH --cache /tmp/dumps
    python benchmarks/text_bench.py --held-out --cache /tmp/my-dumps   # + untrained renderers

The block model is trained on aeb and on the wcxb-dev pages of other sites
(``train_text_model.py --extra``), so by default only 265 wcxb-dev pages of sites it never saw
are scored. ``--errors`` adds where the words are lost and gained, by kind of block.

Rendering needs ``lynx`` and ``w3m`` on the PATH (Debian: ``apt-get install lynx w3m``) and
``inscriptis`` (the ``bench`` extra); a missing renderer is skipped with a note. ``--held-out``
adds ``HELD_OUT``, renderings no text model trains on: ``links2`` and ``elinks`` (Debian:
``apt-get install links2 elinks``), a browser's copy of the page after the HTML standard's
innerText steps without CSS (``innertext``, lxml) and a real one (``chromium``: headless
Chromium's ``document.body.innerText``, JavaScript off, nothing fetched; ``chromium_text.py``).
Give it a cache of its own: ``text_ab.py`` times every folder of the cache it reads.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from statistics import mean
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCH_DIR = ROOT.parent / "shared" / "benchmarks"
if not DEFAULT_BENCH_DIR.exists():  # run from a worktree under /work/wt
    DEFAULT_BENCH_DIR = Path("/work/shared/benchmarks")
DEFAULT_CACHE = Path("/tmp/scraper-text-bench")
RENDERERS = ("lynx", "lynx-nolist", "w3m", "inscriptis")  # the ones the text models train on
# Renderings no text model is trained on (``--held-out``): how the models carry to a layout
# they never saw. links2 (no link list), elinks (numbered links and a "Visible links" list) and
# a browser's copy of the page (``innertext``: one paragraph a line, nothing wrapped; lxml, no
# CSS) and the real one (``chromium``: headless Chromium's innerText, the page's inline CSS).
HELD_OUT = ("links2", "elinks", "innertext", "chromium")
WORD_RE = re.compile(r"\w+", re.UNICODE)
_RENDER_TIMEOUT = 30
TRAIN_SEED = 14  # benchmarks/train_text_model.py's sample of wcxb-dev


# --------------------------------------------------------------------------- rendering


def _run(command: list[str], html: str) -> str | None:
    try:
        done = subprocess.run(
            command,
            input=html.encode("utf-8"),
            capture_output=True,
            timeout=_RENDER_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def _lynx(html: str, with_list: bool) -> str | None:
    command = ["lynx", "-dump", "-stdin", "-force_html", "-width=80"]
    command += ["-assume_charset=utf-8", "-display_charset=utf-8"]
    if not with_list:
        command.append("-nolist")
    return _run(command, html)


def _w3m(html: str) -> str | None:
    return _run(
        ["w3m", "-dump", "-T", "text/html", "-cols", "80", "-I", "UTF-8", "-O", "UTF-8"], html
    )


def _from_file(command: list[str], html: str) -> str | None:
    """Run a browser that reads its page from a file (links2 and elinks read no HTML on stdin
    without guessing its type): the page written as UTF-8 to a temporary ``.html`` file."""
    import tempfile

    with tempfile.NamedTemporaryFile("wb", suffix=".html") as handle:
        handle.write(html.encode("utf-8"))
        handle.flush()
        return _run([*command, handle.name], "")


# The page is UTF-8 (as the other renderers are told), whatever its <meta> says; no colour.
_LINKS2_CHARSET = ("-html-assume-codepage", "utf-8", "-html-hard-assume", "1")
_ELINKS_OPTIONS = (
    *("-dump-color-mode", "0", "-no-connect", "-no-home"),
    *("-eval", 'set document.codepage.assume = "utf-8"'),
    *("-eval", "set document.codepage.force_assumed = 1"),
)


def _links2(html: str) -> str | None:
    return _from_file(
        ["links2", "-dump", "-width", "80", "-codepage", "utf-8", *_LINKS2_CHARSET],
        html,
    )


def _elinks(html: str) -> str | None:
    return _from_file(
        ["elinks", "-dump", "-dump-width", "80", "-dump-charset", "utf-8", *_ELINKS_OPTIONS],
        html,
    )


# innerText's layout (the HTML standard's "rendered text collection steps") without CSS or
# scripts: what a browser's select-all-and-copy gives with scripting off. A paragraph is set off
# by a blank line, any other block by a line break, table cells by a tab; nothing is wrapped, no
# bullets or link marks are drawn. As the text browsers do, nothing is hidden by its style or
# ``hidden``/``aria-hidden`` attribute (a script may show it) and ``<noscript>`` is shown.
_INNER_SKIP = frozenset(
    [
        "head",
        "script",
        "style",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "select",
        "option",
        "datalist",
        "textarea",
        "canvas",
        "audio",
        "video",
        "map",
    ]
)
_INNER_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "ul",
        "caption",
    ]
)
_SPACES_RE = re.compile(r"\s+")


def _innertext(html: str) -> str | None:
    """The page as a browser copies it (see ``_INNER_BLOCK``): lxml's tree, walked in order."""
    import lxml.html

    try:
        parser = lxml.html.HTMLParser(encoding="utf-8")
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except Exception:  # an empty or broken page is a missing render, not a crash
        return None
    parts: list[str | int] = []  # text, or a required line-break count

    def text(value: str, pre: bool) -> str:
        return value if pre else _SPACES_RE.sub(" ", value)

    def walk(node: Any, pre: bool) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag and tag not in _INNER_SKIP:
            inner = pre or tag in ("pre", "textarea", "listing")
            breaks = 2 if tag == "p" else 1 if tag in _INNER_BLOCK or tag == "tr" else 0
            if breaks:
                parts.append(breaks)
            if tag == "br":
                parts.append("\n")
            elif tag == "img" and node.get("alt"):
                parts.append(node.get("alt"))
            if node.text:
                parts.append(text(node.text, inner))
            for child in node:
                walk(child, inner)
            if tag in ("td", "th"):
                parts.append("\t")
            if breaks:
                parts.append(breaks)
        if node.tail and tag != "html":
            parts.append(text(node.tail, pre))

    walk(root, False)
    out: list[str] = []
    pending = 0
    for part in parts:
        if isinstance(part, int):
            pending = max(pending, part)
            continue
        if pending and part == " ":  # collapsed white space between blocks: no line of its own
            continue
        if pending and out:
            out.append("\n" * pending)
        pending = 0
        out.append(part)
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(out).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


_CHROMIUM: list[Any] = []  # the one browser a run keeps open (chromium_text.ChromiumText)


def _chromium(html: str) -> str | None:
    """Chromium's innerText; one browser for the whole run, started at the first page."""
    if not _CHROMIUM:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from chromium_text import ChromiumText

        _CHROMIUM.append(ChromiumText())
    renderer = _CHROMIUM[0]
    text = renderer.render(html)
    done = renderer.rendered + renderer.failed
    if done % 100 == 0:
        print(f"chromium: {renderer.rendered} pages, {renderer.failed} failed", file=sys.stderr)
    return text


def _inscriptis(html: str) -> str | None:
    try:
        from inscriptis import get_text
    except ImportError:
        return None
    try:
        return get_text(html)
    except Exception:  # a library failure on one odd page is a missing render, not a crash
        return None


RENDER: dict[str, Callable[[str], str | None]] = {
    "lynx": lambda html: _lynx(html, True),
    "lynx-nolist": lambda html: _lynx(html, False),
    "w3m": _w3m,
    "inscriptis": _inscriptis,
    "links2": _links2,
    "elinks": _elinks,
    "innertext": _innertext,
    "chromium": _chromium,
}


def available_renderers(wanted: Iterable[str]) -> list[str]:
    """The renderers whose program or library is present; the others are reported and skipped."""
    found = []
    for name in wanted:
        if name.startswith(("lynx", "w3m", "links2", "elinks")) and not shutil.which(
            name.split("-")[0]
        ):
            print(f"note: {name} not installed, skipped", file=sys.stderr)
            continue
        if name == "chromium":
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from chromium_text import missing

            why = missing()
            if why:
                print(f"note: chromium skipped: {why}", file=sys.stderr)
                continue
        if name == "inscriptis":
            try:
                import inscriptis  # noqa: F401
            except ImportError:
                print("note: inscriptis not installed, skipped", file=sys.stderr)
                continue
        found.append(name)
    return found


def dump_path(cache: Path, renderer: str, doc: dict) -> Path:
    """Where the cache keeps one page's dump by one renderer (keyed by the page's HTML)."""
    key = hashlib.sha1(doc["html"].encode("utf-8", "replace")).hexdigest()[:16]
    return cache / renderer / f"{doc['set']}_{doc['id']}_{key}.txt"


def cached_dump(cache: Path, renderer: str, doc: dict) -> str | None:
    """The cached dump only, None when the cache lacks it (for scripts that never render)."""
    path = dump_path(cache, renderer, doc)
    return path.read_text(encoding="utf-8") if path.exists() else None


def rendered(cache: Path, renderer: str, doc: dict) -> str | None:
    """The dump of one page by one renderer, from the cache or rendered now."""
    text = cached_dump(cache, renderer, doc)
    if text is not None:
        return text
    path = dump_path(cache, renderer, doc)
    text = RENDER[renderer](doc["html"])
    if text is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return text


# --------------------------------------------------------------------------- data


def sample_ids(ids: list[str], sample: int, seed: int) -> list[str]:
    """A seeded random sample of ``ids`` (all of them when ``sample`` is 0 or too large)."""
    ids = sorted(ids)
    if sample and sample < len(ids):
        return sorted(random.Random(seed).sample(ids, sample))
    return ids


def load_docs(
    bench_dir: Path, set_name: str, sample: int, seed: int, exclude: frozenset[str] = frozenset()
) -> list[dict]:
    """The set's pages with gold text (minus ``exclude``); a seeded sample when ``sample`` > 0."""
    folder = bench_dir / set_name
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sample_ids([i for i in gold if i not in exclude], sample, seed)
    docs = []
    for doc_id in ids:
        record = gold[doc_id]
        path = folder / "html" / f"{doc_id}.html.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rb") as handle:
            html = handle.read().decode("utf-8", "replace")
        docs.append(
            {
                "set": set_name,
                "id": doc_id,
                "html": html,
                "url": record.get("url"),
                "gold": record.get("articleBody") or "",
                "page_type": record.get("page_type") or "article",
            }
        )
    return docs


def training_hosts(bench_dir: Path, train_sample: int) -> set[str]:
    """The hosts of every page ``train_text_model.py`` learns from (aeb, its wcxb-dev sample)."""
    hosts = set()
    for set_name, sample in (("aeb", 0), ("wcxb-dev", train_sample)):
        gold = json.loads((bench_dir / set_name / "ground-truth.json").read_text())
        hosts |= {host_of(gold[i].get("url")) for i in sample_ids(list(gold), sample, TRAIN_SEED)}
    return hosts


def report_selection(
    bench_dir: Path, sample: int = 300, seed: int = 99, train_sample: int = 400
) -> tuple[set[str], set[str]]:
    """The ids and hosts of the wcxb-dev pages this script reports on by default (unseen sites).

    ``train_text_model.py --extra`` may train on any other wcxb-dev page of another host.
    """
    gold = json.loads((bench_dir / "wcxb-dev" / "ground-truth.json").read_text())
    exclude = frozenset(sample_ids(list(gold), train_sample, TRAIN_SEED))
    ids = sample_ids([i for i in gold if i not in exclude], sample, seed)
    seen = training_hosts(bench_dir, train_sample)
    hosts = {host_of(gold[i].get("url")) for i in ids} - seen
    return {i for i in ids if host_of(gold[i].get("url")) in hosts}, hosts


def word_f1(gold: str, pred: str) -> float:
    """The shared scorer's metric: F1 of lower-cased ``\\w+`` token bags."""
    g = Counter(WORD_RE.findall(gold.lower()))
    p = Counter(WORD_RE.findall(pred.lower()))
    ng, np_ = sum(g.values()), sum(p.values())
    if ng == 0 and np_ == 0:
        return 1.0
    if ng == 0 or np_ == 0:
        return 0.0
    overlap = sum(min(c, p[t]) for t, c in g.items() if t in p)
    prec, rec = overlap / np_, overlap / ng
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def host_of(url: str | None) -> str:
    """The registrable-ish host a page belongs to: the unit of domain folding."""
    from urllib.parse import urlsplit

    host = (urlsplit(url or "").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def protocol_note(bench_dir: Path, docs: list[dict]) -> str:
    """Which of the scored pages the shipped model trained on: the figures' honesty, stated.

    The shipped weights were fitted (``train_text_model.py --extra``) on aeb and on every
    wcxb-dev page outside the hosts of the default report selection; only pages of those hosts
    are out of sample (by site, not only by page).
    """
    _, unseen = report_selection(bench_dir)
    fresh = sum(1 for d in docs if d["set"] == "wcxb-dev" and host_of(d["url"]) in unseen)
    hosts = len({host_of(d["url"]) for d in docs if d["set"] == "wcxb-dev"} & unseen)
    if fresh == len(docs):
        return f"protocol: out of sample by site: {fresh} pages of {hosts} hosts never trained on"
    return (
        f"protocol: IN-SAMPLE for {len(docs) - fresh} of {len(docs)} pages (their sites are in "
        "the shipped model's training data); only the figures of the default selection are "
        "out of sample"
    )


# --------------------------------------------------------------------------- methods


def whole_dump(text: str, url: str | None) -> str:
    return text


def justext_dump(text: str, url: str | None) -> str:
    """jusText's classifier on the dump's paragraphs (blank-line blocks, wrapped lines joined)."""
    import justext

    blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
    html = "<html><body>" + "".join(f"<p>{_escape(b)}</p>" for b in blocks if b) + "</body></html>"
    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ours(text: str, url: str | None) -> str:
    from scraper import extract_text

    return extract_text(text, url).text


def methods() -> dict[str, Callable[[str, str | None], str]]:
    found: dict[str, Callable[[str, str | None], str]] = {"whole dump": whole_dump}
    try:
        import justext  # noqa: F401

        found["jusText"] = justext_dump
    except ImportError:
        print("note: justext not installed, skipped (pip install justext)", file=sys.stderr)
    found["ours"] = ours
    return found


# --------------------------------------------------------------------------- report


def score(docs: list[dict], renderers: list[str], cache: Path) -> list[dict]:
    rows = []
    for doc in docs:
        for renderer in renderers:
            dump = rendered(cache, renderer, doc)
            if dump is None:
                continue
            for name, method in methods_cache.items():
                pred = method(dump, doc["url"])
                rows.append(
                    {
                        "set": doc["set"],
                        "id": doc["id"],
                        "renderer": renderer,
                        "page_type": doc["page_type"],
                        "method": name,
                        "f1": word_f1(doc["gold"], pred),
                    }
                )
    return rows


methods_cache: dict[str, Callable[[str, str | None], str]] = {}


def print_table(rows: list[dict], key: str, title: str) -> None:
    names = list(methods_cache)
    groups: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        groups[row[key]][row["method"]].append(row["f1"])
        groups["ALL"][row["method"]].append(row["f1"])
    print(f"\n{title}")
    print(f"| {key} | n | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for group in sorted(groups, key=lambda g: (g == "ALL", g)):
        cells = groups[group]
        n = len(cells[names[0]])
        print(f"| {group} | {n} | " + " | ".join(f"{mean(cells[m]):.3f}" for m in names) + " |")


def _block_kind(dump: Any, index: int, words: int) -> str:  # a textlines.Dump
    if dump.forms[index]:
        return "form control"
    if dump.bullet[index]:
        return "linked list item" if dump.links[index] else "list item"
    if dump.links[index]:
        return "linked line"
    return "short line (<=4 words)" if words <= 4 else "line 5-12 words" if words <= 12 else "prose"


def gold_share(words: list[str], gold_joined: str, trigrams: set[tuple[str, ...]]) -> float:
    """How much of a block (its lower-cased words) is gold: 1.0 when it occurs whole in the
    space-joined gold words, else the share of its word trigrams found in the gold."""
    share = 1.0 if f" {' '.join(words)} " in gold_joined else 0.0
    if not share and len(words) >= 3:
        grams = [tuple(words[i : i + 3]) for i in range(len(words) - 2)]
        share = sum(g in trigrams for g in grams) / len(grams)
    return share


def error_table(docs: list[dict], renderers: list[str], cache: Path) -> None:
    """Where the words are lost and gained, by renderer and by kind of block (aggregate only).

    A block is gold when its words occur in the gold text (or 60% of its word trigrams do);
    lost words are gold blocks left out, extra words are kept blocks that are not gold; each
    by the block's kind and where it sits against the kept span (before, inside, after).
    "reflow" counts blocks partly gold (20-60% of trigrams): body and chrome joined into one.
    """
    from scraper.extractor.textdump import find_body
    from scraper.extractor.textlines import split_dump

    tables: dict[str, dict[str, Counter]] = {"lost": defaultdict(Counter)}
    tables["extra"] = defaultdict(Counter)
    for doc in docs:
        gold_words = WORD_RE.findall(doc["gold"].lower())
        gold_joined = f" {' '.join(gold_words)} "
        trigrams = {tuple(gold_words[i : i + 3]) for i in range(len(gold_words) - 2)}
        for renderer in renderers:
            text = rendered(cache, renderer, doc)
            if text is None:
                continue
            dump = split_dump(text)
            body = find_body(text, doc["url"])
            kept, at = set(), 0
            for index, block in enumerate(dump.texts):  # the body's paragraphs, in order
                if at < len(body.paragraphs) and block == body.paragraphs[at]:
                    kept.add(index)
                    at += 1
            first, last = (min(kept), max(kept)) if kept else (len(dump), -1)
            repeats = Counter(dump.texts)
            for index, block in enumerate(dump.texts):
                words = WORD_RE.findall(block.lower())
                if not words:
                    continue
                share = gold_share(words, gold_joined, trigrams)
                gold = share >= 0.6
                if gold == (index in kept):
                    continue
                where = "before" if index < first else "after" if index > last else "inside"
                if block == body.title:
                    where = "title"
                kinds = [f"{_block_kind(dump, index, len(words))}, {where}"]
                if 0.2 <= share < 0.6:
                    kinds.append("(reflow: partly gold)")
                if repeats[block] > 1:
                    kinds.append("(repeated in the page)")
                for name in (renderer, "ALL"):
                    for kind in kinds:
                        tables["lost" if gold else "extra"][name][kind] += len(words)
    for name, table in tables.items():
        print(f"\n{name} words by kind of block (share of the renderer's {name} words)")
        for renderer in ("ALL", *renderers):
            counts = table[renderer]
            total = sum(v for k, v in counts.items() if not k.startswith("(")) or 1
            top = ", ".join(f"{k} {v / total:.0%}" for k, v in counts.most_common(8))
            print(f"- {renderer} ({total} words): {top}")


def time_speed(docs: list[dict], renderers: list[str], cache: Path, repeat: int) -> None:
    """Per-page time of extract_text on dumps vs extract on the same pages' HTML, one process.

    CPU time of this process (``time.process_time``), best of ``repeat`` passes: on a shared
    machine, wall-clock time mostly measures the other processes.
    """
    from scraper import extract, extract_text

    pages = [d for d in docs if d["html"]]
    dumps = [(rendered(cache, r, d), d["url"]) for d in pages for r in renderers]
    dumps = [(t, u) for t, u in dumps if t is not None]
    best_html = best_text = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for doc in pages:
            extract(doc["html"], doc["url"])
        best_html = min(best_html, (time.process_time() - start) / len(pages))
        start = time.process_time()
        for text, url in dumps:
            extract_text(text, url)
        best_text = min(best_text, (time.process_time() - start) / len(dumps))
    print(
        f"\nspeed (CPU time, best of {repeat}): HTML extractor {best_html * 1000:.2f} ms/page "
        f"({len(pages)} pages), text extractor {best_text * 1000:.3f} ms/dump ({len(dumps)} "
        f"dumps): text is {best_html / best_text:.1f}x faster per page (goal: 10x)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--sets", default="wcxb-dev")
    parser.add_argument("--sample", type=int, default=300, help="wcxb-dev pages (0: all)")
    parser.add_argument("--seed", type=int, default=99)
    parser.add_argument(
        "--train-sample",
        type=int,
        default=400,
        help="leave out the wcxb-dev pages benchmarks/train_text_model.py trained on "
        "(its --sample, seed 14; 0: leave none out); aeb is all in training",
    )
    parser.add_argument("--renderers", default=",".join(RENDERERS))
    parser.add_argument(
        "--held-out",
        action="store_true",
        help=f"also the renderers no model trained on ({', '.join(HELD_OUT)})",
    )
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--render-only", action="store_true")
    parser.add_argument("--no-justext", action="store_true")
    parser.add_argument("--speed-repeat", type=int, default=2)
    parser.add_argument("--per-doc", type=Path, help="write every (page, renderer, method) score")
    parser.add_argument(
        "--errors", action="store_true", help="also print lost/extra words by kind of block"
    )
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))

    wanted = args.renderers.split(",") + (list(HELD_OUT) if args.held_out else [])
    renderers = available_renderers(wanted)
    docs: list[dict] = []
    for set_name in args.sets.split(","):
        sample = args.sample if set_name == "wcxb-dev" else 0
        exclude: frozenset[str] = frozenset()
        if set_name == "wcxb-dev" and args.train_sample:
            gold = json.loads((args.bench_dir / set_name / "ground-truth.json").read_text())
            exclude = frozenset(sample_ids(list(gold), args.train_sample, TRAIN_SEED))
        docs += load_docs(args.bench_dir, set_name, sample, args.seed, exclude)
    if args.train_sample:  # unseen sites only: drop pages whose host the model trained on
        seen = training_hosts(args.bench_dir, args.train_sample)
        docs = [doc for doc in docs if doc["set"] != "wcxb-dev" or host_of(doc["url"]) not in seen]
    print(f"{len(docs)} pages, renderers: {', '.join(renderers)}", file=sys.stderr)
    print(protocol_note(args.bench_dir, docs))
    for doc in docs:
        for renderer in renderers:
            rendered(args.cache, renderer, doc)
    for browser in _CHROMIUM:
        print(f"chromium: {browser.rendered} rendered, {browser.failed} failed", file=sys.stderr)
    if args.render_only:
        return 0

    methods_cache.update(methods())
    if args.no_justext:
        methods_cache.pop("jusText", None)
    rows = score(docs, renderers, args.cache)
    if args.per_doc:
        args.per_doc.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    print_table(rows, "renderer", "Word F1 per renderer (mean over pages)")
    print_table(rows, "set", "Word F1 per set")
    print_table(rows, "page_type", "Word F1 per page type")
    if args.errors:
        error_table([d for d in docs if d["page_type"] == "article"], renderers, args.cache)
    if not args.no_speed:
        time_speed(docs, renderers, args.cache, args.speed_repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
