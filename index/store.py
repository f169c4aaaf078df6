"""The Chroma index: documents, their chunks and their sentences, with vectors.

Three collections under one prefix. A document's record (metadata and full
text) is written *after* its chunks and sentences and names their version,
so it is the commit point: units of any other version are invisible to
readers. Every write is announced first in a fourth, tiny collection (the
journal) and crossed off when it is done, so ``collect_garbage`` only has to
look at the documents whose writes were interrupted, not at the whole index.
Chroma is the only source of truth; nothing here caches. Every Chroma error
becomes StoreUnavailable.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from index.errors import DocumentNotFound, QAError, StoreUnavailable
from index.records import DocumentRecord, DocumentWrite, UnitRecord, Vectors

log = logging.getLogger(__name__)
_SPACE = {"hnsw": {"space": "cosine"}}
_BATCH = 1000


@contextmanager
def _chroma_errors(action: str) -> Iterator[None]:
    try:
        yield
    except QAError:
        raise
    except Exception as exc:  # chromadb raises many unrelated types (httpx, ValueError, ChromaError)
        raise StoreUnavailable(f"the index could not {action}: {exc}") from exc


def open_client(data_dir: Path, chroma_url: str | None) -> Any:
    """A Chroma server client when ``chroma_url`` is set, else an embedded database under ``data_dir``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    with _chroma_errors("be opened"):
        if chroma_url:
            url = urlparse(chroma_url)
            if not url.hostname:
                raise StoreUnavailable(f"QA_CHROMA_URL {chroma_url!r} has no host")
            return chromadb.HttpClient(
                host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https", settings=settings,
            )
        data_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)


class Store:
    """Reads and writes the three collections of one index."""

    def __init__(self, client: Any, prefix: str = "news") -> None:
        self._client = client
        self._writing = threading.Lock()  # one write or clean-up at a time in this process
        with _chroma_errors("be opened"):
            self._documents = client.get_or_create_collection(
                f"{prefix}_documents", embedding_function=None, configuration=_SPACE)
            self._chunks = client.get_or_create_collection(
                f"{prefix}_chunks", embedding_function=None, configuration=_SPACE)
            self._sentences = client.get_or_create_collection(
                f"{prefix}_sentences", embedding_function=None, configuration=_SPACE)
            existing = {getattr(c, "name", c) for c in client.list_collections()}
            # an index written before the journal existed may hold leftovers only a full scan finds
            self._scan_all = f"{prefix}_journal" not in existing
            self._journal = client.get_or_create_collection(
                f"{prefix}_journal", embedding_function=None, configuration=_SPACE)

    # --- documents -------------------------------------------------------
    def catalog(self) -> dict[str, DocumentRecord]:
        """Every committed document, by id."""
        with _chroma_errors("list documents"):
            got = self._documents.get(include=["metadatas"])
        return {i: DocumentRecord.from_metadata(i, m or {}) for i, m in zip(got["ids"], got["metadatas"] or [])}

    def close(self) -> None:
        """Release the client's connections (a server client's HTTP pool, an embedded database's files)."""
        self._client.close()

    def document(self, doc_id: str) -> tuple[DocumentRecord, str]:
        """A document's record and full text."""
        with _chroma_errors("read a document"):
            got = self._documents.get(ids=[doc_id], include=["metadatas", "documents"])
        if not got["ids"]:
            raise DocumentNotFound(f"no document with id {doc_id!r}; list them with GET /api/documents")
        meta = (got["metadatas"] or [{}])[0] or {}
        return DocumentRecord.from_metadata(doc_id, meta), (got["documents"] or [""])[0] or ""

    def write_documents(self, writes: Sequence[DocumentWrite]) -> None:
        """Store new versions of documents: all their units first, then the records that commit them,
        then the units of their other versions. A handful of Chroma calls for the whole group."""
        if not writes:
            return
        with self._writing, _chroma_errors("store documents"):
            entries = self.begin_write(*(w.record.id for w in writes))
            self._add_units(self._chunks, [u for w in writes for u in w.chunks],
                            np.concatenate([w.chunk_vectors for w in writes]))
            self._add_units(self._sentences, [u for w in writes for u in w.sentences],
                            np.concatenate([w.sentence_vectors for w in writes]))
            self._documents.upsert(
                ids=[w.record.id for w in writes], embeddings=[w.vector.tolist() for w in writes],
                documents=[w.text for w in writes],
                metadatas=[{key: value for key, value in w.record.__dict__.items() if key != "id"} for w in writes])
            # every other version of these documents (the replaced one, or one another writer left)
            others = {"$and": [{"doc_id": {"$in": [w.record.id for w in writes]}},
                               {"version": {"$nin": sorted({w.record.version for w in writes})}}]}
            for collection in (self._chunks, self._sentences):
                collection.delete(where=others)
            self._journal.delete(ids=entries)

    def delete_document(self, doc_id: str) -> None:
        """Remove a document: its record first (so readers stop seeing it), then its units."""
        with self._writing, _chroma_errors("delete a document"):
            if not self._documents.get(ids=[doc_id], include=[])["ids"]:
                raise DocumentNotFound(f"no document with id {doc_id!r}")
            entries = self.begin_write(doc_id)
            self._documents.delete(ids=[doc_id])
            self._remove_units(doc_id, keep=None)
            self._journal.delete(ids=entries)

    def begin_write(self, *doc_ids: str) -> list[str]:
        """Note in the journal that these documents' units are about to change; returns the entries to cross off."""
        entries = [f"{doc_id}:{uuid.uuid4().hex}" for doc_id in doc_ids]
        self._journal.upsert(ids=entries, embeddings=[[1.0]] * len(entries),
                             metadatas=[{"doc_id": doc_id} for doc_id in doc_ids])
        return entries

    def collect_garbage(self) -> int:
        """Delete the units no committed version owns, left by writes that were interrupted; returns how many.

        Writes of this process wait for it (a lock); a write in progress in another process at that moment
        loses its units and must be repeated, so run it where no other process is writing (`qa index`).
        """
        with self._writing, _chroma_errors("clean up"):
            got = self._journal.get(include=["metadatas"])
            entries = {i: str((m or {}).get("doc_id")) for i, m in zip(got["ids"], got["metadatas"] or [])}
            doc_ids = set(entries.values())
            if self._scan_all:
                doc_ids |= {u.doc_id for kind in ("chunks", "sentences") for u in self.all_units(kind)}
            committed = self._documents.get(ids=sorted(doc_ids), include=["metadatas"]) if doc_ids else None
            versions = {i: str((m or {}).get("version")) for i, m in
                        zip(committed["ids"], committed["metadatas"] or [])} if committed else {}
            removed = sum(self._remove_units(doc_id, keep=versions.get(doc_id)) for doc_id in sorted(doc_ids))
            if entries:
                self._journal.delete(ids=list(entries))
            self._scan_all = False
        return removed

    def _remove_units(self, doc_id: str, keep: str | None) -> int:
        """Delete ``doc_id``'s units of every version but ``keep`` (of every version when None)."""
        where: dict[str, Any] = {"doc_id": doc_id}
        if keep is not None:
            where = {"$and": [where, {"version": {"$ne": keep}}]}
        removed = 0
        for collection in (self._chunks, self._sentences):
            ids = collection.get(where=where, include=[])["ids"]
            for start in range(0, len(ids), _BATCH):
                collection.delete(ids=ids[start:start + _BATCH])
            removed += len(ids)
        return removed

    # --- units -----------------------------------------------------------
    def _units(self, kind: str) -> Any:
        """The chunks collection for ``kind="chunks"``, else the sentences collection."""
        return self._chunks if kind == "chunks" else self._sentences

    @staticmethod
    def _add_units(collection: Any, units: Sequence[UnitRecord], vectors: Vectors) -> None:
        for start in range(0, len(units), _BATCH):
            batch = units[start:start + _BATCH]
            collection.upsert(
                ids=[u.id for u in batch],
                embeddings=vectors[start:start + _BATCH].tolist(),
                # the text rides in the metadata: as a Chroma document it would also be put in a
                # full-text index nothing here queries, which doubled the cost of storing a unit
                metadatas=[{"doc_id": u.doc_id, "version": u.version, "start": u.start,
                            "end": u.end, "chunk": u.chunk, "text": u.text} for u in batch],
            )

    def all_units(self, kind: str) -> list[UnitRecord]:
        """Every stored chunk (``kind="chunks"``) or sentence, committed or not."""
        collection = self._units(kind)
        with _chroma_errors("read the index"):
            got = collection.get(include=["metadatas", "documents"])
        return _units_of(got["ids"], got["metadatas"], got["documents"])

    def nearest(self, kind: str, vector: Vectors, n: int,
                doc_ids: Sequence[str] | None = None) -> list[tuple[UnitRecord, float]]:
        """The ``n`` units nearest to ``vector`` with their cosine similarity, best first."""
        collection = self._units(kind)
        if doc_ids is not None and not doc_ids:
            return []
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids is not None else None
        with _chroma_errors("search"):
            if collection.count() == 0:
                return []
            got = collection.query(query_embeddings=[vector.tolist()], n_results=n, where=where,
                                   include=["metadatas", "documents", "distances"])
        distance = dict(zip(got["ids"][0], (got["distances"] or [[]])[0]))
        units = _units_of(got["ids"][0], (got["metadatas"] or [None])[0], (got["documents"] or [None])[0])
        return [(unit, 1.0 - float(distance[unit.id])) for unit in units]

    def vectors(self, kind: str, ids: Sequence[str]) -> dict[str, Vectors]:
        """Stored vectors of the given units, by id."""
        if not ids:
            return {}
        collection = self._units(kind)
        with _chroma_errors("read vectors"):
            got = collection.get(ids=list(ids), include=["embeddings"])
        embeddings = got["embeddings"] if got["embeddings"] is not None else []
        return {i: np.asarray(e, dtype=np.float32) for i, e in zip(got["ids"], embeddings)}

    def counts(self) -> tuple[int, int]:
        """(documents, chunks) as stored."""
        with _chroma_errors("count"):
            return self._documents.count(), self._chunks.count()


def _units_of(ids: Sequence[str], metadatas: Sequence[Any] | None, documents: Sequence[Any] | None) -> list[UnitRecord]:
    """Units from a Chroma answer, skipping any that came back without metadata.

    Texts are in the metadata (older indexes: the Chroma documents, which may be absent). A unit deleted
    while the request ran can come back without its metadata: it is gone.
    """
    metas = list(metadatas or [None] * len(ids))
    docs = list(documents or [None] * len(ids))
    return [UnitRecord.from_chroma(i, m, d or "") for i, m, d in zip(ids, metas, docs, strict=True)
            if m and "doc_id" in m]
