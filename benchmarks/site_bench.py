"""Whole-site crawls of the dev archives: what a crawl finds, against gold from the sites' sources.

For each archive in ``fixtures/sites/`` (see its README; built by ``fixtures/sites/build_gold.py``)
the archive is served on 127.0.0.1 and crawled from its home URL with politeness off, once with
single-page extraction and once with the site model, each in a fresh output folder. Per site and
mode it reports: articles found / total, non-articles exported, duplicates (one gold page
exported more than once), mean body F1 against the gold text (bag of lower-cased words, as
``../shared/benchmarks/score.py``), title / author / date accuracy (as ``meta_score.py``: same
normalisation; author and date only where the gold has one) and crawl pages per second.

    python benchmarks/site_bench.py [--sites fixtures/sites] [--modes single model] [--json F]
                                    [--keep DIR]

``--keep DIR`` keeps each crawl's output folder (``.scraper/site-model.json``) as
``DIR/<site>-<mode>``, with ``articles.jsonl`` (every exported article, the server's port left
out), to diff two runs' output (two trees, two hash seeds).

Modes ``extract-single`` and ``extract-model`` read each archive's folder as a site mirror
(``scraper extract DIR --base-url ORIGIN``, with ``--no-site-model`` or without) instead of
crawling it; pages/s is then pages read per second.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from scraper import crawl
from scraper.archive.mirror import iter_mirror_articles
from scraper.archive.stats import ArchiveStats
from scraper.site_server import SiteServer

ROOT = Path(__file__).resolve().parent.parent
WORD_RE = re.compile(r"\w+", re.UNICODE)


def word_f1(gold: str, got: str) -> float:
    g, p = Counter(WORD_RE.findall(gold.lower())), Counter(WORD_RE.findall(got.lower()))
    ng, np_ = sum(g.values()), sum(p.values())
    if ng == 0 or np_ == 0:
        return float(ng == np_)
    overlap = sum(min(c, p[t]) for t, c in g.items())
    if not overlap:
        return 0.0
    prec, rec = overlap / np_, overlap / ng
    return 2 * prec * rec / (prec + rec)


def norm(value: object) -> str:
    s = unicodedata.normalize("NFKC", str(value or "")).casefold()
    s = re.sub(r"[\u2018\u2019\u201a\u2032`\u00b4]", "'", s)
    s = re.sub(r"[\u201c\u201d\u201e\u2033]", '"', s)
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    return re.sub(r"\s+", " ", s).strip()


def gold_path(url: str) -> str:
    path = unquote(urlsplit(url).path).lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def _origin(site: Path) -> str:
    return (site / "site" / "origin.txt").read_text("utf-8").strip()


def _archive_path(site: Path, url: str) -> str:
    """The gold's path of an exported page. A site served under a folder
    (``https://www.eessi.io/docs``): its pages' addresses may hold the folder (the extract
    modes' always, the crawl's through root-relative links), the gold's paths are the
    archive's own."""
    path = gold_path(url)
    folder = _folder(site)
    path = path.removeprefix(folder + "/") if folder else path
    if path and not (site / "site" / path).exists() and (site / "site" / f"{path}.html").is_file():
        return f"{path}.html"  # ``/x`` served from ``x.html`` (site_server, as GitHub Pages)
    return path


@cache
def _folder(site: Path) -> str:
    """The folder of the site's host it was saved from ("docs"), read once a site."""
    return urlsplit(_origin(site)).path.strip("/")


def extract_mirror(site: Path, mode: str) -> tuple[list[Any], float, int]:
    """``scraper extract SITE --base-url ORIGIN``: the archive's folder read as a site mirror,
    page by page (``extract-single``) or with the site model learned in a first pass."""
    origin = _origin(site)
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        stats = ArchiveStats()
        items = list(
            iter_mirror_articles(
                site / "site",
                origin + "/",
                processes=2,
                state_dir=Path(out),
                stats=stats,
                site_model=mode == "extract-model",
            )
        )
        return items, time.monotonic() - started, stats.pages


def run_site(site: Path, mode: str, keep: Path | None = None) -> dict[str, Any]:
    gold: dict[str, dict[str, Any]] = json.loads((site / "gold.json").read_text("utf-8"))
    articles = {p: g for p, g in gold.items() if g["kind"] == "article"}
    exported: Counter[str] = Counter()
    rows: dict[str, Any] = {}
    if mode.startswith("extract"):
        items, elapsed, fetched = extract_mirror(site, mode)
        for item in items:
            path = _archive_path(site, item.final_url or item.article.url or "")
            exported[path] += 1
            rows[path] = item.article
        return score(site, mode, articles, exported, rows, elapsed, fetched)
    with SiteServer(site / "site") as server, tempfile.TemporaryDirectory() as temp:
        out = temp
        if keep is not None:
            out = str(keep / f"{site.name}-{mode}")
            shutil.rmtree(out, ignore_errors=True)
        started = time.monotonic()
        items = crawl(
            server.url + "/",
            output_dir=Path(out),
            delay=0,
            concurrency=8,
            per_host_concurrency=8,
            site_model=mode == "model",
        )
        for item in items:
            path = _archive_path(site, item.final_url or item.article.url or "")
            exported[path] += 1
            rows[path] = item.article
        elapsed = time.monotonic() - started
        fetched = len(server.requests)
        if keep is not None:  # each exported article, the server's port left out
            lines = sorted(
                json.dumps(dataclasses.asdict(a), ensure_ascii=False, sort_keys=True)
                for a in rows.values()
            )
            text = "\n".join(lines).replace(server.url, "http://site/")
            (Path(out) / "articles.jsonl").write_text(text + "\n", encoding="utf-8")
    return score(site, mode, articles, exported, rows, elapsed, fetched)


# "and" in the gold's languages ("&" and a spaced "+" too): German, French, Spanish, Italian
# and Portuguese words alone; Czech and Slovak, Polish, Scandinavian and Russian ones (English
# words too) only between two capitalised words ("Pavlína Froňková a Petr Messner").
_GOLD_SPLIT_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|und|et|y|e)\s+|\s*&\s*|\s+\+\s+")
_GOLD_CAPITALS_AND_RE = re.compile(r"\s+(?:a|i|og|och|и)\s+(?=[^\W\d_])")


def gold_authors(byline: str) -> set[str]:
    """The names a gold byline holds ("A, B and C", "Louis und Yannik": each), each of which
    must be found."""
    names = [
        name
        for part in _GOLD_SPLIT_RE.split(byline)
        for name in _split_capitals_and(part)
        if name.strip()
    ]
    return {author_key(name) for name in names}


def _split_capitals_and(part: str) -> list[str]:
    """The part cut at each Czech, Polish or Scandinavian "and" between capitalised words."""
    names, start = [], 0
    for match in _GOLD_CAPITALS_AND_RE.finditer(part):
        before = part[start : match.start()].split()
        if before and before[-1][:1].isupper() and part[match.end()].isupper():
            names.append(part[start : match.start()])
            start = match.end()
    return [*names, part[start:]]


def author_key(name: str) -> str:
    """A name as compared: an account's handle with or without its "@" ("@phil-opp" as the
    page prints it, "phil-opp" as the extractor gives it) names the same writer."""
    return norm(name).removeprefix("@")


def score(
    site: Path,
    mode: str,
    articles: dict[str, dict[str, Any]],
    exported: Counter[str],
    rows: dict[str, Any],
    elapsed: float,
    fetched: int,
) -> dict[str, Any]:
    """One row of the table: what was exported against the gold."""
    found = [p for p in articles if p in rows]
    f1 = [word_f1(articles[p]["text"], rows[p].text) for p in found]
    title = [norm(articles[p]["title"]) == norm(rows[p].title) for p in found]
    authors = [
        gold_authors(articles[p]["author"]) <= {author_key(a) for a in rows[p].authors}
        for p in found
        if articles[p].get("author")
    ]
    dates = [
        str(rows[p].date_published or "")[:10] == articles[p]["date"]
        for p in found
        if articles[p].get("date")
    ]

    def share(values: list[bool]) -> float | None:
        return round(sum(values) / len(values), 3) if values else None

    return {
        "site": site.name,
        "mode": mode,
        "articles": len(articles),
        "found": len(found),
        "non_articles": sum(1 for p in exported if p not in articles),
        "duplicates": sum(n - 1 for n in exported.values()),
        "body_f1": round(sum(f1) / len(f1), 3) if f1 else None,
        "title": share(title),
        "author": share(authors),
        "date": share(dates),
        "pages_per_s": round(fetched / elapsed, 1) if elapsed else None,
        "missing": sorted(set(articles) - set(found))[:5],
        "non_article_paths": sorted(p for p in exported if p not in articles)[:5],
        "wrong_titles": [
            (rows[p].title, articles[p]["title"])
            for p, ok in zip(found, title, strict=True)
            if not ok
        ][:3],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", type=Path, default=ROOT / "fixtures" / "sites")
    parser.add_argument("--modes", nargs="+", default=["single", "model"])
    parser.add_argument("--json", type=Path, help="also write the rows here")
    parser.add_argument("--keep", type=Path, help="keep each crawl's output folder here")
    parser.add_argument("names", nargs="*", help="only these archives")
    args = parser.parse_args(argv)
    sites = sorted(p.parent for p in args.sites.glob("*/gold.json"))
    if args.names:
        sites = [s for s in sites if s.name in args.names]
    if not sites:
        print(f"no dev archives under {args.sites} (build them: fixtures/sites/build_gold.py)")
        return 1
    results = []
    print(
        "| site | mode | found/total | non-articles | dupes | body F1 | title | author | date "
        "| pages/s |"
    )
    print("|" + "---|" * 10)
    for site in sites:
        for mode in args.modes:
            r = run_site(site, mode, args.keep)
            results.append(r)
            print(
                f"| {r['site']} | {mode} | {r['found']}/{r['articles']} | {r['non_articles']} | "
                f"{r['duplicates']} | {r['body_f1']} | {r['title']} | {r['author']} | "
                f"{r['date']} | {r['pages_per_s']} |",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
