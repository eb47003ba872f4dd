"""Whole crawls of the fixture blog on 127.0.0.1: find every post, resume, re-crawl."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
from conftest import BLOG, fast_config
from servers import Reply, ScriptedServer

from scraper import CrawlConfig, Crawler, acrawl, crawl
from scraper.crawler.crawl import CrawlStats
from scraper.errors import CrawlLocked, InputError
from scraper.models import CrawledArticle, Exchange
from scraper.progress import format_summary
from scraper.site_server import SiteServer

ORIGIN = "https://www.jimsmarketingblog.com/"


def local(urls: list[str], server: SiteServer) -> set[str]:
    return {u.replace(ORIGIN, server.url) for u in urls}


def exported(items: list[CrawledArticle]) -> list[str]:
    return [i.final_url for i in items]


def test_full_crawl_finds_every_post_and_no_listing(
    blog_server: SiteServer, make_blog: ModuleType, tmp_path: Path
) -> None:
    progress: list[CrawlStats] = []
    crawler = Crawler(fast_config(blog_server.url, tmp_path), on_progress=progress.append)

    async def run() -> list[CrawledArticle]:
        return [item async for item in crawler.articles()]

    items = asyncio.run(run())
    urls = exported(items)
    posts = local(make_blog.post_urls(), blog_server)
    assert len(urls) == len(set(urls)) == len(posts) == 30
    assert set(urls) == posts
    assert all(i.article.page_kind == "article" and i.article.text for i in items)
    seed = next(i for i in items if "no-traffic-jams" in i.final_url)
    assert seed.article.title == "There are no traffic jams on the extra mile"
    assert crawler.stats.exported == 30 and crawler.stats.failed == 0
    assert progress and progress[-1].fetched == crawler.stats.fetched
    # robots.txt disallows /search/; the crawler never asked for it.
    assert not [p for p in blog_server.paths() if p.startswith("/search/")]


def test_acrawl_and_crawl_accept_the_same_options(blog_server: SiteServer, tmp_path: Path) -> None:
    async def run() -> list[str]:
        return [
            i.final_url
            async for i in acrawl(blog_server.url, output_dir=tmp_path / "a", delay=0, max_pages=3)
        ]

    assert len(asyncio.run(run())) <= 3
    config = CrawlConfig(start_urls=(blog_server.url,), output_dir=tmp_path / "b", delay=0)
    assert len(list(crawl(config, include=(r"/2022/",)))) == 7
    with pytest.raises(InputError):
        list(crawl(blog_server.url, no_such_option=1))


def test_interrupted_crawl_resumes_without_loss_or_duplicates(
    blog_server: SiteServer, tmp_path: Path
) -> None:
    config = fast_config(blog_server.url, tmp_path)
    first: list[str] = []
    for item in crawl(config):
        first.append(item.final_url)
        if len(first) == 7:
            break
    second = exported(list(crawl(config)))
    # At-least-once: only the article in the consumer's hands at the stop may come again.
    assert len(set(first) & set(second)) <= 1
    assert len(second) == len(set(second))
    full = exported(list(crawl(fast_config(blog_server.url, tmp_path / "full"))))
    assert set(first) | set(second) == set(full)


CHILD = textwrap.dedent(
    """
    import signal, sys
    # Ctrl-C's default action, even when the test run itself ignores SIGINT (started in the
    # background of a non-interactive shell), as children inherit that.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from scraper import crawl
    for item in crawl(sys.argv[1], output_dir=sys.argv[2], delay=0.01, concurrency=2):
        print(item.final_url, flush=True)
    """
)


def test_kill_9_mid_crawl_then_resume_gives_the_full_output(
    blog_server: SiteServer, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, blog_server.url, str(out)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    first = [child.stdout.readline().strip() for _ in range(10)]
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    # What the child printed between the tenth line and its death was delivered too.
    first += [line.strip() for line in child.stdout if line.strip()]
    second = exported(list(crawl(fast_config(blog_server.url, out))))
    assert len(set(first) & set(second)) <= 1
    assert len(set(first) | set(second)) == 30
    assert len(second) == len(set(second))


def test_recrawl_is_incremental_and_picks_up_new_posts_first(
    blog_copy: Path, make_blog: ModuleType, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with SiteServer(blog_copy) as server:
        config = fast_config(server.url, out)
        assert len(list(crawl(config))) == 30
        first_run = len(server.requests)
        crawler = Crawler(config)
        asyncio.run(_drain(crawler))
        assert crawler.stats.exported == 0
        assert crawler.stats.not_modified >= 30
        again = server.requests[first_run:]
        post_requests = [r for r in again if r.path.count("/") == 5]
        assert post_requests and all("If-None-Match" in r.headers for r in post_requests)
        assert all(r.status == 304 for r in post_requests)

        make_blog.build_site(blog_copy, extra_posts=1)
        mark = len(server.requests)
        third = list(crawl(config.with_changes(concurrency=1, per_host_concurrency=1)))
        new_post = server.url + "2022/06/01/new-post-after-the-crawl/"
        assert exported(third) == [new_post]
        paths = [r.path for r in server.requests[mark:]]
        old_posts = [i for i, p in enumerate(paths) if p.count("/") == 5 and "2022/06" not in p]
        assert paths.index("/2022/06/01/new-post-after-the-crawl/") < min(old_posts)


async def _drain(crawler: Crawler) -> list[CrawledArticle]:
    return [item async for item in crawler.articles()]


def test_fresh_forgets_the_previous_state(blog_server: SiteServer, tmp_path: Path) -> None:
    config = fast_config(blog_server.url, tmp_path, include=(r"/2022/05/1",))
    assert len(list(crawl(config))) == 4
    assert list(crawl(config)) == []
    assert len(list(crawl(config.with_changes(fresh=True)))) == 4


def test_a_second_crawl_on_the_same_folder_is_locked_out(
    blog_server: SiteServer, tmp_path: Path
) -> None:
    config = fast_config(blog_server.url, tmp_path)
    running = crawl(config)
    next(running)
    with pytest.raises(CrawlLocked):
        next(crawl(config))
    running.close()
    assert len(list(crawl(config))) >= 29


def test_max_pages_stops_and_the_next_run_continues(
    blog_server: SiteServer, tmp_path: Path
) -> None:
    config = fast_config(blog_server.url, tmp_path, max_pages=20)
    crawler = Crawler(config)
    asyncio.run(_drain(crawler))
    assert crawler.stats.fetched <= 20
    total = crawler.stats.exported
    for _ in range(15):
        crawler = Crawler(config)
        asyncio.run(_drain(crawler))
        total += crawler.stats.exported
        if crawler.stats.fetched == 0:
            break
    assert total == 30


class ListRecorder:
    def __init__(self) -> None:
        self.exchanges: list[Exchange] = []

    def record(self, exchange: Exchange) -> None:
        self.exchanges.append(exchange)

    def close(self) -> None:
        pass


def test_every_exchange_reaches_the_recorder(blog_server: SiteServer, tmp_path: Path) -> None:
    recorder = ListRecorder()
    crawler = Crawler(
        fast_config(blog_server.url, tmp_path, include=("/2014/",)), recorder=recorder
    )
    before = len(blog_server.requests)
    asyncio.run(_drain(crawler))
    assert len(recorder.exchanges) == len(blog_server.requests) - before
    urls = {e.url for e in recorder.exchanges}
    assert blog_server.url + "robots.txt" in urls
    assert blog_server.url + "sitemap.xml" in urls
    assert blog_server.url + "feed/" in urls
    assert all(e.status in (200, 404) and e.fetched_at for e in recorder.exchanges)


def test_off_site_links_and_redirects_are_never_followed(
    scripted: ScriptedServer, tmp_path: Path
) -> None:
    body = (
        '<html><body><a href="http://offsite.invalid/x">x</a><a href="/go">go</a>'
        '<a href="/post/">post</a></body></html>'
    )
    scripted.html("/", body)
    scripted.route("/go", Reply(302, headers={"Location": "http://offsite.invalid/y"}))
    scripted.html("/post/", "<html><body><p>fine</p></body></html>")
    crawler = Crawler(fast_config(scripted.url, tmp_path))
    asyncio.run(_drain(crawler))
    assert scripted.seen("/go") and scripted.seen("/post/")
    assert crawler.stats.failed == 0


def test_fixture_blog_exists_and_has_the_seed_page() -> None:
    seed = BLOG / "2014/07/09/no-traffic-jams-extra-mile/index.html"
    assert seed.is_file()
    assert (BLOG / "robots.txt").is_file() and (BLOG / "post-sitemap.xml.gz").is_file()


def test_max_depth_bounds_links_but_not_pagination(
    scripted: ScriptedServer, tmp_path: Path
) -> None:
    scripted.html(
        "/",
        '<html><head><link rel="next" href="/page/2/"></head>'
        '<body><a href="/a/">a</a></body></html>',
    )
    scripted.html(
        "/page/2/",
        '<html><head><link rel="next" href="/page/3/"></head>'
        '<body><a href="/c/">c</a></body></html>',
    )
    scripted.html("/page/3/", '<html><body><a href="/d/">d</a></body></html>')
    for name in ("a", "c", "d"):
        scripted.html(f"/{name}/", f'<html><body><a href="/{name}/deeper/">x</a></body></html>')
    list(crawl(fast_config(scripted.url, tmp_path, max_depth=1)))
    seen = {r.path for r in scripted.requests}
    assert {"/", "/page/2/", "/page/3/", "/a/", "/c/", "/d/"} <= seen
    assert not {"/a/deeper/", "/c/deeper/", "/d/deeper/"} & seen


INTERRUPTED_CHILD = textwrap.dedent(
    """
    import signal, sys
    # Ctrl-C's default action, even when the test run itself ignores SIGINT (started in the
    # background of a non-interactive shell), as children inherit that.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from scraper import crawl
    try:
        for item in crawl(sys.argv[1], output_dir=sys.argv[2], delay=0.2, concurrency=1):
            print(item.final_url, flush=True)
    except KeyboardInterrupt:
        # on a line of its own: Ctrl-C may land between a URL and its newline
        print("\\ninterrupted", flush=True)
        sys.exit(130)
    """
)


def test_ctrl_c_leaves_a_state_the_next_run_resumes(
    blog_server: SiteServer, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    child = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED_CHILD, blog_server.url, str(out)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    first = [child.stdout.readline().strip() for _ in range(5)]
    child.send_signal(signal.SIGINT)
    rest = child.stdout.read().split()
    assert child.wait() == 130 and rest[-1] == "interrupted"
    first += rest[:-1]
    second = exported(list(crawl(fast_config(blog_server.url, out))))
    assert len(set(first) & set(second)) <= 1
    assert len(set(first) | set(second)) == 30


def test_a_step_cancelled_twice_still_reads_as_an_interrupt(
    monkeypatch: pytest.MonkeyPatch, blog_server: SiteServer, tmp_path: Path
) -> None:
    """asyncio.Runner re-raises a Ctrl-C as CancelledError when the step's task took a second
    cancel() on the way out (the clean-up's cancel scopes do that under load); crawl() must
    still raise KeyboardInterrupt, which the CLI turns into exit 130 and a resumable state."""
    cleaned: list[bool] = []

    async def articles(self: Crawler):  # type: ignore[no-untyped-def]
        try:
            task = asyncio.current_task()
            assert task is not None
            task.cancel()
            task.cancel()
            await asyncio.sleep(5)
            yield None
        finally:
            cleaned.append(True)

    monkeypatch.setattr(Crawler, "articles", articles)
    with pytest.raises(KeyboardInterrupt):
        list(crawl(fast_config(blog_server.url, tmp_path / "out")))
    assert cleaned == [True]


def _article_page(canonical: str, share: bool = True) -> str:
    paragraph = (
        "<p>Marketing works best when it is patient, specific and honest about what a small "
        "business can promise its clients, week after week, without shortcuts.</p>"
    )
    return (
        '<html><head><meta property="og:type" content="article">'
        f'<link rel="canonical" href="{canonical}"><title>A post</title>'
        '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "A post",'
        ' "datePublished": "2020-01-01"}</script></head><body><article><h1>A post</h1>'
        + paragraph * 12
        + ('<a href="/post/?share=mail">share</a>' if share else "")
        + "</article></body></html>"
    )


def test_query_variants_of_a_canonical_page_are_exported_once(
    scripted: ScriptedServer, tmp_path: Path
) -> None:
    scripted.html("/", '<html><body><a href="/post/?share=mail">p</a></body></html>')
    scripted.html("/post/", _article_page(scripted.url + "post/"))
    items = list(crawl(fast_config(scripted.url, tmp_path)))
    assert exported(items) == [scripted.url + "post/"]
    assert scripted.seen("/post/?share=mail")


def test_site_server_serves_a_saved_site_as_a_blog_host_would(blog_server: SiteServer) -> None:
    import httpx

    with httpx.Client(base_url=blog_server.url) as client:
        home = client.get("/")
        assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
        assert ORIGIN not in home.text and blog_server.url in home.text
        moved = client.get("/about")
        assert moved.status_code == 301 and moved.headers["location"] == "/about/"
        assert client.get("/origin.txt").status_code == 404
        assert client.get("/../../etc/passwd").status_code == 404
        again = client.get("/", headers={"If-None-Match": home.headers["etag"]})
        assert again.status_code == 304
        feed = client.get("/feed/")
        assert feed.headers["content-type"].startswith("application/rss+xml")
        assert "<rss" in feed.text and blog_server.url in feed.text
        packed = client.get("/post-sitemap.xml.gz")
        import gzip

        assert blog_server.url.encode() in gzip.decompress(packed.content)


def test_site_server_serves_a_site_saved_from_a_folder_under_that_folder(tmp_path: Path) -> None:
    # a blog at https://h.example/blog: root-relative links hold the folder, the saved copy's
    # paths do not; served at the root, those links answered 404 and the crawl missed posts
    import httpx

    site = tmp_path / "site"
    (site / "posts" / "one").mkdir(parents=True)
    (site / "origin.txt").write_text("https://h.example/blog\n", encoding="utf-8")
    (site / "index.html").write_text(
        '<html><body><a href="/blog/posts/one/">One</a>'
        '<a href="https://h.example/blog/posts/one/">One again</a></body></html>',
        encoding="utf-8",
    )
    (site / "posts" / "one" / "index.html").write_text(
        _article_page("https://h.example/blog/posts/one/"), encoding="utf-8"
    )
    with SiteServer(site) as server, httpx.Client(base_url=server.url) as client:
        root = client.get("/")
        assert root.status_code == 301 and root.headers["location"] == "/blog/"
        home = client.get("/blog/")
        assert home.status_code == 200
        assert f'href="{server.url}blog/posts/one/"' in home.text  # the origin made local
        assert client.get("/blog/posts/one/").status_code == 200
        assert client.get("/posts/one/").status_code == 404  # outside the folder
        items = list(crawl(fast_config(server.url, tmp_path / "out")))
    assert exported(items) == [server.url + "blog/posts/one/"]


def test_site_server_rewrites_an_origin_whose_slashes_are_escaped(tmp_path: Path) -> None:
    # Zola writes every slash of an attribute as ``&#x2F;``: the saved origin, so escaped, is
    # the server's too, or the crawl reads each link as the live site's and finds no post
    site = tmp_path / "site"
    (site / "blog" / "one").mkdir(parents=True)
    (site / "origin.txt").write_text("https://h.example\n", encoding="utf-8")
    (site / "index.html").write_text(
        '<html><body><a href="https:&#x2F;&#x2F;h.example&#x2F;blog&#x2F;one&#x2F;">One</a>'
        "</body></html>",
        encoding="utf-8",
    )
    (site / "blog" / "one" / "index.html").write_text(
        _article_page("https://h.example/blog/one/"), encoding="utf-8"
    )
    with SiteServer(site) as server:
        items = list(crawl(fast_config(server.url, tmp_path / "out")))
    assert exported(items) == [server.url + "blog/one/"]


def test_site_server_answers_an_extensionless_link_with_its_html_page(tmp_path: Path) -> None:
    # a Hakyll site links its posts as ``./posts/fixity``; GitHub Pages answers with fixity.html
    import httpx

    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    (site / "index.html").write_text(
        '<html><body><a href="./posts/fixity">Fixity</a> <a href="/posts/fixity.html">Again'
        "</a></body></html>",
        encoding="utf-8",
    )
    (site / "posts" / "fixity.html").write_text(
        _article_page("http://h/posts/fixity"), encoding="utf-8"
    )
    (site / ".hidden.html").write_text("secret", encoding="utf-8")
    with SiteServer(site) as server, httpx.Client(base_url=server.url) as client:
        page = client.get("/posts/fixity")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert client.get("/posts/fixity.html").text == page.text
        assert client.get("/posts/fixity/").status_code == 404  # a folder's slash: no page
        assert client.get("/.hidden").status_code == 404
        assert client.get("/posts/missing").status_code == 404
        crawler = Crawler(fast_config(server.url, tmp_path / "out"))

        async def run() -> list[CrawledArticle]:
            return [item async for item in crawler.articles()]

        items = asyncio.run(run())
        assert crawler.stats.duplicates == 1
        assert "duplicates 1" in format_summary(crawler.stats)
        # the same page at two addresses: exported once, and not again by the next run
        assert len(exported(items)) == 1
        assert exported(items)[0] in {server.url + "posts/fixity", server.url + "posts/fixity.html"}
        again = list(crawl(fast_config(server.url, tmp_path / "out")))
    assert exported(again) == []


def test_a_url_that_keeps_killing_the_crawl_is_given_up(
    scripted: ScriptedServer, tmp_path: Path
) -> None:
    from scraper.crawler.frontier import Frontier, NewURL

    scripted.html("/", "<html><body><p>the page every run died on</p></body></html>")
    config = fast_config(scripted.url, tmp_path, max_attempts=2)
    for _ in range(3):  # three runs died with the start page in flight
        state = Frontier(config.state_dir / "state.sqlite")
        state.begin_run()
        state.add([NewURL(scripted.url)])
        assert state.claim() is not None
        state.close()
    crawler = Crawler(config)
    asyncio.run(_drain(crawler))
    assert not scripted.seen("/")
    assert crawler.stats.failed == 1


def test_last_modified_alone_drives_the_conditional_recrawl(
    scripted: ScriptedServer, tmp_path: Path
) -> None:
    stamp = "Wed, 09 Jul 2014 07:00:23 GMT"
    scripted.html("/", '<html><body><a href="/post/">post</a></body></html>')
    scripted.route(
        "/post/",
        Reply(
            body=_article_page(scripted.url + "post/", share=False).encode(),
            headers={"Last-Modified": stamp},
        ),
        Reply(304),
    )
    config = fast_config(scripted.url, tmp_path)
    assert exported(list(crawl(config))) == [scripted.url + "post/"]
    crawler = Crawler(config)
    assert asyncio.run(_drain(crawler)) == []
    second = scripted.seen("/post/")[1]
    assert second.headers.get("If-Modified-Since") == stamp
    assert "If-None-Match" not in second.headers
    assert crawler.stats.not_modified == 1


def test_overlong_urls_are_not_followed(scripted: ScriptedServer, tmp_path: Path) -> None:
    long_path = "/calendar/" + "next/" * 30
    scripted.html(
        "/", f'<html><body><a href="{long_path}">on</a><a href="/ok/">ok</a></body></html>'
    )
    scripted.html("/ok/", "<html><body><p>fine</p></body></html>")
    list(crawl(fast_config(scripted.url, tmp_path, max_url_length=120)))
    assert scripted.seen("/ok/") and not scripted.seen(long_path)
