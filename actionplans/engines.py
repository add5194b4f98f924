"""Where documents run: guarded workers on local cores, or the same workers on a Dask cluster.

Why: one machine's cores serve a folder of plans; a national collection wants a cluster. Both
engines run `worker.run_guarded` for each document (so limits and error reports are the same)
and yield `(input index, result)` as documents finish; the caller writes them and orders its
report by input index, so the tables do not depend on which document finished first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

from actionplans.failures import LoadFailure, safe_path
from actionplans.limits import Limits
from actionplans.worker import WorkerStopped, run_guarded, stop_all

ENGINES = ("local", "dask")
Work = Sequence[tuple[int, str, str | None]]  # (input index, path, area override)


class EngineUnavailable(RuntimeError):
    """The engine asked for cannot run here (its package is missing, or no scheduler)."""


def check_engine(engine: str) -> None:
    """EngineUnavailable now, before any work, when `engine` cannot run here."""
    if engine not in ENGINES:
        raise EngineUnavailable(f"unknown engine {engine!r} (engines: {', '.join(ENGINES)})")
    if engine == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError as exc:
            raise EngineUnavailable("the dask engine needs the 'dask' extra: "
                                    "pip install 'actionplans[dask]'") from exc


def results(engine: str, work: Work, limits: Limits, jobs: int,
            scheduler: str | None = None) -> Iterator[tuple[int, Any]]:
    if engine == "local":
        return local_results(work, limits, jobs)
    if engine == "dask":
        return dask_results(work, limits, jobs, scheduler)
    raise ValueError(f"unknown engine {engine!r} (engines: {', '.join(ENGINES)})")


def local_results(work: Work, limits: Limits, jobs: int) -> Iterator[tuple[int, Any]]:
    """`jobs` guarded workers, each driven by a thread that waits on its pipe."""
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="actionplans-doc") as pool:
        futures = {pool.submit(run_guarded, path, area, limits): (i, path)
                   for i, path, area in work}
        try:
            for future in as_completed(futures):
                i, path = futures.pop(future)  # a finished future holds its rows: let it go
                yield i, _outcome(future, path)
        except BaseException:
            stop_all()  # before the pool waits for its threads: they return at once
            for future in futures:
                future.cancel()
            raise


def dask_results(work: Work, limits: Limits, jobs: int,
                 scheduler: str | None = None) -> Iterator[tuple[int, Any]]:
    """The documents as tasks of a Dask cluster: the one at `scheduler`, else a LocalCluster of
    `jobs` worker processes. Paths must be readable on the workers (a shared file system)."""
    try:
        from distributed import Client, LocalCluster
        from distributed import as_completed as dask_completed
    except ImportError as exc:
        raise EngineUnavailable("the dask engine needs the 'dask' extra: "
                                "pip install 'actionplans[dask]'") from exc
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   dashboard_address=":0")  # any free port: never "in use"
            client = Client(cluster)
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise EngineUnavailable(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
    import uuid  # here, not at the top: it loads `platform` (0.01 s), the dask engine only

    cwd, run = os.getcwd(), uuid.uuid4().hex[:12]
    try:
        futures, where = [], {}
        for i, path, area in work:
            future = client.submit(run_guarded, path, area, limits, cwd, pure=False,
                                   key=f"actionplans-document-{run}-{i}")
            futures.append(future)
            where[future.key] = (i, path)
        pending = dask_completed(futures)
        del futures  # the cluster keeps a result while a future refers to it
        try:
            for future in pending:
                i, path = where.pop(future.key)
                result = _outcome(future, path)
                future.release()
                del future
                yield i, result
        except BaseException:
            client.cancel(list(pending.futures))
            raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _outcome(future: Any, path: str) -> Any:
    """The task's result, or a LoadFailure when the task itself failed (a worker lost)."""
    try:
        return future.result()
    except WorkerStopped:
        raise
    except Exception as exc:
        return LoadFailure(safe_path(path), f"the engine lost the task ({type(exc).__name__}: "
                           f"{exc})", stage="read", error_type=type(exc).__name__)
