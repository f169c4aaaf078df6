"""The derived index's share of a long ingest's memory: its writes replayed without the model or Chroma.

``python -m bench.heap_replay --data ../shared/bench/realtimeqa --work DIR`` takes the archive's articles in
``bench.archive``'s order, in slices of ``--slice`` (5,000), and writes each slice into one derived index
(``index.derived``: SQLite and tantivy) in a process of its own, one after another, as `qa index`'s workers
do: sentences split as an ingest splits them, chunks of eight sentences, zero vectors, groups of 512 sentences
a write. Each process prints its resident memory before writing (the slice's articles loaded) and its peaks
while writing (VmHWM; anonymous and file-backed memory polled every 0.2 s), so what the writes cost can be
compared across slices, that is, as the index grows, and between heap settings (run it again with
``MALLOC_ARENA_MAX=2`` in the environment).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from bench.archive_data import DEFAULT_DIR, load_archive
from bench.archive_procs import status_mb

GROUP_SENTENCES = 512
CHUNK_SENTENCES = 8


def _status() -> dict[str, int]:
    """VmHWM, VmRSS, RssAnon and RssFile of this process, in whole MB."""
    return {key: int(mb) for key, mb in status_mb("self", ("VmHWM", "VmRSS", "RssAnon", "RssFile")).items()}


def _write_slices(data: Path, work: Path, size: int) -> int:
    archive = load_archive(data)
    ids = archive.walk()
    for k in range(0, len(ids), size):
        with open(work / f"slice{k // size}.jsonl", "w", encoding="utf-8") as out:
            for i in ids[k:k + size]:
                a = archive.articles[i]
                out.write(json.dumps({"id": a.id, "title": a.title, "published": a.published, "text": a.text}) + "\n")
    return (len(ids) + size - 1) // size


def _replay(work: Path, number: int) -> dict[str, object]:
    from index.derived import DerivedIndex
    from index.records import DocumentRecord, StoredChunk, UnitRecord
    from index.sentences import split_sentences

    with open(work / f"slice{number}.jsonl", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    split_sentences("Loads the splitter. Before the first figure.")
    derived = DerivedIndex(work / "data" / "derived.sqlite3", "replay")
    before = _status()
    peak = {"anon": 0, "file": 0}
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            now = _status()
            peak["anon"], peak["file"] = max(peak["anon"], now["RssAnon"]), max(peak["file"], now["RssFile"])
            time.sleep(0.2)

    threading.Thread(target=poll, daemon=True).start()
    started = time.perf_counter()
    group: list[tuple[DocumentRecord, list[StoredChunk]]] = []
    for row in rows:
        text, doc = row["text"], row["id"]
        spans = split_sentences(text)
        sentences = [UnitRecord(f"{doc}:s{i}", doc, "v", s.start, s.end, text[s.start:s.end], i // CHUNK_SENTENCES, i)
                     for i, s in enumerate(spans)]
        chunks = []
        for c in range(0, len(sentences), CHUNK_SENTENCES):
            part = sentences[c:c + CHUNK_SENTENCES]
            first, last, index = part[0], part[-1], c // CHUNK_SENTENCES
            unit = UnitRecord(f"{doc}:c{index}", doc, "v", first.start, last.end, text[first.start:last.end],
                              index, index)
            chunks.append(StoredChunk(unit, tuple(part), np.zeros((len(part), 384), dtype=np.float32)))
        group.append((DocumentRecord(id=doc, title=row["title"], source="", url="", published=row["published"],
                                     author="", origin="replay", version="v", chunks=len(chunks),
                                     sentences=len(sentences)), chunks))
        if sum(record.sentences for record, _ in group) >= GROUP_SENTENCES:
            derived.apply(group)
            group = []
    if group:
        derived.apply(group)
    done.set()
    after = _status()
    return {"slice": number, "articles": len(rows), "seconds": round(time.perf_counter() - started, 1),
            "before_mb": before["VmRSS"], "peak_mb": after["VmHWM"], "peak_over_before_mb": after["VmHWM"] - before["VmRSS"],
            "anon_peak_mb": peak["anon"], "file_peak_mb": peak["file"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.heap_replay", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR, help="the RealTime QA folder")
    parser.add_argument("--work", type=Path, required=True, help="a new folder for the slices and the index")
    parser.add_argument("--slice", type=int, default=5000, help="articles a process writes")
    parser.add_argument("--replay", type=int, default=None, help=argparse.SUPPRESS)  # one slice, in a child
    args = parser.parse_args(argv)
    if args.replay is not None:
        print(json.dumps(_replay(args.work, args.replay)), flush=True)
        return 0
    args.work.mkdir(parents=True, exist_ok=False)
    slices = _write_slices(args.data, args.work, args.slice)
    for number in range(slices):
        done = subprocess.run([sys.executable, "-m", "bench.heap_replay", "--work", str(args.work),
                               "--replay", str(number)], check=True, capture_output=True, text=True)
        print(done.stdout.strip(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
