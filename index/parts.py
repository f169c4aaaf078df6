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
from collections.abc import Callable
from typing import Any

from index.chroma import chroma_errors

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
