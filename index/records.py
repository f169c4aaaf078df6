"""What the store writes (`DocumentWrite`) and reads back from Chroma (`DocumentRecord`, `UnitRecord`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


def unit_id(doc_id: str, version: str, kind: str, index: int) -> str:
    """The id of a document version's ``index``-th chunk (``kind="c"``) or sentence (``"s"``)."""
    return f"{doc_id}-{version}-{kind}{index}"


@dataclass(frozen=True)
class DocumentRecord:
    id: str
    title: str
    source: str
    url: str
    published: str
    author: str
    origin: str
    version: str  # the article's content hash: chunks of other versions are not part of it
    chunks: int
    sentences: int

    @classmethod
    def from_metadata(cls, doc_id: str, meta: dict[str, Any]) -> DocumentRecord:
        return cls(
            id=doc_id,
            title=str(meta.get("title", "")),
            source=str(meta.get("source", "")),
            url=str(meta.get("url", "")),
            published=str(meta.get("published", "")),
            author=str(meta.get("author", "")),
            origin=str(meta.get("origin", "")),
            version=str(meta.get("version", "")),
            chunks=int(meta.get("chunks", 0)),
            sentences=int(meta.get("sentences", 0)),
        )


@dataclass(frozen=True)
class UnitRecord:
    """A stored chunk or sentence: its span in the document text and its text."""

    id: str
    doc_id: str
    version: str
    start: int
    end: int
    text: str
    chunk: int  # for a chunk its own index, for a sentence the chunk that holds it

    @classmethod
    def from_chroma(cls, unit_id: str, meta: dict[str, Any], document: str) -> UnitRecord:
        """A stored unit; its text is in its metadata (indexes written before that: the Chroma document)."""
        return cls(
            id=unit_id, doc_id=str(meta["doc_id"]), version=str(meta["version"]),
            start=int(meta["start"]), end=int(meta["end"]), text=str(meta.get("text", document)),
            chunk=int(meta["chunk"]),
        )


@dataclass(frozen=True)
class DocumentWrite:
    """One document version to store: the record that commits it, its text, units and vectors."""

    record: DocumentRecord
    text: str
    vector: Vectors
    chunks: Sequence[UnitRecord]
    chunk_vectors: Vectors
    sentences: Sequence[UnitRecord]
    sentence_vectors: Vectors
