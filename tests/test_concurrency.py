"""Answers keep coming while documents are added and removed: many concurrent /api/ask against a live server."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from api import create_app
from qa import Service, Settings
from tests.conftest import SEEDS
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
