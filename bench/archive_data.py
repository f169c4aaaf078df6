"""The RealTime QA archive (../shared/bench/realtimeqa): articles, questions, and the subset of each size.

Articles are distinct by ``id`` across the yearly files (the first copy is
kept). The subset for a size N is taken deterministically: questions are
walked in date order (all years) and each one's ``retrieved_articles`` are
added until N articles are taken; 'all' is every distinct article. The
questions scored at size N are those whose retrieved articles are all in the
subset. The subset is written as .md files with YAML front matter, the way a
user would hand articles to ``qa index``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import yaml

from index.loaders import headed

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "bench" / "realtimeqa"


@dataclass(frozen=True)
class ArchiveArticle:
    id: str
    title: str
    url: str
    published: str  # ISO date, or "" when unknown
    authors: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class ArchiveQuestion:
    id: str
    date: str
    question: str
    answer: str
    wrong: tuple[str, ...]
    answer_articles: frozenset[str]
    retrieved_articles: tuple[str, ...]

    def named(self, answer: str, quotes: Sequence[str]) -> bool:
        """Whether the answer or its quotes name the correct choice (case-insensitive)."""
        return self.answer.lower() in _said(answer, quotes)

    def right(self, answer: str, quotes: Sequence[str]) -> bool:
        """RealTime QA's "right": the answer or its quotes name the correct choice and no wrong one. An answer
        quoting nothing is a refusal, never right: "The articles don't say. None of the indexed articles ..."
        holds "one" (a 2024 question whose answer is "One" was scored right when refused)."""
        if not quotes:
            return False
        said = _said(answer, quotes)
        return self.answer.lower() in said and not any(w.lower() in said for w in self.wrong)


def _said(answer: str, quotes: Sequence[str]) -> str:
    return " ".join([answer, *quotes]).lower()


@dataclass(frozen=True)
class Archive:
    articles: dict[str, ArchiveArticle]  # id -> article, in file order
    questions: list[ArchiveQuestion]  # in date order

    def walk(self) -> list[str]:
        """Every article id once: those retrieved for the questions in date order first, then the rest."""
        order = dict.fromkeys(a for q in self.questions for a in q.retrieved_articles if a in self.articles)
        order.update(dict.fromkeys(self.articles))
        return list(order)

    def subset(self, size: int) -> tuple[list[ArchiveArticle], list[ArchiveQuestion]]:
        """The first ``size`` articles of the walk and the questions they fully cover."""
        ids = self.walk()[:size]
        taken = set(ids)
        scored = [q for q in self.questions if q.retrieved_articles and taken.issuperset(q.retrieved_articles)]
        return [self.articles[i] for i in ids], scored


def load_archive(data_dir: Path = DEFAULT_DIR) -> Archive:
    if not sorted(data_dir.glob("questions-*.jsonl")):
        raise FileNotFoundError(f"no RealTime QA data at {data_dir}: "
                                "expected articles-YEAR.jsonl.gz and questions-YEAR.jsonl")
    articles: dict[str, ArchiveArticle] = {}
    for path in sorted(data_dir.glob("articles-*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if row["id"] not in articles:
                    articles[row["id"]] = ArchiveArticle(row["id"], row.get("title") or "", row.get("url") or "",
                                                         row.get("published") or "", tuple(row.get("authors") or ()),
                                                         row["text"])
    questions = []
    for path in sorted(data_dir.glob("questions-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            questions.append(ArchiveQuestion(row["id"], row["date"], row["question"], row["answer"],
                                             tuple(row["wrong"]), frozenset(row["answer_articles"]),
                                             tuple(row["retrieved_articles"])))
    questions.sort(key=lambda q: (q.date, q.id))
    return Archive(articles, questions)


def parse_sizes(text: str, total: int) -> list[tuple[str, int]]:
    """'1000,5000,all' -> [('1000', 1000), ('5000', 5000), ('all', total)]; sizes past the archive become 'all'."""
    sizes: dict[int, str] = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        n = total if part == "all" else min(int(part), total)
        if n <= 0:
            raise ValueError(f"size must be positive or 'all', not {part!r}")
        sizes.setdefault(n, "all" if n == total else str(n))
    return [(label, n) for n, label in sizes.items()]


def text_key(text: str) -> str:
    """What identifies an article's text whatever the loader does to its whitespace and its accents' encoding (the
    loader stores text composed, Unicode NFC: keyed as written, 817 of 2024's articles were never found, and `make
    bench-news` over HTTP counted 2024's cited 0.56 where the same answers in process were 0.61)."""
    return hashlib.sha256(" ".join(unicodedata.normalize("NFC", text).split()).encode("utf-8")).hexdigest()


def articles_by_text(articles: Iterable[ArchiveArticle]) -> dict[str, str]:
    """Each article's id by ``text_key`` of its text as written and as the service stores it (under its headline,
    ``index.loaders.headed``, since the forty-first session: matched by the text alone, no stored document was
    found, and `make bench-news` over HTTP counted cited 0.00)."""
    keys = {}
    for article in articles:
        keys[text_key(article.text)] = article.id
        keys[text_key(headed(article.text, article.title))] = article.id
    return keys


def write_markdown(articles: Iterable[ArchiveArticle], folder: Path,
                   tick: Callable[[int], object] | None = None) -> None:
    """One ``ID.md`` per article: YAML front matter (title, published, url, source, author), then the text."""
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles:
        meta = {"title": article.title, "published": article.published or None, "url": article.url,
                "source": urlparse(article.url).hostname or "", "author": ", ".join(article.authors)}
        front = yaml.safe_dump({k: v for k, v in meta.items() if v}, allow_unicode=True, sort_keys=False, width=10**6)
        (folder / f"{article.id}.md").write_text(f"---\n{front}---\n\n{article.text}\n", encoding="utf-8")
        if tick:
            tick(1)


def count_tokens(articles: Iterable[ArchiveArticle], tick: Callable[[int], object] | None = None) -> dict[str, int]:
    """Model tokens of each article's text with the packaged model's tokenizer, counted line by line."""
    from index.embedding import load_embedder

    embedder = load_embedder()
    counts = {}
    for article in articles:
        counts[article.id] = sum(embedder.count_tokens([line for line in article.text.splitlines() if line.strip()]))
        if tick:
            tick(1)
    return counts
