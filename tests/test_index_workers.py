"""`qa index` of more files than QA_INDEX_WORKER_FILES: real worker processes, one after another.

The parent is `main(argv)` in this process; its workers are real `qa index --worker` subprocesses
(each loads the packaged model), so these tests take about ten seconds a worker.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api.cli import main
from bench.archive_procs import children, run_indexer

from .conftest import SEEDS

EXTRA = ("Harbour Board approves new ferry terminal\n\nThe Harbour Board approved a ferry terminal on Tuesday. "
         "Construction will begin in May and cost 40 million dollars, the board's chair, Ana Ruiz, said.\n")


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The three seeds and one more article, each written on its own into a new part of the chunks: a worker
    begins a new part with its second file, and ends there."""
    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("QA_INDEX_WORKER_FILES", "2")
    monkeypatch.setenv("QA_CHUNK_PART", "1")
    monkeypatch.setenv("QA_INGEST_BATCH", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    shutil.copytree(SEEDS, tmp_path / "articles")
    (tmp_path / "articles" / "zz_ferry.txt").write_text(EXTRA, encoding="utf-8")
    return tmp_path / "articles"


@pytest.fixture()
def workers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], list[str]]]:
    """The command of every worker started and the names of the files it was given (the real Popen still
    starts it)."""
    started: list[tuple[list[str], list[str]]] = []
    real = subprocess.Popen

    def popen(command: list[str], *args: object, **kwargs: object) -> subprocess.Popen[str]:
        listing = Path(command[command.index("--files-from") + 1]).read_text(encoding="utf-8").split()
        started.append((list(command), [Path(name).name for name in listing]))
        return real(command, *args, **kwargs)  # type: ignore[call-overload]
    monkeypatch.setattr("api.index_workers.subprocess.Popen", popen)
    return started


def _docs(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    assert main(["docs", "list", "--json"]) == 0
    return {d["source"]: d["id"] for d in json.loads(capsys.readouterr().out)}


def test_workers_index_every_file_prune_across_them_and_skip_a_full_index(
        folder: Path, workers: list[tuple[list[str], list[str]]], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", str(folder), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    files = sorted(p.name for p in folder.iterdir())
    # the first worker is given every file and ends after the second (a new part); the next goes on from the third
    assert [given for _, given in workers] == [files, files[2:]] and all("--worker" in c for c, _ in workers)
    assert len(report["added"]) == 4 and not report["failed"] and report["chunks"] > 0
    stored = _docs(capsys)
    assert sorted(stored) == sorted(p.name for p in folder.iterdir())

    # answered from a worker's writes, in this process
    assert main(["ask", "--json", "When will construction of the ferry terminal begin?"]) == 0
    assert any("Ana Ruiz" in c["quote"] for c in json.loads(capsys.readouterr().out)["citations"])

    # a file of the first worker's removed: the prune (in the worker that handles the last file) sees every file
    first = sorted(folder.iterdir())[0]
    first.unlink()
    assert main(["index", str(folder), "--prune", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["removed"] == [stored[first.name]] and len(report["unchanged"]) == 3
    assert sorted(_docs(capsys)) == sorted(p.name for p in folder.iterdir())

    workers.clear()
    (folder / "zz_more.txt").write_text(EXTRA.replace("ferry", "bridge"), encoding="utf-8")
    assert main(["index", "--if-empty", str(folder)]) == 0
    assert "nothing to do" in capsys.readouterr().out and len(workers) == 1  # the first worker said so


def test_on_a_chroma_server_each_worker_takes_its_share_of_files(
        folder: Path, workers: list[tuple[list[str], list[str]]], chroma_server: str,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # one collection (no parts to fill): QA_INDEX_WORKER_FILES files a worker
    monkeypatch.setenv("QA_CHROMA_URL", chroma_server)
    monkeypatch.setenv("QA_COLLECTION", "workers")
    monkeypatch.delenv("QA_CHUNK_PART")
    assert main(["index", str(folder), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["added"]) == 4
    files = sorted(p.name for p in folder.iterdir())
    assert [given for _, given in workers] == [files[:2], files[2:]]
    assert sorted(_docs(capsys)) == files


def test_a_worker_that_dies_is_reported_and_what_it_stored_is_kept(
        folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    real = subprocess.Popen
    started: list[subprocess.Popen[str]] = []

    def popen(command: list[str], *args: object, **kwargs: object) -> subprocess.Popen[str]:
        process = real(command, *args, **kwargs)  # type: ignore[call-overload]
        started.append(process)
        if len(started) == 2:  # the second worker is killed before it can report
            process.send_signal(signal.SIGKILL)
        return process
    monkeypatch.setattr("api.index_workers.subprocess.Popen", popen)
    assert main(["index", str(folder)]) == 1
    # a progress line comes too when the first worker takes a while (a loaded machine: a CI run at nice 19 beside
    # an ingest printed "progress: 1/4 docs (0m34s)"); the error is the one other line
    err = [line for line in capsys.readouterr().err.strip().splitlines() if not line.startswith("progress: ")]
    assert len(err) == 1 and "stopped (exit code -9) before it reported" in err[0] and "qa index" in err[0]
    assert len(_docs(capsys)) == 2  # the first worker's two files

    assert main(["index", str(folder), "--json"]) == 0  # run again: it goes on
    report = json.loads(capsys.readouterr().out)
    assert len(report["unchanged"]) == 2 and len(report["added"]) == 2


def _gone(pid: int) -> bool:
    """Ended (a zombie waiting for a reaper counts as ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_stopping_the_parent_stops_its_worker(folder: Path) -> None:
    env = {**os.environ, "QA_INDEX_WORKER_FILES": "1"}
    parent = subprocess.Popen([sys.executable, "-m", "api.cli", "index", str(folder)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (workers := children(parent.pid)) and time.monotonic() < deadline and parent.poll() is None:
            time.sleep(0.05)
        assert workers, "no worker started"
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=30) == 128 + signal.SIGTERM  # it stopped its worker, then itself
        deadline = time.monotonic() + 3  # a worker left running would still be loading its model

        while not _gone(workers[0]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _gone(workers[0]), "the worker outlived its parent"
    finally:
        parent.kill()
        parent.wait()


def test_the_archive_benchmark_counts_the_workers_memory(folder: Path, tmp_path: Path) -> None:
    """`make bench-archive`'s indexer peak is the parent's plus its largest worker's, not the parent's alone
    (which loads neither the model nor Chroma)."""
    run = run_indexer(folder, {"QA_DATA_DIR": str(tmp_path / "bench-data"), "QA_INDEX_WORKER_FILES": "2"}, "index")
    assert run.returncode == 0 and len(run.report["added"]) == 4
    assert run.peak_rss_mb > 300  # a worker holds the model; the parent alone is about 65 MB


def test_a_signal_that_comes_while_a_finaliser_runs_still_stops_the_run() -> None:
    """CI once saw the parent exit 0 after SIGTERM; a handler that raises while a finaliser (``__del__``) runs
    has its exception printed and dropped, the one way found for that. The handler now only notes the signal
    and stops the worker; the run's own code raises."""
    from api.index_workers import _Stop

    stop = _Stop()
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], text=True)
    stop.worker = worker

    class Finalised:
        def __del__(self) -> None:
            stop.on_signal(signal.SIGTERM, None)

    Finalised()  # dropped at once: its finaliser takes the signal
    try:
        assert worker.wait(timeout=10) == -signal.SIGTERM
        with pytest.raises(SystemExit) as stopped:
            stop.check()
        assert stopped.value.code == 128 + signal.SIGTERM
    finally:
        worker.kill()
        worker.wait()


def test_the_archive_benchmark_never_takes_a_stopped_indexer_for_a_finished_one(folder: Path, tmp_path: Path) -> None:
    """`qa index` stopped by SIGTERM says nothing on stderr: its run was once taken as finished (no error text),
    and a whole-archive row of a quarter of the articles was written with the rate of all of them."""
    stopped: list[int] = []

    def stop_it(seconds: float, peak: float) -> None:
        for pid in children(os.getpid()):
            if pid not in stopped and b"index" in Path(f"/proc/{pid}/cmdline").read_bytes():
                os.kill(pid, signal.SIGTERM)
                stopped.append(pid)

    run = run_indexer(folder, {"QA_DATA_DIR": str(tmp_path / "bench-data")}, "index", on_poll=stop_it,
                      poll_every=0.5)
    assert stopped and run.returncode != 0
    assert run.error  # what bench/archive_folders.py takes a run's being unfinished from
