"""One benchmark run: ingest the corpora, retrieve k passages per question, score them, time both."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench.data import Benchmark, Question
from bench.metrics import Scores, Span, mean, score

Retriever = Callable[[str], list[tuple[Span, str]]]  # spans with the text the pipeline returned for them
Tick = Callable[[int], object]


@dataclass
class RunResult:
    name: str
    chunks: int
    tokens: int  # model tokens of the corpus text, each counted once: the same figure for every run
    ingest_seconds: float
    scores: Scores = field(default_factory=lambda: Scores(0.0, 0.0, 0.0))
    latencies_ms: list[float] = field(default_factory=list)
    offsets_exact: bool = True  # every retrieved span's text == corpus[start:end]

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.ingest_seconds if self.ingest_seconds else 0.0

    @property
    def chunks_per_second(self) -> float:
        return self.chunks / self.ingest_seconds if self.ingest_seconds else 0.0

    def percentile(self, q: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else 0.0
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[q - 1]

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name, "recall": self.scores.recall, "precision": self.scores.precision, "iou": self.scores.iou,
            "chunks": self.chunks, "tokens": self.tokens, "ingest_seconds": self.ingest_seconds,
            "chunks_per_second": self.chunks_per_second, "tokens_per_second": self.tokens_per_second,
            "retrieve_p50_ms": self.percentile(50), "retrieve_p95_ms": self.percentile(95),
            "offsets_exact": self.offsets_exact, "questions": len(self.latencies_ms),
        }


def evaluate(result: RunResult, questions: Sequence[Question], retrieve: Retriever, bench: Benchmark,
             tick: Tick | None = None) -> RunResult:
    """Run every question through ``retrieve``; fills in the scores and latencies of ``result``."""
    texts = {corpus_id: bench.text(corpus_id) for corpus_id in bench.corpora}
    scores = []
    for question in questions:
        started = time.perf_counter()
        hits = retrieve(question.text)
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
        result.offsets_exact &= all(texts[c][s:e] == text for (c, s, e), text in hits)
        scores.append(score([span for span, _ in hits], question.corpus_id, question.references))
        if tick:
            tick(1)
    result.scores = mean(scores)
    return result
