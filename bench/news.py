"""`make bench-news`: RealTime QA questions answered as of their date, on an index of each year's articles.

For each year (``../shared/bench/realtimeqa``; develop on 2022 and 2023,
check on 2024): the year's articles are indexed by `qa index` (kept in
``.bench-cache/`` between runs, see bench/news_data.py), `qa serve` answers
every question of the year over HTTP with the question's ``date`` as
``as_of``, and the answers are scored as the data's README says: right (the
correct choice in the answer or its quotes, and no wrong choice), cited (a
citation from an article holding the answer), exact (every quote equals the
document's text at start:end), supported (an answer rather than "the articles
don't say"), with p50/p95 latency. The textbook llama-index pipeline (256-token
chunks, same MiniLM, no dates) is scored in the same run on its top-1 and
top-5 chunks: the correct choice somewhere in them. Right and cited are also
given apart for the "current" questions (an article published in the 30 days
before the question holds the answer) and the others, which only older
articles answer (``Year.current``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

import httpx
from tqdm import tqdm

from bench.archive_data import DEFAULT_DIR, articles_by_text, text_key, write_markdown
from bench.archive_http import DocumentTexts, Json, Workers, accepts_as_of, percentile, score
from bench.archive_procs import run_indexer
from bench.news_data import CACHE, Year, load_year
from bench.serving import run_qa_server

COLLECTION = "news"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.news", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", default="2022,2023,2024", help="comma-separated")
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR, help="the RealTime QA folder")
    parser.add_argument("--cache", type=Path, default=CACHE, help="where the years' indexes are kept")
    parser.add_argument("--out", type=Path, default=Path("docs/bench-news.json"), help="the JSON results")
    parser.add_argument("--index-only", action="store_true", help="build the indexes, answer nothing")
    parser.add_argument("--no-textbook", action="store_true", help="skip the textbook pipeline")
    parser.add_argument("--answers", type=Path, help="also write every answer (JSON lines) here, for reading misses")
    return parser


def our_index(year: Year, cache: Path) -> tuple[Path, Json]:
    """This service's index of the year's articles (built by `qa index` unless the cache has it)."""
    folder = cache / f"news-{year.year}-{year.key('ours')}"
    done = folder / "report.json"
    if not done.is_file():
        # the articles are written inside the cache folder, so an interrupted build resumes where it stopped
        # (`qa index` skips what it already stored: a document's id is its file's path)
        data, articles = folder / "data", folder / "articles"
        resumed = data.is_dir() and any(data.iterdir())  # its time is then only this last part's
        data.mkdir(parents=True, exist_ok=True)
        with tqdm(total=len(year.articles), desc=f"writing {year.year} articles", unit="file", file=sys.stderr,
                  disable=None, leave=False) as bar:
            write_markdown(year.articles, articles, bar.update)
        run = run_indexer(articles, {"QA_DATA_DIR": str(data), "QA_COLLECTION": COLLECTION},
                          f"qa index {len(year.articles)} articles of {year.year}")
        if run.error:
            raise RuntimeError(f"qa index failed for {year.year}: {run.error}")
        done.write_text(json.dumps({"seconds": run.seconds, "peak_rss_mb": run.peak_rss_mb, "resumed": resumed,
                                    **run.report}) + "\n")
    return folder / "data", json.loads(done.read_text())


def answer_year(year: Year, data: Path, answers_out: Path | None) -> Json:
    """Every question of the year through `qa serve` over HTTP, as of its date; scored."""
    settings = {"QA_DATA_DIR": str(data), "QA_COLLECTION": COLLECTION}
    with run_qa_server(settings) as (base, _, ready), httpx.Client(base_url=base, timeout=300) as client:
        workers = Workers([client])
        as_of = accepts_as_of(client)
        bodies = [{"question": q.question, **({"as_of": q.date} if as_of else {})} for q in year.questions]
        for body in bodies[:5]:  # warm-up
            workers.post(0, "/api/ask", body)
        latencies, answers = [], []
        for body in tqdm(bodies, desc=f"asking {year.year}", unit="q", file=sys.stderr, disable=None, leave=False):
            ms, data_ = workers.post(0, "/api/ask", body)
            latencies.append(ms)
            answers.append(data_)
        article_of_text = articles_by_text(year.articles)
        texts = DocumentTexts(client)
        scored = score(texts, year.questions, answers, article_of_text)
        current = year.current()
        split = {}
        for part, keep in (("current", True), ("older", False)):
            pairs = [(q, a) for q, a in zip(year.questions, answers) if (q.id in current) is keep]
            split[part] = {"questions": len(pairs), **score(texts, [q for q, _ in pairs], [a for _, a in pairs],
                                                             article_of_text)}
        kinds = miss_kinds(texts, year, answers, article_of_text)
    if answers_out:
        with answers_out.open("a", encoding="utf-8") as handle:
            for question, answer in zip(year.questions, answers):
                handle.write(json.dumps({"year": year.year, "id": question.id, "date": question.date,
                                         "question": question.question, "answer": question.answer,
                                         "wrong": question.wrong, "answer_articles": sorted(question.answer_articles),
                                         "response": answer}) + "\n")
    supported = [a for a in answers if a is not None and a.get("supported")]
    return {"as_of_sent": as_of, "ready_seconds": ready, **scored, **split, "misses": dict(Counter(kinds)),
            "supported": len(supported) / len(answers) if answers else None,
            "errors": sum(1 for a in answers if a is None),
            "ask_p50_ms": percentile(latencies, 50), "ask_p95_ms": percentile(latencies, 95)}


MISS_KINDS = {
    "refused": "answered 'the articles don't say'",
    "time": "cited no article holding the answer, and its newest cited article is more than 30 days older than "
            "the question while one holding the answer is at most 10 days older",
    "ranking": "cited no article holding the answer (otherwise)",
    "not named": "cited an article holding the answer, but the quoted sentences do not name it",
    "also wrong": "the quotes name the answer and a wrong choice too",
}


def miss_kinds(text: DocumentTexts, year: Year, answers: list[Json | None],
               article_of_text: dict[str, str]) -> list[str]:
    """The kind of each miss (see MISS_KINDS), for the questions not answered right."""
    published = year.published_days()

    def article(document_id: str) -> str | None:
        whole = text(document_id)
        return article_of_text.get(text_key(whole)) if whole is not None else None

    kinds = []
    for question, answer in zip(year.questions, answers):
        if answer is None:
            kinds.append("error")
            continue
        said, quotes = str(answer["answer"]), [c["quote"] for c in answer["citations"]]
        if question.right(said, quotes):
            continue
        names_answer = question.named(said, quotes)
        if not answer["supported"]:
            kinds.append("refused")
            continue
        cited = [a for c in answer["citations"] if (a := article(c["document_id"])) is not None]
        if any(a in question.answer_articles for a in cited):
            kinds.append("also wrong" if names_answer else "not named")
            continue
        asked = dt.date.fromisoformat(question.date)
        newest = max((d for a in cited if (d := published.get(a))), default=None)
        holding = [d for a in question.answer_articles if (d := published.get(a)) and 0 <= (asked - d).days <= 10]
        kinds.append("time" if holding and newest is not None and (asked - newest).days > 30 else "ranking")
    return kinds


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    years = [y.strip() for y in args.years.split(",") if y.strip()]
    results: Json = json.loads(args.out.read_text()) if args.out.is_file() else {}
    results.setdefault("years", {})
    if args.answers:
        args.answers.write_text("")
    for name in years:
        year = load_year(args.data, name)
        data, report = our_index(year, args.cache)
        if args.index_only:
            continue
        row: Json = {"questions": len(year.questions), "articles": len(year.articles),
                     "ingest_seconds": None if report.get("resumed") else report.get("seconds"),
                     **answer_year(year, data, args.answers)}
        if not args.no_textbook:
            from bench.news_textbook import textbook_top

            row["textbook"] = textbook_top(year, args.cache)
        results["years"][name] = row
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")
        print(table(results), file=sys.stderr)
        print(f"{name} misses: {row['misses']}", file=sys.stderr)
    return 0


COLUMNS = ["year", "questions", "articles", "right", "cited", "exact", "supported", "ask p50/p95 ms",
           "textbook top-1", "textbook top-5", "current q", "right/cited current", "right/cited older"]


def table(results: Json) -> str:
    def f(value: object) -> str:
        return "-" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for name, r in sorted(results["years"].items()):
        textbook = r.get("textbook") or {}
        lines.append("| " + " | ".join([
            name, str(r["questions"]), str(r["articles"]), f(r["right"]), f(r["cited"]), f(r["exact"]),
            f(r["supported"]), f"{r['ask_p50_ms']:.0f}/{r['ask_p95_ms']:.0f}", f(textbook.get("top1")),
            f(textbook.get("top5")), *_split(r)]) + " |")
    return "\n".join(lines)


def _split(row: Json) -> list[str]:
    """The current / older columns (see ``Year.current``; "-" for a row written before they were measured)."""
    current, older = row.get("current"), row.get("older")
    if not current or not older:
        return ["-", "-", "-"]
    return [str(current["questions"]), *(f"{p['right']:.2f}/{p['cited']:.2f}" if p["questions"] else "-"
                                         for p in (current, older))]


if __name__ == "__main__":
    raise SystemExit(main())
