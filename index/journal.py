"""The write journal: documents whose chunks are being changed, kept in a tiny Chroma collection.

Every write (or delete) of a document is announced here before its chunks
change and crossed off once it is committed and the chunks of its other
versions are gone. An entry left behind names a document an interrupted write
may have left stray chunks of, so the clean-up (``Store.collect_garbage``)
looks at those documents only, never the whole archive, and followers
(``follow``) look at them again.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from index.chroma import PAGE, chroma_errors


class Journal:
    def __init__(self, collection: Any) -> None:
        self.collection = collection

    def begin(self, *doc_ids: str) -> list[str]:
        """Note that these documents' chunks are about to change; returns the entries to cross off."""
        entries = [f"{doc_id}:{uuid.uuid4().hex}" for doc_id in doc_ids]
        self.collection.upsert(ids=entries, embeddings=[[1.0]] * len(entries),
                                metadatas=[{"doc_id": doc_id} for doc_id in doc_ids])
        return entries

    def cross_off(self, entries: Sequence[str]) -> None:
        self.collection.delete(ids=list(entries))

    def in_flight(self) -> set[str]:
        """Documents whose writes began and have not finished (or were interrupted): the first page of them."""
        return set(self._first_page().values())

    def pending(self) -> Iterator[dict[str, str]]:
        """Entry -> document, a page at a time, until the journal is empty: the caller crosses off each page
        (``cross_off``) before it asks for the next."""
        while entries := self._first_page():
            yield entries

    def _first_page(self) -> dict[str, str]:
        with chroma_errors("read the journal"):
            got = self.collection.get(include=["metadatas"], limit=PAGE)
        return {i: str((m or {}).get("doc_id")) for i, m in zip(got["ids"], got["metadatas"] or [])}
