"""One writer at a time on an embedded database: `qa index` and `qa repair` hold a lock file in the data folder.

Two such runs at once on one embedded Chroma both wrote everything and left it
torn: every later command hung, or Chroma could not read a collection's vector
index (a user trial). The second run now stops at once and names the first. A
Chroma server orders its writers itself, so the lock is for the embedded
database only; it is released when the process ends, however it ends.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from index.errors import StoreUnavailable

LOCK_NAME = "writer.lock"
_held: dict[Path, int] = {}  # the open lock files of this process (kept open: closing one would release it)


def hold_writer_lock(data_dir: Path, command: str) -> None:
    """Take this data folder's writer lock for the rest of the process, or raise StoreUnavailable naming the
    process that holds it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if data_dir.resolve() in _held:
        return  # this process holds it already (the CLI's main called again, as the tests do)
    fd = os.open(data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another process"
        os.close(fd)
        raise StoreUnavailable(f"{holder} is writing to {data_dir}; run `{command}` again when it has finished "
                               "(two writers at once tear an embedded index)") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"`{command}` (pid {os.getpid()})".encode(), 0)
    _held[data_dir.resolve()] = fd
