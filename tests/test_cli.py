"""The real ``scraper`` command, run as a subprocess against sites served on 127.0.0.1."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from scraper.export import load_schema
from scraper.site_server import SiteServer

REPO = Path(__file__).resolve().parent.parent
POSTS = 8
PARAGRAPH = (
    "The harbour was quiet that morning, and the fishermen mended their nets in the low sun "
    "while the gulls argued over what the night boats had left behind on the stones. "
)


def run(
    *args: str, cwd: Path, timeout: float = 60, check_clean: bool = True
) -> subprocess.CompletedProcess[str]:
    """``python -m scraper ARGS`` with the checkout importable, like the installed command."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "scraper", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check_clean:
        assert "Traceback" not in done.stderr, done.stderr
    return done


def _ctrl_c_as_at_a_terminal() -> None:
    """Give the child Ctrl-C's default action: a test run started in the background of a
    non-interactive shell (``pytest &``, ``nohup``) ignores SIGINT, and children inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(*args: str, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "scraper", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ctrl_c_as_at_a_terminal,
    )


def post_html(n: int) -> str:
    body = "\n".join(f"<p>{PARAGRAPH * 2}Part {i} of post {n}.</p>" for i in range(1, 6))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour notes {n} | Quay Blog</title>
<meta property="og:type" content="article">
<meta property="og:title" content="Harbour notes {n}">
<meta name="author" content="Mara Quay">
<meta property="article:published_time" content="2023-05-{n:02d}T08:00:00+00:00">
</head><body>
<header><nav><a href="/">Home</a> <a href="/about/">About</a></nav></header>
<main><article>
<h1>Harbour notes {n}</h1>
<p class="byline">By Mara Quay, <time datetime="2023-05-{n:02d}">May {n}, 2023</time></p>
{body}
</article></main>
<footer><p>© Quay Blog</p></footer>
</body></html>"""


def index_html() -> str:
    items = "\n".join(
        f'<li><h2><a href="/posts/notes-{n}/">Harbour notes {n}</a></h2><p>A short teaser.</p></li>'
        for n in range(1, POSTS + 1)
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Quay Blog</title></head><body><h1>Quay Blog</h1><ul>{items}</ul></body></html>"""


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small blog: one listing page and POSTS article pages."""
    root = tmp_path_factory.mktemp("blog")
    (root / "index.html").write_text(index_html(), encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    (root / "about").mkdir()
    (root / "about" / "index.html").write_text("<html><body><p>About us.</p></body></html>")
    for n in range(1, POSTS + 1):
        folder = root / "posts" / f"notes-{n}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(post_html(n), encoding="utf-8")
    with SiteServer(root) as server:
        yield server.url


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def article_files(folder: Path) -> list[Path]:
    """The JSON files of the site folders (not ``.scraper/``, which holds the crawl state)."""
    return sorted(p for p in folder.glob("*/*.json") if not p.parent.name.startswith("."))


def exported(folder: Path) -> list[dict[str, object]]:
    """The post records under ``folder`` (the extractor's call on the home page is not ours)."""
    records = [json.loads(p.read_text("utf-8")) for p in article_files(folder)]
    return [r for r in records if "/posts/" in str(r["url"])]


def post_titles(records: list[dict[str, object]]) -> list[str]:
    return sorted(str(r["title"]) for r in records if "/posts/" in str(r["url"]))


ALL_TITLES = sorted(f"Harbour notes {n}" for n in range(1, POSTS + 1))


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


# --- help --------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["crawl", "extract", "demo"])
def test_help_shows_examples(tmp_path: Path, command: str) -> None:
    done = run(command, "--help", cwd=tmp_path)
    assert done.returncode == 0
    assert "example" in done.stdout
    assert f"scraper {command}" in done.stdout


def test_top_level_help_documents_the_exit_codes(tmp_path: Path) -> None:
    done = run("--help", cwd=tmp_path)
    assert done.returncode == 0
    for code in ("0", "1", "2", "3", "4", "5", "130"):
        assert f"\n  {code} " in done.stdout


# --- crawl -------------------------------------------------------------------------------------


def test_crawl_to_stdout_prints_only_jsonl(tmp_path: Path, blog: str) -> None:
    done = run("crawl", blog, "-o", "-", "--delay", "0", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert post_titles(records) == ALL_TITLES
    (summary,) = done.stderr.splitlines()  # no live display in a pipe, only the summary
    assert summary.startswith("discovered ")
    assert not (tmp_path / "output").exists()  # state went to a temporary folder


def test_quiet_crawl_prints_nothing_on_stderr(tmp_path: Path, blog: str) -> None:
    done = run("crawl", blog, "-o", "-", "--delay", "0", "--quiet", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == ""
    assert post_titles([json.loads(line) for line in done.stdout.splitlines()]) == ALL_TITLES


def test_crawl_writes_valid_files_and_a_rerun_adds_no_duplicates(tmp_path: Path, blog: str) -> None:
    first = run("crawl", blog, "--delay", "0", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    output = tmp_path / "output"
    records = exported(output)
    assert len(records) == POSTS
    schema = load_schema()
    for record in records:
        jsonschema.validate(record, schema)
        assert record["http_status"] == 200
    again = run("crawl", blog, "--delay", "0", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert exported(output) == records


def test_crawl_with_two_extraction_workers_exports_the_same_articles(
    tmp_path: Path, blog: str
) -> None:
    one = run("crawl", blog, "-o", "-", "--delay", "0", "--workers", "1", cwd=tmp_path)
    two = run("crawl", blog, "-o", "-", "--delay", "0", "--workers", "2", cwd=tmp_path)
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr

    def texts(done: subprocess.CompletedProcess[str]) -> dict[str, str]:
        records = [json.loads(line) for line in done.stdout.splitlines()]
        return {record["url"]: record["text"] for record in records}

    assert len(texts(one)) == POSTS
    assert texts(two) == texts(one)


def test_crawl_refuses_zero_workers_in_one_line(tmp_path: Path, blog: str) -> None:
    done = run("crawl", blog, "--workers", "0", cwd=tmp_path)
    assert done.returncode == 2
    assert "--workers" in done.stderr and "Traceback" not in done.stderr


def test_a_terminal_gets_a_live_progress_display(tmp_path: Path, blog: str) -> None:
    primary, secondary = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "scraper", "crawl", blog, "--delay", "0"],
        cwd=tmp_path,
        env=env,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
    )
    os.close(secondary)
    screen = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        screen += chunk
    os.close(primary)
    assert proc.wait(timeout=60) == 0
    text = screen.decode("utf-8", "replace")
    assert "\x1b[" in text  # drawn with terminal control sequences
    assert "pages/s" in text
    assert "new or changed articles in output/ (one folder per site)" in text


def test_jsonl_format_to_a_folder_resumes_without_duplicate_lines(
    tmp_path: Path, blog: str
) -> None:
    for flag in ([], ["--fresh"]):
        done = run("crawl", blog, "-o", "out", "-f", "jsonl", "--delay", "0", *flag, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    lines = (tmp_path / "out" / "articles.jsonl").read_text().splitlines()
    urls = [json.loads(line)["url"] for line in lines]
    assert len(urls) == len(set(urls))
    assert post_titles([json.loads(line) for line in lines]) == ALL_TITLES


def test_ctrl_c_stops_cleanly_and_the_next_run_completes(tmp_path: Path, blog: str) -> None:
    output = tmp_path / "output"
    # Judged page by page, so posts are exported before the interrupt (with the site model a
    # small blog's pages are all held until its model is learned at the end of the crawl).
    proc = start(
        "crawl", blog, "--delay", "0.4", "--concurrency", "1", "--no-site-model", cwd=tmp_path
    )
    try:
        deadline = time.monotonic() + 30
        while not exported(output) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert exported(output), "the crawl exported no post before the deadline"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "interrupted; run the same command again to resume" in stderr
    assert "Traceback" not in stderr
    partial = len(exported(output))
    assert 1 <= partial < POSTS

    resumed = run("crawl", blog, "--delay", "0", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    urls = [r["url"] for r in exported(output)]
    assert len(urls) == len(set(urls)) == POSTS


def test_markdown_format_writes_readable_files(tmp_path: Path, blog: str) -> None:
    done = run("crawl", blog, "-f", "md", "--delay", "0", "--max-pages", "40", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    files = sorted((tmp_path / "output").glob("*/posts-notes-*.md"))
    assert len(files) == POSTS
    assert files[0].read_text().startswith("# Harbour notes")


# --- extract -----------------------------------------------------------------------------------


def test_extract_file_prints_one_json_object(tmp_path: Path) -> None:
    page = tmp_path / "post.html"
    page.write_bytes(post_html(3).encode("utf-8"))
    done = run("extract", str(page), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["title"] == "Harbour notes 3"
    assert record["url"] == page.resolve().as_uri()
    assert "Part 5 of post 3." in record["text"]


def test_extract_file_reads_bytes_in_the_page_s_own_encoding(tmp_path: Path) -> None:
    sentence = "Съешь же ещё этих мягких французских булок, да выпей чаю. "
    html = post_html(4).replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    html = html.replace(PARAGRAPH * 2, sentence * 3)
    (tmp_path / "ru.html").write_bytes(html.encode("windows-1251"))
    done = run("extract", "ru.html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sentence.strip() in json.loads(done.stdout)["text"]


def test_extract_folder_prints_jsonl_in_path_order(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    for n in range(1, 7):
        (mirror / f"{n % 3}").mkdir(parents=True, exist_ok=True)
        (mirror / f"{n % 3}" / f"p{n}.html").write_text(post_html(n), encoding="utf-8")
    (mirror / "notes.txt").write_text("not a page")
    done = run("extract", "mirror", "--jobs", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    expected = sorted(mirror.rglob("*.html"))
    assert [r["url"] for r in records] == [p.resolve().as_uri() for p in expected]


def test_extract_folder_into_an_output_folder(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for n in (1, 2):
        (tmp_path / "in" / f"p{n}.html").write_text(post_html(n), encoding="utf-8")
    done = run("extract", "in", "-o", "out", "-f", "txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert len(list((tmp_path / "out").glob("*/*.txt"))) == 2


def test_extract_url_fetches_one_live_page(tmp_path: Path, blog: str) -> None:
    done = run("extract", f"{blog}posts/notes-2/", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["title"] == "Harbour notes 2"
    assert record["http_status"] == 200
    assert record["fetched_at"]


def test_a_crawl_archived_to_warc_extracts_back_to_the_same_articles(
    tmp_path: Path, blog: str
) -> None:
    crawl = run("crawl", blog, "--delay", "0", "--warc", "crawl.warc.gz", "-q", cwd=tmp_path)
    assert crawl.returncode == 0, crawl.stderr
    done = run("extract", "crawl.warc.gz", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert post_titles(records) == ALL_TITLES
    assert {r["url"] for r in records} == {r["url"] for r in exported(tmp_path / "output")}


def test_extract_a_mirror_with_its_base_url(tmp_path: Path) -> None:
    for n in (1, 2, 3):
        folder = tmp_path / "mirror" / "posts" / f"notes-{n}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(post_html(n), encoding="utf-8")
    done = run("extract", "mirror", "--base-url", "https://quay.example/", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    urls = [json.loads(line)["url"] for line in done.stdout.splitlines()]
    assert urls == [f"https://quay.example/posts/notes-{n}/" for n in (1, 2, 3)]


# --- user errors: one line on stderr, a documented exit code -----------------------------------


def test_no_such_file(tmp_path: Path) -> None:
    done = run("extract", "missing.html", cwd=tmp_path)
    assert done.returncode == 2
    assert "no such file" in one_error_line(done)


@pytest.mark.parametrize("url", ["example.com/blog", "ftp://example.com/", "http://"])
def test_bad_url(tmp_path: Path, url: str) -> None:
    done = run("crawl", url, cwd=tmp_path)
    assert done.returncode == 2
    assert "URL" in one_error_line(done)


@pytest.mark.parametrize(
    "option", [["--max-pages", "0"], ["--delay", "soon"], ["--format", "xml"], ["--nope"]]
)
def test_bad_option_value(tmp_path: Path, option: list[str]) -> None:
    done = run("crawl", "http://127.0.0.1:9/", *option, cwd=tmp_path)
    assert done.returncode == 2
    assert one_error_line(done).startswith("scraper")


def test_unreachable_host_on_crawl(tmp_path: Path, closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}/"
    done = run("crawl", url, "-q", "--retries", "0", "--delay", "0", cwd=tmp_path)
    assert done.returncode == 3
    assert "nothing could be fetched" in one_error_line(done)


def test_unreachable_host_on_extract(tmp_path: Path, closed_port: int) -> None:
    done = run("extract", f"http://127.0.0.1:{closed_port}/post", "--retries", "0", cwd=tmp_path)
    assert done.returncode == 3
    assert f"127.0.0.1:{closed_port}" in one_error_line(done)


def test_unwritable_output_folder(tmp_path: Path, blog: str) -> None:
    (tmp_path / "taken").write_text("a file where the folder should be")
    done = run("crawl", blog, "-o", "taken/out", "-q", cwd=tmp_path)
    assert done.returncode == 4
    assert "taken/out" in one_error_line(done)


def test_a_second_crawl_on_a_locked_folder(tmp_path: Path, blog: str) -> None:
    state = tmp_path / "output" / ".scraper"
    state.mkdir(parents=True)
    with open(state / "lock", "a+") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        done = run("crawl", blog, "-q", cwd=tmp_path)
    assert done.returncode == 5
    assert "another crawl" in one_error_line(done)


# --- demo and packaging ------------------------------------------------------------------------


def test_demo_crawls_the_bundled_blog_offline(tmp_path: Path) -> None:
    done = run("demo", "-o", "demo", cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    files = article_files(tmp_path / "demo")
    records = [json.loads(p.read_text("utf-8")) for p in files]
    assert len(records) >= 20
    assert all(r["page_kind"] == "article" and r["http_status"] == 200 for r in records)
    assert f"Written to {Path('demo') / '127.0.0.1'}/" in done.stdout
    assert f"{len(records)} articles exported" in done.stdout
    rerun = run("demo", "-o", "demo", "-q", cwd=tmp_path, timeout=120)
    assert rerun.returncode == 0
    assert len(article_files(tmp_path / "demo")) == len(records)


def test_demo_refuses_to_clear_a_folder_it_did_not_make(tmp_path: Path, blog: str) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.txt").write_text("precious")
    crawled = run("crawl", blog, "-o", "crawled", "--delay", "0", "-q", cwd=tmp_path)
    assert crawled.returncode == 0, crawled.stderr
    for folder in ("mine", "crawled"):
        done = run("demo", "-o", folder, cwd=tmp_path)
        assert done.returncode == 2
        assert "not a demo output" in one_error_line(done)
    assert (tmp_path / "mine" / "thesis.txt").read_text() == "precious"
    assert len(exported(tmp_path / "crawled")) == POSTS


def test_every_package_is_listed_for_installation() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "scraper").rglob("__init__.py")
    }
    assert on_disk <= listed
    assert (REPO / config["package-dir"]["scraper._demo_site"] / "index.html").is_file()


def test_readme_opens_with_the_two_commands_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1].splitlines()[1:]
    assert first_block == [
        "pip install . && scraper demo",
        'pip install ".[test]" && python -m pytest -q',
    ]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert first_block[1].endswith(ci[-1])
    assert 'pip install --quiet ".[test]"' in "\n".join(ci)


def test_readme_documents_every_exit_code() -> None:
    from scraper.cli import EXIT_CODES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes", 1)[1].split("##", 1)[0]
    codes = {
        int(line.split("|")[1]) for line in section.splitlines() if line[:3].strip("| ").isdigit()
    }
    assert codes == set(EXIT_CODES)
