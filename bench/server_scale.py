"""One `chroma run` server, and an API worker beside it, as the archive grows past what this machine indexes.

    python -m bench.server_scale --copies 3 --work /tmp/scale --out docs/bench-server-scale.json

The kept indexes of `make bench-news` (``--source``; default: every
``.bench-cache/news-YEAR-*/data``) are read, never written. Copy 1 is their
articles as they are (an article in two years' files is written once); each
later copy is the same articles under new ids with every vector moved a little
(Gaussian noise, cosine about 0.995 to the original), so the server's vector
index holds distinct vectors, as a larger archive would, without the hours of
embedding a real one takes. Every copy is written through the service's own
``Store`` (chunk records, documents, change feed and journal as `qa index`
writes them) and into the worker's derived index. After each copy: the write
rate, the server's resident memory and data on disk, the derived index on disk,
Chroma's own search (the 30 nearest chunks) p50/p95, and a real `qa serve`
worker started on that server: seconds to ready, the first answer, /api/ask
p50/p95 at concurrency 1 over RealTime QA 2024 questions (each as of its date)
and the worker's peak memory. What it does not measure: embedding (the copies
carry their vectors), and answer quality (later copies repeat the articles).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from bench.archive_data import load_archive
from bench.archive_procs import children, disk_mb, status_mb
from bench.serving import _peak_rss_mb, run_chroma_server, run_qa_server

COLLECTION = "scale"
NOISE = 0.1  # norm of the noise added to a unit vector in a later copy: cosine about 0.995
GROUP = 100  # documents per write, as `qa index` groups them


def _percentiles(values: list[float]) -> list[float]:
    ordered = sorted(values)
    return [round(statistics.median(ordered), 1), round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1)]


def _moved(vectors: np.ndarray, draw: np.random.Generator | None) -> np.ndarray:
    if draw is None:
        return vectors.astype(np.float32)
    noise = draw.standard_normal(vectors.shape).astype(np.float32)
    noise *= NOISE / np.linalg.norm(noise, axis=1, keepdims=True)
    moved = vectors + noise
    return (moved / np.linalg.norm(moved, axis=1, keepdims=True)).astype(np.float32)


def _copies_of(source: Path, copy: int, seen: set[str], draw: np.random.Generator | None,
               collection: str = "news") -> Iterator[list[Any]]:
    """The documents of one kept index (``source``, its ``collection``) as writes under this copy's ids (copy 1:
    the ids as they are), a group at a time; documents in ``seen`` are skipped, and those written are added."""
    from index.chroma import open_client
    from index.records import DocumentWrite, unit_id
    from index.store import Store

    store = Store(open_client(source, None), collection, create=False)
    try:
        for records in store.catalog_pages():
            fresh = [r for r in records if r.id not in seen]
            for start in range(0, len(fresh), GROUP):
                group = fresh[start:start + GROUP]
                chunks = store.stored_chunks({r.id: r.version for r in group})
                vectors = store.chunk_vectors([c.chunk.id for r in group for c in chunks[r.id]])
                texts = store.texts([r.id for r in group])
                writes = []
                for record in group:
                    stored = chunks[record.id]
                    if len(stored) != record.chunks or not stored:
                        continue  # an article left half-written in the kept index
                    seen.add(record.id)
                    new = record.id if copy == 1 else f"{record.id}x{copy}"
                    version = record.version
                    units = [dataclasses.replace(c.chunk, id=unit_id(new, version, "c", c.chunk.chunk), doc_id=new)
                             for c in stored]
                    sentences = [dataclasses.replace(s, id=unit_id(new, version, "s", s.position), doc_id=new)
                                 for c in stored for s in c.sentences]
                    chunk_vectors = _moved(np.stack([vectors[c.chunk.id] for c in stored]), draw)
                    sentence_vectors = _moved(np.concatenate([c.sentence_vectors for c in stored]), draw)
                    mean = chunk_vectors.mean(axis=0)
                    writes.append(DocumentWrite(dataclasses.replace(record, id=new, also_at=""), texts[record.id],
                                                mean / np.linalg.norm(mean), units, chunk_vectors, sentences,
                                                sentence_vectors))
                yield writes
    finally:
        store.close()


def _server_pid(path: Path) -> int:
    """The `chroma run` this process started on ``path``."""
    for child in children(os.getpid()):
        try:
            if str(path).encode() in Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0"):
                return child
        except OSError:
            continue
    raise RuntimeError(f"no `chroma run` process for {path}")


def _rss_mb(pid: int) -> float:
    return round(status_mb(pid, ("VmRSS",))["VmRSS"], 1)


def _worker(url: str, data_dir: Path, questions: list[Any]) -> dict[str, Any]:
    """A real `qa serve` on the server: ready, first answer, /api/ask at concurrency 1 (and the p50 of each stage
    of the answer, its ``timings_ms``), its peak memory."""
    settings = {"QA_DATA_DIR": str(data_dir), "QA_COLLECTION": COLLECTION, "QA_CHROMA_URL": url}
    with run_qa_server(settings) as (base, process, ready):
        with httpx.Client(base_url=base, timeout=120) as client:
            latencies, errors, answered = [], 0, 0
            stages: dict[str, list[float]] = {}
            for question in questions:
                began = time.perf_counter()
                response = client.post("/api/ask", json={"question": question.question, "as_of": question.date})
                latencies.append((time.perf_counter() - began) * 1000)
                errors += response.status_code != 200
                if response.status_code == 200:
                    body = response.json()
                    answered += bool(body.get("citations"))
                    for stage, ms in body.get("timings_ms", {}).items():
                        stages.setdefault(stage, []).append(ms)
        return {"ready_s": round(ready, 1), "first_answer_ms": round(latencies[0], 1),
                "ask_c1_p50_p95_ms": _percentiles(latencies[1:]), "errors": errors, "answered": answered,
                "stages_p50_ms": {k: round(statistics.median(v), 1) for k, v in stages.items()},
                "worker_peak_rss_mb": round(_peak_rss_mb(process.pid), 1)}


def _measured(store: Any, pid: int, url: str, server_dir: Path, worker_dir: Path,
              questions: list[Any]) -> dict[str, Any]:
    """What the server and a worker on it hold and take, as the index stands."""
    probe = np.random.default_rng(0)
    searches = []
    for _ in range(200):
        vector = probe.standard_normal(384).astype(np.float32)
        vector /= np.linalg.norm(vector)
        began = time.perf_counter()
        store.search.chroma_nearest(vector, 30)
        searches.append((time.perf_counter() - began) * 1000)
    row = {"server_rss_mb": _rss_mb(pid), "server_disk_mb": round(disk_mb(server_dir)),
           "derived_disk_mb": round(disk_mb(worker_dir / "derived")),
           "chroma_nearest_30_p50_p95_ms": _percentiles(searches)}
    row.update(_worker(url, worker_dir, questions))
    row["server_rss_after_worker_mb"] = _rss_mb(pid)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, action="append", help="a kept index's data folder (repeatable)")
    parser.add_argument("--copies", type=int, default=3, help="0: measure the index kept in --work again")
    parser.add_argument("--work", type=Path, required=True, help="the server's data and the worker's folder")
    parser.add_argument("--data", type=Path, default=Path("../shared/bench/realtimeqa"))
    parser.add_argument("--questions", type=int, default=150, help="RealTime QA 2024 questions asked each time")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    from index.chroma import PAGE, open_client
    from index.derived import DerivedIndex
    from index.store import Store
    from qa.settings import Settings

    sources = args.source or sorted(p / "data" for p in Path(".bench-cache").glob("news-20??-*") if (p / "data").is_dir())
    if args.copies and not sources:
        raise SystemExit("no kept index in .bench-cache/news-YEAR-*/data: run `make bench-news` first, or name one "
                         "with --source")
    questions = [q for q in load_archive(args.data).questions if q.date.startswith("2024")][:args.questions]
    server_dir, worker_dir = args.work / "chroma", args.work / "worker"
    rows: list[dict[str, Any]] = []

    def save(row: dict[str, Any]) -> None:
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
        args.out.write_text(json.dumps({"page": PAGE, "sources": [str(s) for s in sources], "rows": rows},
                                       indent=1) + "\n")

    with run_chroma_server(server_dir) as url:
        pid = _server_pid(server_dir)
        store = Store(open_client(worker_dir, url), COLLECTION, part_size=Settings(chroma_url=url).chunk_part_size())
        path = Settings(data_dir=worker_dir, collection=COLLECTION, chroma_url=url).derived_path(store.identity)
        derived = DerivedIndex(path, store.identity)
        articles, chunks = store.counts()
        if args.copies == 0:  # the index as it stands (a run's --work kept), measured again
            save({"copy": None, "articles": articles, "chunk_vectors": chunks,
                  **_measured(store, pid, url, server_dir, worker_dir, questions)})
        for copy in range(1, args.copies + 1):
            draw = None if copy == 1 else np.random.default_rng(copy)
            seen: set[str] = set()
            began, written, written_chunks = time.perf_counter(), 0, 0
            for source in sources:
                for writes in _copies_of(source, copy, seen, draw):
                    store.write_documents(writes)
                    derived.apply([(w.record, w.stored_chunks()) for w in writes])
                    written += len(writes)
                    written_chunks += sum(len(w.chunks) for w in writes)
                    print(f"\rcopy {copy}: {written} articles, {written_chunks} chunks", end="", file=sys.stderr,
                          flush=True)
            print(file=sys.stderr)
            seconds = time.perf_counter() - began
            derived.set_meta("cursor", repr(time.time()))
            derived.set_meta("complete", "1")
            articles, chunks = articles + written, chunks + written_chunks
            save({"copy": copy, "articles": articles, "chunk_vectors": chunks, "write_s": round(seconds, 1),
                  "articles_per_s": round(written / seconds, 1), "chunks_per_s": round(written_chunks / seconds),
                  **_measured(store, pid, url, server_dir, worker_dir, questions)})
        store.close()
        derived.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
