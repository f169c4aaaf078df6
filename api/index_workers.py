"""`qa index` of many files in worker processes, one after another, so a long ingest's memory is one worker's.

A process that indexes for an hour keeps what it has allocated: its heap
arenas and each Chroma client it opened hold on to memory after use, so the
indexer's resident size rose about 60 MB per 100,000 chunks over the whole
archive (docs/notes/archive.md, *Fourteenth session*). When there are more
than ``QA_INDEX_WORKER_FILES`` files, this process (which loads neither the
model nor Chroma) lists them and hands them out in slices of that many to
``qa index --worker`` processes, one at a time; each stores its slice as an
ordinary ``qa index`` would and exits, and every worker starts from a fresh
process. Web pages go to the first worker; ``--prune`` runs in the last one,
over every file listed. A worker reports on its stdout as JSON lines: ``{"done":
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

from qa import QAError
from index.ingest import IngestReport

_PR_SET_PDEATHSIG = 1


class WorkerStopped(QAError):
    """A worker process ended without its report."""


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """A worker ends when this process does, however it ends (Linux: the parent-death signal)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def slices(files: Sequence[Path], per_worker: int) -> list[list[Path]]:
    """``files`` in consecutive slices of at most ``per_worker``; one empty slice when there are none."""
    return [list(files[i:i + per_worker]) for i in range(0, len(files), per_worker)] or [[]]


def index_in_workers(files: Sequence[Path], urls: Sequence[str], *, per_worker: int, roots: Sequence[Path],
                     prune: bool, if_empty: bool, advance: Callable[[int], object]) -> IngestReport | str:
    """Index ``files`` (listed under ``roots``) and ``urls`` in worker processes of ``per_worker`` files each;
    the report of them all, or the reason the first worker gave for doing nothing (``--if-empty``)."""
    report = IngestReport()
    parts = slices(files, per_worker)
    stop_on_term = signal.signal(signal.SIGTERM, _raise_exit)  # so the worker is stopped before this ends
    try:
        for number, part in enumerate(parts):
            first, last = number == 0, number == len(parts) - 1
            with tempfile.NamedTemporaryFile("w", prefix="qa-index-", suffix=".txt") as listing:
                listing.write("".join(f"{path}\n" for path in part))
                listing.flush()
                command = [sys.executable, "-m", "api.cli", "index", "--worker", "--files-from", listing.name,
                           *(urls if first else ())]
                command += ["--if-empty"] if first and if_empty else []
                command += ["--prune-under", *map(str, roots)] if last and prune else []
                outcome = _run_worker(command, advance, f"{len(part)} files from {part[0]}" if part else "the pages")
            if "skipped" in outcome:
                return str(outcome["skipped"])
            _add(report, outcome["report"])
    finally:
        signal.signal(signal.SIGTERM, stop_on_term)
    return report


def _raise_exit(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _run_worker(command: list[str], advance: Callable[[int], object], what: str) -> dict[str, Any]:
    final: dict[str, Any] | None = None
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, preexec_fn=_die_with_parent) as worker:
        try:
            assert worker.stdout is not None
            for line in worker.stdout:
                try:
                    message = json.loads(line)
                except ValueError:
                    message = None
                if not isinstance(message, dict):
                    print(line, end="", file=sys.stderr)  # not ours: a library printed it
                elif "done" in message:
                    advance(int(message["done"]))
                else:
                    final = message
            code = worker.wait()
        finally:
            if worker.poll() is None:
                worker.terminate()
                worker.wait()
    if final is None:
        raise WorkerStopped(f"the indexing worker for {what} stopped (exit code {code}) before it reported; "
                            "what it stored is kept: run `qa index` again to go on")
    return final


def _add(report: IngestReport, part: dict[str, Any]) -> None:
    for name in ("added", "updated", "unchanged", "removed"):
        getattr(report, name).extend(part[name])
    report.failed.extend((name, message) for name, message in part["failed"])
    report.duplicates.extend((url, doc) for url, doc in part["duplicates"])
    report.chunks += part["chunks"]
    report.tokens += part["tokens"]
