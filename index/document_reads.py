"""Reads of the documents' collection (records, texts, the part each document's chunks are in); ``Store``'s."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from index.chroma import PAGE, chroma_errors, get_pages, pages
from index.errors import DocumentNotFound
from index.records import DocumentRecord


def not_found(doc_id: str) -> DocumentNotFound:
    return DocumentNotFound(f"no document with id {doc_id!r}; list them with `qa docs list` or GET /api/documents")


class DocumentReads:
    """The read side of a store's documents' collection (``_documents``, set by the store)."""

    _documents: Any

    def catalog_pages(self, size: int = PAGE) -> Iterator[list[DocumentRecord]]:
        """Every committed document, a page at a time."""
        for page in get_pages(self._documents, "list documents", size):
            if page:
                yield [DocumentRecord.from_metadata(i, m) for i, m in page]

    def documents_by_part(self) -> dict[int, list[DocumentRecord]]:
        """Every committed document, by the part its chunks are in (a record without a part is in part 0)."""
        found: dict[int, list[DocumentRecord]] = {}
        for page in get_pages(self._documents, "list documents"):
            for i, m in page:
                found.setdefault(int(m.get("part", 0)), []).append(DocumentRecord.from_metadata(i, m))
        return found

    def records(self, doc_ids: Sequence[str]) -> dict[str, DocumentRecord]:
        """The committed records of these documents (absent ones are left out)."""
        return {i: DocumentRecord.from_metadata(i, m) for i, m in self._metadata(doc_ids).items()}

    def _metadata(self, doc_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The record metadata of these documents (absent ones are left out), a page of ids at a time."""
        found: dict[str, dict[str, Any]] = {}
        for page in pages(sorted(set(doc_ids))):
            with chroma_errors("read documents"):
                got = self._documents.get(ids=page, include=["metadatas"])
            found.update((i, m or {}) for i, m in zip(got["ids"], got["metadatas"] or []))
        return found

    def document(self, doc_id: str) -> tuple[DocumentRecord, str]:
        """A document's record and full text."""
        with chroma_errors("read a document"):
            got = self._documents.get(ids=[doc_id], include=["metadatas", "documents"])
        if not got["ids"]:
            raise not_found(doc_id)
        meta = (got["metadatas"] or [{}])[0] or {}
        return DocumentRecord.from_metadata(doc_id, meta), (got["documents"] or [""])[0] or ""

    def texts(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """The full texts of a few documents (those that exist), in one read."""
        if not doc_ids:
            return {}
        with chroma_errors("read documents"):
            got = self._documents.get(ids=list(dict.fromkeys(doc_ids)), include=["documents"])
        return {doc_id: text or "" for doc_id, text in zip(got["ids"], got["documents"] or [])}

    def _parts_of(self, doc_ids: Sequence[str]) -> dict[str, int]:
        """The part holding the chunks of each of these documents' committed version (absent ones left out)."""
        return {i: int(m.get("part", 0)) for i, m in self._metadata(doc_ids).items()}
