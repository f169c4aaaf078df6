"""One writer at a time on an embedded database, and no write from a stale copy of its vector indexes.

`qa index` and `qa repair` hold a lock file in the data folder for as long as
they run (``hold_writer_lock``): two such runs at once on one embedded Chroma
both wrote everything and left it torn (every later command hung, or Chroma
could not read a collection's vector index: a user trial). Every other process
that writes (`qa serve`'s uploads, deletes and feed polls, `qa docs rm`, `qa
feeds poll`) takes the same lock for each write (``SharedWrites``), waiting up
to ``WAIT_S`` for it, and is refused with the holder's name after that.

The lock alone is not enough. Embedded Chroma keeps each collection's vector
index in the memory of every process that opened it, and a write saves that
copy over the files: a process that writes after another one has written
saves a vector index without the other's records, which are then lost to
search for good, though still stored (a user trial: an upload to `qa serve`
after a `qa index` run beside it left that run's 96 chunks out of the vector
index; with more such turns, a search filtered by date failed, "Error finding
id", until the data was rebuilt). So each taking of the lock writes a new
token (``TOKEN_NAME``), and a process whose last token is no longer there
opens its database again before it writes (``SharedWrites.writing`` says so).
A Chroma server orders its writers itself: none of this applies to one. The
lock is released when its process ends, however it ends.
"""

from __future__ import annotations

import fcntl
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.errors import StoreUnavailable

LOCK_NAME = "writer.lock"
TOKEN_NAME = "writer.token"  # rewritten by every taking of the lock: who wrote last
WAIT_S = 5.0  # how long a write waits for another process's lock before it is refused
_held: dict[Path, int] = {}  # the open lock files of this process (kept open: closing one would release it)


def _take(data_dir: Path, holder: str, wait_s: float, retry: str) -> int:
    """The lock file's descriptor, locked, with ``holder`` written in it (for a process that finds it held); or
    StoreUnavailable naming the process that holds it after ``wait_s`` seconds."""
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                other = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another process"
                os.close(fd)
                raise StoreUnavailable(f"{other} is writing to {data_dir}; {retry} when it has finished "
                                       "(two writers at once tear an embedded index)") from None
            time.sleep(0.05)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{holder} (pid {os.getpid()})".encode(), 0)
    return fd


def _read_token(data_dir: Path) -> str:
    try:
        return (data_dir / TOKEN_NAME).read_text()
    except FileNotFoundError:
        return ""


def _new_token(data_dir: Path) -> str:
    token = f"{os.getpid()}-{uuid.uuid4().hex}"
    path = data_dir / TOKEN_NAME
    path.with_suffix(".tmp").write_text(token)
    path.with_suffix(".tmp").replace(path)
    return token


def hold_writer_lock(data_dir: Path, command: str, wait_s: float = WAIT_S) -> None:
    """Take this data folder's writer lock for the rest of the process, or raise StoreUnavailable naming the
    process that holds it."""
    if data_dir.resolve() in _held:
        return  # this process holds it already (the CLI's main called again, as the tests do)
    fd = _take(data_dir, f"`{command}`", wait_s, f"run `{command}` again")
    _new_token(data_dir)
    _held[data_dir.resolve()] = fd


class SharedWrites:
    """The writes of a process that shares an embedded database with others and does not hold its lock for
    good: each takes the lock, and learns whether another process has written since this one last did."""

    def __init__(self, data_dir: Path, holder: str = "a process", wait_s: float = WAIT_S) -> None:
        self._data_dir = data_dir
        self._holder = holder
        self._wait_s = wait_s
        self._token: str | None = None  # the last token this process wrote or found (None: unknown)

    def claim(self) -> None:
        """Before the database is opened: when no other process is writing, note the last writer's token, so
        that this process's first write need not open the database again (it will, if another process writes
        first: each writer leaves a new token). Nothing is written: a process that only reads changes nothing."""
        try:
            fd = _take(self._data_dir, self._holder, 0.0, "")
        except StoreUnavailable:
            return  # `qa index` is running: the first write opens the database again
        try:
            self._token = _read_token(self._data_dir)
        finally:
            os.close(fd)

    def idle(self) -> bool:
        """Whether no process holds the lock now (none is writing: the files a reader would load are whole)."""
        if self._data_dir.resolve() in _held:
            return True  # this process holds it for good, and is not writing while it asks
        try:
            fd = _take(self._data_dir, self._holder, 0.0, "")
        except StoreUnavailable:
            return False
        os.close(fd)
        return True

    @contextmanager
    def writing(self) -> Iterator[bool]:
        """Hold the lock for one write; yields whether another process has written since this one last did
        (its copy of the vector indexes is stale: open the database again before writing)."""
        if self._data_dir.resolve() in _held:
            yield False  # this process holds the lock for good: no other has written
            return
        fd = _take(self._data_dir, self._holder, self._wait_s, "try again")
        try:
            stale = self._token is None or _read_token(self._data_dir) != self._token
            self._token = _new_token(self._data_dir)
            yield stale
        finally:
            os.close(fd)  # releases the lock
