"""Opening an embedded database again while questions read it.

Embedded Chroma loads a collection's vector index into the process once, and
never looks at its files again until the client is closed and opened anew:

- a process that opened a part of the chunks before it had a vector index on
  disk never reads the one another process writes later ("Error creating hnsw
  segment reader: Nothing found on disk": `qa serve` started on a new data
  folder, then `qa index` beside it, answered from the lexical index alone
  until it was restarted);
- one that loaded it before another process added chunks does not hold them
  ("Error finding id"): the new articles were found only by their words, and
  a search filtered on metadata (a question asked as of a date, among the
  documents of its days) failed outright: a user trial's dated questions were
  503s until `qa serve` restarted.

So the store opens its client again when a read meets either (``Store.heal``,
at most every ``HEAL_INTERVAL_S`` and only while no other process holds the
writer lock, whose writes may be saving those files), as it already did before
writing after another process had written (``index.writer_lock``).

Closing a client under a read in flight failed that read ("'RustBindingsAPI'
object has no attribute 'bindings'"), and a handle taken before the swap
failed every later call the same way. So every call on a collection passes a
gate (``ClientGate.using``), a swap waits for the calls in flight and holds
new ones until it is done (``ClientGate.replacing``), and a handle from an
earlier client is looked up again on the current one before its next call
(``index.yielding.Yielding``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

HEAL_INTERVAL_S = 30.0  # the least time between two openings again for reads (each loads the vector indexes anew)


class ClientGate:
    """Calls on a database client, and its swap for a new one. Not re-entrant: a call does not call through the
    gate again, and a swap is never started from inside a call."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._calls = 0
        self._replacing = False
        self.generation = 0  # how many times the client has been replaced

    @contextmanager
    def using(self) -> Iterator[int]:
        """Around one call on the client: yields the generation of the client it runs on."""
        with self._changed:
            self._changed.wait_for(lambda: not self._replacing)
            self._calls += 1
            generation = self.generation
        try:
            yield generation
        finally:
            with self._changed:
                self._calls -= 1
                if not self._calls:
                    self._changed.notify_all()

    @contextmanager
    def replacing(self) -> Iterator[None]:
        """Around a swap of the client: waits for the calls in flight, holds new ones until the swap is done."""
        with self._changed:
            self._changed.wait_for(lambda: not self._replacing)
            self._replacing = True
            self._changed.wait_for(lambda: not self._calls)
            self.generation += 1
        try:
            yield
        finally:
            with self._changed:
                self._replacing = False
                self._changed.notify_all()
