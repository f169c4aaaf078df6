"""The Chroma index: documents and their chunks (with their sentences), the one source of truth.

The documents' collection and the chunks' (one collection per part, see below) under one
prefix. A document's record (metadata and full
text) is written *after* its chunks and names their version, so it is the
commit point: chunks of any other version are invisible to readers. A chunk's
record carries its sentences' spans and vectors (see ``records``). Every write
is announced first in a tiny collection (the journal) and crossed off when it
is done, so ``collect_garbage`` only looks at interrupted writes; once
committed, it is noted in the change feed (``changes``), which derived indexes
follow instead of re-reading the archive. Every read of many records is paged
(``chroma``). Every write call waits briefly for the questions this process is
answering (``yielding``). Every Chroma error becomes StoreUnavailable. Nothing
here caches. The chunks are kept in parts of at most ``part_size`` (``parts``);
a store given ``reopen`` and ``release_parts`` (the indexer's) opens its
client again whenever a write has touched a second part, so that an embedded
database holds one part's vector index in memory, not the archive's. A store
given ``shared`` (an embedded database other processes write to as well:
``writer_lock``) takes the writer lock for each write, and opens its client
again first when another process has written since it last did, and after a
read that met a vector index another process wrote since (``heal``); calls
in flight are never cut off by that (``reopening``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from index.changes import ChangeFeed
from index.chroma import PAGE, chroma_errors, in_process, open_client, pages
from index.collections import made_collection
from index.chunk_reads import ChunkReads
from index.document_reads import DocumentReads, not_found
from index.errors import IndexNotFound, StoreUnavailable
from index.feeds import FeedList
from index.journal import Journal
from index.nearest import ChunkSearch
from index.parts import PART_CHUNKS, ChunkParts
from index.records import DocumentWrite
from index.reopening import HEAL_INTERVAL_S, ClientGate
from index.writer_lock import SharedWrites
from index.yielding import MAX_WAIT_S, ReadersFirst, Yielding

log = logging.getLogger(__name__)
__all__ = ["PAGE", "Store", "open_client", "pages"]


class Store(DocumentReads, ChunkReads):
    """Reads and writes the collections of one index."""

    def __init__(self, client: Any, prefix: str = "news", part_size: int = PART_CHUNKS,
                 reopen: Callable[[], Any] | None = None, release_parts: bool = False,
                 shared: SharedWrites | None = None, create: bool = True) -> None:
        if shared is not None and reopen is None:
            raise ValueError("a store whose database other processes write to needs reopen")  # pragma: no cover
        self._prefix = prefix
        self._part_size = part_size
        self._reopen = reopen  # a new client of the same database (see the module's docstring)
        self._release_parts = release_parts
        self._shared = shared
        self._create = create  # False (a reading command): a missing index beside others is a mistyped name
        self._lock = threading.Lock()  # one write or clean-up at a time in this process
        # this process's questions: every write call waits for them first, where it would stop them (embedded)
        self.readers = ReadersFirst(MAX_WAIT_S if in_process(client) else 0.0)
        self.parts_written: set[int] = set()  # the parts of the chunks this Store has written (`qa index` workers)
        self.gate = ClientGate()  # every collection call passes it; opening the client again waits for them
        self._healed = float("-inf")  # when the client was last opened again for reads (``heal``)
        self._open(client)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One write of this process at a time; with ``shared``, of any process, from an up-to-date client."""
        with self._lock:
            if self._shared is None:
                yield
                return
            with self._shared.writing() as stale:
                if stale:
                    log.info("another process has written to the index: opening it again before writing")
                    self.readers.wait()
                    self._open_again()
                yield

    def _open(self, client: Any) -> None:
        prefix = self._prefix
        self._client = client

        def collection(name: str) -> Yielding:  # looked up again on the client of the day after a swap
            return Yielding(made_collection(client, name), self.readers, self.gate,
                            lambda: made_collection(self._client, name))
        with chroma_errors("be opened"):
            existing = _collection_names(client)
            if f"{prefix}_sentences" in existing:
                raise StoreUnavailable(
                    f"the index {prefix!r} was written by an earlier version of this service (it has a sentence "
                    "collection); remove it (the data folder, or its collections on the server) and run `qa index`")
            others = _index_names(existing)
            if not self._create and prefix not in others and others:
                raise IndexNotFound(
                    f"there is no index {prefix!r} (QA_COLLECTION) in this database; it holds "
                    f"{', '.join(map(repr, others))}: name one of them, or `qa index` into {prefix!r} first")
            self._documents = collection(f"{prefix}_documents")
            self.parts = ChunkParts(client, prefix, collection, self._part_size)
            self.search = ChunkSearch(self.parts)  # its ``stale``: a read met a vector index it cannot read
            self.journal = Journal(collection(f"{prefix}_journal"))
            self.changes = ChangeFeed(collection(f"{prefix}_changes"))
            self.feeds = FeedList(collection(f"{prefix}_feeds"))
            self.identity = str(self._documents.id)  # a derived index belongs to this one collection

    def other_collections(self) -> dict[str, Any]:
        """The index's collections other than the chunks', by name (``index.repair`` checks them)."""
        names = [f"{self._prefix}_{kind}" for kind in ("documents", "journal", "changes", "feeds")]
        with chroma_errors("open its collections"):
            return {name: self._client.get_collection(name, embedding_function=None) for name in names}

    def other_indexes(self) -> list[str]:
        """The names (``QA_COLLECTION``) of the other indexes in this database: what a mistyped name may have meant."""
        with chroma_errors("list its collections"):
            return [name for name in _index_names(_collection_names(self._client)) if name != self._prefix]

    def reachable(self) -> bool:
        """Whether the database answers now (its heartbeat): after a failed write, whether to go on with others."""
        try:
            with chroma_errors("be reached"):
                self._client.heartbeat()
        except StoreUnavailable:
            return False
        return True

    def close(self) -> None:
        """Release the client's connections (a server client's HTTP pool, an embedded database's files)."""
        self._client.close()

    def write_documents(self, writes: Sequence[DocumentWrite]) -> None:
        """Store new versions of documents: their chunks first, then the records that commit them, then the
        change-feed entries, then the chunks of their other versions. A handful of Chroma calls per group."""
        if not writes:
            return
        with self._writing(), chroma_errors("store documents"):
            ids = [w.record.id for w in writes]
            entries = self.journal.begin(*ids)
            earlier = self._parts_of(ids)  # where the versions these replace are
            chunks = [c for w in writes for c in w.stored_chunks()]
            part = self.parts.for_writing(len(chunks))
            self.parts_written.add(part)
            target = self.parts.get(part)
            vectors = np.concatenate([w.chunk_vectors for w in writes])
            for start in range(0, len(chunks), PAGE):
                batch = chunks[start:start + PAGE]
                target.upsert(ids=[c.chunk.id for c in batch], embeddings=vectors[start:start + PAGE].tolist(),
                              metadatas=[c.metadata() for c in batch])
            self._documents.upsert(
                ids=ids, embeddings=[w.vector.tolist() for w in writes], documents=[w.text for w in writes],
                metadatas=[{**{key: value for key, value in w.record.__dict__.items() if key != "id"}, "part": part}
                           for w in writes])
            self.changes.note(ids)
            # every other version of these documents (the replaced one, or one another writer left in this part)
            self.parts.remove({w.record.id: w.record.version for w in writes},
                                {part, *(earlier[i] for i in ids if i in earlier)})
            self.journal.cross_off(entries)
            self.let_go()

    def add_also_at(self, doc_id: str, url: str) -> bool:
        """Record that the document is also found at ``url`` (a syndicated copy); False when it is gone or
        already says so."""
        with self._writing(), chroma_errors("record another URL of a document"):
            got = self._documents.get(ids=[doc_id], include=["metadatas"])
            if not got["ids"]:
                return False
            meta = dict((got["metadatas"] or [{}])[0] or {})
            urls = str(meta.get("also_at", "")).split()
            if url in urls or url == meta.get("url"):
                return False
            meta["also_at"] = " ".join([*urls, url])
            self._documents.update(ids=[doc_id], metadatas=[meta])
        return True

    def delete_document(self, doc_id: str) -> None:
        """Remove a document: its record first (so readers stop seeing it), then its chunks."""
        with self._writing(), chroma_errors("delete a document"):
            part = self._parts_of([doc_id]).get(doc_id)
            if part is None:
                raise not_found(doc_id)
            entries = self.journal.begin(doc_id)
            self._documents.delete(ids=[doc_id])
            self.changes.note([doc_id])
            self.parts.remove({doc_id: None}, {part})
            self.journal.cross_off(entries)
            self.let_go()

    def collect_garbage(self) -> int:
        """Delete the chunks no committed version owns, left by writes that were interrupted; returns how many.

        Writes of this process wait for it (a lock); a write in progress in another process at that moment
        loses its chunks and must be repeated, so run it where no other process is writing (`qa index`).
        """
        removed = 0
        with self._writing(), chroma_errors("clean up"):
            for entries in self.journal.pending():
                doc_ids = sorted(set(entries.values()))
                versions = {i: r.version for i, r in self.records(doc_ids).items()}
                removed += self.parts.remove({doc_id: versions.get(doc_id) for doc_id in doc_ids})
                self.changes.note(doc_ids)  # followers re-check what the crash left
                self.journal.cross_off(list(entries))
        return removed

    def let_go(self) -> None:
        """After a write or a read of a part, with ``reopen``: when this client has touched more than one part,
        open a new one, so that the vector indexes of the parts not used next are no longer held (embedded
        Chroma keeps them until its client is closed)."""
        if self._release_parts and self._reopen is not None and len(self.parts.touched) > 1:
            self._open_again()

    def _open_again(self) -> None:
        """Close the client and open a new one of the same database (embedded Chroma loads it from its files),
        once the calls in flight on it are done (``index.reopening``)."""
        with self.gate.replacing():
            self._client.close()
            self._open(self._reopen())  # type: ignore[misc]

    def heal(self) -> bool:
        """After a read that met a vector index this process cannot read (another process wrote it since this
        one loaded it: ``index.reopening``): open the client again, at most every HEAL_INTERVAL_S, and not
        while a write of this process or another's holds the index; True when it did."""
        if not self.search.stale or self._shared is None or time.monotonic() - self._healed < HEAL_INTERVAL_S:
            return False  # (a store given ``shared`` has ``reopen``: checked when it was made)
        if not self._lock.acquire(blocking=False):
            return False
        try:
            if not self._shared.idle():
                return False
            self._healed = time.monotonic()
            log.info("another process has written the vector index since this one loaded it: opening it again")
            self._open_again()
            return True
        finally:
            self._lock.release()


def _collection_names(client: Any) -> set[str]:
    return {getattr(c, "name", c) for c in client.list_collections()}


def _index_names(collections: set[str]) -> list[str]:
    """The indexes (``QA_COLLECTION`` prefixes) among these collection names: each has its documents' collection."""
    return sorted(n.removesuffix("_documents") for n in collections if n.endswith("_documents"))
