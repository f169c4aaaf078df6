"""The change feed: which documents were written or deleted, and when, kept in Chroma.

One tiny record per document per committed write (or delete), stamped with
the writer's clock. A derived index (``derived``) follows the feed from its
cursor instead of re-reading the archive; an entry only says "look at this
document again", the document's record in Chroma says what is true. Readers
re-read a window of ``SLACK`` seconds before their cursor, so an entry that
lands late (another writer's clock, a slow network) is not missed; a cursor
never passes the reader's own clock, so a writer whose clock runs fast does
not carry it past the others' entries.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from typing import Any

from index.chroma import chroma_errors, get_pages

SLACK = 60.0  # seconds of the feed re-read before a follower's cursor


class ChangeFeed:
    def __init__(self, collection: Any) -> None:
        self._collection = collection

    def note(self, doc_ids: Sequence[str]) -> None:
        """Record that these documents changed now (called once the change is committed)."""
        if not doc_ids:
            return
        at = time.time()
        with chroma_errors("note a change"):
            self._collection.upsert(ids=[uuid.uuid4().hex for _ in doc_ids], embeddings=[[1.0]] * len(doc_ids),
                                    metadatas=[{"doc_id": doc_id, "at": at} for doc_id in doc_ids])

    def since(self, at: float) -> list[tuple[str, str, float]]:
        """(entry id, document id, time) of every entry stamped at or after ``at``, a page at a time."""
        return [(entry, str(m["doc_id"]), float(m["at"]))
                for page in get_pages(self._collection, "read the change feed", where={"at": {"$gte": at}})
                for entry, m in page if m]
