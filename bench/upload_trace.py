"""Where a question asked during an upload loses its time: `qa serve` traced while uploads land under load.

    python -m bench.upload_trace --index DATA_DIR [--uploads 15] [--out trace.json]

``DATA_DIR`` is a kept index (``python -m bench.archive --keep KEEP`` leaves
one in ``KEEP/<size>-embedded/data``); it is copied first, so the uploads do
not change it. `qa serve` runs in a subprocess (this module with ``--serve``)
that times the write path's steps (the model, the Chroma write, the derived
index and its BM25 commits) and every answer, and notes each moment a
thread that only sleeps 1 ms at a time could not run for over 12 ms: the
interpreter lock was held (or both cores were busy) that long. The load and
the uploads are `bench.archive_http.freshness`'s (a question loop and a
poller, made-up ferry articles). Prints, per upload, the steps and stalls
inside it and the questions that overlapped it, and the p95 of the
questions that overlapped an upload against the others.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.archive_data import DEFAULT_DIR
from bench.archive_http import percentile

STALL_MS = 12.0
TRACED = (  # (module, class, method, label): the write path's steps and the answers
    ("index.store", "Store", "write_documents", "chroma write"),
    ("index.yielding", "ReadersFirst", "wait", "write wait"),
    ("index.derived", "DerivedIndex", "apply", "derived apply"),
    ("index.bm25", "LexicalIndex", "replace", "bm25 commit"),
    ("index.embedding", "Embedder", "embed_tokens", "model"),
    ("qa.library", "Library", "add_article", "upload"),
    ("qa.service", "Service", "ask", "answer"),
)


def _serve(argv: list[str]) -> int:
    """`qa serve` with the steps timed and stalls noted, as JSON lines in $QA_TRACE."""
    import importlib

    out = open(os.environ["QA_TRACE"], "a", buffering=1)  # noqa: SIM115 (open for the process's life)
    lock = threading.Lock()

    def note(**event: Any) -> None:
        with lock:
            out.write(json.dumps(event) + "\n")

    def timed(fn: Callable[..., Any], label: str) -> Callable[..., Any]:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                note(step=label, at=started, ms=(time.perf_counter() - started) * 1000,
                     thread_cpu_ms=(time.thread_time() - cpu) * 1000)
        return inner

    for module, cls, method, label in TRACED:
        owner = getattr(importlib.import_module(module), cls)
        setattr(owner, method, timed(getattr(owner, method), label))

    def watch() -> None:
        last = time.perf_counter()
        while True:
            time.sleep(0.001)
            now = time.perf_counter()
            if (now - last) * 1000 > STALL_MS:
                note(step="stall", at=last, ms=(now - last) * 1000, thread_cpu_ms=0.0)
            last = now

    threading.Thread(target=watch, daemon=True, name="stall-watch").start()
    from api.cli import main
    return main(argv)


def run(index: Path, uploads: int, data: Path) -> dict[str, Any]:
    import httpx

    from bench import archive_http
    from bench.archive_data import load_archive
    from bench.serving import free_port, stop, wait_ready

    _, questions = load_archive(data).subset(1000)
    sent: list[dict[str, Any]] = []  # every request this side made: when, how long, an upload or not
    post = httpx.Client.post

    def logged(self: httpx.Client, url: Any, *args: Any, **kwargs: Any) -> httpx.Response:
        started = time.perf_counter()
        response = post(self, url, *args, **kwargs)
        sent.append({"at": started, "ms": (time.perf_counter() - started) * 1000, "upload": "documents" in str(url)})
        return response

    with tempfile.TemporaryDirectory(prefix="qa-upload-trace-") as tmp, tempfile.TemporaryFile() as log:
        folder, trace = Path(tmp) / "data", Path(tmp) / "trace.jsonl"
        shutil.copytree(index, folder)
        key, port = "trace-key", free_port()
        env = {**os.environ, "QA_DATA_DIR": str(folder), "QA_COLLECTION": "archive", "QA_API_KEY": key,
               "QA_TRACE": str(trace), "HF_HUB_OFFLINE": "1"}
        started = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "bench.upload_trace", "--serve", "serve", "--host",
                                   "127.0.0.1", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=log)
        try:
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=300) as client:
                wait_ready(client, server, started, log)
                workers = archive_http.Workers([client])
                asks = [archive_http.ask_body(q, True) for q in questions]
                archive_http.timed(workers, "/api/ask", asks[:30], 1, "warm-up")
                httpx.Client.post = logged  # type: ignore[method-assign]
                try:
                    figures = archive_http.freshness(workers, asks, key, trials=uploads)
                finally:
                    httpx.Client.post = post  # type: ignore[method-assign]
        finally:
            stop(server)
        steps = [json.loads(line) for line in trace.read_text().splitlines()]
    return {"freshness": figures, **_summarise(sent, steps)}


def _summarise(sent: list[dict[str, Any]], steps: list[dict[str, Any]]) -> dict[str, Any]:
    uploads = [s for s in sent if s["upload"]]
    spans = [(u["at"], u["at"] + u["ms"] / 1000) for u in uploads]
    asks = [s for s in sent if not s["upload"]]

    def beside(ask: dict[str, Any], start: float, end: float) -> bool:
        return ask["at"] < end and ask["at"] + ask["ms"] / 1000 > start

    during = [a["ms"] for a in asks if any(beside(a, *span) for span in spans)]
    other = [a["ms"] for a in asks if not any(beside(a, *span) for span in spans)]
    per_upload = []
    for (start, end), upload in zip(spans, uploads, strict=True):
        inside = [s for s in steps if start <= s["at"] <= end and s["step"] not in ("answer", "model")]
        per_upload.append({"upload_ms": upload["ms"],
                           **{label: sum(s["ms"] for s in inside if s["step"] == label)
                              for label in ("chroma write", "write wait", "derived apply", "bm25 commit", "stall")},
                           "chroma_write_thread_cpu_ms": sum(s["thread_cpu_ms"] for s in inside
                                                             if s["step"] == "chroma write"),
                           "questions_overlapping_ms": [round(a["ms"]) for a in asks if beside(a, start, end)]})
    return {"uploads": per_upload, "asks_overlapping_upload": len(during), "asks_other": len(other),
            "p95_overlapping_ms": percentile(during, 95), "p95_other_ms": percentile(other, 95),
            "p50_overlapping_ms": percentile(during, 50), "p50_other_ms": percentile(other, 50)}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--serve"]:
        return _serve(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="a kept data folder (bench.archive --keep)")
    parser.add_argument("--uploads", type=int, default=15)
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR, help="the RealTime QA folder")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here too")
    args = parser.parse_args(argv)
    result = run(args.index, args.uploads, args.data)
    for i, upload in enumerate(result["uploads"], 1):
        print(f"upload {i}: {upload['upload_ms']:.0f} ms; chroma write {upload['chroma write']:.0f} ms "
              f"({upload['chroma_write_thread_cpu_ms']:.0f} ms of its thread's CPU; {upload['write wait']:.0f} ms "
              f"waiting for questions), derived "
              f"{upload['derived apply']:.0f} ms (BM25 commits {upload['bm25 commit']:.0f}), stalls "
              f"{upload['stall']:.0f} ms; questions beside it: {upload['questions_overlapping_ms']} ms")
    print(f"questions overlapping an upload: {result['asks_overlapping_upload']}, p50/p95 "
          f"{result['p50_overlapping_ms']:.0f}/{result['p95_overlapping_ms']:.0f} ms; the others: "
          f"{result['asks_other']}, p50/p95 {result['p50_other_ms']:.0f}/{result['p95_other_ms']:.0f} ms")
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
