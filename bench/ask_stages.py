"""Time the stages of answering on a year's cached index, in one process: for comparing two versions of the code.

    python bench/ask_stages.py --index .bench-cache/news-2024-KEY/data --work /tmp/ab-new --out new.json
    python bench/ask_stages.py --compare old.json new.json

``--index`` is a year's index built by `make bench-news` (its Chroma folder is
used read-only); ``--work`` is this version's own data folder, where a link to
that Chroma folder and this version's derived index (rebuilt from Chroma the
first time, and timed) are kept, so versions whose derived indexes differ can
share one Chroma. Every question of the year is asked as of its date, after
five warm-up questions; the stage timings (``timings_ms`` of each answer) are
summarised as p50/p95, and every answer's text and citations are written, so
``--compare`` says whether two versions answered the same. Run it as a file
(``python bench/ask_stages.py``) with ``PYTHONPATH`` set to the tree under
test, so an earlier commit (a `git worktree`) can be measured with it too.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path("../shared/bench/realtimeqa")


def _percentiles(values: list[float]) -> list[float]:
    ordered = sorted(values)
    return [round(statistics.median(ordered), 2), round(ordered[int(len(ordered) * 0.95)], 2)]


def run(index: Path, work: Path, year: str, data: Path, out: Path) -> dict[str, object]:
    os.environ["HF_HUB_OFFLINE"] = "1"
    from bench.news_data import load_year
    from qa.service import Service
    from qa.settings import Settings

    work.mkdir(parents=True, exist_ok=True)
    link = work / "chroma"
    if not link.exists():
        link.symlink_to((index / "chroma").resolve())
    started = time.perf_counter()
    service = Service.open(Settings(data_dir=work, collection="news"))
    service.follower.catch_up()  # the first run of a version rebuilds its derived index here
    ready = time.perf_counter() - started
    questions = load_year(data, year).questions
    for question in questions[:5]:
        service.ask(question.question, as_of=question.date)
    stages: dict[str, list[float]] = {}
    answers = []
    for question in questions:
        answer = service.ask(question.question, as_of=question.date)
        for stage, ms in answer.timings_ms.items():
            stages.setdefault(stage, []).append(ms)
        answers.append([question.id, answer.answer, [[c.document_id, c.start, c.end] for c in answer.citations]])
    service.close()
    result = {"year": year, "questions": len(questions), "ready_seconds": round(ready, 1),
              "stages_p50_p95_ms": {stage: _percentiles(ms) for stage, ms in stages.items()}, "answers": answers}
    out.write_text(json.dumps(result) + "\n")
    return result


def compare(first: Path, second: Path) -> str:
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    same = sum(x == y for x, y in zip(a["answers"], b["answers"], strict=True))
    lines = [f"{'stage':10} {first.name:>20} {second.name:>20}   (p50/p95 ms)"]
    for stage, (p50, p95) in a["stages_p50_p95_ms"].items():
        other = b["stages_p50_p95_ms"].get(stage, [float("nan")] * 2)
        lines.append(f"{stage:10} {p50:>11.1f}/{p95:<8.1f} {other[0]:>11.1f}/{other[1]:<8.1f}")
    lines.append(f"the same answer and citations: {same} of {len(a['answers'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, help="a year's index folder built by make bench-news (…/data)")
    parser.add_argument("--work", type=Path, help="this version's data folder (a link to the Chroma, its derived)")
    parser.add_argument("--year", default="2024")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the RealTime QA folder")
    parser.add_argument("--out", type=Path, help="the timings and answers (JSON)")
    parser.add_argument("--compare", type=Path, nargs=2, metavar="JSON", help="two results to set side by side")
    args = parser.parse_args(argv)
    if args.compare:
        print(compare(*args.compare))
        return 0
    if not (args.index and args.work and args.out):
        parser.error("--index, --work and --out are needed (or --compare A B)")
    result = run(args.index, args.work, args.year, args.data, args.out)
    print(json.dumps({k: v for k, v in result.items() if k != "answers"}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
