"""Reads of the chunks' collections (stored chunks, the vector search); ``Store``'s.

A read that met a vector index this process cannot read (another process wrote
it since: ``index.reopening``) is made again once the store has opened its
database again (``heal``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from index.chroma import PAGE, chroma_errors
from index.nearest import Catalog, ChunkSearch
from index.parts import ChunkParts
from index.records import StoredChunk, Vectors
from index.scope import EVERYTHING, Scope


class ChunkReads:
    """The read side of a store's chunks (``parts``, ``search``, ``_documents``, ``_parts_of`` and ``heal``, the
    store's)."""

    parts: ChunkParts
    search: ChunkSearch
    _documents: Any

    _parts_of: Callable[[Sequence[str]], dict[str, int]]
    heal: Callable[[], bool]

    def stored_chunks(self, versions: dict[str, str]) -> dict[str, list[StoredChunk]]:
        """The chunks of these document versions (doc id -> version), by document, each read from the part its
        committed record names."""
        return self.parts.read(versions, self._parts_of(list(versions)))

    def chunk_pages(self, size: int = PAGE) -> Iterator[list[StoredChunk]]:
        """Every stored chunk, committed or not, a page at a time, part after part."""
        return self.parts.chunk_pages(size)

    def nearest_chunks(self, vector: Vectors, n: int, scope: Scope = EVERYTHING,
                       catalog: Catalog | None = None) -> list[tuple[str, float]]:
        """Ids of the ``n`` chunks nearest to ``vector`` within ``scope`` (see ``index.nearest``)."""
        found = self.search.nearest(vector, n, scope, catalog)
        return self.search.nearest(vector, n, scope, catalog) if self.heal() else found

    def chunk_vectors(self, ids: Sequence[str]) -> dict[str, Vectors]:
        """Stored vectors of the given chunks, by id."""
        found = self.search.vectors(ids)
        return self.search.vectors(ids) if self.heal() else found

    def counts(self) -> tuple[int, int]:
        """(documents, chunks) as stored (the chunks of every part: each part's vector index is loaded)."""
        with chroma_errors("count"):
            return self._documents.count(), sum(part.count() for part in self.parts.all())
