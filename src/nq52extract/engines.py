"""Executors that run the same per-record pipeline: local processes or a Dask cluster.

An engine maps :func:`nq52extract.runner.process_record` over a batch of
records and returns the results in input order; everything else about a run
(reading, checkpoints, writing) is the runner's and does not depend on it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any, Callable, Protocol, Sequence

from .pipeline import Options

Result = Any  # what the mapped function returns: an EncodedResult for the runner


class Engine(Protocol):
    """Runs one function over a batch of records, results in order."""

    workers: int

    def submit(self, records: Sequence[Any]) -> Any:
        """Start a batch; returns a handle for :meth:`collect`."""
        ...

    def collect(self, handle: Any) -> list[Result]:
        """The results of a submitted batch, in input order."""
        ...

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


def _call_chunk(records: list[Any]) -> list[Result]:
    assert _WORKER_FUNC is not None
    return [_WORKER_FUNC(record) for record in records]


def _worker_context() -> Any:
    """A fork server that has imported the pipeline and loaded its resources, else spawn."""
    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover - not POSIX
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["nq52extract.runner", "nq52extract._warmup"])
    return ctx


class LocalEngine:
    """In this process (one worker) or a pool of local processes.

    The pool is a :class:`concurrent.futures.ProcessPoolExecutor`: results
    come back in input order, and a worker that dies (killed, out of memory)
    makes the batch fail with ``BrokenProcessPool`` instead of hanging the
    run. Workers are started from a fork server where there is one, so they
    are never forked from a process that has threads running (a progress
    bar, a Dask client).
    """

    def __init__(self, func: Callable[[Any], Result], workers: int | None = None):
        self.func = func
        self.workers = max(1, workers or default_workers())
        self._pool: ProcessPoolExecutor | None = None
        if self.workers > 1:
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=_worker_context(),
                initializer=_init_worker, initargs=(func,),
            )

    def submit(self, records: Sequence[Any]) -> Any:
        if self._pool is None or len(records) < 2:
            return [self.func(r) for r in records]  # done here and now
        size = max(1, len(records) // (self.workers * 4))
        return [self._pool.submit(_call_chunk, list(records[i : i + size])) for i in range(0, len(records), size)]

    def collect(self, handle: Any) -> list[Result]:
        if handle and hasattr(handle[0], "result"):
            return [result for future in handle for result in future.result()]
        return handle

    def map(self, records: Sequence[Any]) -> list[Result]:
        return self.collect(self.submit(records))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def terminate(self) -> None:
        """Stop now: pending work is dropped and the worker processes are killed."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            if proc.is_alive():
                proc.terminate()
        for proc in processes:
            proc.join(timeout=5)


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
                dashboard_address=":0", silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
        self.workers = len(self._client.scheduler_info().get("workers", {})) or (workers or 1)

    def submit(self, records: Sequence[Any]) -> Any:
        return self._client.map(self.func, list(records), pure=False)

    def collect(self, handle: Any) -> list[Result]:
        return self._client.gather(handle)

    def map(self, records: Sequence[Any]) -> list[Result]:
        return self.collect(self.submit(records))

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    terminate = close


def make_engine(name: str, options: Options, *, workers: int | None = None, address: str | None = None):
    """The engine called ``name`` ("local" or "dask") running the pipeline with ``options``."""
    from .runner import process_record_encoded

    func = partial(process_record_encoded, options=options)
    if name == "local":
        return LocalEngine(func, workers)
    if name == "dask":
        return DaskEngine(func, address, workers)
    raise ValueError(f"unknown engine {name!r}")
