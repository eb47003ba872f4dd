"""Crawl throughput and memory on a generated blog archive served from memory on 127.0.0.1.

For each size (default 1,000 and 5,000 posts) a fresh subprocess crawls the whole archive with
politeness off (delay 0, high concurrency) and reports pages fetched per second, articles
exported and its peak RSS, so the growth with archive size shows. State lives in SQLite, so
memory should stay roughly flat as the archive grows.

    python benchmarks/crawl_bench.py [--sizes 1000 5000] [--concurrency 16] [--render auto]

``--render auto`` measures what JavaScript-page detection costs on a site that needs no browser
(none is started; compare with the default ``never`` in the same session).

The whole job against a peer (issue 18's bars): ``scraper crawl`` and a Scrapy spider that calls
trafilatura and writes one JSON per article (``scrapy_peer.py``), as subprocesses on the same
server, interleaved, ``--repeats`` rounds each; pages/s, CPU per page of the whole process tree
and peak RSS, with the ratios of the medians. ``--profile`` adds one crawl under cProfile
(extraction in-process) and prints each stage's share of the time:

    python benchmarks/crawl_bench.py --peer scrapy --sizes 5000 --repeats 2 --profile
    python benchmarks/crawl_bench.py --peer scrapy --sizes 1000 20000 --repeats 1  # memory

The server also serves ``/robots.txt`` naming ``/sitemap.xml`` (every post) and ``/feed/``.

Every crawl runs the scraper as installed: before the timed runs the package is copied into the
bench's temporary folder and compiled there once (``python -m compileall``), and the crawls
import that copy (``PYTHONPATH``, ``PYTHONSAFEPATH``). A ``pip install`` compiles a package's
``.pyc`` as Scrapy's and trafilatura's were here; run from a source tree on a box that sets
``PYTHONDONTWRITEBYTECODE=1`` every crawl compiled the scraper's sources again (~0.25 s of CPU
of a ~1 s start-up), a cost no user pays. A ``PYTHONPYCACHEPREFIX`` would not do: Python then
looks for every module's ``.pyc`` there only, so the standard library's and Scrapy's (the
crawl's dependencies') would be compiled again instead (a 1-post crawl: ~2.0 s of CPU against
0.95 from the source tree, 0.73 installed; benchmarks/README.md, branch ``crawl15``).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import pstats
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PER_PAGE = 20
WORDS = [
    "marketing",
    "clients",
    "trust",
    "referrals",
    "email",
    "list",
    "story",
    "business",
    "price",
    "niche",
    "value",
    "customers",
    "content",
    "headline",
    "reader",
    "service",
    "promise",
    "habit",
    "growth",
    "plan",
    "offer",
    "week",
    "small",
    "team",
    "idea",
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + "."


def post_html(n: int) -> bytes:
    rng = random.Random(n)
    paragraphs = "\n".join(
        "<p>" + " ".join(_sentence(rng) for _ in range(rng.randint(2, 4))) + "</p>"
        for _ in range(rng.randint(4, 8))
    )
    recent = "".join(
        f'<li><a href="/post/{max(0, n - k)}/">p{max(0, n - k)}</a></li>' for k in range(1, 6)
    )
    title = f"Post number {n}: {' '.join(rng.sample(WORDS, 3))}"
    schema = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": title,
            "datePublished": "2020-01-01",
        }
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="article"><script type="application/ld+json">{schema}</script>
</head><body><header><nav><a href="/">Home</a> <a href="/about/">About</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Bench Writer</p>
<div class="entry-content">{paragraphs}</div></article></main>
<aside><h2>Recent</h2><ul>{recent}</ul></aside>
<footer>&copy; Bench</footer></body></html>""".encode()


def listing_html(page: int, size: int) -> bytes:
    pages = -(-size // PER_PAGE)
    first = (page - 1) * PER_PAGE
    items = "\n".join(
        f'<article><h2><a href="/post/{i}/">Post number {i}</a></h2><p>Summary of post {i}.</p>'
        f'<a class="more" href="/post/{i}/">Read more</a></article>'
        for i in range(first, min(size, first + PER_PAGE))
    )
    nxt = f'<link rel="next" href="/page/{page + 1}/">' if page < pages else ""
    more = f'<a class="next" href="/page/{page + 1}/">Older posts</a>' if page < pages else ""
    schema = json.dumps({"@context": "https://schema.org", "@type": "CollectionPage"})
    return f"""<!DOCTYPE html><html><head><title>Archive page {page}</title>{nxt}
<link rel="alternate" type="application/rss+xml" title="Bench" href="/feed/">
<meta property="og:type" content="website"><script type="application/ld+json">{schema}</script>
</head><body><main>{items}</main><nav>{more}</nav></body></html>""".encode()


def sitemap_xml(base: str, size: int) -> bytes:
    """Every post in one ``<urlset>`` (20,000 posts make about 1.7 MB)."""
    entries = "".join(
        f"<url><loc>{base}post/{i}/</loc><lastmod>2020-01-01</lastmod></url>\n" for i in range(size)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    ).encode()


def feed_xml(base: str, size: int) -> bytes:
    """An RSS feed of the newest posts (the highest numbers), as blogs publish it."""
    items = "".join(
        f"<item><title>Post number {i}</title><link>{base}post/{i}/</link>"
        "<pubDate>Wed, 01 Jan 2020 00:00:00 GMT</pubDate></item>\n"
        for i in range(size - 1, max(-1, size - 1 - PER_PAGE), -1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>Bench</title><link>{base}</link>\n{items}</channel></rss>\n"
    ).encode()


class _Server(ThreadingHTTPServer):
    """The listen backlog is read when the socket starts listening (in ``__init__``), so it is
    set on the class: a burst of 16 connections must not overflow the default of 5."""

    request_queue_size = 128
    daemon_threads = True


class ArchiveServer:
    """Serves ``size`` posts and their paginated home from memory (generated per request)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._sitemap: bytes | None = None
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            wbufsize = 64 * 1024
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                status, body, kind = outer.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def answer(self, path: str) -> tuple[int, bytes, str]:
        html = "text/html; charset=utf-8"
        parts = [p for p in path.split("?")[0].split("/") if p]
        if not parts:
            return 200, listing_html(1, self.size), html
        if parts[0] == "robots.txt":
            robots = f"User-agent: *\nAllow: /\nSitemap: {self.url}sitemap.xml\n"
            return 200, robots.encode(), "text/plain"
        if parts == ["sitemap.xml"]:
            if self._sitemap is None:
                self._sitemap = sitemap_xml(self.url, self.size)
            return 200, self._sitemap, "application/xml"
        if parts == ["feed"]:
            return 200, feed_xml(self.url, self.size), "application/rss+xml"
        if len(parts) == 2 and parts[0] == "page" and parts[1].isdigit():
            page = int(parts[1])
            if 1 <= page <= -(-self.size // PER_PAGE):
                return 200, listing_html(page, self.size), html
        if (
            len(parts) == 2
            and parts[0] == "post"
            and parts[1].isdigit()
            and int(parts[1]) < self.size
        ):
            return 200, post_html(int(parts[1])), html
        return 404, b"not found", html


CHILD = """
import asyncio, json, resource, sys, time
from scraper import CrawlConfig, Crawler
url, out, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3])
render, site_model = sys.argv[4], sys.argv[5] == "on"
start = time.perf_counter()
exported = 0
config = CrawlConfig(start_urls=(url,), output_dir=out, delay=0, concurrency=concurrency,
                     per_host_concurrency=concurrency, render=render, site_model=site_model)
crawler = Crawler(config)
async def run():
    global exported
    async for _ in crawler.articles():
        exported += 1
asyncio.run(run())
elapsed = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": round(elapsed, 2), "fetched": crawler.stats.fetched,
                  "rendered": crawler.stats.rendered,
                  "exported": exported, "peak_rss_mib": round(peak_kib / 1024, 1)}))
"""


def installed_tree(source: Path, dest: Path) -> dict[str, str]:
    """Copy ``source``'s ``scraper`` package into ``dest`` and compile it there, as ``pip
    install`` compiles it; the environment under which a child imports that copy and reads its
    ``.pyc`` (a compiled ``.pyc`` is read with ``PYTHONDONTWRITEBYTECODE`` set: only writing is
    off). The standard library and the dependencies keep their own installed ``.pyc``."""
    shutil.copytree(
        source / "scraper", dest / "scraper", ignore=shutil.ignore_patterns("__pycache__")
    )
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(dest / "scraper")], check=True)
    env = os.environ.copy()
    env["PYTHONPATH"] = str(dest)
    env["PYTHONSAFEPATH"] = "1"  # `-m`/`-c` would put the working folder (a checkout) first
    probe = [sys.executable, "-c", "import scraper; print(scraper.__cached__)"]
    cached = subprocess.run(probe, env=env, capture_output=True, text=True, check=True).stdout
    if not Path(cached.strip()).is_file() or not Path(cached.strip()).is_relative_to(dest):
        raise SystemExit(f"{dest}: the crawls would not import the compiled copy ({cached})")
    return env


def scraper_source() -> Path:
    """The tree whose package this bench measures: the one it imports itself (``PYTHONPATH``),
    else the checkout the bench is in."""
    try:
        import scraper
    except ImportError:
        return Path(__file__).resolve().parent.parent
    return Path(scraper.__file__).resolve().parent.parent


def run_size(
    size: int,
    concurrency: int,
    site_model: str = "on",
    render: str = "never",
    env: dict[str, str] | None = None,
) -> dict[str, float]:
    server = ArchiveServer(size)
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, server.url, out, str(concurrency), render, site_model],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
    server.httpd.shutdown()
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["size"] = size
    result["pages_per_second"] = round(result["fetched"] / result["seconds"], 1)
    return result


# --- the whole job against a peer: scraper crawl vs Scrapy + trafilatura, interleaved -----------

PEER_SCRIPT = Path(__file__).with_name("scrapy_peer.py")
PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> None:
    """Orphaned descendants (a crawl's extraction workers) are re-parented to this process, so
    reaping them adds their CPU to ``RUSAGE_CHILDREN``: the whole tree's cost is counted."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def measure(argv: list[str], env: dict[str, str] | None = None) -> dict[str, float | str]:
    """Run ``argv`` to its end; wall seconds, CPU seconds of its whole process tree, the main
    process's peak RSS (with the largest of the children it reaped itself, as ``wait4`` reports
    it) plus every orphan's peak (an upper bound for the tree when the workers are orphans)."""
    before = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdout=out, stderr=err, env=os.environ.copy() if env is None else env
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        tree_kib = usage.ru_maxrss
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # reap the orphans (extraction workers, forkserver)
            try:
                pid, _status, orphan = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                time.sleep(0.05)
                continue
            tree_kib += orphan.ru_maxrss
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode not in (0, 1):  # 1: some pages failed (the 404 of /about/)
        raise RuntimeError(f"{argv[:4]} exited {proc.returncode}: {stderr[-2000:]}")
    return {
        "seconds": elapsed,
        "cpu": _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - before,
        "peak_mib": usage.ru_maxrss / 1024,
        "tree_mib": tree_kib / 1024,
        "stdout": stdout,
    }


def run_scraper_cli(
    url: str, out: str, concurrency: int, env: dict[str, str] | None = None
) -> dict[str, float]:
    argv = [sys.executable, "-m", "scraper", "crawl", url, "-o", out, "--delay", "0"]
    argv += ["--concurrency", str(concurrency), "--per-host", str(concurrency), "-q"]
    result = measure(argv, env)
    db = sqlite3.connect(Path(out) / ".scraper" / "state.sqlite")
    fetched = db.execute("SELECT COUNT(*) FROM urls WHERE http_status IS NOT NULL").fetchone()[0]
    db.close()
    exported = sum(1 for _ in Path(out).glob("*/*.json"))
    return _figures(result, fetched + 1, exported)  # + robots.txt, kept outside the frontier


def run_scrapy(
    url: str, out: str, concurrency: int, env: dict[str, str] | None = None
) -> dict[str, float]:
    argv = [sys.executable, str(PEER_SCRIPT), url, out, "--concurrency", str(concurrency)]
    result = measure(argv, env)
    counts = json.loads(str(result["stdout"]).strip().splitlines()[-1])
    return _figures(result, counts["fetched"], counts["exported"])


def _figures(result: dict[str, float | str], fetched: int, exported: int) -> dict[str, float]:
    seconds, cpu = float(result["seconds"]), float(result["cpu"])
    return {
        "fetched": fetched,
        "exported": exported,
        "seconds": round(seconds, 2),
        "pages_per_second": round(fetched / seconds, 1),
        "cpu_ms_per_page": round(1000 * cpu / max(1, fetched), 3),
        "cores": round(cpu / seconds, 2),
        "peak_mib": round(float(result["peak_mib"]), 1),
        "tree_mib": round(float(result["tree_mib"]), 1),
    }


def compare(
    sizes: list[int],
    concurrency: int,
    repeats: int,
    tools: tuple[str, ...] = ("scraper", "scrapy"),
    env: dict[str, str] | None = None,
) -> None:
    """Each size: one server, then ``repeats`` rounds of both tools, alternating who goes first;
    the scraper's crawls under ``env`` (``installed_tree``'s), Scrapy's under the bench's own."""
    become_subreaper()
    runners = {"scraper": run_scraper_cli, "scrapy": run_scrapy}
    print(
        f"{'posts':>6} {'tool':>8} {'fetched':>8} {'exported':>8} {'seconds':>8} {'pages/s':>8} "
        f"{'CPU ms/pg':>9} {'cores':>5} {'load':>5} {'peak MiB':>8} {'tree MiB':>8}"
    )
    for size in sizes:
        server = ArchiveServer(size)
        rates: dict[str, list[float]] = {"scraper": [], "scrapy": []}
        cpus: dict[str, list[float]] = {"scraper": [], "scrapy": []}
        for rep in range(repeats):
            order = tools if rep % 2 == 0 else tools[::-1]
            for tool in order:
                with tempfile.TemporaryDirectory() as out:
                    r = runners[tool](
                        server.url, out, concurrency, env if tool == "scraper" else None
                    )
                rates[tool].append(r["pages_per_second"])
                cpus[tool].append(r["cpu_ms_per_page"])
                print(
                    f"{size:>6} {tool:>8} {r['fetched']:>8} {r['exported']:>8} "
                    f"{r['seconds']:>8} {r['pages_per_second']:>8} {r['cpu_ms_per_page']:>9} "
                    f"{r['cores']:>5} {os.getloadavg()[0]:>5.1f} {r['peak_mib']:>8} "
                    f"{r['tree_mib']:>8}",
                    flush=True,
                )
        server.httpd.shutdown()
        if len(tools) < 2:
            continue
        speed = statistics.median(rates["scraper"]) / statistics.median(rates["scrapy"])
        cpu = statistics.median(cpus["scraper"]) / statistics.median(cpus["scrapy"])
        print(f"{size:>6} scraper/scrapy: {speed:.2f}x pages/s, {cpu:.2f}x CPU per page (medians)")
    print(
        f"(python {sys.version.split()[0]}; CPU = the whole process tree, server excluded; "
        "peak = the main process, tree = its peak with its own children's (the largest) plus "
        "every orphan's; the scraper compiled once before the runs, as pip installs it; cores = "
        "the tree's CPU / wall: on a shared box a run below its tool's usual figure was short of "
        "CPU, not of work, see crawl_timeline.py; load = the 1-minute load average after it)"
    )


# --- where the CPU goes: one crawl under cProfile (CPU clock), extraction in-process -------------

STAGES = (
    ("fetch (httpx)", ("/httpx/", "/httpcore/", "/h11/", "/anyio/", "/scraper/crawler/fetch.py")),
    ("frontier (SQLite)", ("/scraper/crawler/frontier.py", "/scraper/state_db.py")),
    ("extraction", ("/scraper/extractor/", "/scraper/sitemodel/", "/scraper/crawler/worker.py")),
    ("export", ("/scraper/export/",)),
    ("discovery", ("/scraper/crawler/discover.py", "/scraper/crawler/urls.py")),
    ("robots", ("/scraper/crawler/robots.py", "urllib/robotparser")),
    ("crawl loop", ("/scraper/crawler/crawl.py",)),
    ("event loop", ("/asyncio/", "selectors.py")),
)

PROFILE_CHILD = """
import asyncio, cProfile, pstats, sys, time
from scraper import CrawlConfig
from scraper.export import JsonDirExporter
from scraper.export.pipeline import acrawl_to
url, out, concurrency, dump = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
config = CrawlConfig(start_urls=(url,), output_dir=out, delay=0, concurrency=concurrency,
                     per_host_concurrency=concurrency, extract_workers=0)
profile = cProfile.Profile(time.process_time)  # CPU, not the waits of a shared machine
profile.enable()
stats = asyncio.run(acrawl_to(config, JsonDirExporter(out)))
profile.disable()
profile.dump_stats(dump)
print(stats.fetched)
"""


def _stage_of(filename: str) -> str | None:
    for stage, markers in STAGES:
        if any(marker in filename for marker in markers):
            return stage
    return None


def stage_shares(dump: str) -> dict[str, float]:
    """Self time per stage; time in library code (builtins, json, os, sqlite3...) goes to the
    stage of whoever called it, split by the callers' shares, up to a few levels."""
    raw = pstats.Stats(dump).stats  # type: ignore[attr-defined]
    totals: dict[str, float] = {}

    def attribute(func: tuple[str, int, str], seconds: float, depth: int) -> None:
        stage = _stage_of(func[0])
        if stage is not None or depth > 6:
            totals[stage or "other"] = totals.get(stage or "other", 0.0) + seconds
            return
        callers = raw[func][4]
        spent = sum(c[2] for c in callers.values())
        if not callers or spent <= 0:
            totals["other"] = totals.get("other", 0.0) + seconds
            return
        for caller, c in callers.items():
            if caller in raw:
                attribute(caller, seconds * c[2] / spent, depth + 1)

    for func, (_cc, _nc, tottime, _ct, _callers) in raw.items():
        if tottime > 0:
            attribute(func, tottime, 0)
    return totals


def profile(size: int, concurrency: int, env: dict[str, str] | None = None) -> None:
    server = ArchiveServer(size)
    with tempfile.TemporaryDirectory() as out:
        dump = os.path.join(out, "crawl.prof")
        done = subprocess.run(
            [sys.executable, "-c", PROFILE_CHILD, server.url, out, str(concurrency), dump],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        fetched = int(done.stdout.strip().splitlines()[-1])
        totals = stage_shares(dump)
    server.httpd.shutdown()
    whole = sum(totals.values())
    print(f"stage profile (CPU): one crawl of {size} posts, extraction in-process, {fetched} pages")
    print(f"{'stage':>18} {'share':>6} {'ms/page':>8}")
    for stage, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        share = 100 * seconds / whole
        print(f"{stage:>18} {share:>5.1f}% {1000 * seconds / max(1, fetched):>8.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--render", choices=("never", "auto"), default="never")
    parser.add_argument(
        "--site-model", choices=("on", "off", "both"), default="on", help="learn each site's model"
    )
    parser.add_argument(
        "--peer",
        choices=("scrapy",),
        help="instead: `scraper crawl` against a Scrapy + trafilatura spider, interleaved on one "
        "server per size (needs the bench extra)",
    )
    parser.add_argument("--repeats", type=int, default=2, help="rounds per tool with --peer")
    parser.add_argument(
        "--only-scraper",
        action="store_true",
        help="with --peer: skip the peer (memory runs at large sizes)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="also print where one crawl spends its time"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crawl_bench-") as installed:
        env = installed_tree(scraper_source(), Path(installed))
        run(args, env)


def run(args: argparse.Namespace, env: dict[str, str]) -> None:
    """The measurements ``args`` ask for, every crawl importing the compiled copy (``env``)."""
    if args.peer:
        tools = ("scraper",) if args.only_scraper else ("scraper", "scrapy")
        compare(args.sizes, args.concurrency, args.repeats, tools, env)
        if args.profile:
            profile(max(args.sizes), args.concurrency, env)
        return
    if args.profile:
        profile(max(args.sizes), args.concurrency, env)
        return
    modes = ("off", "on") if args.site_model == "both" else (args.site_model,)
    print(
        f"{'posts':>7} {'model':>5} {'fetched':>8} {'exported':>9} {'seconds':>8} {'pages/s':>8} "
        f"{'peak MiB':>9}"
    )
    for size in args.sizes:
        for mode in modes:
            r = run_size(size, args.concurrency, mode, args.render, env)
            print(
                f"{size:>7} {mode:>5} {r['fetched']:>8} {r['exported']:>9} {r['seconds']:>8} "
                f"{r['pages_per_second']:>8} {r['peak_rss_mib']:>9}",
                flush=True,
            )
    print(
        f"(python {sys.version.split()[0]}; peak RSS of each crawl's own process; the scraper "
        "compiled once before the runs, as pip installs it)"
    )


if __name__ == "__main__":
    main()
