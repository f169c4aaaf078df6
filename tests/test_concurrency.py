"""Answers keep coming while documents are added and removed: many concurrent /api/ask against a live server."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from api import create_app
from bench.serving import run_chroma_server
from index import Embedder, StoreUnavailable
from qa import Service, Settings
from tests.conftest import SEEDS, make_service
from tests.live import serve

QUESTIONS = ["Who is leading the Space Force partnership initiative?", "Which launch unit does Panzenhagen command?",
             "When did the harbour bridge reopen?", "How many Joint Commercial Operations hubs are there?"]


def test_concurrent_questions_during_ingestion_get_clean_answers(service: Service, tmp_path: Path) -> None:
    service.index([SEEDS])
    app = create_app(Settings(data_dir=tmp_path / "unused"), service=service)
    stop = threading.Event()
    writes = []
    with serve(app) as url:
        def churn() -> None:
            with httpx.Client(base_url=url, timeout=60) as client:
                n = 0
                while not stop.is_set():
                    text = f"Harbour bridge reopens\nThe harbour bridge reopened on Monday, notice {n}.\n"
                    created = client.post("/api/documents", json={"title": f"Bridge {n}", "text": text})
                    removed = client.delete(f"/api/documents/{created.json()['id']}")
                    writes.append((created.status_code, removed.status_code))
                    n += 1

        def ask(question: str) -> tuple[int, dict[str, object]]:
            with httpx.Client(base_url=url, timeout=60) as client:
                response = client.post("/api/ask", json={"question": question})
                return response.status_code, response.json()

        writer = threading.Thread(target=churn)
        writer.start()
        try:
            with ThreadPoolExecutor(max_workers=8) as pool:
                results = list(pool.map(ask, QUESTIONS * 10))
        finally:
            stop.set()
            writer.join(timeout=60)

    assert writes and all(w == (201, 204) for w in writes), writes
    assert [status for status, _ in results] == [200] * len(results)
    for _, answer in results:
        spans = [(c["document_id"], c["start"], c["end"]) for c in answer["citations"]]  # type: ignore[attr-defined]
        assert len(spans) == len(set(spans)), f"duplicate citations: {answer}"
        assert [c["n"] for c in answer["citations"]] == list(range(1, len(spans) + 1))  # type: ignore[attr-defined]


def test_a_chroma_server_gone_mid_service_is_an_unavailable_index_not_a_hang(tmp_path: Path,
                                                                            embedder: Embedder) -> None:
    """A question's Chroma reads run in a thread pool (``qa.candidates``): their failure reaches the asker as
    the index's own error (HTTP 503 at the edge), and the next question fails the same way, not stuck."""
    with run_chroma_server(tmp_path / "chroma") as url:
        service = make_service(tmp_path / "data", embedder, url)
        service.index([SEEDS])
        assert service.ask(QUESTIONS[0]).supported
        service.follower.refresh_seconds = 3600  # no catch-up read first: the failing reads are the question's own
    try:
        for question in QUESTIONS[:2]:
            with pytest.raises(StoreUnavailable, match="could not search"):
                service.ask(question)
    finally:
        service.close()


def test_a_chroma_server_that_hangs_is_an_unavailable_index_not_a_hung_service(tmp_path: Path,
                                                                              embedder: Embedder) -> None:
    """chromadb waits for a server without limit: a stopped (not dead) server hung every question for good."""
    import os
    import signal
    import time

    from index import Store, open_client
    from index.derived import DerivedIndex

    with run_chroma_server(tmp_path / "chroma") as url:
        port = url.rsplit(":", 1)[1]
        [pid] = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()
                 and _cmdline(p)[-2:] == ["--port", port] and "run" in _cmdline(p)]
        store = Store(open_client(tmp_path / "data", url, timeout_s=2.0), prefix="hang")
        service = Service(store, embedder, DerivedIndex(tmp_path / "derived.sqlite", store.identity),
                          refresh_seconds=0)
        service.index([SEEDS])
        assert service.ask(QUESTIONS[0]).supported
        os.kill(pid, signal.SIGSTOP)
        try:
            started = time.monotonic()
            with pytest.raises(StoreUnavailable):
                service.ask(QUESTIONS[1])
            assert time.monotonic() - started < 30  # a few timeouts of 2 s, not forever
            # a start (`qa serve`, `qa index`) on the stopped server: chromadb's client asks the server for its
            # version and identity when made, before any timeout can be set on it; that hung the start for good
            opened: list[BaseException] = []

            def start() -> None:
                try:
                    open_client(tmp_path / "data", url, timeout_s=2.0)
                except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
                    opened.append(exc)

            starting = threading.Thread(target=start, daemon=True)
            starting.start()
            starting.join(timeout=60)
            assert not starting.is_alive(), "opening a client on a stopped Chroma server hangs"
            assert len(opened) == 1 and isinstance(opened[0], StoreUnavailable), opened
            assert "did not answer within 2 s" in str(opened[0])
        finally:
            os.kill(pid, signal.SIGCONT)
        assert service.ask(QUESTIONS[0]).supported  # and the server, back, answers again
        service.close()


def _cmdline(proc: Path) -> list[str]:
    try:
        return (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")[:-1]
    except OSError:
        return []
