"""``scraper extract`` of a WARC file or a mirror folder learns each host's site model first.

The blog of ``hidden_box_site`` (every page hides a "latest posts" box that makes a post look
like a listing when judged alone) is written as a mirror folder and as a WARC file of two hosts;
extraction reads the archive twice (learn, then extract) and finds every post and no listing,
as a crawl of the site does. A resumed run reuses the saved model and ends with the same output.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hidden_box_site import write_site
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.archive.mirror import iter_mirror_articles
from scraper.archive.sitepass import learn_site_models
from scraper.archive.warc import iter_warc_articles
from scraper.archive.warc_read import ArchiveItem
from scraper.models import Page, as_record
from scraper.sitemodel import MODEL_FILE

BASE = "https://garden.example/"
OTHER = "https://other.example/"  # the same pages under a second host: a model per host


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("garden")
    return root, write_site(root)


def page_url(base: str, path: Path, root: Path) -> str:
    relative = path.relative_to(root).as_posix()
    return base + relative.removesuffix("index.html")


def write_warc(root: Path, target: Path, bases: tuple[str, ...] = (BASE, OTHER)) -> Path:
    """Every page of the site, for each host of ``bases`` in turn, as warcio writes them."""
    with open(target, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for base in bases:
            for path in sorted(root.rglob("index.html")):
                headers = StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
                )
                record = writer.create_warc_record(
                    page_url(base, path, root),
                    "response",
                    payload=io.BytesIO(path.read_bytes()),
                    http_headers=headers,
                )
                writer.write_record(record)
    return target


def site_path(url: str) -> str:
    path = urlsplit(url).path.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def check_against_gold(items: list, gold: dict) -> None:
    got = {site_path(i.final_url): i.article for i in items}
    assert sorted(got) == sorted(gold)  # every post, no listing
    assert len(got) == len(items)  # none twice
    for path, (title, author, date) in gold.items():
        assert got[path].title == title
        assert (got[path].date_published or "")[:10] == date
        if author:
            assert got[path].authors == (author,)


def test_a_mirror_folder_is_extracted_with_its_site_model(blog, tmp_path: Path) -> None:
    root, gold = blog
    items = list(iter_mirror_articles(root, BASE, state_dir=tmp_path))
    check_against_gold(items, gold)
    saved = json.loads((tmp_path / MODEL_FILE).read_text("utf-8"))
    assert list(saved["hosts"]) == ["garden.example"]
    assert saved["hosts"]["garden.example"]["template"]  # the hidden box is template


def test_without_the_model_the_same_mirror_is_judged_page_by_page(blog, tmp_path: Path) -> None:
    root, gold = blog
    items = list(iter_mirror_articles(root, BASE, state_dir=tmp_path, site_model=False))
    assert {site_path(i.final_url) for i in items} != set(gold)  # the yardstick
    assert not (tmp_path / MODEL_FILE).exists()


def test_a_warc_of_two_hosts_learns_one_model_per_host(blog, tmp_path: Path) -> None:
    root, gold = blog
    warc = write_warc(root, tmp_path / "garden.warc.gz")
    items = list(iter_warc_articles(warc, processes=2, state_dir=tmp_path / "state"))
    for base in (BASE, OTHER):
        check_against_gold([i for i in items if i.final_url.startswith(base)], gold)
    saved = json.loads((tmp_path / "state" / MODEL_FILE).read_text("utf-8"))
    assert sorted(saved["hosts"]) == ["garden.example", "other.example"]


def test_records_have_the_same_fields_with_and_without_the_model(blog, tmp_path: Path) -> None:
    root, _ = blog
    warc = write_warc(root, tmp_path / "one.warc.gz", bases=(BASE,))
    with_model = {i.final_url: as_record(i) for i in iter_warc_articles(warc)}
    alone = {i.final_url: as_record(i) for i in iter_warc_articles(warc, site_model=False)}
    both = with_model.keys() & alone.keys()
    assert both
    for url in both:
        assert list(with_model[url]) == list(alone[url])
        assert with_model[url]["content_hash"] == alone[url]["content_hash"]


def test_a_resumed_run_reuses_the_saved_model_and_loses_nothing(blog, tmp_path: Path) -> None:
    root, gold = blog
    warc = write_warc(root, tmp_path / "two.warc.gz")
    state = tmp_path / "state"
    everything = {(urlsplit(base).netloc, path) for base in (BASE, OTHER) for path in gold}
    running = iter_warc_articles(warc, state_dir=state)
    first = [_key(next(running).final_url) for _ in range(len(everything) - 1)]
    running.close()  # interrupted before the last article (past the first chunk of pages)
    model = state / MODEL_FILE
    learned = (model.read_text("utf-8"), model.stat().st_mtime_ns)
    second = [_key(i.final_url) for i in iter_warc_articles(warc, state_dir=state)]
    assert (model.read_text("utf-8"), model.stat().st_mtime_ns) == learned  # not learned again
    assert len(second) < len(everything)  # resumed, not restarted
    assert set(first) | set(second) == everything
    # Delivery is at least once: what the consumer held when it stopped may come again.
    assert len(second) == len(set(second))


def _key(url: str) -> tuple[str, str]:
    return urlsplit(url).netloc, site_path(url)


def test_scraper_extract_writes_the_model_beside_its_state(blog, tmp_path: Path) -> None:
    root, gold = blog
    warc = write_warc(root, tmp_path / "one.warc.gz", bases=(BASE,))
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "extract", str(warc), "-o", str(out), "-f", "jsonl"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = (out / "articles.jsonl").read_text("utf-8").splitlines()
    assert sorted(site_path(json.loads(line)["url"]) for line in lines) == sorted(gold)
    assert (out / ".scraper" / MODEL_FILE).is_file()


def test_past_the_sample_budget_new_hosts_get_no_model(blog) -> None:
    root, _ = blog
    pages = sorted(root.rglob("index.html"))

    def items(base: str) -> list[ArchiveItem]:
        return [
            ArchiveItem("test", n, Page(url=u, final_url=u, status=200, content=p.read_bytes()))
            for n, p in enumerate(pages)
            for u in [page_url(base, p, root)]
        ]

    first_host_bytes = sum(len(p.read_bytes()) for p in pages)
    models = learn_site_models(
        items(BASE) + items(OTHER),
        timeout=30,
        memory_mb=None,
        max_sample_bytes=first_host_bytes,  # the first host's sample fills it
    )
    assert list(models) == ["garden.example"]
