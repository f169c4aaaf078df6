"""The textbook llama-index pipeline, as a user would write it in ten lines, on the same corpora and model.

SentenceSplitter (at its defaults, or at a given chunk size and overlap),
HuggingFaceEmbedding with the same packaged MiniLM, ChromaVectorStore, and
``as_retriever(similarity_top_k=5)``. Nothing here is tuned.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import chromadb

from bench.data import Benchmark
from bench.metrics import Span
from bench.runs import RunResult, Tick, evaluate

K = 5


def run_textbook(bench: Benchmark, model_path: str, data_dir: Path, tokens: int, name: str,
                 chunk_size: int | None = None, chunk_overlap: int | None = None,
                 tick: Tick | None = None) -> RunResult:
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    embed_model = HuggingFaceEmbedding(model_name=model_path, device="cpu")
    options: dict[str, Any] = {}
    if chunk_size is not None:
        options = {"chunk_size": chunk_size, "chunk_overlap": chunk_overlap or 0}
    splitter = SentenceSplitter(**options)

    started = time.perf_counter()
    documents = [Document(text=path.read_text(encoding="utf-8"), metadata={"corpus_id": corpus_id})
                 for corpus_id, path in bench.corpora.items()]
    collection = chromadb.PersistentClient(path=str(data_dir)).get_or_create_collection("textbook")
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    index = VectorStoreIndex.from_documents(documents, storage_context=storage, embed_model=embed_model,
                                            transformations=[splitter])
    retriever = index.as_retriever(similarity_top_k=K)
    seconds = time.perf_counter() - started
    if tick:
        tick(len(documents))

    def retrieve(question: str) -> list[tuple[Span, str]]:
        hits = []
        for hit in retriever.retrieve(question):
            node = hit.node
            start, end = node.start_char_idx, node.end_char_idx  # type: ignore[attr-defined]
            hits.append(((node.metadata["corpus_id"], int(start or 0), int(end or 0)), node.get_content()))
        return hits

    result = RunResult(name, collection.count(), tokens, seconds)
    return evaluate(result, bench.questions, retrieve, bench, tick)
