"""One writer per dataset folder: an exclusive `flock` on `<out>/.lock`.

A second build on the same `--out` waits up to its timeout, then fails with the holder's pid;
it never interleaves its files with the first. The kernel drops the lock when the holder dies,
even by SIGKILL, so a stale lock file never blocks anyone. The lock is re-entrant within a
process (build then compare reuse the one lock).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
import time
from pathlib import Path

LOCK_NAME = ".lock"
POLL_SECONDS = 0.1

_held: dict[str, tuple[int, int]] = {}  # real path of out -> (fd, depth)
_mutex = threading.Lock()


class DatasetError(Exception):
    """A dataset folder cannot be used; the message is one line naming the folder and why."""

    exit_code = 1


class OutputNotWritable(DatasetError):
    exit_code = 2


class OutputBusy(DatasetError):
    pass


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    except OSError:
        return "unknown"
    return text.split()[0] if text else "unknown"


def check_writable(out: Path) -> None:
    """Create `out` if needed and prove a file can be created in it, before any work is done."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{os.getpid()}"
        fd = os.open(probe, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o644)
        os.close(fd)
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise OutputNotWritable(f"cannot write to {out}: {reason}") from exc


class OutLock:
    """Context manager holding the exclusive lock on a dataset folder."""

    def __init__(self, out: str | Path, timeout: float = 60.0) -> None:
        self.out = Path(out)
        self.timeout = timeout
        self._key = ""

    def __enter__(self) -> OutLock:
        check_writable(self.out)
        self._key = os.path.realpath(self.out)
        with _mutex:
            if self._key in _held:
                fd, depth = _held[self._key]
                _held[self._key] = (fd, depth + 1)
                return self
        path = self.out / LOCK_NAME
        try:
            fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
        except OSError as exc:
            raise OutputNotWritable(f"cannot write to {self.out}: {exc.strerror}") from exc
        deadline = time.monotonic() + max(self.timeout, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    os.close(fd)
                    raise OutputNotWritable(
                        f"cannot lock {path}: {exc.strerror}"
                    ) from exc
                if time.monotonic() >= deadline:
                    pid = _holder(fd)
                    os.close(fd)
                    raise OutputBusy(
                        f"another build is writing to {self.out} (pid {pid}); waited "
                        f"{self.timeout:g} s (--lock-timeout)"
                    ) from None
                time.sleep(POLL_SECONDS)
        with contextlib.suppress(OSError):  # the holder's pid, for the message; a full disk
            os.ftruncate(fd, 0)               # must not stop the build from locking
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        with _mutex:
            _held[self._key] = (fd, 1)
        return self

    def __exit__(self, *exc: object) -> None:
        with _mutex:
            fd, depth = _held[self._key]
            if depth > 1:
                _held[self._key] = (fd, depth - 1)
                return
            del _held[self._key]
        os.close(fd)  # closing the descriptor releases the flock


def _forget_in_child() -> None:
    """A forked worker drops its copies of the lock descriptors, so the lock dies with the
    parent (closing a copy never unlocks the parent's; only the last close does)."""
    for fd, _ in _held.values():
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_forget_in_child)


def holds_lock(out: str | Path) -> bool:
    """Whether this process holds the lock on `out`."""
    with _mutex:
        return os.path.realpath(out) in _held
