"""Reach a Dask cluster: a running scheduler's address, or ``local:N`` for N local processes."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator

import dask
from distributed import Client, LocalCluster

from scraper.errors import InputError, ScraperError

__all__ = ["ClusterError", "connect", "parse_address"]

_LOCAL = re.compile(r"local:(\d+)")
_CONNECT_TIMEOUT = "10s"


class ClusterError(ScraperError):
    """The Dask scheduler cannot be reached, or no client was given or running."""


def parse_address(address: str) -> tuple[str, int]:
    """``("local", N)`` for ``local:N``, else ``("remote", 0)`` for a scheduler address."""
    text = address.strip()
    match = _LOCAL.fullmatch(text)
    if match:
        workers = int(match.group(1))
        if workers < 1:
            raise InputError(f"--cluster {address}: local needs at least 1 worker")
        return "local", workers
    if text.startswith("local"):
        raise InputError(f"--cluster {address}: use local:N (N worker processes)")
    if "://" not in text and ":" not in text:
        raise InputError(f"--cluster {address}: use tcp://HOST:PORT or local:N")
    return "remote", 0


@contextlib.contextmanager
def connect(address: str) -> Iterator[Client]:
    """A client of the cluster at ``address``, closed (and a local cluster stopped) on exit.

    A local cluster runs one single-threaded worker process per N: the extractor is CPU-bound
    Python, so processes, not threads, are what scale it.
    """
    kind, workers = parse_address(address)
    if not logging.getLogger().isEnabledFor(logging.INFO):
        # Dask logs its life cycle at INFO on its own loggers; failures are reported by the run.
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
    if kind == "local":
        # The statistical profiler samples every thread's stack 100 times a second: a cost on
        # CPU-bound Python tasks that nobody reads without a dashboard.
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.CRITICAL,
            )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    try:
        client = Client(address.strip(), timeout=_CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    with client:
        yield client
