"""The chunks in parts: Chroma collections of at most ``size`` chunks each, written one after another.

Embedded Chroma keeps the vector index of every collection a process has
touched in that process's memory, until its client is closed (any call
loads it: a count, a read by id, a write; 2.1 KB a chunk). One collection for
the whole archive makes the indexer as large as the archive (1.9 GB at
19,748 articles, 344k chunks; docs/notes/archive.md). In parts, the indexer
writes the last part only, reads the part a replaced document's chunks are
in only when it replaces one, and closes its client when it moves on to a
new part (``Store``), so it holds one part. Searches read every part
(``nearest``). Part 0 is ``<prefix>_chunks`` (an index written before parts
is one part); part k is ``<prefix>_chunks_<k>``. A document's record names
its part (metadata ``part``; absent: 0).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from index.chroma import PAGE, chroma_errors, get_pages, pages
from index.records import StoredChunk, document_of_unit, version_of_unit

PART_CHUNKS = 100_000  # chunks in one part by default (about 5,000 news articles; 210 MB of vector index)
WHOLE = 2**62  # a part size no index reaches: one collection


def part_name(prefix: str, part: int) -> str:
    return f"{prefix}_chunks" if part == 0 else f"{prefix}_chunks_{part}"


class ChunkParts:
    """The chunk collections of one index, as they exist in Chroma (another process may add a part)."""

    def __init__(self, client: Any, prefix: str, collection: Callable[[str], Any], size: int = PART_CHUNKS) -> None:
        if size < 1:
            raise ValueError("a part holds at least one chunk")
        self._client = client
        self._prefix = prefix
        self._collection = collection  # opens (or makes) a collection by its name
        self.size = size
        self._parts: list[Any] = []
        self.touched: set[int] = set()  # parts this client has counted, written or read one by one (``get``)
        self.refresh()

    def refresh(self) -> None:
        """Open the parts other processes made since this one last looked (0 .. the highest that exists)."""
        pattern = re.compile(re.escape(self._prefix) + r"_chunks(?:_(\d+))?$")
        with chroma_errors("list the chunk collections"):
            names = [getattr(c, "name", c) for c in self._client.list_collections()]
        found = [int(m.group(1) or 0) for name in names if (m := pattern.match(str(name)))]
        for part in range(len(self._parts), max(found, default=0) + 1):
            self._parts.append(self._collection(part_name(self._prefix, part)))

    def name(self, part: int) -> str:
        return part_name(self._prefix, part)

    def __len__(self) -> int:
        return len(self._parts)

    def all(self) -> list[Any]:
        return list(self._parts)

    def get(self, part: int) -> Any:
        """The collection of ``part`` (looked for again when this process has not seen it yet)."""
        if part >= len(self._parts):
            self.refresh()
        if part >= len(self._parts):
            raise KeyError(f"no chunk collection {part_name(self._prefix, part)!r}")
        self.touched.add(part)
        return self._parts[part]

    def for_writing(self, chunks: int) -> int:
        """The part ``chunks`` new chunks go to: the last one, or a new one after it when they would take the
        last past ``size`` (a document is never split between parts; a part may end short, or go past ``size``
        when one write holds more)."""
        self.refresh()
        last = len(self._parts) - 1
        self.touched.add(last)
        if self.size >= WHOLE:
            return last
        with chroma_errors("count chunks"):
            held = self._parts[last].count()
        if held and held + chunks > self.size:
            self._parts.append(self._collection(part_name(self._prefix, last + 1)))
            self.touched.add(last + 1)
            return last + 1
        return last

    def make_again(self, part: int) -> None:
        """Drop the collection of ``part`` and make it again, empty (``index.repair``: its files were torn)."""
        self.refresh()
        name = self.name(part)
        with chroma_errors("drop a chunk collection"):
            self._client.delete_collection(name)
        self._parts[part] = self._collection(name)

    # --- chunks in the parts ----------------------------------------------------
    def read(self, versions: Mapping[str, str], where: Mapping[str, int]) -> dict[str, list[StoredChunk]]:
        """The chunks of these document versions (doc id -> version), by document, each document's read from
        its part (``where``: doc id -> part; a document absent from it has none)."""
        found: dict[str, list[StoredChunk]] = {doc_id: [] for doc_id in versions}
        by_part: dict[int, list[str]] = {}
        for doc_id in versions:
            if doc_id in where:
                by_part.setdefault(where[doc_id], []).append(doc_id)
        for part, doc_ids in sorted(by_part.items()):
            collection = self.get(part)
            for page in pages(sorted(doc_ids), 50):  # ~20 chunks an article: well within one read
                for got in get_pages(collection, "read chunks", where={"doc_id": {"$in": page}}):
                    for i, meta in got:
                        if meta and versions.get(str(meta.get("doc_id"))) == meta.get("version"):
                            found[str(meta["doc_id"])].append(StoredChunk.from_chroma(i, meta))
        return found

    def remove(self, keep: Mapping[str, str | None], parts: Iterable[int] | None = None) -> int:
        """Delete the chunks of these documents in every version but ``keep[doc_id]`` (every version when None)
        that are in ``parts`` (None: every part); returns how many. Found by a read of their ids (which lets
        the interpreter lock go, where a delete by filter holds it through a scan of the chunks' metadata),
        the version read from each id."""
        removed = 0
        for part in sorted(set(parts)) if parts is not None else range(len(self)):
            stale = [i for i in self.ids(part, keep) if version_of_unit(i) != keep.get(document_of_unit(i))]
            for batch in pages(stale):
                self.get(part).delete(ids=batch)
            removed += len(stale)
        return removed

    def ids(self, part: int, doc_ids: Iterable[str]) -> Iterator[str]:
        """The ids of every chunk of these documents in ``part``, in any version (ids only are read)."""
        collection = self.get(part)
        for page in pages(sorted(doc_ids), 50):  # ~20 chunks an article: well within one read
            for got in get_pages(collection, "read chunks", metadata=False, where={"doc_id": {"$in": page}}):
                yield from (i for i, _ in got)

    def chunk_pages(self, size: int = PAGE) -> Iterator[list[StoredChunk]]:
        """Every stored chunk, committed or not, a page at a time, part after part."""
        for part in self.all():
            for page in get_pages(part, "read chunks", size):
                chunks = [StoredChunk.from_chroma(i, m) for i, m in page if m and "spans" in m]
                if chunks:
                    yield chunks
