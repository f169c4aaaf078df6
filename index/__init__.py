"""Ingestion: load articles, split sentences, chunk, embed, store in Chroma."""

from index.embedding import Embedder
from index.errors import (
    DocumentNotFound,
    DocumentTooLarge,
    InvalidDocument,
    InvalidQuestion,
    ModelUnavailable,
    QAError,
    StoreUnavailable,
    UnsupportedFileType,
)
from index.ingest import IngestReport, index_paths
from index.loaders import SUPPORTED_SUFFIXES, article_from_text, decode, load_file
from index.models import Article, Chunk, Span
from index.records import DocumentRecord, UnitRecord
from index.store import Store, open_client
from index.writing import ingest_articles

__all__ = [
    "Article", "Chunk", "DocumentNotFound", "DocumentRecord", "DocumentTooLarge", "Embedder", "IngestReport",
    "InvalidDocument", "InvalidQuestion", "ModelUnavailable", "QAError", "SUPPORTED_SUFFIXES",
    "Span", "Store", "StoreUnavailable", "UnitRecord", "UnsupportedFileType", "article_from_text",
    "decode", "index_paths", "ingest_articles", "load_file", "open_client",
]
