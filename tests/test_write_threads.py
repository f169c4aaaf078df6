"""Writes of `qa serve` run below the questions' CPU priority (api.write_threads), through the real app."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest

from api.write_threads import WRITE_NICE, lower_priority
from qa import Service

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="a thread's own nice value is Linux's")


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@pytest.fixture(autouse=True)
def _room_below() -> None:
    if _nice() >= 19:  # run under `nice -n 19`: no thread can go lower, so nothing here could be seen
        pytest.skip("the tests run at the lowest priority already")


def test_a_lowered_thread_and_the_threads_it_starts_run_below_the_process() -> None:
    seen: dict[str, object] = {}

    def lowered() -> None:
        seen["lowered"] = lower_priority()
        seen["own"] = _nice()
        child = threading.Thread(target=lambda: seen.__setitem__("child", _nice()))  # as torch's threads are
        child.start()
        child.join()

    base = _nice()
    thread = threading.Thread(target=lowered)
    thread.start()
    thread.join()
    assert seen == {"lowered": True, "own": min(19, base + WRITE_NICE), "child": min(19, base + WRITE_NICE)}
    assert _nice() == base  # only the thread that asked


def _watched(seen: dict[str, list[int]], name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        seen.setdefault(name, []).append(_nice())
        return method(*args, **kwargs)
    return call


def test_uploads_and_deletions_run_below_the_questions_and_are_answered_from(
        embedded_service: Service, client_for: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, list[int]] = {}
    for name in ("add_article", "delete", "ask"):
        monkeypatch.setattr(embedded_service, name, _watched(seen, name, getattr(embedded_service, name)))
    client = client_for(embedded_service)
    text = ("The Kalovik ferry will charge 37 dollars for a single crossing from next month, the harbour authority "
            "said on Tuesday. The ferry links the two halves of the bay.")
    created = client.post("/api/documents", json={"title": "Kalovik ferry fares", "text": text})
    assert created.status_code == 201, created.text
    asked = client.post("/api/ask", json={"question": "How much will a crossing on the Kalovik ferry cost?"})
    assert asked.status_code == 200
    assert created.json()["id"] in {c["document_id"] for c in asked.json()["citations"]}
    assert "37 dollars" in asked.json()["answer"]
    assert client.delete(f"/api/documents/{created.json()['id']}").status_code == 204
    assert client.get(f"/api/documents/{created.json()['id']}").status_code == 404
    lowered = min(19, _nice() + WRITE_NICE)
    assert seen == {"add_article": [lowered], "ask": [_nice()], "delete": [lowered]}


def test_the_feed_poller_polls_below_the_questions(embedded_service: Service, monkeypatch: pytest.MonkeyPatch) -> None:
    import api.poller
    from api.poller import FeedPoller

    seen: dict[str, list[int]] = {}
    monkeypatch.setattr(api.poller, "poll", _watched(seen, "poll", api.poller.poll))
    poller = FeedPoller(embedded_service, minutes=0.001)
    poller.start()
    try:
        for _ in range(200):
            if poller.polls:
                break
            threading.Event().wait(0.05)
    finally:
        poller.stop()
    assert poller.polls >= 1 and seen["poll"][0] == min(19, _nice() + WRITE_NICE)

