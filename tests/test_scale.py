"""Client/server: several `qa serve` processes against one real `chroma run` server see the same documents."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import httpx
import pytest

from bench.serving import run_qa_server

KEY = "scale-test-key"
ARTICLE = {"title": "Harbour ferry gets electric engines",
           "text": "The harbour ferry will run on electric engines from March. "
                   "The operator said the new engines cost 12 million dollars.",
           "source": "Harbour Herald"}


@pytest.fixture(scope="module")
def two_servers(chroma_server: str) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    settings = {"QA_CHROMA_URL": chroma_server, "QA_COLLECTION": f"scale{uuid.uuid4().hex[:6]}",
                "QA_REFRESH_SECONDS": "0.2", "QA_API_KEY": KEY}
    with ExitStack() as stack, ThreadPoolExecutor(2) as pool:
        starts = [pool.submit(stack.enter_context, run_qa_server(settings)) for _ in range(2)]
        a, b = (stack.enter_context(httpx.Client(base_url=s.result()[0], timeout=60)) for s in starts)
        yield a, b


def _eventually(check: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def test_two_api_processes_see_each_others_documents(two_servers: tuple[httpx.Client, httpx.Client]) -> None:
    a, b = two_servers
    auth = {"Authorization": f"Bearer {KEY}"}
    created = a.post("/api/documents", json=ARTICLE, headers=auth)
    assert created.status_code == 201
    doc_id = created.json()["id"]

    assert _eventually(lambda: doc_id in {d["id"] for d in b.get("/api/documents").json()})
    answer = b.post("/api/ask", json={"question": "How much did the harbour ferry's electric engines cost?"}).json()
    assert answer["supported"] and {c["document_id"] for c in answer["citations"]} == {doc_id}
    assert any("12 million dollars" in c["quote"] for c in answer["citations"])

    assert b.delete(f"/api/documents/{doc_id}", headers=auth).status_code == 204
    assert _eventually(lambda: doc_id not in {d["id"] for d in a.get("/api/documents").json()})
    assert _eventually(lambda: not a.post("/api/ask", json={"question": "How much did the harbour ferry's "
                                                                       "electric engines cost?"}).json()["supported"])
