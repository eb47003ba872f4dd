"""Worker lanes (``WorkerLanes``): jobs queued on a worker process, answered in order; a job over
its deadline or one that kills its worker fails alone, the jobs behind it still run, and a big
job never blocks the event loop while the worker is busy."""

from __future__ import annotations

import asyncio
import gc
import operator
import os
import pickle
import time
from collections.abc import Iterator

import pytest

from scraper.archive.workpool import ExtractionPool, WorkerLanes
from scraper.crawler import worker
from scraper.crawler.worker import PackedModel, PageReader, read_html, read_links
from scraper.errors import ExtractionError, ExtractionTimeout
from scraper.sitemodel import SiteModel

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def lanes() -> Iterator[WorkerLanes]:
    pool = ExtractionPool(1)
    made = pool.lanes(1, depth=4)
    yield made
    made.close()
    pool.close()


def test_queued_jobs_survive_a_job_over_its_deadline_and_a_dying_worker(
    lanes: WorkerLanes,
) -> None:
    async def scenario() -> list[object]:
        return await asyncio.gather(
            lanes.run(30, operator.mul, "ab", 2),
            lanes.run(1, time.sleep, 60),  # over its deadline: its worker is killed
            lanes.run(30, operator.mul, "cd", 2),
            lanes.run(30, os._exit, 3),  # kills its worker
            lanes.run(30, operator.mul, "ef", 2),
            lanes.run(30, int, "not a number"),  # raises in the worker, which lives on
            lanes.run(30, operator.mul, "gh", 2),
            return_exceptions=True,
        )

    started = time.monotonic()
    results = asyncio.run(scenario())
    assert time.monotonic() - started < 50  # the sleeper did not run its 60 s
    assert results[0] == "abab" and results[2] == "cdcd"
    assert results[4] == "efef" and results[6] == "ghgh"
    assert isinstance(results[1], ExtractionTimeout)
    assert isinstance(results[3], ExtractionError)
    assert not isinstance(results[3], ExtractionTimeout)
    assert isinstance(results[5], ExtractionError) and "ValueError" in str(results[5])


def test_a_queued_job_s_deadline_counts_from_its_predecessor_s_answer(
    lanes: WorkerLanes,
) -> None:
    """Each queued job fails at its own deadline, counted from when the job before it answered:
    not at the first one's (too early), nor at a longer one's armed before a shorter (too
    late). A lane's per-job timer must keep this whatever shape it takes."""

    async def timed(deadline: float, function: object, *args: object) -> tuple[object, float]:
        try:
            result: object = await lanes.run(deadline, function, *args)  # type: ignore[arg-type]
        except ExtractionError as exc:
            result = exc
        return result, time.monotonic()

    async def scenario() -> list[tuple[object, float]]:
        return await asyncio.gather(
            timed(1.0, time.sleep, 0.6),  # answers within its deadline
            timed(1.0, time.sleep, 60),  # due 1.0 s after the first answered, not before
            timed(30, time.sleep, 0.3),  # a long deadline armed first ...
            timed(0.5, time.sleep, 60),  # ... then a shorter one behind it
        )

    started = time.monotonic()
    (first, first_at), (second, second_at), (third, third_at), (fourth, fourth_at) = asyncio.run(
        scenario()
    )
    assert first is None and third is None
    assert isinstance(second, ExtractionTimeout) and isinstance(fourth, ExtractionTimeout)
    assert first_at - started >= 0.6
    assert second_at - first_at >= 0.95  # its own full second, from the first's answer
    assert second_at - first_at < 10
    assert fourth_at - third_at >= 0.45
    assert fourth_at - started < 20  # not the 30 s armed for the job before it


def test_a_big_job_waits_in_the_parent_without_blocking_the_loop(lanes: WorkerLanes) -> None:
    """30 MB cannot sit in a socket buffer while the worker is busy: the rest is written as the
    worker reads it, and the loop keeps running meanwhile."""
    big = b"x" * (30 * 1024 * 1024)

    async def scenario() -> tuple[list[object], float]:
        gaps: list[float] = []

        async def ticker() -> None:
            last = time.monotonic()
            while True:
                await asyncio.sleep(0.01)
                now = time.monotonic()
                gaps.append(now - last)
                last = now

        ticking = asyncio.create_task(ticker())
        results = await asyncio.gather(
            lanes.run(30, time.sleep, 1.0), lanes.run(30, len, big), lanes.run(30, len, b"ok")
        )
        ticking.cancel()
        return list(results), max(gaps)

    results, longest_gap = asyncio.run(scenario())
    assert results == [None, len(big), 2]
    assert longest_gap < 0.9  # never stuck behind the sleeping worker


def test_lanes_hand_an_idle_worker_back_to_the_pool() -> None:
    pool = ExtractionPool(1)
    try:
        lanes = pool.lanes(1)
        assert asyncio.run(lanes.run(30, operator.add, 1, 2)) == 3
        lanes.close()
        assert pool.run_sync(30, operator.add, 2, 3) == 5  # the same worker, blocking again
    finally:
        pool.close()


def test_a_worker_freezes_what_it_inherits_so_full_collections_skip_it() -> None:
    pool = ExtractionPool(1)
    try:
        frozen = pool.run_sync(30, gc.get_freeze_count)
        assert frozen > 1000  # the preloaded extractor's objects, not an empty process
        assert gc.get_freeze_count() == 0  # the parent's own collector is untouched
    finally:
        pool.close()


def test_a_page_result_crosses_back_unchanged() -> None:
    page = (
        "<html><head><title>T</title><link rel='next' href='/page/2/'></head><body><article>"
        "<h1>A title</h1><p>Some words of a paragraph that is long enough to be kept.</p>"
        "<a href='/other/'>x</a></article></body></html>"
    )
    result = read_html(page, "https://ex.example/post/", False)
    assert result.links is not None and result.links.links
    assert pickle.loads(pickle.dumps(result)) == result
    broken = read_html("", "https://ex.example/post/", False)
    assert pickle.loads(pickle.dumps(broken)) == broken
    links_only = read_links(page, "https://ex.example/post/")
    assert links_only.article is None and links_only.links is not None
    assert pickle.loads(pickle.dumps(links_only)) == links_only


def test_a_site_model_is_pickled_once_and_read_as_itself_in_the_worker() -> None:
    """The model travels packed (pickled once in the crawl) and unpickles as the model itself,
    once per worker; a worker that has not met it (a replaced one) reads it from the job."""
    page = (
        "<html><head><title>A post | Site</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>A post</h1><p>Some words of a paragraph that is long enough to be kept "
        "by the extractor as the body of this post.</p></article></body></html>"
    )
    url = "https://ex.example/post/"
    model = SiteModel(
        host="ex.example",
        pages=12,
        template=frozenset({"00000000-00000000"}),
        nav_places=frozenset({"body/nav"}),
        site_name="Site",
        site_name_side="suffix",
        title_place="body/article/h1",
        content_region="body/article/",
    )
    packed = PackedModel(model)
    job = pickle.dumps((read_html, (page, url, False, packed)))
    worker._UNPACKED.clear()
    _, first = pickle.loads(job)
    _, second = pickle.loads(job)
    assert first[3] == model and first[3] is second[3]  # unpickled once, then remembered
    worker._UNPACKED.clear()  # a replaced worker: the job alone is enough
    _, again = pickle.loads(job)
    assert again[3] == model and again[3] is not first[3]
    alone = read_html(page, url, False, model)
    assert read_html(*again) == alone

    async def through_a_worker() -> list[object]:
        reader = PageReader(1, 30, None)
        try:
            read = [(await reader.html(page, url, False, model)) for _ in range(3)]
            assert len(reader._packed) == 1  # packed once for the three pages
            return read
        finally:
            reader.close()

    assert asyncio.run(through_a_worker()) == [alone] * 3


PREFORK_CHILD = """
import asyncio, multiprocessing.forkserver as fs, operator
from scraper.archive.workpool import shared_pool
from scraper.crawler.worker import prefork_workers
started = prefork_workers(1, None)
pool = shared_pool(1, None)
lanes = pool.lanes(1)
answer = asyncio.run(lanes.run(30, operator.add, 20, 22))
lanes.close()
inside = asyncio.run(asyncio.to_thread(prefork_workers, 1, None))  # another thread is running
print(started, answer, fs._forkserver._forkserver_pid is None, inside)
"""


def test_workers_forked_before_the_loop_need_no_fork_server() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", PREFORK_CHILD], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "42", "True", "0"]


ORPHAN_CHILD = """
import os, sys
from scraper.crawler.worker import prefork_workers, shared_pool
prefork_workers(2, None)
print(" ".join(str(worker.process.pid) for worker in shared_pool(2, None)._idle), flush=True)
os.kill(os.getpid(), 9)
"""


def test_forked_workers_end_when_their_parent_is_killed() -> None:
    """A SIGKILLed crawl leaves no worker behind: each sees its pipe close and exits."""
    import signal
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", ORPHAN_CHILD], capture_output=True, text=True, timeout=60
    )
    pids = [int(pid) for pid in done.stdout.split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 20
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [pid for pid in alive if _running(pid)]
    for pid in alive:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not alive


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
