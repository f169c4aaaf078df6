"""Writes that let this process's questions go first: each Chroma write waits (briefly) for the reads in flight.

Embedded Chroma's Python binding holds the interpreter lock for the whole of
a write call (upsert, update, delete: 5-10 ms each for one article, the
chunks' up to 55 ms before Chroma saves its index, see ``store``; its get and
query let the lock go), so while an upload's six writes run, no other thread
of the process runs, and a question in flight waits for all of them (docs/notes/archive.md,
*Questions during an upload*). Here a question marks its reading
(``ReadersFirst.reading``; the API does so as its request arrives) and
every write call of the store first waits until no question is being
answered, or ``max_wait`` seconds at most (a write never starves): a
question then waits for the one write call it arrived during, not for the
whole upload, unless questions kept coming for ``max_wait``.
Through a `chroma run` server a write is an HTTP request that lets the lock
go, so there the store does not wait (``max_wait`` 0).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from index.reopening import ClientGate

MAX_WAIT_S = 0.25  # the longest one write call waits for the questions in flight
_WRITES = frozenset({"add", "upsert", "update", "delete"})


class ReadersFirst:
    """Counts the questions being answered in this process; writers wait for none to be."""

    def __init__(self, max_wait: float = MAX_WAIT_S) -> None:
        self.max_wait = max_wait
        self._quiet = threading.Condition()
        self._reading = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Around a question's reads: writes that start meanwhile wait for it (up to ``max_wait``)."""
        with self._quiet:
            self._reading += 1
        try:
            yield
        finally:
            with self._quiet:
                self._reading -= 1
                if not self._reading:
                    self._quiet.notify_all()

    @property
    def busy(self) -> int:
        """How many questions are being answered now."""
        return self._reading

    def wait(self) -> bool:
        """Before a write: wait until no question is being answered, ``max_wait`` at most; True if quiet."""
        with self._quiet:
            return self._quiet.wait_for(lambda: not self._reading, timeout=self.max_wait)


class Yielding:
    """A Chroma collection whose writes wait for ``readers`` first, and whose every call passes ``gate`` (when
    given: the client it came from may be replaced, ``index.reopening``); a handle of an earlier client is looked
    up again on the current one (``fresh``) before its next call. Everything else is the collection's."""

    def __init__(self, collection: Any, readers: ReadersFirst, gate: ClientGate | None = None,
                 fresh: Callable[[], Any] | None = None) -> None:
        self._collection = collection
        self._readers = readers
        self._gate = gate
        self._fresh = fresh
        self._generation = gate.generation if gate is not None else 0

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._collection, name)
        if self._gate is None and name not in _WRITES or not callable(attribute):
            return attribute
        gate = self._gate

        def call(*args: Any, **kwargs: Any) -> Any:
            if name in _WRITES:
                self._readers.wait()
            if gate is None:
                return attribute(*args, **kwargs)
            with gate.using() as generation:
                if generation != self._generation and self._fresh is not None:
                    self._collection, self._generation = self._fresh(), generation
                return getattr(self._collection, name)(*args, **kwargs)
        return call
