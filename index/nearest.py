"""The vector search over chunks: Chroma's HNSW, and the scopes it cannot filter cheaply.

Chroma filters a search by scanning every chunk's metadata, so a scope is
applied around its search instead: a scope naming few documents is scored
exactly from those documents' vectors (``EXACT_CHUNKS``), and a range of days
or a long list of documents is applied to ever deeper unfiltered searches.
The derived index (``Catalog``) says which chunks are committed and when each
document was published. The chunks are in parts (``parts``): every search
reads each part and keeps the best.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

import numpy as np

from index.chroma import chroma_errors, pages
from index.errors import StoreUnavailable
from index.parts import ChunkParts
from index.records import Vectors, document_of_unit
from index.scope import EVERYTHING, Scope

LARGE_FILTER = 500  # a document filter wider than this is applied after the vector search, not inside it
# a document filter of at most this many chunks is scored from their vectors read by id, not by Chroma's filtered
# search (bench/filtered_search.py, 2024 index, 171k chunks: 40 chunks 2.4 ms against 238, 983 chunks 56 against
# 122; at 2,966 chunks the two are even)
EXACT_CHUNKS = 1_500
DEEPEST = 256  # the deepest vector search for a scope applied after it, in multiples of the results wanted
log = logging.getLogger(__name__)
_PARTS = ThreadPoolExecutor(4, thread_name_prefix="chroma-parts")  # the parts' searches of one question


def _read_vectors(part: Any, ids: list[str], stale: Callable[[], None]) -> dict[str, Vectors]:
    """The vectors of these chunks that ``part`` holds. An embedded database's vector index, loaded by this
    process, does not hold chunks another process wrote since (``qa index`` beside ``qa serve``): Chroma then
    fails the whole read ("Error finding id"), so the ids are read one by one and those it cannot find left out
    (the caller scores them without: ``qa.candidates``), and ``stale`` is called (the store opens its database
    again: ``index.reopening``)."""
    try:
        with chroma_errors("read vectors"):
            got = part.get(ids=ids, include=["embeddings"])
    except StoreUnavailable as exc:
        if _not_loaded(exc):
            stale()
            return {}
        if "finding id" not in str(exc):
            raise
        stale()
        return {} if len(ids) == 1 else {i: v for one in ids for i, v in _read_vectors(part, [one], stale).items()}
    embeddings = got["embeddings"] if got["embeddings"] is not None else []
    return {i: np.asarray(e, dtype=np.float32) for i, e in zip(got["ids"], embeddings)}


def _not_loaded(exc: StoreUnavailable) -> bool:
    """Whether a search failed because embedded Chroma, in this process, opened the part before it had a vector
    index on disk and another process (``qa index`` beside ``qa serve`` started on a new data folder) wrote it
    since: every search of it fails until the process opens the database again ("Error creating hnsw segment
    reader: Nothing found on disk"). Until it does (``index.reopening``), the question is answered from the
    lexical index alone, with a warning (a session's trial: every question was a 503 until `qa serve`
    restarted)."""
    if "Nothing found on disk" not in str(exc):
        return False
    if not _WARNED:
        _WARNED.append(True)
        log.warning("this process cannot read the vector index another process wrote (%s): questions are answered "
                    "from the lexical index alone until it opens the index again", exc)
    return True


_WARNED: list[bool] = []


def _lacks_records(exc: StoreUnavailable) -> bool:
    """Whether a search filtered on metadata failed because this process's copy of the part's vector index lacks
    records another process wrote since it was loaded ("Error finding id": the filter meets them in the
    metadata, the vector index does not hold them; an unfiltered search just does not find them). A user trial:
    after `qa index` beside `qa serve`, every question asked as of an earlier date was a 503 until a restart.
    The part gives no results until the store opens the database again (``index.reopening``), at once when no
    write holds it."""
    return "Error finding id" in str(exc)


class Catalog(Protocol):
    """What the vector search asks of the derived index (``index.lexicon.Lexicon``) about documents."""

    def published_of(self, doc_ids: Iterable[str]) -> dict[str, str]: ...

    def chunk_ids(self, doc_ids: Iterable[str], limit: int) -> list[str] | None: ...


class ChunkSearch:
    """Searches the Chroma collections of an index's chunks."""

    def __init__(self, parts: ChunkParts) -> None:
        self._parts = parts
        self.stale = False  # a read met a vector index this process loaded before another process wrote it

    def _stale(self) -> None:
        self.stale = True

    def nearest(self, vector: Vectors, n: int, scope: Scope = EVERYTHING,
                catalog: Catalog | None = None) -> list[tuple[str, float]]:
        """Ids of the ``n`` chunks nearest to ``vector`` (of any stored version) within ``scope``, with their
        cosine, best first; ``catalog`` (the derived index's ``Lexicon``) gives documents' dates and committed
        chunks when the scope names documents or days.

        A scope of up to LARGE_FILTER documents (those of them in its days) is searched among their chunks
        (``_among``). Any other scope is applied to the results of ever deeper searches (4x, 16x, ... ``n``, at
        most DEEPEST x ``n``): a metadata filter costs Chroma a scan of every chunk's metadata (0.5 s with
        ``$nin`` at 170k chunks, where 1,920 nearest cost 14 ms), so a scope that leaves out nearly everything
        may find fewer than ``n`` within DEEPEST x ``n``.
        """
        if scope.nothing:
            return []
        if scope.dated and catalog is None:
            raise ValueError("a scope of days needs the documents' dates")
        if scope.only is not None and len(scope.only) <= LARGE_FILTER:
            kept: Collection[str] = scope.only
            if catalog is not None and scope.dated:
                dates = catalog.published_of(scope.only)
                kept = [d for d in scope.only if scope.admits(d, dates.get(d, ""))]
            return self._among(vector, n, kept, catalog) if kept else []
        if scope.everything:
            return self.chroma_nearest(vector, n)
        dates: dict[str, str] = {}  # of the documents met so far
        depth = n * 4
        while True:
            found = self.chroma_nearest(vector, depth)
            if catalog is not None and scope.dated:
                met = {document_of_unit(i) for i, _ in found} - dates.keys()
                dates.update(dict.fromkeys(met, ""))  # a document the catalog does not know is undated here
                dates.update(catalog.published_of(met))
            hits = [(i, cos) for i, cos in found
                    if scope.admits(doc := document_of_unit(i), dates.get(doc, ""))]
            if len(hits) >= n or len(found) < depth or depth >= n * DEEPEST:
                return hits[:n]
            depth *= 4

    def _among(self, vector: Vectors, n: int, doc_ids: Collection[str],
               catalog: Catalog | None) -> list[tuple[str, float]]:
        """The ``n`` chunks of these documents nearest to ``vector``: scored here from their stored vectors (read
        by id; exact, where Chroma's filtered search is approximate) when the catalog lists at most EXACT_CHUNKS
        committed chunks of them, else by Chroma with a ``$in`` filter, which scans every chunk's metadata
        (110-260 ms at 171k chunks, even for three documents)."""
        ids = catalog.chunk_ids(doc_ids, EXACT_CHUNKS) if catalog is not None else None
        if ids is None:
            return self.chroma_nearest(vector, n, {"doc_id": {"$in": sorted(doc_ids)}})
        scored = [(i, float(np.dot(v, vector))) for i, v in self.vectors(ids).items()]
        return sorted(scored, key=lambda hit: (-hit[1], hit[0]))[:n]

    def chroma_nearest(self, vector: Vectors, n: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """Chroma's own search: the ``n`` nearest chunks (within ``where``, a metadata filter), with cosines;
        the best ``n`` of each part's ``n``."""
        def search(part: Any) -> list[tuple[str, float]]:
            try:
                with chroma_errors("search"):
                    got = part.query(query_embeddings=[vector.tolist()], n_results=n, where=where,
                                     include=["distances"])
            except StoreUnavailable as exc:
                if not (_not_loaded(exc) or (where is not None and _lacks_records(exc))):
                    raise
                self._stale()
                return []
            return [(i, 1.0 - float(d)) for i, d in zip(got["ids"][0], (got["distances"] or [[]])[0])]
        parts = self._parts.all()
        if len(parts) == 1:
            return search(parts[0])
        found = [hit for hits in _PARTS.map(search, parts) for hit in hits]  # side by side: Chroma lets the lock go
        return sorted(found, key=lambda hit: (-hit[1], hit[0]))[:n]

    def vectors(self, ids: Sequence[str]) -> dict[str, Vectors]:
        """Stored vectors of the given chunks, by id (each looked for in one part after another)."""
        found: dict[str, Vectors] = {}
        for part in self._parts.all():
            for page in pages([i for i in dict.fromkeys(ids) if i not in found]):
                found.update(_read_vectors(part, page, self._stale))
        return found
