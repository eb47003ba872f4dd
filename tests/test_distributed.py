"""Extraction on a real Dask cluster (a LocalCluster of 2 worker processes): the same articles,
in the same order, as the one-process reader, through lost workers, bad archives and resumes."""

from __future__ import annotations

import dataclasses
import gzip
import io
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster, get_task_stream
from warc_set import SITE, fixture_pages, write_warc_set

from scraper.archive.stats import ArchiveStats
from scraper.archive.warc import iter_warc_articles
from scraper.cli import main
from scraper.distributed import extract_archives, to_bag
from scraper.distributed.tasks import plan_ranges
from scraper.errors import ArchiveError
from scraper.models import as_record

ROOT = Path(__file__).resolve().parent.parent
PER_TASK = 40  # small ranges, so each file is cut into many and the window keeps turning


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=50,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def warcs(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], int]:
    return write_warc_set(tmp_path_factory.mktemp("warcs"))


@pytest.fixture(scope="module")
def expected(warcs: tuple[list[Path], int]) -> tuple[list[dict[str, Any]], ArchiveStats]:
    stats = ArchiveStats()
    items = [item.to_dict() for item in iter_warc_articles(warcs[0], stats=stats)]
    return items, stats


def _counts(stats: ArchiveStats) -> dict[str, Any]:
    summary = stats.as_dict()
    summary.pop("rate")
    return summary


def test_cluster_output_equals_the_single_process_run(
    client: Client,
    warcs: tuple[list[Path], int],
    expected: tuple[list[dict[str, Any]], ArchiveStats],
) -> None:
    paths, records = warcs
    assert records >= 1000
    stats = ArchiveStats()
    seen_progress: list[int] = []
    with get_task_stream(client) as tasks:
        got = [
            item.to_dict()
            for item in extract_archives(
                paths,
                client,
                stats=stats,
                records_per_task=PER_TASK,
                on_progress=lambda s: seen_progress.append(s.articles),
            )
        ]
    want, want_stats = expected
    assert len(want) > 250
    assert got == want
    assert _counts(stats) == _counts(want_stats)  # duplicates, revisits, skips: all the same
    assert seen_progress == sorted(seen_progress) and seen_progress[-1] == len(want)
    # The big middle file alone was cut into ranges that both workers extracted.
    workers = {
        task["worker"]
        for task in tasks.data
        if str(task["key"]).startswith("extract_range") and "startstops" in task
    }
    assert len(workers) == 2


def test_a_worker_killed_mid_run_changes_nothing(
    client: Client,
    warcs: tuple[list[Path], int],
    expected: tuple[list[dict[str, Any]], ArchiveStats],
) -> None:
    pids = list(client.run(os.getpid).values())
    got = []
    for item in extract_archives(warcs[0], client, records_per_task=PER_TASK):
        got.append(item.to_dict())
        if len(got) == 40:
            os.kill(pids[0], signal.SIGKILL)  # the nanny starts a new worker; its tasks rerun
    assert got == expected[0]
    client.wait_for_workers(2, timeout=60)
    assert pids[0] not in client.run(os.getpid).values()  # it really was lost and replaced


def test_a_bad_archive_is_reported_and_the_others_complete(
    client: Client, warcs: tuple[list[Path], int], tmp_path: Path
) -> None:
    first, _, last = warcs[0]
    garbage = tmp_path / "garbage.warc.gz"
    garbage.write_bytes(os.urandom(5000))
    missing_url = (tmp_path / "gone.warc.gz").as_uri()  # fsspec URL: the worker finds it gone
    errors: list[tuple[str, str]] = []
    got = [
        item.to_dict()
        for item in extract_archives(
            [first, garbage, missing_url, last],
            client,
            records_per_task=PER_TASK,
            on_error=lambda where, message: errors.append((where, message)),
        )
    ]
    assert got == [item.to_dict() for item in iter_warc_articles([first, last])]
    assert [where for where, _ in errors] == [str(garbage), missing_url]
    assert "not a WARC file" in errors[0][1]
    with pytest.raises(ArchiveError):
        next(extract_archives([tmp_path / "nope.warc.gz"], client))


def test_an_interrupted_run_resumes_without_redoing_or_repeating(
    client: Client,
    warcs: tuple[list[Path], int],
    expected: tuple[list[dict[str, Any]], ArchiveStats],
) -> None:
    paths = warcs[0]
    state = paths[0].parent / "out" / ".scraper"
    everything = [item["url"] for item in expected[0]]
    run = extract_archives(paths, client, state_dir=state, records_per_task=PER_TASK)
    taken = [next(run).final_url for _ in range(60)]
    run.close()  # as on Ctrl-C: the ranges handed over and asked past are saved
    assert taken == everything[:60]
    copy = state.parent / "copy"
    shutil.copytree(state, copy)
    resumed = [i.final_url for i in extract_archives(paths, client, state_dir=state)]
    assert len(resumed) == len(set(resumed))
    start = everything.index(resumed[0])
    assert 60 - PER_TASK < start <= 60  # only the range being handed over is done again
    assert resumed[:40] == everything[start : start + 40]
    # The one-machine reader resumes from the same table to the same articles. (Both forget the
    # pages of the finished part, so a later revisit of one of them is left unresolved.)
    assert [i.final_url for i in iter_warc_articles(paths, state_dir=copy)] == resumed
    # A finished run cleared its positions: the next one starts over.
    again = [i.final_url for i in extract_archives(paths, client, state_dir=state)]
    assert again == everything


def test_path_lists_and_fsspec_urls(
    client: Client,
    warcs: tuple[list[Path], int],
    expected: tuple[list[dict[str, Any]], ArchiveStats],
) -> None:
    paths = warcs[0]
    folder = paths[0].parent
    listing = folder / "warc.paths.gz"
    lines = [paths[0].name, paths[1].as_uri(), str(paths[2])]  # relative, URL, absolute
    listing.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    got = [item.to_dict() for item in extract_archives(listing, client)]
    assert got == expected[0]


def test_the_bag_form_gives_the_articles_of_each_range(client: Client, tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "posts.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number, body in enumerate(fixture_pages()[:30]):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"{SITE}/{number}/",
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=headers,
                )
            )
    bag = to_bag(path, records_per_task=8)
    assert bag.npartitions == 4
    assert bag.compute() == [as_record(item) for item in iter_warc_articles(path)]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "scraper", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_cli_cluster_output_equals_the_one_machine_output(warcs: tuple[list[Path], int]) -> None:
    path = str(warcs[0][0])
    alone = _cli("extract", path, "--format", "jsonl", "-q")
    clustered = _cli("extract", path, "--cluster", "local:2", "--format", "jsonl", "-q")
    assert alone.returncode == 0 and clustered.returncode == 0, clustered.stderr
    want = [json.loads(line) for line in alone.stdout.splitlines()]
    got = [json.loads(line) for line in clustered.stdout.splitlines()]
    assert len(want) > 50
    assert [(r["url"], r["text"]) for r in got] == [(r["url"], r["text"]) for r in want]
    assert got == want


def test_cli_without_dask_says_how_to_install_it(
    warcs: tuple[list[Path], int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in list(sys.modules):
        if name == "distributed" or name.startswith(("distributed.", "scraper.distributed")):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    code = main(["extract", str(warcs[0][0]), "--cluster", "local:2"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.count("\n") == 0 and 'pip install "scraper[dask]"' in err


@pytest.mark.parametrize("address", ["local:0", "local", "nonsense"])
def test_cli_rejects_a_bad_cluster_address(
    address: str, warcs: tuple[list[Path], int], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["extract", str(warcs[0][0]), "--cluster", address])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.count("\n") == 0 and "--cluster" in err


def test_cli_cluster_rejects_a_file_that_is_not_an_archive(
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = ROOT / "fixtures" / "pages" / "news_article.html"
    code = main(["extract", str(page), "--cluster", "local:2"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "not a WARC file" in err


def test_a_plan_in_pieces_cuts_the_file_as_one_plan_does(warcs: tuple[list[Path], int]) -> None:
    location = str(warcs[0][1])
    whole = plan_ranges(location, 7)
    assert whole.next_start is None and len(whole.ranges) > 20
    pieces, start = [], 0
    while True:
        piece = plan_ranges(location, 7, start, 3)
        pieces += piece.ranges
        if piece.next_start is None:
            break
        start = piece.next_start
    assert pieces == whole.ranges
    assert all(a.end == b.start for a, b in itertools.pairwise(whole.ranges))


# --- multi-site crawls ------------------------------------------------------------------------


def _folder_records(output: Path) -> dict[str, dict[str, Any]]:
    """Every exported file (path relative to the output) with its crawl-independent fields."""
    found = {}
    for path in sorted(output.rglob("*.json")):
        if ".scraper" in path.relative_to(output).parts:
            continue
        record = json.loads(path.read_text())
        found[str(path.relative_to(output))] = {
            key: value for key, value in record.items() if key not in ("fetched_at", "extracted_at")
        }
    return found


def test_a_multi_site_crawl_on_the_cluster_writes_what_one_machine_writes(
    client: Client, tmp_path: Path
) -> None:
    from scraper.config import CrawlConfig
    from scraper.distributed.crawl import crawl_sites
    from scraper.export import make_exporter
    from scraper.export.pipeline import crawl_to
    from scraper.site_server import serve_site

    blog = ROOT / "fixtures" / "blog"
    with serve_site(blog) as first, serve_site(blog) as second:
        starts = (first.url, second.url)
        alone = tmp_path / "alone"
        config = CrawlConfig(start_urls=starts, output_dir=alone, delay=0, max_depth=2)
        one_machine = crawl_to(config, make_exporter(alone, "json"))
        spread = tmp_path / "spread"
        config = dataclasses.replace(config, output_dir=spread)
        on_cluster = crawl_sites(config, spread, "json", client)
        again = crawl_sites(config, spread, "json", client)  # resumes each site's own state
    want = _folder_records(alone)
    assert len(want) > 20
    assert _folder_records(spread) == want
    assert on_cluster.exported == one_machine.exported and on_cluster.failed == 0
    assert again.exported == 0  # nothing new or changed: each site's state was kept
    assert sorted(p.name for p in (spread / ".scraper" / "sites").iterdir()) == sorted(
        url.split("//")[1].rstrip("/").replace(":", "_") for url in starts
    )


def test_cli_crawls_sites_on_a_local_cluster(tmp_path: Path) -> None:
    from scraper.site_server import serve_site

    blog = ROOT / "fixtures" / "blog"
    with serve_site(blog) as first, serve_site(blog) as second:
        common = ["--delay", "0", "--depth", "1", "-q"]
        alone = _cli("crawl", first.url, second.url, "-o", str(tmp_path / "a"), *common)
        spread = _cli(
            "crawl",
            first.url,
            second.url,
            "-o",
            str(tmp_path / "b"),
            "--cluster",
            "local:2",
            *common,
        )
    assert alone.returncode == 0 and spread.returncode == 0, spread.stderr
    want = _folder_records(tmp_path / "a")
    assert len(want) > 5
    assert _folder_records(tmp_path / "b") == want


@pytest.mark.parametrize(
    ("options", "message"),
    [(["-o", "-"], "-o FOLDER"), (["--format", "jsonl"], "one file per article")],
)
def test_cli_cluster_crawl_rejects_what_it_cannot_do(
    options: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["crawl", "http://127.0.0.1:9/", "--cluster", "local:2", *options])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.count("\n") == 0 and message in err
