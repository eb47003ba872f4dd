"""Crawl throughput and memory on a generated blog archive served from memory on 127.0.0.1.

For each size (default 1,000 and 5,000 posts) a fresh subprocess crawls the whole archive with
politeness off (delay 0, high concurrency) and reports pages fetched per second, articles
exported and its peak RSS, so the growth with archive size shows. State lives in SQLite, so
memory should stay roughly flat as the archive grows.

    python benchmarks/crawl_bench.py [--sizes 1000 5000] [--concurrency 16] [--render auto]

``--render auto`` measures what JavaScript-page detection costs on a site that needs no browser
(none is started; compare with the default ``never`` in the same session).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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
<meta property="og:type" content="website"><script type="application/ld+json">{schema}</script>
</head><body><main>{items}</main><nav>{more}</nav></body></html>""".encode()


class _Server(ThreadingHTTPServer):
    """The listen backlog is read when the socket starts listening (in ``__init__``), so it is
    set on the class: a burst of 16 connections must not overflow the default of 5."""

    request_queue_size = 128
    daemon_threads = True


class ArchiveServer:
    """Serves ``size`` posts and their paginated home from memory (generated per request)."""

    def __init__(self, size: int) -> None:
        self.size = size
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
            return 200, b"User-agent: *\nAllow: /\n", "text/plain"
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


def run_size(
    size: int, concurrency: int, site_model: str = "on", render: str = "never"
) -> dict[str, float]:
    server = ArchiveServer(size)
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, server.url, out, str(concurrency), render, site_model],
            capture_output=True,
            text=True,
            check=True,
        )
    server.httpd.shutdown()
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["size"] = size
    result["pages_per_second"] = round(result["fetched"] / result["seconds"], 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--render", choices=("never", "auto"), default="never")
    parser.add_argument(
        "--site-model", choices=("on", "off", "both"), default="on", help="learn each site's model"
    )
    args = parser.parse_args()
    modes = ("off", "on") if args.site_model == "both" else (args.site_model,)
    print(
        f"{'posts':>7} {'model':>5} {'fetched':>8} {'exported':>9} {'seconds':>8} {'pages/s':>8} "
        f"{'peak MiB':>9}"
    )
    for size in args.sizes:
        for mode in modes:
            r = run_size(size, args.concurrency, mode, args.render)
            print(
                f"{size:>7} {mode:>5} {r['fetched']:>8} {r['exported']:>9} {r['seconds']:>8} "
                f"{r['pages_per_second']:>8} {r['peak_rss_mib']:>9}",
                flush=True,
            )
    print(f"(python {sys.version.split()[0]}; peak RSS of each crawl's own process)")


if __name__ == "__main__":
    main()
