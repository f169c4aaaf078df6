"""This service on the benchmark: its own ingestion (`Service.index`) and the retrieval /api/search uses."""

from __future__ import annotations

import time
from pathlib import Path

from bench.data import Benchmark
from bench.metrics import Span
from bench.runs import RunResult, Tick, evaluate
from index import Embedder, Store, open_client
from index.derived import DerivedIndex
from qa import Service, Settings

K = 5


def run_service(bench: Benchmark, embedder: Embedder, data_dir: Path, tokens: int,
                tick: Tick | None = None, chunk_tokens: int = 128) -> tuple[RunResult, Service]:
    store = Store(open_client(data_dir, None), "bench")
    # where `qa serve` with QA_DATA_DIR=data_dir and QA_COLLECTION=bench finds it (the server measurement)
    derived = DerivedIndex(Settings(data_dir=data_dir, collection="bench").derived_path(), store.identity)
    service = Service(store, embedder, derived, chunk_tokens=chunk_tokens, refresh_seconds=3600)
    started = time.perf_counter()
    report = service.index(list(bench.corpora.values()), progress=tick)
    service.search("warm the index", k=1)  # queryable: the index answers
    seconds = time.perf_counter() - started
    if report.failed:
        raise RuntimeError(f"ingestion failed: {report.failed}")
    where: dict[str, tuple[str, int]] = {}  # document id -> (corpus id, offset of its text in the corpus file)
    for doc in service.documents():
        corpus_id = Path(doc.origin).stem
        where[doc.id] = (corpus_id, bench.text(corpus_id).index(service.document(doc.id)[1]))

    def retrieve(question: str) -> list[tuple[Span, str]]:
        hits = []
        for passage in service.search(question, k=K):
            corpus_id, offset = where[passage.document_id]
            hits.append(((corpus_id, passage.start + offset, passage.end + offset), passage.text))
        return hits

    result = RunResult("this service", report.chunks, tokens, seconds)
    return evaluate(result, bench.questions, retrieve, bench, tick), service
