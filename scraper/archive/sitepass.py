"""The first of two passes over an archive: learn each host's site model from its own pages.

A crawl learns a site's template while it fetches (``scraper.sitemodel``); a WARC file or a
mirror folder is already whole, so ``scraper extract`` reads it twice. This pass reads every
page and keeps, per host, a pool of ``POOL_PAGES``: the pages whose URLs rank lowest
(``url_rank``, a hash), so the pool is spread over the whole site whatever order the archive
holds it in (a mirror's sorted paths put every tag page first) and is the same on every run.
Then it learns each host's model from a sample of its pool (``choose_sample``, as a crawl does:
no URL shape fills the sample) in a worker process and saves every model to ``site-model.json``
in the run's state folder (atomically) before the second pass extracts each page with its host's
model. A resumed run reuses the saved models instead of reading the archive again: the same
output.

Memory stays bounded on archives of many small hosts (a Common Crawl file): the pages held for
sampling never exceed ``MAX_SAMPLE_BYTES``; past it, hosts not yet sampled get no model (their
pages are extracted one by one, as without a model).
"""

from __future__ import annotations

import heapq
import logging
from collections import deque
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from scraper.archive.warc_read import ArchiveItem
from scraper.archive.workpool import shared_pool
from scraper.errors import ScraperError
from scraper.extractor import decode_html
from scraper.sitemodel import MODEL_FILE, POOL_PAGES, SiteModel, SiteModels, host_of
from scraper.sitemodel.model import MIN_SAMPLE
from scraper.sitemodel.sample import url_rank

__all__ = ["MAX_SAMPLE_BYTES", "MIN_HOST_PAGES", "learn_one", "learn_site_models", "load_models"]

log = logging.getLogger("scraper.archive")

# A host with fewer pages teaches no template, title pattern or page kinds (``MIN_SAMPLE``), and
# learning costs one more extraction of each sampled page: an archive of many small hosts (a
# Common Crawl file) is read twice but extracted once.
MIN_HOST_PAGES = MIN_SAMPLE
MAX_SAMPLE_BYTES = 256 * 1024 * 1024  # pages held at once while hosts fill their samples


_Page = tuple[str, bytes, str | None]  # (url, content, declared encoding)


@dataclass(slots=True)
class _Sample:
    """A host's sample so far: a max-heap on the URL hash, so the highest is replaced first."""

    heap: list[tuple[int, str, _Page]] = field(default_factory=list)
    size: int = 0

    def offer(self, page: _Page, limit: int) -> int:
        """Keep ``page`` if it is among the ``limit`` lowest hashes; the change in bytes held."""
        key = -url_rank(page[0])
        if len(self.heap) < limit:
            heapq.heappush(self.heap, (key, page[0], page))
            self.size += len(page[1])
            return len(page[1])
        if key <= self.heap[0][0]:
            return 0
        _, _, dropped = heapq.heapreplace(self.heap, (key, page[0], page))
        change = len(page[1]) - len(dropped[1])
        self.size += change
        return change

    def pages(self) -> list[_Page]:
        return [page for _, _, page in sorted(self.heap, key=lambda e: e[1])]


def learn_one(host: str, pages: list[_Page], markdown: bool) -> SiteModel | None:
    """Worker job: ``host``'s model from its pool of pages ``(url, content, encoding)``."""
    models = SiteModels(None)
    decoded = [(url, decode_html(content, encoding)[0]) for url, content, encoding in pages]
    models.learn(host, decoded, markdown=markdown)
    return models.models.get(host)


def load_models(state_dir: Path | None) -> dict[str, SiteModel]:
    """The models a previous pass saved in ``state_dir`` (none if there is no file)."""
    if state_dir is None:
        return {}
    return dict(SiteModels(Path(state_dir) / MODEL_FILE).models)


def learn_site_models(
    items: Iterable[ArchiveItem],
    *,
    processes: int = 1,
    markdown: bool = False,
    timeout: float,
    memory_mb: int | None,
    state_dir: Path | None = None,
    pool_pages: int = POOL_PAGES,
    max_sample_bytes: int = MAX_SAMPLE_BYTES,
) -> Mapping[str, SiteModel]:
    """Every host's model learned from a sample of its pages among ``items``; saved to
    ``state_dir/site-model.json`` when ``state_dir`` is given."""
    store = SiteModels(None)
    store.path = Path(state_dir) / MODEL_FILE if state_dir is not None else None
    pool = shared_pool(max(1, processes), memory_mb)
    samples: dict[str, _Sample] = {}
    held = 0
    refused: set[str] = set()  # hosts met once the samples held filled the budget
    learned: dict[str, SiteModel] = {}
    jobs: deque[tuple[str, Future[SiteModel | None]]] = deque()
    in_flight = 2 * max(1, processes)  # samples waiting for a worker are memory too

    def collect(host: str, job: Future[SiteModel | None]) -> None:
        try:
            model = job.result()
        except ScraperError as exc:  # over its time budget, or its worker died
            log.warning("site model of %s not learned: %s", host, exc)
            return
        if model is not None:
            learned[host] = model
            log.info("site model %s", model.describe())

    def submit(host: str, sample: _Sample) -> None:
        pages = sample.pages()
        if len(pages) >= MIN_HOST_PAGES:
            budget = timeout * len(pages)
            job = threads.submit(pool.run_sync, budget, learn_one, host, pages, markdown)
            jobs.append((host, job))
        while len(jobs) > in_flight:
            collect(*jobs.popleft())

    with ThreadPoolExecutor(max(1, processes), thread_name_prefix="scraper-learn") as threads:
        for item in items:
            page = item.page
            if page is None or not page.content:
                continue
            host = host_of(page.final_url)
            if host in refused:
                continue
            sample = samples.get(host)
            if sample is None:
                if held + len(page.content) > max_sample_bytes:
                    refused.add(host)  # over the budget: this host is extracted without a model
                    continue
                sample = samples[host] = _Sample()
            held += sample.offer((page.final_url, page.content, page.encoding), pool_pages)
        for host in sorted(samples):
            submit(host, samples.pop(host))
        while jobs:
            collect(*jobs.popleft())
    store.models = dict(learned)  # what this input taught, exactly (a resumed run reloads it)
    if learned:
        store.save()
    elif store.path is not None:
        store.path.unlink(missing_ok=True)  # no host to learn: no file (nor an older input's)
    return learned
