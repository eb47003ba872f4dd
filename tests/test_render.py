"""Pages that need JavaScript: detection (no browser) and rendering with a real headless Chromium.

The rendering tests crawl loopback sites whose articles exist only after scripts run
(tests/jssite.py) with the Chromium on the machine; they are skipped, with the reason, only when
Playwright or a Chromium is missing (CI installs both). Each crawl starts one browser, so the
module runs few crawls and shares their results between tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import BLOG, FIXTURES, fast_config
from fastwarc.warc import ArchiveIterator, WarcRecordType
from jssite import (
    JS_POSTS,
    MIXED_JS_POSTS,
    MIXED_SERVER_POSTS,
    js_blog,
    mixed_blog,
    paragraphs,
    post_data,
)
from servers import Reply, ScriptedServer

from scraper.crawler.crawl import Crawler
from scraper.crawler.render import BROWSER_NAMES
from scraper.errors import RenderUnavailable
from scraper.extractor import decode_html
from scraper.extractor.shell import SHELL_MAX_TEXT, detect_app_shell, needs_rendering
from scraper.models import CrawledArticle
from scraper.site_server import SiteServer

REPO = Path(__file__).resolve().parent.parent


def _browser_setup() -> str | None:
    """Why rendering cannot be tested here, or None when it can."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install '.[browser]')"
    if not any(shutil.which(name) for name in BROWSER_NAMES):
        return "no Chromium on the PATH (apt-get install chromium)"
    return None


MISSING = _browser_setup()
needs_browser = pytest.mark.skipif(MISSING is not None, reason=str(MISSING))


# --- detection: pure, no browser ---------------------------------------------------------------

ARTICLE_TEXT = " ".join(paragraphs(7))

SHELLS = {
    "empty root and a noscript plea": """<html><head><title>App</title></head><body>
        <noscript>You need to enable JavaScript to run this app.</noscript>
        <div id="root"></div><script src="/static/js/main.js"></script></body></html>""",
    "empty mount with the article in JSON state": f"""<html><head><title>Post</title></head>
        <body><div id="__next"></div><script id="__NEXT_DATA__" type="application/json">
        {json.dumps({"props": {"post": {"body": ARTICLE_TEXT}}})}</script></body></html>""",
    "state assigned to window, body of scripts only": f"""<html><head><title>x</title></head>
        <body><script>window.__INITIAL_STATE__ = {json.dumps({"a": ARTICLE_TEXT})};</script>
        <script src="/app.js"></script></body></html>""",
    "a placeholder and a script, no marker": """<html><head>
        <link rel="modulepreload" href="/_app/start.js"></head><body>
        <div style="display: contents"><p>Loading…</p></div>
        <script>import("/_app/start.js").then((app) => app.start())</script></body></html>""",
    "mount element with a plea in other words": """<html><body><noscript><strong>We're sorry
        but this site doesn't work properly without JavaScript enabled. Please enable it to
        continue.</strong></noscript><div id="app"></div></body></html>""",
    "custom element app root": """<html><head><title>App</title>
        <script type="module" src="/main.js"></script></head>
        <body><app-root></app-root></body></html>""",
    "header and footer rendered, the article only in state": f"""<html><body>
        <header><nav>Home About Archive Contact Subscribe</nav></header>
        <main id="app"></main><footer>Copyright 2024 The Example Journal. All rights
        reserved.</footer><script>window.__PRELOADED_STATE__ = {
        json.dumps({"article": {"paragraphs": paragraphs(8)}})
    }</script></body></html>""",
}

NOT_SHELLS = {
    "server-rendered page of a framework": f"""<html><body><div id="__next"><article>
        <h1>Title</h1><p>{ARTICLE_TEXT}</p></article></div>
        <script id="__NEXT_DATA__" type="application/json">
        {json.dumps({"props": {"post": {"body": ARTICLE_TEXT}}})}</script></body></html>""",
    "article with a comments widget asking for JavaScript": f"""<html><body><article>
        <h1>Title</h1><p>{ARTICLE_TEXT}</p></article><div id="app"></div>
        <noscript>Please enable JavaScript to view the comments.</noscript></body></html>""",
    "content served in noscript": f"""<html><body><div id="app"></div>
        <noscript><h1>Title</h1><p>{ARTICLE_TEXT}</p></noscript></body></html>""",
    "short page without any marker": """<html><body><p>Moved to a new address.</p>
        </body></html>""",
}


def exported_files(folder: Path) -> list[Path]:
    """The article files a crawl exported (the crawl state in ``.scraper/`` is not output)."""
    return [p for p in folder.rglob("*.json") if ".scraper" not in p.relative_to(folder).parts]


@pytest.mark.parametrize("name", sorted(SHELLS))
def test_app_shells_are_detected(name: str) -> None:
    shell = detect_app_shell(SHELLS[name])
    assert shell is not None, name
    assert shell.markers


@pytest.mark.parametrize("name", sorted(NOT_SHELLS))
def test_pages_with_their_own_content_are_not_shells(name: str) -> None:
    assert detect_app_shell(NOT_SHELLS[name]) is None


def test_no_fixture_page_is_taken_for_a_shell() -> None:
    pages = sorted(FIXTURES.rglob("*.html"))
    assert len(pages) > 50
    flagged = [p.name for p in pages if needs_rendering(decode_html(p.read_bytes())[0])]
    assert flagged == []


def test_an_extracted_article_makes_detection_free() -> None:
    """The crawl passes the extractor's text length: a page with an article is no shell."""
    html = SHELLS["empty root and a noscript plea"]
    assert needs_rendering(html, readable_chars=SHELL_MAX_TEXT - 1)
    assert not needs_rendering(html, readable_chars=SHELL_MAX_TEXT)


def test_loopback_site_pages_are_classified() -> None:
    with js_blog() as server:
        for path in ("/", *(f"/post/{n}" for n in JS_POSTS)):
            assert needs_rendering(server.next_reply(path).body.decode()), path
    with mixed_blog() as server:
        for n in MIXED_SERVER_POSTS:
            assert not needs_rendering(server.next_reply(f"/post/{n}").body.decode())
        assert not needs_rendering(server.next_reply("/").body.decode())


# --- the command line without a browser --------------------------------------------------------


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None, prelude: str = "") -> Run:
    """``scraper ARGS`` in a subprocess; ``prelude`` runs first (to hide a module, say)."""
    code = (
        f"import sys\n{prelude}\nfrom scraper.cli import main\ncode = main(sys.argv[1:])\n"
        "print('PLAYWRIGHT_IMPORTED' if 'playwright.async_api' in sys.modules else '', "
        "file=sys.stderr)\nsys.exit(code)"
    )
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return Run(done.returncode, done.stderr, "PLAYWRIGHT_IMPORTED" in done.stderr)


@dataclass
class Run:
    code: int
    stderr: str
    imported_playwright: bool

    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def test_render_never_exports_nothing_and_says_how_many_pages_needed_it(tmp_path: Path) -> None:
    with js_blog() as server:
        run = run_cli("crawl", server.url, "--render", "never", "-o", "out", "--delay", "0",
                      cwd=tmp_path)  # fmt: skip
        assert run.code == 0, run.stderr
        assert "1 page needed JavaScript rendering (use --render auto)" in run.stderr
        assert not exported_files(tmp_path / "out")
        assert server.seen("/static/app.js") == []
    assert not run.imported_playwright


def test_without_playwright_render_says_what_to_install(tmp_path: Path) -> None:
    run = run_cli("crawl", "http://127.0.0.1:9/", "--render", "auto", cwd=tmp_path,
                  prelude="sys.modules['playwright'] = None")  # fmt: skip
    assert run.code == 2
    assert run.lines()[0].startswith("scraper: --render auto needs Playwright: pip install")
    assert len([line for line in run.lines() if "PLAYWRIGHT" not in line]) == 1


@pytest.mark.skipif(MISSING is not None and "Playwright" in str(MISSING), reason=str(MISSING))
def test_without_a_browser_render_says_what_to_install(tmp_path: Path) -> None:
    missing = run_cli("crawl", "http://127.0.0.1:9/", "--render", "always",
                      "--browser-path", str(tmp_path / "no-such-chrome"), cwd=tmp_path)  # fmt: skip
    assert missing.code == 2
    assert "is not an executable file" in missing.lines()[0]
    assert "apt-get install chromium" in missing.lines()[0]
    bare_path = {"PATH": str(Path(sys.executable).parent)}
    if any(shutil.which(name, path=bare_path["PATH"]) for name in BROWSER_NAMES):
        pytest.skip("a browser sits beside the Python interpreter")
    none_found = run_cli("crawl", "http://127.0.0.1:9/", "--render", "auto", cwd=tmp_path,
                         env=bare_path)  # fmt: skip
    assert none_found.code == 2
    assert "needs Chromium and none is on the PATH" in none_found.lines()[0]


@needs_browser
def test_site_that_needs_no_rendering_starts_no_browser(tmp_path: Path) -> None:
    """``--render auto`` on server-rendered pages: no page rendered, Playwright never imported
    (so no browser process can have been launched), every article exported as without it."""
    with SiteServer(BLOG) as server:
        auto = run_cli("crawl", server.url, "--render", "auto", "-o", "auto", "--delay", "0",
                       cwd=tmp_path)  # fmt: skip
        never = run_cli("crawl", server.url, "-o", "never", "--delay", "0", cwd=tmp_path)
    assert auto.code == never.code == 0, auto.stderr
    assert not auto.imported_playwright
    assert "JavaScript" not in auto.stderr
    exported = sorted(p.name for p in exported_files(tmp_path / "auto"))
    assert exported and exported == sorted(p.name for p in exported_files(tmp_path / "never"))


# --- rendering with the real browser -----------------------------------------------------------


@dataclass
class BlogCrawl:
    run: Run
    records: dict[str, dict[str, object]]
    seen: dict[str, int]
    warc: Path


@pytest.fixture(scope="module")
def js_blog_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BlogCrawl]:
    """``scraper crawl URL --render auto -o DIR --delay 0 --warc FILE`` on the JS blog, once."""
    if MISSING is not None:
        pytest.skip(MISSING)
    folder = tmp_path_factory.mktemp("jsblog")
    with js_blog() as server:
        run = run_cli("crawl", server.url, "--render", "auto", "-o", "out", "--delay", "0",
                      "--warc", "crawl.warc.gz", cwd=folder)  # fmt: skip
        seen: dict[str, int] = {}
        for request in server.requests:
            seen[request.path] = seen.get(request.path, 0) + 1
    records = {}
    for path in exported_files(folder / "out"):
        record = json.loads(path.read_text(encoding="utf-8"))
        records[record["url"].split("/", 3)[3]] = record
    yield BlogCrawl(run, records, seen, folder / "crawl.warc.gz")


@needs_browser
def test_auto_exports_every_script_built_post_in_full(js_blog_crawl: BlogCrawl) -> None:
    """Inline JSON state (1), fetched JSON (2), paragraphs added after load (3), all found
    through links a script added to the home page."""
    run = js_blog_crawl.run
    assert run.code == 0, run.stderr
    assert "4 pages rendered with JavaScript (4 detected as needing it)" in run.stderr
    assert sorted(js_blog_crawl.records) == [f"post/{n}" for n in JS_POSTS]
    for n in JS_POSTS:
        record = js_blog_crawl.records[f"post/{n}"]
        assert record["title"] == f"Field notes number {n}"
        text = str(record["text"])
        for paragraph in paragraphs(n):
            assert paragraph in text, (n, paragraph[:40])


@needs_browser
def test_browser_requests_go_through_the_polite_fetcher(js_blog_crawl: BlogCrawl) -> None:
    seen = js_blog_crawl.seen
    assert "/private/tracker.js" not in seen  # robots.txt forbids it
    assert "/static/hero.png" not in seen  # images are blocked
    assert seen["/static/app.js"] == 1  # the shared bundle is fetched once for the crawl
    assert seen["/api/posts.json"] == seen["/api/post/2.json"] == 1
    assert seen["/robots.txt"] == 1


@needs_browser
def test_rendered_dom_is_archived_beside_the_raw_response(js_blog_crawl: BlogCrawl) -> None:
    responses: dict[str, str] = {}
    conversions: dict[str, tuple[str, bytes]] = {}
    with open(js_blog_crawl.warc, "rb") as stream:
        for record in ArchiveIterator(stream, parse_http=False):
            uri = record.headers.get("WARC-Target-URI") or ""
            path = uri.split("/", 3)[3] if uri.count("/") >= 3 else uri
            if record.record_type == WarcRecordType.response:
                responses[path] = record.headers["WARC-Record-ID"]
            elif record.record_type == WarcRecordType.conversion:
                conversions[path] = (record.headers["WARC-Refers-To"], record.reader.read())
    assert sorted(conversions) == sorted(["", *(f"post/{n}" for n in JS_POSTS)])
    for path, (refers_to, body) in conversions.items():
        assert refers_to == responses[path]
        assert b'<div id="root"><' in body  # the mount element filled by the script
    assert "api/post/2.json" in responses  # the browser's requests are archived too


@needs_browser
def test_extract_reads_the_rendered_articles_back_from_the_warc(js_blog_crawl: BlogCrawl) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "extract", str(js_blog_crawl.warc)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert sorted(r["title"] for r in records) == [f"Field notes number {n}" for n in JS_POSTS]
    for record in records:
        assert record["text"] == js_blog_crawl.records[record["url"].split("/", 3)[3]]["text"]


@needs_browser
def test_auto_renders_only_the_pages_that_need_it(tmp_path: Path) -> None:
    with mixed_blog() as server:
        config = fast_config(server.url, tmp_path / "out", render="auto")
        crawler = Crawler(config)
        urls = asyncio.run(_collect(crawler))
        seen = [request.path for request in server.requests]
    expected = {f"{server.url}post/{n}" for n in (*MIXED_SERVER_POSTS, *MIXED_JS_POSTS)}
    assert urls == expected
    assert crawler.stats.needed_render == crawler.stats.rendered == len(MIXED_JS_POSTS)
    assert crawler.renderer.launches == 1
    assert "/static/enhance.js" not in seen  # no server-rendered page went to the browser
    assert sorted(p for p in seen if p.startswith("/api/")) == [
        f"/api/post/{n}.json" for n in MIXED_JS_POSTS
    ]


async def _collect(crawler: Crawler) -> set[str]:
    return {item.final_url async for item in crawler.articles()}


def test_library_reports_a_missing_playwright_as_a_typed_error(tmp_path: Path) -> None:
    saved = sys.modules.get("playwright")
    sys.modules["playwright"] = None  # type: ignore[assignment]
    try:
        with pytest.raises(RenderUnavailable, match="needs Playwright"):
            Crawler(fast_config("http://127.0.0.1:9/", tmp_path, render="auto"))
    finally:
        if saved is None:
            del sys.modules["playwright"]
        else:
            sys.modules["playwright"] = saved


# --- a crash and a hang fail their page only ---------------------------------------------------

# An article built at once, and a clock that changes the page's text for ever after.
TICKING = """<html><head><title>Loading</title></head><body><div id="root"></div>
<p id="clock"></p><script>window.manualRender = true;</script>
<script src="/static/app.js"></script>
<script>
window.renderPost(%s);
var ticks = 0;
setInterval(function () { document.getElementById("clock").textContent = "tick " + ticks++; }, 50);
</script></body></html>"""

HANG = """<html><head><title>Loading</title></head><body><div id="root"></div>
<noscript>This site requires JavaScript.</noscript>
<script>while (true) {}</script></body></html>"""


def _failures(output: Path) -> dict[str, str]:
    with contextlib.closing(sqlite3.connect(output / ".scraper" / "state.sqlite")) as db:
        rows = db.execute("SELECT url, error FROM urls WHERE status = 'failed'").fetchall()
    return {url: error for url, error in rows}


def _browser_pids() -> list[int]:
    """This process's descendant Chromium browser processes (the one Playwright talks to)."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            commands[int(entry.name)] = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found = []
    for pid, command in commands.items():
        if "--remote-debugging-pipe" not in command:
            continue
        ancestor = parents.get(pid, 0)
        while ancestor > 1 and ancestor != os.getpid():
            ancestor = parents.get(ancestor, 0)
        if ancestor == os.getpid():
            found.append(pid)
    return found


def _kill_browser_on_request(server: object, path: str, stop: threading.Event) -> None:
    """Watch the server's log; when ``path`` is first asked for, kill the browser (a crash)."""
    while not stop.is_set():
        if server.seen(path):  # type: ignore[attr-defined]
            for pid in _browser_pids():
                os.kill(pid, signal.SIGKILL)
            return
        time.sleep(0.01)


@needs_browser
def test_crash_and_hang_fail_their_page_only_and_the_next_run_retries(tmp_path: Path) -> None:
    with js_blog() as server:
        server.route("/api/post/2.json", Reply(delay=0.5, body=b"{}"), Reply(
            body=json.dumps({"title": "Field notes number 2", "date": "2024-03-02",
                             "author": "Ada Writer", "paragraphs": paragraphs(2)}).encode(),
            content_type="application/json"))  # fmt: skip
        server.html("/post/4", HANG)
        server.html("/post/5", TICKING % json.dumps(post_data(5)))
        server.route(
            "/api/posts.json",
            Reply(
                body=json.dumps(
                    [{"title": f"Post {n}", "url": f"/post/{n}"} for n in (1, 2, 3, 4, 5)]
                ).encode(),
                content_type="application/json",
            ),
        )
        config = fast_config(
            server.url, tmp_path / "out", render="auto", render_timeout=3, max_browser_pages=1
        )
        stop = threading.Event()
        killer = threading.Thread(
            target=_kill_browser_on_request, args=(server, "/api/post/2.json", stop)
        )
        killer.start()
        try:
            first = Crawler(config)
            urls = asyncio.run(_collect(first))
        finally:
            stop.set()
            killer.join()
        assert urls == {f"{server.url}post/{n}" for n in (1, 3, 5)}  # 5 never settles
        assert first.stats.failed == 2  # the crashed page and the hung page
        errors = _failures(tmp_path / "out")
        assert "browser crashed" in errors[f"{server.url}post/2"]
        assert "did not load within 3s" in errors[f"{server.url}post/4"]

        second = Crawler(config)
        again = asyncio.run(_collect(second))
    assert f"{server.url}post/2" in again
    assert f"{server.url}post/4" not in again  # still hangs: failed again, crawl still ends
    assert second.stats.failed == 1


@needs_browser
def test_always_renders_every_page_within_the_per_host_delay(tmp_path: Path) -> None:
    """``--render always``: every HTML page goes to the browser, and every request, the
    browser's own included, keeps the host's politeness: one at a time, ``delay`` apart."""
    delay = 0.2
    with mixed_blog() as server:
        config = fast_config(
            server.url, tmp_path / "out", render="always", delay=delay, per_host_concurrency=1
        )
        crawler = Crawler(config)
        urls = asyncio.run(_collect(crawler))
        starts = sorted(request.at for request in server.requests)
        paths = [request.path for request in server.requests]
    assert len(urls) == len(MIXED_SERVER_POSTS) + len(MIXED_JS_POSTS)
    assert crawler.stats.rendered == 1 + len(urls)  # the home page and every post
    assert crawler.stats.needed_render == len(MIXED_JS_POSTS)
    assert paths.count("/static/enhance.js") == 1  # asked for by every page, fetched once
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    # Arrival times jitter on a busy machine: one late arrival shortens the gap after it
    # (0.088 s, then 0.022 s of 0.2 seen under load) and lengthens the one before by as much,
    # so no single gap is bounded; any two in a row still span the delay, and the gaps on
    # average keep it whole.
    spans = [first + second for first, second in itertools.pairwise(gaps)]
    assert min(spans) >= delay * 0.9, gaps
    assert sum(gaps) / len(gaps) >= delay, gaps


@needs_browser
def test_other_hosts_serve_scripts_and_data_only_under_their_robots(tmp_path: Path) -> None:
    """A post built by a script from another host: that host's robots.txt is asked for and
    obeyed, its script runs, its stylesheet and fonts are never requested."""
    lib = "window.renderPost = function (post) { var a = document.createElement('article');"
    lib += " post.paragraphs.forEach(function (t) { var p = document.createElement('p');"
    lib += " p.textContent = t; a.appendChild(p); });"
    lib += " document.getElementById('root').appendChild(a); };"
    with ScriptedServer() as cdn, ScriptedServer() as site:
        cdn.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n"))
        cdn.route("/lib.js", Reply(body=lib.encode(), content_type="application/javascript"))
        cdn.route("/private/x.js", Reply(body=b"", content_type="application/javascript"))
        cdn.route("/style.css", Reply(body=b"p { color: red }", content_type="text/css"))
        site.route("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n"))
        site.html(
            "/post/1",
            f"""<html><head><title>Field notes number 9</title>
            <link rel="stylesheet" href="{cdn.url}style.css">
            <script src="{cdn.url}lib.js"></script>
            <script src="{cdn.url}private/x.js"></script></head>
            <body><div id="root"></div><h1>Field notes number 9</h1>
            <script>window.renderPost({json.dumps(post_data(9))});</script></body></html>""",
        )
        crawler = Crawler(fast_config(f"{site.url}post/1", tmp_path / "out", render="auto"))
        articles = asyncio.run(_articles(crawler))
        asked = [request.path for request in cdn.requests]
    assert [a.final_url for a in articles] == [f"{site.url}post/1"]
    for paragraph in paragraphs(9):
        assert paragraph in (articles[0].article.text or "")
    assert sorted(asked) == ["/lib.js", "/robots.txt"]


async def _articles(crawler: Crawler) -> list[CrawledArticle]:
    return [item async for item in crawler.articles()]
