"""Recall, precision and IoU of retrieved character spans against gold spans, as the benchmark's report scores them.

recall = gold characters covered by the retrieved spans / gold characters;
precision = covered gold characters / characters of all retrieved spans;
IoU = covered gold characters / (retrieved characters + gold characters not covered).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Span = tuple[str, int, int]  # corpus id, start, end


@dataclass(frozen=True)
class Scores:
    recall: float
    precision: float
    iou: float


def _union(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _length(ranges: Iterable[tuple[int, int]]) -> int:
    return sum(end - start for start, end in ranges)


def score(retrieved: Sequence[Span], corpus_id: str, gold: Sequence[tuple[int, int]]) -> Scores:
    gold_union = _union(gold)
    hits = _union((s, e) for c, s, e in retrieved if c == corpus_id)
    covered = _length(_union((max(s, gs), min(e, ge)) for s, e in hits for gs, ge in gold_union))
    gold_chars = _length(gold_union)
    retrieved_chars = sum(e - s for _, s, e in retrieved)
    recall = covered / gold_chars if gold_chars else 0.0
    precision = covered / retrieved_chars if retrieved_chars else 0.0
    denominator = retrieved_chars + gold_chars - covered
    return Scores(recall, precision, covered / denominator if denominator else 0.0)


def mean(scores: Sequence[Scores]) -> Scores:
    n = len(scores) or 1
    return Scores(sum(s.recall for s in scores) / n, sum(s.precision for s in scores) / n,
                  sum(s.iou for s in scores) / n)
