"""An in-memory view of the committed index, derived from Chroma and refreshed from it.

It holds what Chroma cannot answer by itself: BM25 over chunks and sentences,
which sentences belong to which chunk, and which sentence is a document's byline. It is rebuilt whenever the set of
committed (document, version) pairs in Chroma changes, checked at most every
``refresh_seconds``, so several processes sharing one Chroma server converge
on the same view. It never writes.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass

from index import DocumentRecord, Store, UnitRecord
from qa.lexical import BM25

BYLINE_SLACK = 40  # a byline is the author's name and little else ("By NAME, Staff Reporter")


@dataclass(frozen=True)
class Snapshot:
    signature: frozenset[tuple[str, str]]
    catalog: dict[str, DocumentRecord]
    chunks: list[UnitRecord]
    sentences: list[UnitRecord]
    chunk_bm25: BM25
    sentence_bm25: BM25
    sentence_index: dict[str, int]  # sentence id -> its position in ``sentences`` (sorted by document, offset)
    sentences_of_chunk: dict[tuple[str, int], list[int]]
    bylines: dict[str, int]  # document id -> index of the sentence that names its author


    def committed(self, unit: UnitRecord) -> bool:
        doc = self.catalog.get(unit.doc_id)
        return doc is not None and doc.version == unit.version


def _signature(catalog: dict[str, DocumentRecord]) -> frozenset[tuple[str, str]]:
    return frozenset((doc.id, doc.version) for doc in catalog.values())


def build_snapshot(store: Store, catalog: dict[str, DocumentRecord] | None = None) -> Snapshot:
    catalog = store.catalog() if catalog is None else catalog

    def committed(units: list[UnitRecord]) -> list[UnitRecord]:
        kept = [u for u in units if u.doc_id in catalog and catalog[u.doc_id].version == u.version]
        return sorted(kept, key=lambda u: (u.doc_id, u.start))

    chunks = committed(store.all_units("chunks"))
    sentences = committed(store.all_units("sentences"))
    by_chunk: dict[tuple[str, int], list[int]] = defaultdict(list)
    bylines: dict[str, int] = {}
    for i, sentence in enumerate(sentences):
        by_chunk[(sentence.doc_id, sentence.chunk)].append(i)
        author = catalog[sentence.doc_id].author
        if author and author in sentence.text and len(sentence.text) <= len(author) + BYLINE_SLACK:
            bylines[sentence.doc_id] = i  # the last such line: a closing byline wins over an opening one
    return Snapshot(
        signature=_signature(catalog), catalog=catalog, chunks=chunks, sentences=sentences,
        chunk_bm25=BM25([c.text for c in chunks]), sentence_bm25=BM25([s.text for s in sentences]),
        sentence_index={u.id: i for i, u in enumerate(sentences)}, sentences_of_chunk=dict(by_chunk),
        bylines=bylines,
    )


class LiveSnapshot:
    """Hands out the current Snapshot, rebuilding it when Chroma's contents changed."""

    def __init__(self, store: Store, refresh_seconds: float) -> None:
        self._store = store
        self._refresh = refresh_seconds
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._checked = 0.0

    def current(self) -> Snapshot:
        now = time.monotonic()
        snapshot = self._snapshot
        if snapshot is not None and now - self._checked < self._refresh:
            return snapshot
        with self._lock:
            if self._snapshot is not None and time.monotonic() - self._checked < self._refresh:
                return self._snapshot
            catalog = self._store.catalog()
            if self._snapshot is None or _signature(catalog) != self._snapshot.signature:
                self._snapshot = build_snapshot(self._store, catalog)
            self._checked = time.monotonic()
            return self._snapshot

    def invalidate(self) -> None:
        """Force a check on the next ``current()`` (after this process wrote)."""
        self._checked = 0.0
