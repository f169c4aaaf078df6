"""The processes the archive benchmark runs and watches: `qa index`, `chroma run`, and their footprints.

Everything goes through the command line: ``qa index FOLDER --json`` in a
subprocess whose peak resident memory is its VmHWM, polled every 0.1 s until
it exits (not rusage's ru_maxrss: Linux carries the parent's high-water mark
into a forked child across exec, so a child of this process, which holds
models, would show at least this process's size), plus the largest VmHWM of
its worker processes (``qa index`` of many files runs them one after another,
``api/index_workers.py``; the sum bounds the two at any moment), a real ``chroma run``
server on 127.0.0.1, disk use of data folders, and a process's VmRSS / VmHWM.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any

from tqdm import tqdm

from bench.serving import stop


@dataclass
class IndexRun:
    seconds: float  # wall time of the `qa index` process, start to exit
    peak_rss_mb: float  # its VmHWM plus its largest worker's
    returncode: int
    report: dict[str, Any] = field(default_factory=dict)  # its --json report (empty when it printed none)
    error: str = ""  # the last lines of its stderr when it failed


def run_indexer(folder: Path, settings: dict[str, str], desc: str,
                on_poll: Callable[[float, float], object] | None = None, poll_every: float = 5.0) -> IndexRun:
    """``qa index FOLDER --json`` with ``settings`` (QA_* variables) in the environment; ``on_poll(seconds, peak
    MB)`` every ``poll_every`` seconds while it runs (so a run that is itself stopped has left its figures)."""
    qa = Path(sys.executable).with_name("qa")
    env = {**os.environ, **settings, "HF_HUB_OFFLINE": "1"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tqdm(desc=desc, unit="s", file=sys.stderr, disable=None, bar_format="{desc}: {elapsed}") as bar:
        started = time.perf_counter()
        process = subprocess.Popen([str(qa), "index", str(folder), "--json"], env=env, stdout=out, stderr=err)
        peak, polled, workers = 0.0, started, {}
        try:
            while process.poll() is None:
                for worker in children(process.pid):
                    workers[worker] = max(workers.get(worker, 0.0), memory_mb(worker)["peak_rss_mb"])
                peak = max(peak, memory_mb(process.pid)["peak_rss_mb"] + max(workers.values(), default=0.0))
                bar.refresh()
                if on_poll is not None and time.perf_counter() - polled >= poll_every:
                    polled = time.perf_counter()
                    on_poll(polled - started, peak)
                time.sleep(0.1)
        except BaseException:
            stop(process)
            raise
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    try:
        report = json.loads(stdout)
    except ValueError:
        report = {}
    failed = report.get("failed") or []
    error = "" if process.returncode == 0 and report else "\n".join(stderr.strip().splitlines()[-3:])
    if not error and (process.returncode != 0 or not report):
        # stopped by a signal (SIGTERM: 143 through the shell, -15 direct), it says nothing: a run that did not
        # finish is never one that did (a stopped whole-archive run was taken as finished and its row written)
        error = f"qa index exited with {process.returncode} and no report"
    if failed and not error:
        error = f"{len(failed)} files failed, first: {failed[0]}"
    return IndexRun(seconds, peak, process.returncode, report, error)


def count_chunks(settings: dict[str, str]) -> int:
    """Chunks in the index, from ``qa docs list --json`` (for an index built in several runs of ``qa index``)."""
    qa = Path(sys.executable).with_name("qa")
    done = subprocess.run([str(qa), "docs", "list", "--json"], env={**os.environ, **settings, "HF_HUB_OFFLINE": "1"},
                          capture_output=True, text=True, check=True)
    return sum(int(doc["chunks"]) for doc in json.loads(done.stdout))


def disk_mb(*paths: Path) -> float:
    """Space the files under ``paths`` take on disk (allocated blocks, as ``du``)."""
    total = 0
    for path in paths:
        for root, _, files in os.walk(path):
            total += sum(os.lstat(os.path.join(root, name)).st_blocks * 512 for name in files)
    return total / 1024 / 1024


def children(pid: int) -> list[int]:
    """The processes ``pid`` started that are still running (Linux's /proc children list)."""
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []


def status_mb(pid: int | str, keys: tuple[str, ...]) -> dict[str, float]:
    """These memory fields of the process's /proc status (VmRSS, VmHWM, RssAnon, ...), in MB; zero once it has
    exited."""
    values = dict.fromkeys(keys, 0.0)
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        status = ""
    for line in status.splitlines():
        key, _, rest = line.partition(":")
        if key in values:
            values[key] = int(rest.split()[0]) / 1024
    return values


def memory_mb(pid: int) -> dict[str, float]:
    """The process's resident memory now (VmRSS) and at its peak (VmHWM), in MB; zero once it has exited."""
    values = status_mb(pid, ("VmRSS", "VmHWM"))
    return {"rss_mb": values["VmRSS"], "peak_rss_mb": values["VmHWM"]}
