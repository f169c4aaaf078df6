"""Keeping the derived index in step with Chroma: follow the change feed, or rebuild from scratch.

A follower reads the feed from its cursor (less ``SLACK``) and the journal
(writes in flight), and re-syncs only the documents named there (an entry
it followed when it was ``SETTLE_SECONDS`` old is not followed again): each one's
record in Chroma says which version is committed, or that it is gone. So a
worker answers from every committed document within ``refresh_seconds`` of a
write, without re-reading the archive. A file that is new, or derived from
another collection, or left half-built, is rebuilt from Chroma page by page
(memory stays flat; the time grows with the archive, which is why it is
only done when the file cannot be followed).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from index.changes import SLACK
from index.derived import DerivedIndex
from index.store import Store, pages

log = logging.getLogger(__name__)

# An entry is followed again on every refresh until it is this old: a store whose reads lag its writes (a
# distributed Chroma) may show the document as it was for a moment after the entry that says it changed.
SETTLE_SECONDS = 10.0


class Follower:
    def __init__(self, store: Store, derived: DerivedIndex, refresh_seconds: float = 2.0) -> None:
        self.store = store
        self.derived = derived
        self.refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._checked = float("-inf")
        # entries of the feed already followed, by id: the re-read window (``SLACK``) names them again on every
        # refresh, and after a long ingest it holds a minute of writes (924 documents, re-read every 2 s: 110 ms)
        self._settled: dict[str, float] = {}

    def refresh(self) -> None:
        """Catch up if ``refresh_seconds`` have passed since the last check; a check already running is not waited
        for (its readers answer from what is held, at most one refresh old)."""
        if time.monotonic() - self._checked < self.refresh_seconds:
            return
        if self._lock.acquire(blocking=not self.derived.complete):
            try:
                if time.monotonic() - self._checked >= self.refresh_seconds:
                    self._catch_up()
                    self._checked = time.monotonic()
            finally:
                self._lock.release()

    def catch_up(self) -> int:
        """Apply every change the feed names since the cursor; returns how many documents changed here."""
        with self._lock:
            changed = self._catch_up()
            self._checked = time.monotonic()
            return changed

    def _catch_up(self) -> int:
        if not self.derived.complete:
            return self._rebuild(None)
        self.derived.lexical.reload()
        cursor = float(self.derived.meta("cursor") or 0.0)
        entries = self.store.changes.since(cursor - SLACK)
        fresh = [(entry, doc_id, at) for entry, doc_id, at in entries if entry not in self._settled]
        behind: set[str] = set()
        changed = self.sync(sorted({doc_id for _, doc_id, _ in fresh} | self.store.journal.in_flight()), behind)
        now = time.time()
        self._settled = {entry: at for entry, at in self._settled.items() if at >= cursor - SLACK}
        self._settled.update((entry, at) for entry, doc_id, at in fresh
                             if doc_id not in behind and now - at >= SETTLE_SECONDS)
        if entries:
            # never past this process's own clock: a writer whose clock runs fast would otherwise carry the
            # cursor ahead, and the entries of the others, stamped earlier, would fall behind the re-read window
            self.derived.set_meta("cursor", repr(min(max(at for _, _, at in entries), now)))
        return changed

    def sync(self, doc_ids: Sequence[str], behind: set[str] | None = None) -> int:
        """Make these documents here what Chroma has committed; returns how many changed. Those whose chunks
        could not all be read (a write still landing) are added to ``behind``."""
        changed = 0
        for page in pages(doc_ids, 200):
            records = self.store.records(page)
            held = self.derived.versions(page)
            gone = [doc_id for doc_id in page if doc_id not in records and doc_id in held]
            stale = {doc_id: r.version for doc_id, r in records.items() if held.get(doc_id) != r.version}
            chunks = self.store.stored_chunks(stale)
            complete = [(records[d], chunks[d]) for d in stale if len(chunks[d]) == records[d].chunks]
            if behind is not None:
                behind.update(d for d in stale if len(chunks[d]) != records[d].chunks)
            self.derived.apply(complete)
            self.derived.remove(gone)
            changed += len(complete) + len(gone)
        return changed

    def rebuild(self, progress: Callable[[int], object] | None = None) -> int:
        """Derive the whole file again from Chroma; returns the documents held."""
        with self._lock:
            held = self._rebuild(progress)
            self._checked = time.monotonic()
            return held

    def _rebuild(self, progress: Callable[[int], object] | None) -> int:
        started = time.time()
        log.info("building the derived index %s from Chroma", self.derived.path)
        self.derived.set_meta("complete", "0")
        self.derived.clear()
        held = 0
        for records in self.store.catalog_pages():
            for page in pages([r.id for r in records], 200):
                versions = {r.id: r.version for r in records if r.id in set(page)}
                chunks = self.store.stored_chunks(versions)
                by_id = {r.id: r for r in records}
                whole = [(by_id[d], chunks[d]) for d in page if len(chunks[d]) == by_id[d].chunks]
                self.derived.apply(whole)
                held += len(whole)
                if progress:
                    progress(len(page))
        # writes that landed while this ran are in the feed from here on
        self.derived.set_meta("cursor", repr(started))
        self.derived.set_meta("complete", "1")
        return held
