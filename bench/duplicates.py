"""How well ``qa.duplicates`` finds syndicated copies, on a real archive: a RealTime QA year's cached index
(`make bench-news` builds it).

Copies: stored articles of that year as another outlet would republish them: a different headline line, a
credit line added at the end ("This story was first published by ..."), and, at the heavier edit, one word in
every 100 changed. Distinct articles: articles of another year, not in the index. Prints the share of copies
found (and found as the right article), the share of distinct articles taken for a copy, and the time per
check.

    python -m bench.duplicates --year 2024 --other 2023 --n 200 --out docs/bench-duplicates.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from bench.archive_data import DEFAULT_DIR
from index.models import Article


def copy_of(text: str, every: int) -> str:
    """``text`` republished: another headline, a credit line, and (``every`` > 0) one word in ``every`` changed."""
    lines = text.splitlines()
    body = "\n".join(["Wire report: " + (lines[0] if lines else ""), *lines[1:],
                      "This story was first published by the Example Wire service."])
    if every:
        words = body.split(" ")
        body = " ".join("also" if i % every == every // 2 else w for i, w in enumerate(words))
    return body


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.duplicates", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", default="2024")
    parser.add_argument("--other", default="2023", help="a year whose articles are not in the index")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--out", type=Path, default=Path("docs/bench-duplicates.json"))
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bench.news import COLLECTION
    from bench.news_data import CACHE, load_year
    from qa import Service, Settings
    from qa.duplicates import near_duplicate

    year = load_year(args.data, args.year)
    folders = sorted(CACHE.glob(f"news-{args.year}-{year.key('ours')}/data"))
    if not folders:
        raise SystemExit(f"no cached index of {args.year}: run `make bench-news NEWS_YEARS={args.year}`")
    service = Service.open(Settings(data_dir=folders[0], collection=COLLECTION))
    rng = random.Random(7)
    stored = [d for d in service.documents() if d.sentences >= 10]
    sample = rng.sample(stored, min(args.n, len(stored)))
    held = {a.text.strip() for a in year.articles}
    others = [a for a in load_year(args.data, args.other).articles if a.text.strip() not in held]
    distinct = rng.sample(others, min(args.n, len(others)))
    results: dict[str, object] = {"year": args.year, "stored_documents": len(stored), "copies": len(sample),
                                  "distinct": len(distinct)}
    seconds: list[float] = []

    def check(text: str, origin: str) -> str | None:
        started = time.perf_counter()
        found = near_duplicate(service, Article(text, origin=origin))
        seconds.append(time.perf_counter() - started)
        return found

    for every in (0, 100):
        hits = right = 0
        for doc in sample:
            found = check(copy_of(service.document(doc.id)[1], every), f"https://copies.example/{doc.id}")
            hits += found is not None
            right += found == doc.id
        results[f"copies_found_edit_{every}"] = hits / len(sample)
        results[f"copies_found_as_the_original_edit_{every}"] = right / len(sample)
    false = sum(check(a.text, f"https://other.example/{a.id}") is not None for a in distinct)
    results["distinct_taken_for_copies"] = false / len(distinct) if distinct else None
    results["check_ms_p50"] = round(statistics.median(seconds) * 1000, 1)
    results["check_ms_p95"] = round(sorted(seconds)[int(0.95 * (len(seconds) - 1))] * 1000, 1)
    print(json.dumps(results, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    service.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
