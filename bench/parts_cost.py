"""What a question costs when the chunks are in parts: an index laid out again in parts, asked beside itself.

    python -m bench.parts_cost --index KEEP/all-embedded/data --collection archive --work /tmp/parts --out F

``--index`` is a kept index (``bench.archive --keep``, or a year's of ``make
bench-news``) whose chunks are in one collection; it is read, never written.
Its chunks (vectors and records) are copied into a new Chroma database under
``--work`` in parts of ``--part`` chunks, a document's chunks in one part, as
``qa index`` would have written them; the documents are copied with the part
each is in, and the derived index is copied beside it (it does not depend on
the layout). Then every RealTime QA question (2022-2024) is asked
of both, as of its date, in one process, alternating in blocks of 50, and the
answers' stage timings (``timings_ms``) are summarised as p50/p95, with
Chroma's own search timed apart (``chroma_nearest``, 30 chunks) and the
answers compared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path("../shared/bench/realtimeqa")
BLOCK = 50  # questions asked of one layout before the other's turn


def _percentiles(values: list[float]) -> list[float]:
    ordered = sorted(values)
    return [round(statistics.median(ordered), 2), round(ordered[int(len(ordered) * 0.95)], 2)]


def lay_out(index: Path, work: Path, part: int, collection: str) -> dict[str, Any]:
    """Copy ``index`` into ``work/parted`` with its chunks in parts of ``part``; link it as ``work/whole``."""
    import numpy as np

    from index.chroma import get_pages, open_client
    from index.store import Store

    whole, parted = work / "whole", work / "parted"
    whole.mkdir(parents=True, exist_ok=True)
    if not (whole / "chroma").exists():
        (whole / "chroma").symlink_to((index / "chroma").resolve())
        shutil.copytree(index / "derived", whole / "derived")
    if parted.exists():
        shutil.rmtree(parted)
    source = open_client(index, None)
    target = Store(open_client(parted, None), collection, part_size=part)
    chunks = source.get_collection(f"{collection}_chunks")
    of_document: dict[str, int] = {}
    held = [0]
    started = time.perf_counter()
    offset = 0
    while True:
        got = chunks.get(include=["embeddings", "metadatas"], limit=1000, offset=offset)
        if not got["ids"]:
            break
        by_part: dict[int, list[int]] = {}
        for n, meta in enumerate(got["metadatas"]):
            doc = str(meta["doc_id"])
            if doc not in of_document:
                if held[-1] >= part:
                    held.append(0)
                of_document[doc] = len(held) - 1
            held[of_document[doc]] += 1
            by_part.setdefault(of_document[doc], []).append(n)
        for p, rows in by_part.items():
            while len(target.parts) <= p:
                target.parts.for_writing(part + 1)  # makes the next part
            target.parts.get(p).add(ids=[got["ids"][n] for n in rows],
                                    embeddings=np.asarray(got["embeddings"])[rows].tolist(),
                                    metadatas=[got["metadatas"][n] for n in rows])
        offset += len(got["ids"])
        print(f"\r{offset} chunks copied", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    documents = source.get_collection(f"{collection}_documents")
    for page in get_pages(documents, "read documents", metadata=False):
        ids = [i for i, _ in page]
        if not ids:
            break
        got = documents.get(ids=ids, include=["embeddings", "documents", "metadatas"])
        target._documents.add(ids=got["ids"], embeddings=np.asarray(got["embeddings"]).tolist(),
                              documents=got["documents"],
                              metadatas=[{**m, "part": of_document.get(i, 0)} for i, m in zip(got["ids"], got["metadatas"])])
    identity = target.identity
    target.close()
    shutil.copytree(index / "derived", parted / "derived")
    for derived in (parted / "derived").glob("*.sqlite"):
        with sqlite3.connect(derived) as db:
            db.execute("UPDATE meta SET value = ? WHERE key = 'identity'", (identity,))
    return {"parts": len(held), "chunks_per_part": held, "copy_seconds": round(time.perf_counter() - started, 1)}


def ask_both(work: Path, data: Path, collection: str, limit: int | None = None) -> dict[str, Any]:
    """Every question of the archive's years asked of both layouts, alternating; stage timings and answers."""
    from bench.archive_data import load_archive
    from qa.service import Service
    from qa.settings import Settings

    services = {name: Service.open(Settings(data_dir=work / name, collection=collection)) for name in ("whole", "parted")}
    for name, service in services.items():
        service.follower.catch_up()
        if not service.derived.complete:
            raise SystemExit(f"{name}: the derived index is not complete (was it copied?)")
    questions = load_archive(data).questions[:limit]  # every year's, in date order
    stages: dict[str, dict[str, list[float]]] = {name: {} for name in services}
    nearest: dict[str, list[float]] = {name: [] for name in services}
    answers: dict[str, list[Any]] = {name: [] for name in services}
    for name, service in services.items():  # warm-up
        for question in questions[:5]:
            service.ask(question.question, as_of=question.date)
    for start in range(0, len(questions), BLOCK):
        for name, service in services.items():
            for question in questions[start:start + BLOCK]:
                answer = service.ask(question.question, as_of=question.date)
                for stage, ms in answer.timings_ms.items():
                    stages[name].setdefault(stage, []).append(ms)
                answers[name].append([answer.answer, [[c.document_id, c.start, c.end] for c in answer.citations]])
                vector = service.embedder.embed_query(question.question)
                began = time.perf_counter()
                service.store.search.chroma_nearest(vector, 30)
                nearest[name].append((time.perf_counter() - began) * 1000)
    result: dict[str, Any] = {"questions": len(questions)}
    for name in services:
        result[name] = {"stages_p50_p95_ms": {k: _percentiles(v) for k, v in stages[name].items()},
                        "chroma_nearest_30_p50_p95_ms": _percentiles(nearest[name]),
                        "parts": len(services[name].store.parts)}
    result["same_answers"] = sum(a == b for a, b in zip(answers["whole"], answers["parted"]))
    for service in services.values():
        service.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True, help="a kept index's data folder (chroma/, derived/)")
    parser.add_argument("--work", type=Path, required=True, help="where the copy in parts is made")
    parser.add_argument("--part", type=int, default=100_000, help="chunks in one part")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the RealTime QA folder")
    parser.add_argument("--out", type=Path, help="where to write the JSON results")
    parser.add_argument("--collection", default="news", help="the index's collection prefix (bench.archive: archive)")
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument("--reuse", action="store_true", help="ask the copy an earlier run made (no new copy)")
    args = parser.parse_args(argv)
    os.environ["HF_HUB_OFFLINE"] = "1"
    result: dict[str, Any] = {"index": str(args.index), "part": args.part}
    if not args.reuse:
        result["layout"] = lay_out(args.index, args.work, args.part, args.collection)
    result.update(ask_both(args.work, args.data, args.collection, args.limit))
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
