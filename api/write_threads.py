"""Writes run below the questions' CPU priority: uploads, deletions, re-indexing and feed polls of `qa serve`.

An upload's model pass (a three-sentence article: a few hundred ms of one
core) and the questions asked meanwhile share the cores. Here the writes'
threads run ``WRITE_NICE`` nice levels below the process, so the scheduler
gives a question the core first and an upload the time the questions leave.
In one process with two question threads beside an upload's model passes
(``python -m bench.write_priority``), the questions' p95 was 1.95x that with
no upload at the same priority and 1.50x below it, and the upload did about
half as much meanwhile: under a full load an upload waits for the questions
(docs/notes/archive.md, *Forty-fourth session*). Linux keeps a nice value per
thread, and the threads a write starts (torch's, a feed poll's page
fetchers) inherit it; elsewhere the writes run at the process's priority.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

log = logging.getLogger(__name__)

WRITE_NICE = 10  # nice levels below the process: the scheduler's weight for a write is then about a tenth
WRITERS = 4  # writes at once in one process (they store one at a time; a page being fetched does not hold others)

T = TypeVar("T")


def lower_priority(step: int = WRITE_NICE) -> bool:
    """Run the calling thread (and the threads it starts from now on) ``step`` nice levels below its own
    (at most 19); True if it was lowered."""
    if sys.platform != "linux":  # elsewhere PRIO_PROCESS with a thread's id names some process, not the thread
        return False
    thread = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + step))
    except OSError as exc:  # lowering one's own priority is always allowed; if not here, write at the same one
        log.warning("writes run at the questions' priority: %s", exc)
        return False
    return True


_WRITES = ThreadPoolExecutor(WRITERS, thread_name_prefix="write", initializer=lower_priority)


async def in_write_thread(call: Callable[[], T]) -> T:
    """``call()`` in a write thread (lower priority), awaited. A caller that stops waiting (the client went away)
    does not stop the write: it finishes and is stored, as it would have been."""
    return await asyncio.get_running_loop().run_in_executor(_WRITES, call)
