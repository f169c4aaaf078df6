"""`make bench-news` data: one RealTime QA year (articles and questions), and its indexes kept between runs.

Indexing a year's articles takes 20-40 minutes on 2 cores, answering its
questions under a minute, so both indexes of a year (this service's, built by
`qa index` on the articles written as .md files; the textbook pipeline's) are
kept in a cache folder named by what they were built from: the articles' ids
and the ingestion settings. Changing either builds a new one.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from bench.archive_data import ArchiveArticle, ArchiveQuestion
from qa.timeframe import published_day

CACHE = Path(".bench-cache")
# bump when what `qa index` stores changes (2: a Markdown article's headline is its first line; 3: "a.m. ET" ends
# no sentence; 4: "No. 55," a minus-sign dateline and "May. 22." no more cut; 5: text stored composed, NFC)
INDEX_FORMAT = "5"
CURRENT_DAYS = 30  # a question is "current" when an article at most this many days older than it holds its answer


@dataclass(frozen=True)
class Year:
    year: str
    articles: list[ArchiveArticle]
    questions: list[ArchiveQuestion]

    def key(self, *parts: str) -> str:
        digest = hashlib.sha256("\n".join([INDEX_FORMAT, *parts, *sorted(a.id for a in self.articles)]).encode())
        return digest.hexdigest()[:12]

    def published_days(self) -> dict[str, dt.date | None]:
        """Each article's publication day (None when unknown)."""
        return {a.id: published_day(a.published) for a in self.articles}

    def current(self) -> set[str]:
        """The ids of the questions whose answer an article published 0-``CURRENT_DAYS`` days before the question
        holds (the week's news saved for it names the answer). For the others, only older articles name it:
        the search that saved them found no recent article with the answer's words, so an answer there is
        right only where an old article happens to name it (a 2015 dateline "DAKAR, Senegal" for a question on
        which African president postponed his country's elections) or the question is not news at all ("Who
        served as George Washington's vice president?")."""
        published = self.published_days()
        current = set()
        for question in self.questions:
            asked = dt.date.fromisoformat(question.date[:10])
            if any((day := published.get(a)) and 0 <= (asked - day).days <= CURRENT_DAYS
                   for a in question.answer_articles):
                current.add(question.id)
        return current


def load_year(data_dir: Path, year: str) -> Year:
    articles_path, questions_path = data_dir / f"articles-{year}.jsonl.gz", data_dir / f"questions-{year}.jsonl"
    if not articles_path.is_file() or not questions_path.is_file():
        raise FileNotFoundError(f"no RealTime QA {year} at {data_dir}: expected {articles_path.name} "
                                f"and {questions_path.name}")
    articles: dict[str, ArchiveArticle] = {}
    with gzip.open(articles_path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            articles.setdefault(row["id"], ArchiveArticle(
                row["id"], row.get("title") or "", row.get("url") or "", row.get("published") or "",
                tuple(row.get("authors") or ()), row["text"]))
    questions = []
    for line in questions_path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        questions.append(ArchiveQuestion(row["id"], row["date"], row["question"], row["answer"], tuple(row["wrong"]),
                                         frozenset(row["answer_articles"]), tuple(row["retrieved_articles"])))
    questions.sort(key=lambda q: (q.date, q.id))
    return Year(year, list(articles.values()), questions)
