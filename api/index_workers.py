"""`qa index` of many files in worker processes, one after another, so a long ingest's memory is one worker's.

A process that indexes for an hour keeps what it has allocated: its heap
arenas and each Chroma client it opened hold on to memory after use, so the
indexer's resident size rose about 60 MB per 100,000 chunks over the whole
archive (docs/notes/archive.md, *Fourteenth session*). When there are more
than ``QA_INDEX_WORKER_FILES`` files, this process (which loads neither the
model nor Chroma) lists them and hands them to ``qa index --worker``
processes, one at a time. With the chunks in parts (an embedded database), a
worker ends once it has filled its part and begun the next, and the next
worker goes on from the first file it left: so every worker but the first
starts on a part of its own, growing one part's vector index, never loading a
large one from disk (which cost a worker more than growing it did: *Fifteenth
session*). With one collection (a Chroma server), each worker takes
``QA_INDEX_WORKER_FILES`` files. ``--prune`` runs in the worker that handles
the last file, over every file listed. A worker reads its files (and pages)
from a list, in order, and reports on its stdout as JSON lines: ``{"done":
n}`` as files are handled, then ``{"report": {...}}`` (or ``{"skipped":
"..."}`` for ``--if-empty``).
"""

from __future__ import annotations

import ctypes
import json
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from index.ingest import IngestReport
from qa import QAError

_PR_SET_PDEATHSIG = 1


class WorkerStopped(QAError):
    """A worker process ended without its report, or without handling a file."""


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """A worker ends when this process does, however it ends (Linux: the parent-death signal)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class _Stop:
    """SIGTERM while workers run: the signal is noted and the running worker stopped; this process then ends
    with 128 + the signal where its own code is (``check``). The handler raises nothing itself: an exception
    raised by a signal handler while a finaliser runs is printed and dropped (the one way found for CI's run
    that went on to exit 0 after SIGTERM)."""

    def __init__(self) -> None:
        self.signum = 0
        self.worker: subprocess.Popen[str] | None = None

    def on_signal(self, signum: int, frame: Any) -> None:
        self.signum = signum
        if self.worker is not None:
            self.worker.send_signal(signal.SIGTERM)  # nothing once it has been waited for

    def check(self) -> None:
        if self.signum:
            raise SystemExit(128 + self.signum)


def index_in_workers(names: Sequence[str], *, per_worker: int | None, roots: Sequence[Path], prune: bool,
                     if_empty: bool, advance: Callable[[int], object]) -> IngestReport | str:
    """Index ``names`` (files, listed under ``roots``, then page URLs) in worker processes of at most
    ``per_worker`` each (None: each until it begins a new part); the report of them all, or the reason the
    first worker gave for doing nothing (``--if-empty``)."""
    report = IngestReport()
    at = 0
    stop = _Stop()
    previous = signal.signal(signal.SIGTERM, stop.on_signal)  # so the worker is stopped before this ends
    try:
        while at < len(names):
            stop.check()  # a signal between two workers
            given = names[at:at + per_worker] if per_worker else names[at:]
            last = at + len(given) == len(names)
            with tempfile.NamedTemporaryFile("w", prefix="qa-index-", suffix=".txt") as listing:
                listing.write("".join(f"{name}\n" for name in given))
                listing.flush()
                command = [sys.executable, "-m", "api.cli", "index", "--worker", "--files-from", listing.name]
                command += ["--if-empty"] if at == 0 and if_empty else []
                command += ["--prune-under", *map(str, roots)] if last and prune else []
                outcome, handled = _run_worker(command, advance, f"{len(given)} files from {given[0]}", stop)
            if "skipped" in outcome:
                return str(outcome["skipped"])
            _add(report, outcome["report"])
            if report.interrupted:  # the store stopped answering: the next worker would fail as this one did
                break
            if not handled:
                raise WorkerStopped(f"the indexing worker for {given[0]} and what follows handled no file")
            at += handled
        stop.check()
    finally:
        signal.signal(signal.SIGTERM, previous)
    return report


def _run_worker(command: list[str], advance: Callable[[int], object], what: str,
                stop: _Stop) -> tuple[dict[str, Any], int]:
    """Run one worker to its end (or until ``stop`` has a signal); its last message and how many files it
    handled."""
    final: dict[str, Any] | None = None
    handled = 0
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, preexec_fn=_die_with_parent) as worker:
        stop.worker = worker
        try:
            stop.check()  # a signal while it was starting
            assert worker.stdout is not None
            for line in worker.stdout:
                try:
                    message = json.loads(line)
                except ValueError:
                    message = None
                if not isinstance(message, dict):
                    print(line, end="", file=sys.stderr)  # not ours: a library printed it
                elif "done" in message:
                    handled += int(message["done"])
                    advance(int(message["done"]))
                else:
                    final = message
            code = worker.wait()
            stop.check()
        finally:
            stop.worker = None
            if worker.poll() is None:
                worker.terminate()
                worker.wait()
    if final is None:
        raise WorkerStopped(f"the indexing worker for {what} stopped (exit code {code}) before it reported; "
                            "what it stored is kept: run `qa index` again to go on")
    return final, handled


def _add(report: IngestReport, part: dict[str, Any]) -> None:
    for name in ("added", "updated", "unchanged", "removed"):
        getattr(report, name).extend(part[name])
    report.failed.extend((name, message) for name, message in part["failed"])
    report.duplicates.extend((url, doc) for url, doc in part["duplicates"])
    report.chunks += part["chunks"]
    report.interrupted = report.interrupted or part.get("interrupted", "")
