"""Executors that run the same per-record pipeline: local processes or a Dask cluster.

An engine maps :func:`nq52extract.runner.process_record` over a batch of
records and returns the results in input order; everything else about a run
(reading, checkpoints, writing) is the runner's and does not depend on it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from functools import partial
from typing import Any, Callable, Protocol, Sequence

from .pipeline import Options

Result = tuple[dict[str, Any], dict[str, list[dict]]]


class Engine(Protocol):
    """Runs one function over a batch of records, results in order."""

    workers: int

    def map(self, records: Sequence[Any]) -> list[Result]: ...

    def close(self) -> None: ...


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


_WORKER_FUNC: Callable[[Any], Result] | None = None


def _init_worker(func: Callable[[Any], Result]) -> None:
    global _WORKER_FUNC
    _WORKER_FUNC = func


def _call_worker(record: Any) -> Result:
    assert _WORKER_FUNC is not None
    return _WORKER_FUNC(record)


class LocalEngine:
    """In this process (one worker) or a pool of local processes."""

    def __init__(self, func: Callable[[Any], Result], workers: int | None = None):
        self.func = func
        self.workers = workers or default_workers()
        self._pool = None
        if self.workers > 1:
            ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
            self._pool = ctx.Pool(self.workers, initializer=_init_worker, initargs=(func,))

    def map(self, records: Sequence[Any]) -> list[Result]:
        if self._pool is None or len(records) < 2:
            return [self.func(r) for r in records]
        chunk = max(1, len(records) // (self.workers * 4))
        return self._pool.map(_call_worker, records, chunksize=chunk)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def terminate(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


class DaskEngine:
    """A Dask cluster: the scheduler at ``address``, or a LocalCluster started here."""

    def __init__(self, func: Callable[[Any], Result], address: str | None = None, workers: int | None = None):
        from distributed import Client, LocalCluster

        self.func = func
        self._cluster = None
        if address:
            self._client = Client(address)
        else:
            self._cluster = LocalCluster(
                n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs="error",
            )
            self._client = Client(self._cluster)
        self.workers = len(self._client.scheduler_info().get("workers", {})) or (workers or 1)

    def map(self, records: Sequence[Any]) -> list[Result]:
        futures = self._client.map(self.func, list(records), pure=False)
        return self._client.gather(futures)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    terminate = close


def make_engine(name: str, options: Options, *, workers: int | None = None, address: str | None = None):
    """The engine called ``name`` ("local" or "dask") running the pipeline with ``options``."""
    from .runner import process_record

    func = partial(process_record, options=options)
    if name == "local":
        return LocalEngine(func, workers)
    if name == "dask":
        return DaskEngine(func, address, workers)
    raise ValueError(f"unknown engine {name!r}")
