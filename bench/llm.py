"""`make bench-llm`: written answers (the shipped local model) beside extractive ones, on the same questions
and index, in one process.

Two sets: the gold questions over the seeds (right = the right fact cited from the right article, as
`make gold` scores; refused = the unanswerable ones refused), and RealTime QA development questions of one
year on its cached index (`make bench-news` builds it), each asked as of its date and scored as
bench/news.py scores them (the correct choice in the answer or its quotes, no wrong choice). For the
written answers: the share of written sentences that were verified, the share of answers that fell back
to the extractive one, time to the first token, tokens a second while writing, and time per answer.

    python -m bench.llm --news-year 2024 --limit 100 --out docs/bench-llm.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from bench.archive_data import DEFAULT_DIR
from qa.verify import missing

Json = dict[str, object]


@dataclass
class Tally:
    """Figures of one mode (extractive or written) over one set of questions."""

    asked: int = 0
    right: int = 0
    refused: int = 0
    written_sentences: int = 0
    verified_sentences: int = 0
    fell_back: int = 0
    model_asked: int = 0
    first_token_s: list[float] = field(default_factory=list)
    tokens_per_s: list[float] = field(default_factory=list)
    prompt_read: list[float] = field(default_factory=list)  # prompt tokens the model read (past the kept opening)
    prompt_read_per_s: list[float] = field(default_factory=list)
    writing_per_s: list[float] = field(default_factory=list)  # tokens a second as llama.cpp timed its writing
    seconds: list[float] = field(default_factory=list)
    unverified: Counter[str] = field(default_factory=Counter)  # why written sentences were not verified
    shown_unsupported: int = 0  # verified sentences whose cited quotes lack one of their numbers or names
    shown_other_form: int = 0  # verified sentences whose cited quotes hold a name of theirs only in another form

    def figures(self) -> Json:
        def median(values: list[float]) -> float | None:
            return round(statistics.median(values), 3) if values else None

        out: Json = {"questions": self.asked, "right": self.right / self.asked if self.asked else None,
                     "refused": self.refused, "seconds_p50": median(self.seconds)}
        if self.model_asked:
            out.update({"model_asked": self.model_asked,
                        "verified_share": (self.verified_sentences / self.written_sentences
                                           if self.written_sentences else None),
                        "fell_back_share": self.fell_back / self.model_asked,
                        "first_token_s_p50": median(self.first_token_s),
                        "tokens_per_s_p50": median(self.tokens_per_s),
                        "prompt_tokens_read_p50": median(self.prompt_read),
                        "prompt_read_per_s_p50": median(self.prompt_read_per_s),
                        "model_writing_per_s_p50": median(self.writing_per_s),
                        "unverified_why": dict(self.unverified.most_common()),
                        "shown_without_their_numbers_and_names": self.shown_unsupported,
                        "shown_with_a_name_only_in_another_form": self.shown_other_form})
        return out


def ask(service, question: str, as_of: str | None, tally: Tally):  # type: ignore[no-untyped-def]
    """One answer through ``ask_stream``, counted into ``tally``; the answer."""
    started = time.perf_counter()
    first = None
    drafts = 0
    sentences = []
    answer = None
    for step in service.ask_stream(question, as_of=as_of, show_unverified=True):
        if step.kind == "draft":
            first = first if first is not None else time.perf_counter() - started
            drafts += 1
        elif step.kind == "sentence" and step.sentence is not None:
            sentences.append(step.sentence)
        elif step.kind == "answer":
            answer = step.answer
    assert answer is not None
    elapsed = time.perf_counter() - started
    tally.asked += 1
    tally.seconds.append(elapsed)
    tally.refused += not answer.supported
    if drafts:
        tally.model_asked += 1
        tally.fell_back += answer.mode != "generative"
        tally.written_sentences += len(sentences)
        tally.verified_sentences += sum(s.verified for s in sentences)
        tally.unverified.update(re.sub(r"\d+%", "N%", s.reason.split(":")[0].split(" (")[0])
                                for s in sentences if not s.verified)
        quotes = {c.n: c.quote for c in answer.citations}
        shown = [(s.text, " ".join(quotes.get(n, "") for n in s.citations)) for s in answer.sentences if s.verified]
        tally.shown_unsupported += sum(1 for text, quoted in shown if any(missing(text, quoted)))
        # held in another form of the word only ("China." quoting "the Chinese balloon"): counted apart
        tally.shown_other_form += sum(1 for text, quoted in shown if any(missing(text, quoted, as_written=True)))
        timings = service.model.timings if service.model is not None else None
        if timings and timings.get("prompt_n"):
            tally.prompt_read.append(timings["prompt_n"])
            tally.prompt_read_per_s.append(timings.get("prompt_per_second") or 0.0)
            if timings.get("predicted_per_second"):
                tally.writing_per_s.append(timings["predicted_per_second"])
        if first is not None:
            tally.first_token_s.append(first)
            if elapsed > first:
                tally.tokens_per_s.append(drafts / (elapsed - first))  # streamed pieces are tokens
    return answer


def gold(service) -> dict[str, Tally]:  # type: ignore[no-untyped-def]
    from tests.test_gold import GOLD, cites_fact

    tallies = {}
    model = service.model
    for mode, use in (("extractive", None), ("written", model)):
        service.model = use
        tally = Tally()
        for item in tqdm(GOLD["answerable"], desc=f"gold {mode}", disable=None, leave=False, file=sys.stderr):
            tally.right += cites_fact(service, ask(service, str(item["question"]), None, tally), item)
        unanswerable = Tally()
        for item in GOLD["unanswerable"]:
            ask(service, str(item["question"]), None, unanswerable)
        tally.refused = unanswerable.refused  # refusals are counted on the unanswerable questions only
        tallies[mode] = tally
    return tallies


def news(service, year, limit: int,  # type: ignore[no-untyped-def]
         answers: list[Json] | None = None, skip: int = 0) -> dict[str, Tally]:
    """Both modes on ``limit`` of the year's questions after the first ``skip``; each answer appended to
    ``answers`` when given."""
    questions = year.questions[skip:skip + limit] if limit else year.questions[skip:]
    tallies = {}
    model = service.model
    for mode, use in (("extractive", None), ("written", model)):
        service.model = use
        tally = Tally()
        for q in tqdm(questions, desc=f"news {year.year} {mode}", disable=None, leave=False, file=sys.stderr):
            answer = ask(service, q.question, q.date, tally)
            quotes = [c.quote for c in answer.citations]
            right = q.right(answer.answer, quotes)
            tally.right += right
            if answers is not None:
                answers.append({"mode": mode, "id": q.id, "question": q.question, "correct": q.answer,
                                "right": bool(right), "shown_mode": answer.mode, "answer": answer.answer,
                                "quotes": quotes,
                                "sentences": [{"text": s.text, "verified": s.verified, "reason": s.reason}
                                              for s in answer.sentences]})
        tallies[mode] = tally
    return tallies


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.llm", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--news-year", default="2024", help="RealTime QA year (its index must be cached); '' to skip")
    parser.add_argument("--limit", type=int, default=100, help="RealTime QA questions asked (0: all)")
    parser.add_argument("--skip", type=int, default=0, help="RealTime QA questions skipped first (in date order)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--model", help="a GGUF file instead of the shipped model")
    parser.add_argument("--no-gold", action="store_true", help="only the RealTime QA questions")
    parser.add_argument("--out", type=Path, default=Path("docs/bench-llm.json"))
    parser.add_argument("--cache", type=Path, default=None, help="where `make bench-news` keeps the years' indexes")
    parser.add_argument("--answers", type=Path, default=None, help="write every RealTime QA answer of both modes here")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bench.news import COLLECTION
    from bench.news_data import CACHE, load_year
    from index.embedding import load_embedder
    from qa import Service, Settings
    from qa.llm import open_model
    from qa.prompt import opening
    from tests.conftest import SEEDS, make_service

    results: Json = {"model": args.model or "shipped Qwen2.5-Coder-1.5B-Instruct Q4_K_M", "cpus": os.cpu_count()}
    folders: list[Path] = []
    if args.news_year:  # checked before the gold part: a wrong --data or a missing index failed after it had run
        year = load_year(args.data, args.news_year)
        folders = sorted((args.cache or CACHE).glob(f"news-{args.news_year}-{year.key('ours')}/data"))
        if not folders:
            raise SystemExit(f"no cached index of {args.news_year}: run `make bench-news NEWS_YEARS={args.news_year}`")
    model = open_model("local", model=args.model, timeout_s=120, data_dir=Path("data"))
    model.read_ahead(opening())  # as a service opened with it does: every question is read from this opening
    if not args.no_gold:
        with tempfile.TemporaryDirectory() as tmp:
            service = make_service(Path(tmp), load_embedder(None), model=model, model_budget_s=120)
            service.index([SEEDS])
            results["gold"] = {mode: t.figures() for mode, t in gold(service).items()}
            service.model = None  # the model outlives this service: the RealTime QA questions use it next
            service.close()
        print(json.dumps(results["gold"], indent=1), file=sys.stderr)
    if args.news_year:
        service = Service.open(Settings(data_dir=folders[0], collection=COLLECTION))
        service.model, service.model_budget_s = model, 120
        answers: list[Json] | None = [] if args.answers else None  # kept only when they are to be written
        tallies = news(service, year, args.limit, answers, args.skip)
        results[f"news_{args.news_year}"] = {"limit": args.limit, "skip": args.skip,
                                             **{m: t.figures() for m, t in tallies.items()}}
        if answers is not None:
            args.answers.write_text(json.dumps(answers, indent=1) + "\n")
        print(json.dumps(results[f"news_{args.news_year}"], indent=1), file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
