"""Domain values of ingestion: an article, its sentences and its chunks.

Offsets are character offsets into ``Article.text``; every ``text`` field
below equals the article text sliced by its span. Nothing here touches disk,
models or Chroma.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """One news article as loaded, before chunking."""

    text: str
    origin: str  # what identifies it across re-indexing: a file path, or "upload:<hash>"
    title: str = ""
    source: str = ""  # the outlet when known, else the file name
    url: str = ""
    published: str = ""
    author: str = ""
    # the metadata not given, left empty or filled by a fallback (title: the first line; source: the file name)
    not_given: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def content_hash(self) -> str:
        """Hash of everything stored for the article: a change anywhere re-indexes it."""
        digest = hashlib.sha256()
        for part in (self.text, self.title, self.source, self.url, self.published, self.author):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
        return digest.hexdigest()[:16]

    @property
    def document_id(self) -> str:
        return hashlib.sha256(self.origin.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences: ``sentences`` are indexes into the article's sentence list."""

    index: int
    start: int
    end: int
    text: str
    first_sentence: int
    last_sentence: int  # inclusive


@dataclass(frozen=True)
class ChunkedArticle:
    article: Article
    sentences: tuple[Span, ...]
    chunks: tuple[Chunk, ...] = field(default_factory=tuple)
