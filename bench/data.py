"""The benchmark's corpora and questions (Chroma's chunking evaluation: five corpora, gold character spans)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "bench" / "chroma-chunking"


@dataclass(frozen=True)
class Question:
    text: str
    corpus_id: str
    references: tuple[tuple[int, int], ...]  # gold (start, end) character spans in the corpus


@dataclass(frozen=True)
class Benchmark:
    corpora: dict[str, Path]  # corpus id -> file
    questions: list[Question]

    def text(self, corpus_id: str) -> str:
        return self.corpora[corpus_id].read_text(encoding="utf-8")


def load_benchmark(data_dir: Path = DEFAULT_DIR, corpora: list[str] | None = None,
                   per_corpus: int | None = None) -> Benchmark:
    """The corpora (optionally only some) and their questions (optionally the first ``per_corpus`` of each)."""
    if not (data_dir / "questions_df.csv").is_file():
        raise FileNotFoundError(f"no benchmark at {data_dir}: expected questions_df.csv and corpora/")
    files = {p.stem: p for p in sorted((data_dir / "corpora").glob("*.md")) if corpora is None or p.stem in corpora}
    questions: list[Question] = []
    taken: dict[str, int] = {}
    with (data_dir / "questions_df.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            corpus_id = row["corpus_id"]
            if corpus_id not in files or (per_corpus is not None and taken.get(corpus_id, 0) >= per_corpus):
                continue
            taken[corpus_id] = taken.get(corpus_id, 0) + 1
            spans = tuple((int(r["start_index"]), int(r["end_index"])) for r in json.loads(row["references"]))
            questions.append(Question(row["question"], corpus_id, spans))
    return Benchmark(files, questions)
