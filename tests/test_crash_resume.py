"""Crash safety: SIGKILL a real ``scraper crawl`` at many moments, resume it each time, and check
the final output equals an uninterrupted crawl's.

The fixture blog is served on 127.0.0.1 with a small pause per request, so a crawl takes a few
seconds and the kills land mid-crawl: during discovery, right after an article file appears,
and at seeded random moments. After every kill the output must already be sound (each article
file parses; no article file is half-written). After the last resume: the same files as the
uninterrupted crawl, identical JSON except ``fetched_at``, every article exactly once, no
temporary files left, and a state database that passes ``PRAGMA integrity_check`` with nothing
left in flight.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import SlowSite

pytestmark = pytest.mark.timeout(240)

BLOG = Path(__file__).resolve().parent.parent / "fixtures" / "blog"
KILL_SEED = 20261123
KILLS = 14
MIN_KILLS = 10  # what the issue asks for; KILLS are attempted
MAX_ATTEMPTS = 30
VOLATILE_FIELDS = {"fetched_at"}
STATE_DB = Path(".scraper") / "state.sqlite"


class SlowerSite(SlowSite):
    delay = 0.03


@pytest.fixture(scope="module")
def site() -> Iterator[SlowSite]:
    with SlowerSite(BLOG) as server:
        yield server


def start_crawl(url: str, output: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "scraper", "crawl", url, "-o", str(output)]
    command += ["--delay", "0", "--quiet"]
    return subprocess.Popen(
        command,
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen[bytes]) -> None:
    _, stderr = process.communicate(timeout=120)
    assert process.returncode in (0, 1), stderr.decode(errors="replace")


def article_files(output: Path) -> list[Path]:
    return sorted(
        p
        for p in output.rglob("*")
        if p.is_file() and ".scraper" not in p.relative_to(output).parts
    )


def json_articles(output: Path) -> dict[str, dict[str, object]]:
    """Every article file (relative path -> record); each must parse."""
    records = {}
    for path in article_files(output):
        if path.name.startswith("."):
            continue
        records[path.relative_to(output).as_posix()] = json.loads(path.read_text("utf-8"))
    return records


def temp_files(output: Path) -> list[Path]:
    return [p for p in article_files(output) if p.name.startswith(".") or p.suffix == ".tmp"]


def stable(record: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in record.items() if k not in VOLATILE_FIELDS}


def kill_after(process: subprocess.Popen[bytes], output: Path, point: tuple[str, float]) -> bool:
    """SIGKILL the crawl at ``point``; True when it was still running (a real mid-crawl kill)."""
    kind, value = point
    deadline = time.monotonic() + 60
    if kind == "files":
        target = len(article_files(output)) + int(value)
        while time.monotonic() < deadline and process.poll() is None:
            if len(article_files(output)) >= target:
                break
            time.sleep(0.002)
    else:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=value)
    running = process.poll() is None
    with contextlib.suppress(ProcessLookupError):
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    return running


def kill_points() -> Iterator[tuple[str, float]]:
    """Seeded: kills during discovery (by time), right after 1-4 new article files, and at
    random moments, then more of the same kinds if some run ended before its kill."""
    rng = random.Random(KILL_SEED)
    points: list[tuple[str, float]] = [("seconds", rng.uniform(0.3, 1.0)) for _ in range(3)]
    points += [("files", rng.randint(1, 4)) for _ in range(7)]
    points += [("seconds", rng.uniform(0.6, 1.6)) for _ in range(4)]
    rng.shuffle(points)
    yield from points
    while True:
        if rng.random() < 0.5:
            yield ("files", rng.randint(1, 3))
        else:
            yield ("seconds", rng.uniform(0.4, 1.2))


def check_state_db(output: Path) -> None:
    with contextlib.closing(sqlite3.connect(output / STATE_DB)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        in_flight = db.execute("SELECT COUNT(*) FROM urls WHERE status = 'claimed'").fetchone()
        assert in_flight == (0,)
        undelivered = db.execute("SELECT COUNT(*) FROM pending").fetchone()
        assert undelivered == (0,)


def test_sigkill_at_many_points_then_resume_equals_an_uninterrupted_crawl(
    site: SlowSite, tmp_path: Path
) -> None:
    reference = tmp_path / "reference"
    finish(start_crawl(site.url, reference))
    expected = json_articles(reference)
    assert len(expected) >= 20  # the fixture blog's articles, a meaningful crawl

    output = tmp_path / "crashed"
    landed = []
    torn_writes = 0
    for attempt, point in enumerate(kill_points()):
        if len(landed) >= KILLS or attempt >= MAX_ATTEMPTS:
            break
        if kill_after(start_crawl(site.url, output), output, point):
            landed.append(point)
        # Already sound after a SIGKILL: every article file parses (atomic writes).
        done = json_articles(output)
        torn_writes += bool(temp_files(output))
        landed_at = f"{point[0]}={point[1]:.2f}"
        print(f"kill {len(landed)} at {landed_at}: {len(done)}/{len(expected)} articles on disk")
    assert len(landed) >= MIN_KILLS, landed
    print(f"{len(landed)} kills landed mid-crawl, {torn_writes} of them left a temp file behind")

    finish(start_crawl(site.url, output))
    actual = json_articles(output)
    assert sorted(actual) == sorted(expected)
    for name, record in expected.items():
        assert stable(actual[name]) == stable(record), name
    urls = [record["url"] for record in actual.values()]
    assert len(urls) == len(set(urls)), "an article was exported twice"
    assert temp_files(output) == []
    check_state_db(output)
