"""Each document in a guarded child process, so one hostile file costs one line, not the batch.

Why: a PDF whose objects point at each other loops forever in pdfminer, a zip bomb takes
gigabytes, and no exception handler stops either. A worker is a separate interpreter
(`python -m actionplans.worker`), started once and reused for document after document: the
parent kills it when a document runs over the time limit (and starts another), the worker caps
its own address space per document (RLIMIT_AS) so a memory bomb is a MemoryError, and limits on
pages and unpacked size are checked before a reader opens the file. Workers die with their
parent: they are spawned by one long-lived thread with PR_SET_PDEATHSIG (Linux) and also watch
the parent's pid. The same `run_guarded` serves local threads and Dask tasks.

Protocol: length-prefixed pickles over the worker's stdin/stdout; the worker's own fd 1 is
pointed at its stderr (a temporary file) so a library's print cannot corrupt the stream.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import select
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from actionplans.failures import LoadFailure, explain, safe_path
from actionplans.limits import Limits, format_size

_HEADER = struct.Struct("!Q")
START_TIMEOUT = 120.0  # seconds for a new worker to import the pipeline and say it is ready
MAX_TASKS = 200  # documents per worker before it is replaced (bounds slow leaks)
GROWTH_LIMIT = 0.5  # replace a worker whose address space grew by this share of max_memory


class WorkerStopped(Exception):
    """Raised by `run_guarded` once `stop_all` was called (an interrupted build)."""


# --------------------------------------------------------------------------- parent side


def _spawner() -> None:
    """Starts every worker from one thread that lives as long as the process: PDEATHSIG fires
    when the *thread* that forked a child ends, so pool threads must not start workers."""
    while True:
        args, box = _spawn_requests.get()
        try:
            box.put(subprocess.Popen(**args))
        except Exception as exc:
            box.put(exc)


_spawn_requests: queue.Queue[tuple[dict[str, Any], queue.Queue[Any]]] = queue.Queue()
_spawn_lock = threading.Lock()
_spawn_thread: threading.Thread | None = None
_lock = threading.Lock()
_idle: list[_Worker] = []
_live: set[_Worker] = set()
_stopping = threading.Event()


def _spawn(**args: Any) -> subprocess.Popen[bytes]:
    global _spawn_thread
    with _spawn_lock:
        if _spawn_thread is None or not _spawn_thread.is_alive():
            _spawn_thread = threading.Thread(target=_spawner, name="actionplans-spawner",
                                             daemon=True)
            _spawn_thread.start()
    box: queue.Queue[Any] = queue.Queue()
    _spawn_requests.put((args, box))
    result = box.get()
    if isinstance(result, Exception):
        raise result
    return result


class _Worker:
    """One child interpreter and its pipes."""

    def __init__(self) -> None:
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the worker
        self.proc = _spawn(
            args=[sys.executable, "-m", "actionplans.worker", str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
            process_group=0,  # Ctrl-C goes to the parent, which stops the workers itself
        )
        self.tasks = 0
        with _lock:
            _live.add(self)
        if _stopping.is_set():
            self.kill()
            raise WorkerStopped
        reply = self._receive(time.monotonic() + START_TIMEOUT)
        if not (isinstance(reply, tuple) and reply and reply[0] == "ready"):
            self.kill()
            raise RuntimeError(f"document worker did not start: {self._describe_exit()}")

    def run(self, path: str, area: str | None, limits: Limits, cwd: str | None = None
            ) -> tuple[str, Any]:
        """("ok", result) | ("error", LoadFailure) | ("timeout", None) | ("died", reason) |
        ("unused", None) when the worker was gone before it took the task."""
        task = {"path": path, "area": area, "limits": limits.to_dict(), "cwd": cwd or os.getcwd(),
                "env": dict(os.environ)}  # as if forked now: SOURCE_DATE_EPOCH, PATH...
        self.tasks += 1
        try:
            self._send(task)
        except OSError:
            self.kill()
            return ("unused", None)
        reply = self._receive(time.monotonic() + limits.timeout)
        if reply is _TIMEOUT:
            self.kill()
            return ("timeout", None)
        if reply is _EOF:
            return ("died", self._describe_exit())
        status, value, retire = reply
        if retire:
            self.kill()
        return status, value

    def _send(self, obj: Any) -> None:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        assert self.proc.stdin is not None
        self.proc.stdin.write(_HEADER.pack(len(data)) + data)
        self.proc.stdin.flush()

    def _receive(self, deadline: float) -> Any:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        header = self._read(fd, _HEADER.size, deadline)
        if not isinstance(header, bytes):
            return header
        body = self._read(fd, _HEADER.unpack(header)[0], deadline)
        if not isinstance(body, bytes):
            return body
        return pickle.loads(body)

    @staticmethod
    def _read(fd: int, n: int, deadline: float) -> Any:
        chunks: list[bytes] = []
        while n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return _TIMEOUT
            ready, _, _ = select.select([fd], [], [], min(remaining, 1.0))
            if _stopping.is_set():
                return _EOF
            if not ready:
                continue
            chunk = os.read(fd, min(n, 1 << 20))
            if not chunk:
                return _EOF
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        for pipe in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                if pipe is not None:
                    pipe.close()
        with _lock:
            _live.discard(self)
        with contextlib.suppress(OSError):
            self.log.close()

    def _describe_exit(self) -> str:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        code = self.proc.returncode
        if code is None:
            self.kill()
            code = self.proc.returncode
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            what = f"killed by {name}"
            if -code == signal.SIGKILL:
                what += " (by the system, e.g. out of memory)"
        else:
            what = f"exited with status {code}"
        tail = self._log_tail()
        self.kill()
        return what + (f": {tail}" if tail else "")

    def _log_tail(self) -> str:
        try:
            self.log.seek(0, os.SEEK_END)
            size = self.log.tell()
            self.log.seek(max(0, size - 2000))
            lines = [ln for ln in self.log.read().decode("utf-8", "replace").splitlines()
                     if ln.strip()]
        except (OSError, ValueError):
            return ""
        return lines[-1].strip()[:200] if lines else ""


_TIMEOUT = object()
_EOF = object()


def _take_worker() -> _Worker:
    with _lock:
        while _idle:
            worker = _idle.pop()
            if worker.alive():
                return worker
            _live.discard(worker)
    return _Worker()


def _give_back(worker: _Worker) -> None:
    if _stopping.is_set() or not worker.alive() or worker.tasks >= MAX_TASKS:
        worker.kill()
        return
    with _lock:
        _idle.append(worker)


def run_guarded(path: str, area: str | None = None, limits: Limits | None = None,
                cwd: str | None = None) -> Any:
    """One document in a worker: its DocumentResult, or a LoadFailure saying why not.

    Relative paths are opened from `cwd` (default: this process's). Never raises for anything
    the document does; WorkerStopped after `stop_all`.
    """
    limits = limits or Limits()
    if _stopping.is_set():
        raise WorkerStopped
    for attempt in range(3):
        try:
            worker = _take_worker()
        except RuntimeError as exc:  # a worker that could not start: try another, then say so
            if attempt < 2 and not _stopping.is_set():
                continue
            if _stopping.is_set():
                raise WorkerStopped from exc
            return LoadFailure(safe_path(path), f"no worker could be started to read it ({exc})",
                               stage="read", error_type="WorkerStartFailed")
        status, value = worker.run(path, area, limits, cwd)
        if status != "unused":
            break
    if _stopping.is_set():
        worker.kill()
        raise WorkerStopped
    if status in ("ok", "error"):
        _give_back(worker)
        return value
    name = safe_path(path)
    if status == "timeout":
        return LoadFailure(name, f"time limit of {limits.timeout:g} s exceeded (--timeout); "
                           "the reader was stopped", stage="limit", error_type="TimeLimit",
                           sha256=file_sha256(path))
    return LoadFailure(name, f"the worker reading it died ({value}); the file is likely "
                       f"malformed or over the memory limit ({format_size(limits.max_memory)})",
                       stage="read", error_type="WorkerDied", sha256=file_sha256(path))


def stop_all() -> None:
    """Kill every worker now (Ctrl-C); later `run_guarded` calls raise WorkerStopped."""
    _stopping.set()
    with _lock:
        workers = list(_live)
        _idle.clear()
    for worker in workers:
        worker.kill()


def reset() -> None:
    """Allow workers again after `stop_all` (a library caller that builds again)."""
    _stopping.clear()


def file_sha256(path: str) -> str | None:
    """SHA-256 of a regular file, streamed; None when it cannot be read."""
    import hashlib

    try:
        if not Path(path).is_file():
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


# --------------------------------------------------------------------------- child side


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the signal was armed

    def watch() -> None:  # also where PDEATHSIG is not available
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _address_space() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _cap_memory(max_memory: int) -> int | None:
    """Cap the address space at its current size plus `max_memory`; the size before."""
    try:
        import resource

        used = _address_space()
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = used + max_memory
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        return used
    except (ImportError, OSError, ValueError):
        return None


def _uncap_memory() -> None:
    with contextlib.suppress(ImportError, OSError, ValueError):
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def process_in_worker(path: str, area: str | None, limits: Limits) -> Any:
    """What the worker does for one task: limits checked, then the pipeline; never raises."""
    from actionplans.extract.pdf_pages import PAGE_PROCESSES
    from actionplans.limits import check_before_reading
    from actionplans.pipeline import _safe_process

    PAGE_PROCESSES.set(limits.page_processes)
    try:
        check_before_reading(path, limits)
    except Exception as exc:
        failure = explain(exc, path, max_memory=limits.max_memory)
        failure.sha256 = file_sha256(path)
        return failure
    result = _safe_process((path, area), max_memory=limits.max_memory)
    if isinstance(result, LoadFailure) and result.sha256 is None:
        result.sha256 = file_sha256(path)
    return result


# A one-action plan in the words of real ones, read once at start-up so the spaCy pipeline,
# the gazetteer and the regex caches are built before any document's time limit starts.
_WARM_UP = (
    "Warmshire Council\nAction plan, 1 March 2018\n\n"
    "Ref\tAction\tLead\tBy when\tRAG\tProgress update\n"
    "1.1\tAgree joint governance with partners\tJo Bloggs, Director of Adult Social Care, "
    "Warmshire Council\tMarch 2018\tGreen\tWorkshop held 12/12/17; reduce delays to 10 per "
    "day by March 2018.\n"
)


def _warm_up() -> None:
    """Read the warm-up plan from the user cache (a worker killed while warming up then leaves
    no temporary folder behind), else from a temporary folder."""
    import hashlib

    from actionplans.pipeline import process_document
    from actionplans.user_cache import cache_dir

    name = f"warm-up-{hashlib.sha256(_WARM_UP.encode()).hexdigest()[:12]}.txt"
    path = cache_dir() / name
    with contextlib.ExitStack() as stack:
        try:
            if not path.is_file():
                path.parent.mkdir(parents=True, exist_ok=True)
                part = path.with_name(f"{name}.{os.getpid()}.part")
                part.write_text(_WARM_UP, encoding="utf-8")
                os.replace(part, path)  # whole or absent, whoever else is writing it
        except OSError:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="actionplans-warm-"))
            path = Path(folder) / "warm-up.txt"
            path.write_text(_WARM_UP, encoding="utf-8")
        with contextlib.suppress(Exception):
            process_document(path)


def _serve(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints go to the log, not into the protocol
    sys.stdout = sys.stderr
    stdin = sys.stdin.buffer

    def send(obj: Any) -> None:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(_HEADER.pack(len(data)) + data)
        out.flush()

    _warm_up()  # imports and caches before "ready": not on the first document's clock
    send(("ready", os.getpid()))
    start = _address_space()
    while True:
        header = stdin.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return  # the parent closed the pipe
        task = pickle.loads(stdin.read(_HEADER.unpack(header)[0]))
        limits = Limits(**task["limits"])
        with contextlib.suppress(OSError):
            os.chdir(task["cwd"])
        if os.environ != task["env"]:
            os.environ.clear()
            os.environ.update(task["env"])
        _cap_memory(limits.max_memory)
        try:
            result = process_in_worker(task["path"], task["area"], limits)
        except MemoryError as exc:  # raised while explaining a MemoryError
            result = explain(exc, task["path"], max_memory=limits.max_memory)
        finally:
            _uncap_memory()
        retire = (isinstance(result, LoadFailure) and result.error_type == "MemoryLimit") or (
            _address_space() - start > GROWTH_LIMIT * limits.max_memory)
        status = "error" if isinstance(result, LoadFailure) else "ok"
        try:
            send((status, result, retire))
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
            send(("error", explain(exc, task["path"]), retire))
        if retire:
            return  # a heap that hit its cap or grew too much is not reused

if __name__ == "__main__":
    _serve(int(sys.argv[1]))
