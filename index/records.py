"""What the store writes (`DocumentWrite`) and reads back from Chroma (`DocumentRecord`, `StoredChunk`).

A chunk's Chroma record carries its sentences: their spans, and their vectors
as base64 float16 in the metadata. Sentences have no vector-index entry of
their own (a sentence HNSW held four times as many entries as the chunks and
dominated write time, memory and disk); they are scored inside candidate
chunks instead, from the derived index (``derived``).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


def unit_id(doc_id: str, version: str, kind: str, index: int) -> str:
    """The id of a document version's ``index``-th chunk (``kind="c"``) or sentence (``"s"``)."""
    return f"{doc_id}-{version}-{kind}{index}"


def document_of_unit(unit: str) -> str:
    """The document id in a unit id (a version is a hex digest, so the last two dashes are ours)."""
    return unit.rsplit("-", 2)[0]


def version_of_unit(unit: str) -> str:
    """The document version in a unit id."""
    return unit.rsplit("-", 2)[1]


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
    also_at: str = ""  # other URLs where the same article was found (space-separated; kept in Chroma only)

    @property
    def also_at_urls(self) -> list[str]:
        return self.also_at.split()

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
            also_at=str(meta.get("also_at", "")),
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
    position: int = 0  # for a sentence its index in the document, for a chunk its own index


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as Chroma holds it, with its sentences and their vectors."""

    chunk: UnitRecord
    sentences: tuple[UnitRecord, ...]
    sentence_vectors: Vectors

    def metadata(self) -> dict[str, Any]:
        c = self.chunk
        first = self.sentences[0].position if self.sentences else 0
        return {"doc_id": c.doc_id, "version": c.version, "start": c.start, "end": c.end, "chunk": c.chunk,
                "text": c.text, "first": first, "spans": ",".join(f"{s.start}:{s.end}" for s in self.sentences),
                "vectors": base64.b64encode(self.sentence_vectors.astype(np.float16).tobytes()).decode("ascii")}

    @classmethod
    def from_chroma(cls, chunk_id: str, meta: dict[str, Any]) -> StoredChunk:
        doc_id, version, start, text = str(meta["doc_id"]), str(meta["version"]), int(meta["start"]), str(meta["text"])
        chunk = UnitRecord(chunk_id, doc_id, version, start, int(meta["end"]), text, int(meta["chunk"]),
                           int(meta["chunk"]))
        first = int(meta["first"])
        spans = [tuple(int(x) for x in span.split(":")) for span in str(meta["spans"]).split(",") if span]
        sentences = tuple(
            UnitRecord(unit_id(doc_id, version, "s", first + i), doc_id, version, s, e, text[s - start:e - start],
                       chunk.chunk, first + i)
            for i, (s, e) in enumerate(spans))
        raw = base64.b64decode(str(meta["vectors"]))
        vectors = np.frombuffer(raw, dtype=np.float16).astype(np.float32).reshape(len(sentences), -1)
        return cls(chunk, sentences, vectors)


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

    def stored_chunks(self) -> list[StoredChunk]:
        """Each chunk with its sentences (a chunk is a run of whole sentences) and their vectors."""
        by_chunk: dict[int, list[int]] = {}
        for i, sentence in enumerate(self.sentences):
            by_chunk.setdefault(sentence.chunk, []).append(i)
        return [StoredChunk(c, tuple(self.sentences[i] for i in by_chunk.get(c.chunk, [])),
                            self.sentence_vectors[by_chunk.get(c.chunk, [])])
                for c in self.chunks]
