"""Running `qa serve` workers measured over HTTP: latencies, RealTime QA answer quality, and freshness.

With several workers, request i goes to worker i mod n, so latencies mix
them all; freshness uploads to the first worker and polls the last.
"""

from __future__ import annotations

import datetime as dt
import secrets
import statistics
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
from tqdm import tqdm

from bench.archive_data import ArchiveQuestion, text_key

Json = dict[str, Any]  # a JSON object


def percentile(values: Sequence[float], q: int) -> float | None:
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


@dataclass(frozen=True)
class Workers:
    clients: list[httpx.Client]

    def at(self, i: int) -> httpx.Client:
        return self.clients[i % len(self.clients)]

    def post(self, i: int, path: str, body: Json) -> tuple[float, Json | None]:
        """Milliseconds and the JSON body of one POST (None for an error or a non-200 status)."""
        started = time.perf_counter()
        try:
            response = self.at(i).post(path, json=body)
            data = response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            data = None
        return (time.perf_counter() - started) * 1000, data


def accepts_as_of(client: httpx.Client) -> bool:
    """Whether POST /api/ask takes an ``as_of`` date, from the OpenAPI schema."""
    schema = client.get("/openapi.json").json()
    body = schema["paths"]["/api/ask"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    if "$ref" in body:
        body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    return "as_of" in body.get("properties", {})


def ask_body(question: ArchiveQuestion, as_of: bool) -> Json:
    return {"question": question.question, **({"as_of": question.date} if as_of else {})}


def timed(workers: Workers, path: str, bodies: Sequence[Json], concurrency: int,
          desc: str) -> tuple[list[float], list[Json | None]]:
    """Every body POSTed to ``path`` with ``concurrency`` requests in flight: latencies and responses, in order."""
    with ThreadPoolExecutor(max_workers=concurrency) as pool, \
            tqdm(total=len(bodies), desc=desc, unit="req", file=sys.stderr, disable=None, leave=False) as bar:
        results = []
        for result in pool.map(lambda ib: workers.post(ib[0], path, ib[1]), enumerate(bodies)):
            results.append(result)
            bar.update(1)
    return [ms for ms, _ in results], [data for _, data in results]


def latency_figures(name: str, latencies: list[float], responses: list[Json | None]) -> Json:
    """p50/p95 and errors; for answers, also the median of each stage the service reports in ``timings_ms``."""
    figures: Json = {f"{name}_p50_ms": percentile(latencies, 50), f"{name}_p95_ms": percentile(latencies, 95),
                     f"{name}_errors": sum(1 for r in responses if r is None)}
    stages: dict[str, list[float]] = {}
    for response in responses:
        timings: dict[str, float] = (response or {}).get("timings_ms") or {}
        for stage, ms in timings.items():
            stages.setdefault(stage, []).append(ms)
    if stages:
        figures[f"{name}_service_timings_p50_ms"] = {stage: percentile(v, 50) for stage, v in stages.items()}
    return figures


class DocumentTexts:
    """Each document's stored text, fetched once from the service (``GET /api/documents/{id}``)."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self._texts: dict[str, str | None] = {}

    def __call__(self, document_id: str) -> str | None:
        if document_id not in self._texts:
            response = self.client.get(f"/api/documents/{document_id}")
            self._texts[document_id] = str(response.json()["text"]) if response.status_code == 200 else None
        return self._texts[document_id]


def score(text: DocumentTexts, questions: Sequence[ArchiveQuestion], answers: Sequence[Json | None],
          article_of_text: dict[str, str]) -> Json:
    """RealTime QA's right / cited / exact over the answers; a document is matched to its article by its text."""

    def quoted_exactly(citation: dict[str, Any]) -> bool:
        whole = text(citation["document_id"])
        return whole is not None and whole[citation["start"]:citation["end"]] == citation["quote"]

    right = cited = exact = answered = 0
    for question, answer in zip(questions, answers):
        if answer is None:
            continue
        citations: list[dict[str, Any]] = answer["citations"]
        right += question.right(str(answer["answer"]), [c["quote"] for c in citations])
        texts_cited = [t for c in citations if (t := text(c["document_id"])) is not None]
        cited += any(article_of_text.get(text_key(t)) in question.answer_articles for t in texts_cited)
        if citations:
            answered += 1
            exact += all(quoted_exactly(c) for c in citations)
    n = len(questions)
    return {"right": right / n if n else None, "cited": cited / n if n else None,
            "exact": exact / answered if answered else None, "answered": answered / n if n else None}


def _made_up_fact() -> tuple[Json, str, str]:
    """A new article with a fact no other article holds, a question about it, and the answer."""
    # four syllables: a kept index measured again (``--keep --resume``) holds every earlier run's ferries, and with
    # three, two of 30 shared a name and the question was answered from the other one's fare
    name = "".join(secrets.choice(["Ka", "Lo", "Ve", "Ri", "Ta", "Mu", "Se", "No", "Pa", "Zu"]) for _ in range(4))
    name = name.capitalize() + secrets.choice(["ra", "vik", "lund", "mar"])
    price = f"{secrets.randbelow(80) + 12} dollars"
    text = (f"The {name} ferry will charge {price} for a single crossing from next month, the harbour authority "
            f"said on Tuesday. The {name} ferry links the two halves of the bay and carries commuters every "
            f"morning. Officials said the fare of {price} would be reviewed after a year.")
    article: Json = {"title": f"{name} ferry fares set for the new season", "text": text,
                     "source": "Bench Harbour Gazette", "published": dt.date.today().isoformat()}
    return article, f"How much will a single crossing on the {name} ferry cost?", price


def freshness(workers: Workers, bodies: Sequence[Json], api_key: str, baseline: float = 1.0, trials: int = 5,
              timeout: float = 120.0) -> Json:
    """While a loop asks questions, upload ``trials`` new articles one after the other to the first worker and
    poll the last worker until it cites each. The loop's asks sent during the uploads are compared with those
    sent under the same load without an upload (``trials`` windows of ``baseline`` s with the poller asking
    about an article that is not there)."""
    records: list[tuple[float, float, bool, float]] = []  # (sent at, ms, ok, its refresh ms) of the background loop
    done = threading.Event()

    def loop() -> None:
        i = 0
        while not done.is_set():
            sent = time.perf_counter()
            ms, data = workers.post(i, "/api/ask", bodies[i % len(bodies)])
            records.append((sent, ms, data is not None, float((data or {}).get("timings_ms", {}).get("refresh", 0))))
            i += 1

    def poll(question: str, document_id: str | None, until: float) -> tuple[float, Json] | None:
        """Ask the last worker ``question`` until an answer cites ``document_id`` (or ``until``): when, and it."""
        nonlocal errors
        while time.perf_counter() < until:
            _, data = workers.post(len(workers.clients) - 1, "/api/ask", {"question": question})
            errors += data is None
            if document_id and data and any(c["document_id"] == document_id for c in data["citations"]):
                return time.perf_counter(), data
            time.sleep(0.05)
        return None

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    errors, right, delays, upload_ms, baseline_windows, windows = 0, 0, [], [], [], []
    for _ in range(trials):  # the same load with no upload: the loop plus a poller asking about a missing article
        _, question, _ = _made_up_fact()
        started = time.perf_counter()
        poll(question, None, started + baseline)
        baseline_windows.append((started, time.perf_counter()))
        time.sleep(0.5)
    for _ in range(trials):
        article, question, price = _made_up_fact()
        uploaded = time.perf_counter()
        document_id = None
        try:
            response = workers.clients[0].post("/api/documents", json=article,
                                               headers={"Authorization": f"Bearer {api_key}"})
            document_id = response.json().get("id") if response.status_code in (200, 201) else None
        except (httpx.HTTPError, ValueError):
            pass
        upload_ms.append((time.perf_counter() - uploaded) * 1000)
        errors += document_id is None
        found = poll(question, document_id, uploaded + timeout) if document_id else None
        seen = found[0] if found else None
        right += bool(found) and price in str(found[1]["answer"])
        windows.append((uploaded, seen or time.perf_counter()))
        delays.append(seen - uploaded if seen else None)
        time.sleep(0.5)  # questions only, between two uploads
    done.set()
    thread.join()

    def sent_in(spans: list[tuple[float, float]]) -> list[tuple[float, bool, float]]:
        return [(ms, ok, refresh) for sent, ms, ok, refresh in records if any(a <= sent <= b for a, b in spans)]

    before, during = sent_in(baseline_windows), sent_in(windows)
    answered = [d for d in delays if d is not None]
    return {"freshness_seconds": max(answered) if len(answered) == trials else None, "freshness_trials": trials,
            "freshness_delays_s": delays, "freshness_upload_ms": upload_ms,
            "freshness_errors": errors + sum(1 for _, ok, _ in before + during if not ok),
            "freshness_answer_right": right,
            "freshness_asks_before": len(before), "freshness_asks_during": len(during),
            "freshness_p95_before_ms": percentile([ms for ms, _, _ in before], 95),
            "freshness_p95_during_ms": percentile([ms for ms, _, _ in during], 95),
            # the part of those questions spent catching up with other workers' writes (``index.follow``)
            "freshness_refresh_p95_before_ms": percentile([r for _, _, r in before], 95),
            "freshness_refresh_p95_during_ms": percentile([r for _, _, r in during], 95),
            "freshness_refresh_max_during_ms": max((r for _, _, r in during), default=None)}
