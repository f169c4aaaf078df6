"""What each part of dated questions is worth: one RealTime QA year answered in-process on its cached index
(built by `make bench-news`), with parts of the time handling switched off.

    python -m bench.news_variants 2022 --no-as-of --window 0 --recent 0 --untimed 0 --focus 0   # no dates at all
    python -m bench.news_variants 2022 --window 0 --recent 0 --untimed 0 --focus 0               # later articles left out
    python -m bench.news_variants 2022                                                           # as shipped
    python -m bench.news_variants 2022 --lead 0                          # a sentence's place in its article not counted
    python -m bench.news_variants 2022 --set qa.answer.KEEP_TO_WINDOW=False   # any module constant
    python -m bench.news_variants 2024 --days-before 14     # asked before the news: the articles don't answer

With ``--days-before N`` each question is asked as of N days before its date, when the week's news it is about
was not yet published (articles published after the date asked are not used): an answer should then be
refused. Its last line is of the questions none of whose answer-holding articles was published by then (the
articles don't answer them): "supported" there counts answers claimed where the articles don't answer.
``--min-support S`` answers with another support threshold (Settings.min_support).

Prints right / cited / supported as bench/news.py scores them (a document is matched to its article by its
file name, ``ID.md``), for all questions, apart for the current and the older ones (``Year.current``), and for
the first and second half in date order (develop on one, check on the other). ``--index DIR --collection
archive`` answers on another index, such as the whole archive `python -m bench.archive --sizes all --keep KEEP`
leaves in ``KEEP/all-embedded/data`` (articles published after a question's date are not used there either).
Latency here is not a benchmark figure: use `make bench-news`.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import importlib
import json
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path

from bench.archive_data import DEFAULT_DIR
from bench.news import COLLECTION
from bench.news_data import CACHE, load_year


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.news_variants", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("year")
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--no-as-of", action="store_true", help="ask every question as of now")
    parser.add_argument("--window", type=float, help="recency.WINDOW_BONUS")
    parser.add_argument("--recent", type=float, help="recency.RECENT_BONUS")
    parser.add_argument("--untimed", type=float, help="recency.UNTIMED_RECENT_BONUS")
    parser.add_argument("--untimed-half-life", type=float, help="recency.UNTIMED_HALF_LIFE_DAYS")
    parser.add_argument("--lead", type=float, help="recency.LEAD_WEIGHT (0: a sentence's place does not count)")
    parser.add_argument("--focus", type=int, help="candidates.FOCUS_DEPTH (0: no retrieval from the window)")
    parser.add_argument("--days-before", type=int, default=0, metavar="N",
                        help="ask each question as of N days before its date (before the news it asks about)")
    parser.add_argument("--min-support", type=float, help="Settings.min_support (the support threshold)")
    parser.add_argument("--half", choices=("first", "second"), help="only the first or second half of the "
                                                                      "year's questions in date order")
    parser.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE",
                        help="set any module constant to a Python literal, e.g. qa.answer.KEEP_TO_WINDOW=False or "
                             "qa.synonyms._SYNONYMS={} (repeatable)")
    parser.add_argument("--index", type=Path, help="answer on this index (a QA_DATA_DIR, e.g. the whole archive "
                                                   "`bench.archive --keep` left) instead of the year's cached one")
    parser.add_argument("--collection", default=COLLECTION, help="its QA_COLLECTION (the archive's: archive)")
    parser.add_argument("--answers", type=Path,
                        help="write each question's verdicts here (JSON lines: id, question, right, cited, time_window, "
                             "the answer and its citations: article id, start, end, quote), to compare two runs or "
                             "read misses")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import qa.candidates as candidates
    import qa.recency as recency
    from qa import Service, Settings

    for value, module, name in ((args.window, recency, "WINDOW_BONUS"), (args.recent, recency, "RECENT_BONUS"),
                                (args.untimed, recency, "UNTIMED_RECENT_BONUS"),
                                (args.untimed_half_life, recency, "UNTIMED_HALF_LIFE_DAYS"),
                                (args.lead, recency, "LEAD_WEIGHT"),
                                (args.focus, candidates, "FOCUS_DEPTH")):
        if value is not None:
            setattr(module, name, value)
    for assignment in args.set:
        target, _, literal = assignment.partition("=")
        module_name, _, name = target.rpartition(".")
        module = importlib.import_module(module_name)
        if not hasattr(module, name):
            raise SystemExit(f"--set {assignment}: {module_name} has no {name}")
        setattr(module, name, ast.literal_eval(literal))
    year = load_year(args.data, args.year)
    if args.index is None:
        folders = sorted(args.cache.glob(f"news-{args.year}-{year.key('ours')}/data"))
        if not folders or not (folders[0].parent / "report.json").is_file():
            raise SystemExit(f"no finished index of {args.year} in {args.cache}: run `make bench-news NEWS_YEARS={args.year}`")
        args.index = folders[0]
    chosen = {} if args.min_support is None else {"min_support": args.min_support}
    service = Service.open(Settings(data_dir=args.index, collection=args.collection, **chosen))
    middle = len(year.questions) // 2  # questions are in date order
    if args.half:
        year = replace(year, questions=year.questions[:middle] if args.half == "first" else year.questions[middle:])
    articles: dict[str, str] = {}
    current = year.current()
    counts = {part: Counter() for part in ("all", "current", "older")}
    if not args.half:
        counts.update({"first half": Counter(), "second half": Counter()})
    published = year.published_days()
    if args.days_before:
        counts["not answered by then"] = Counter()
    verdicts = []
    for i, question in enumerate(year.questions):
        asked = None if args.no_as_of else _asked(question.date, args.days_before)
        answer = service.ask(question.question, as_of=asked)
        for c in answer.citations:
            if c.document_id not in articles:
                articles[c.document_id] = Path(service.document(c.document_id)[0].origin).stem
        parts = ["all", "current" if question.id in current else "older"]
        if not args.half:
            parts.append("first half" if i < middle else "second half")  # by place: a few ids repeat
        if args.days_before and question.answer_articles and asked and all(
                (day := published.get(a)) and day > dt.date.fromisoformat(asked) for a in question.answer_articles):
            parts.append("not answered by then")
        verdict = {"right": question.right(answer.answer, [c.quote for c in answer.citations]),
                   "cited": any(articles[c.document_id] in question.answer_articles for c in answer.citations),
                   "supported": answer.supported}
        for part in parts:
            counts[part].update(n=1, **verdict)
        verdicts.append({"id": question.id, "question": question.question, **verdict,
                         "time_window": answer.time_window, "answer": answer.answer,
                         "citations": [{"article": articles[c.document_id], "start": c.start, "end": c.end,
                                        "quote": c.quote} for c in answer.citations]})
    if args.answers:
        args.answers.write_text("".join(json.dumps(v) + "\n" for v in verdicts))
    half = f" ({args.half} half)" if args.half else ""
    half += f" asked {args.days_before} days early" if args.days_before else ""
    for part, c in counts.items():
        n = max(c["n"], 1)
        print(f"{args.year}{half} {part}: {c['n']} questions, right {c['right'] / n:.3f}, cited {c['cited'] / n:.3f}, "
              f"supported {c['supported'] / n:.3f}")
    service.close()
    return 0


def _asked(date: str, days_before: int) -> str:
    """The date a question is asked: its own, or ``days_before`` days earlier (a day, ISO format)."""
    if not days_before:
        return date
    return (dt.date.fromisoformat(date[:10]) - dt.timedelta(days=days_before)).isoformat()


if __name__ == "__main__":
    raise SystemExit(main())
