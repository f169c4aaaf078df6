"""What running writes below the questions' priority buys (``api.write_threads``), in one process.

    python -m bench.write_priority [--seconds 6] [--askers 1,2,4] [--out FILE]

With one torch thread per call (as in `qa serve`), ``askers`` threads embed
a question at a time and do a little interpreter work, as a question does,
while one more thread embeds a 60-sentence article again and again, as an
upload does: first with no upload (the baseline), then with the upload's thread at the
process's priority, then ``WRITE_NICE`` levels below it. Reports each
question's p50/p95 and the uploads made, per run; the ratios are against
the baseline of the same asker count in the same process.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from api.write_threads import WRITE_NICE, lower_priority
from bench.__main__ import machine
from index.embedding import Embedder, load_embedder, set_threads

QUESTION = "How much will a single crossing on the Kalovik ferry cost from next month?"
ARTICLE = ["The harbour authority said on Tuesday that the ferry fares would rise next month, and officials said "
           "the fare would be reviewed after a year."] * 60


def _run(embedder: Embedder, askers: int, upload: str, seconds: float) -> dict[str, Any]:
    stop, latencies, uploads = threading.Event(), [[] for _ in range(askers)], [0]

    def ask(out: list[float]) -> None:
        while not stop.is_set():
            started = time.perf_counter()
            embedder.embed([QUESTION])
            sum(i * i for i in range(20_000))  # a question's own interpreter work (its evidence, its answer)
            out.append((time.perf_counter() - started) * 1000)

    def write() -> None:
        if upload == "lowered":
            lower_priority()
        while not stop.is_set():
            embedder.embed(ARTICLE)
            uploads[0] += 1

    threads = [threading.Thread(target=ask, args=(out,)) for out in latencies]
    threads += [threading.Thread(target=write)] if upload != "none" else []
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    ms = sorted(sum(latencies, []))
    return {"askers": askers, "upload": upload, "questions": len(ms), "p50_ms": ms[len(ms) // 2],
            "p95_ms": ms[int(len(ms) * 0.95)], "uploads": uploads[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.write_priority", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=6.0, help="each run's length")
    parser.add_argument("--askers", default="1,2,4", help="question threads, comma-separated")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here too")
    args = parser.parse_args(argv)
    set_threads(1)
    embedder = load_embedder(None)
    embedder.embed([QUESTION, *ARTICLE[:4]])  # warm
    rows = []
    for askers in (int(n) for n in args.askers.split(",")):
        runs = [_run(embedder, askers, upload, args.seconds) for upload in ("none", "same priority", "lowered")]
        for run in runs:
            run["p95_vs_no_upload"] = round(run["p95_ms"] / runs[0]["p95_ms"], 2)
            print(f"{askers} askers, upload {run['upload']:>13}: {run['questions']:4d} questions, p50/p95 "
                  f"{run['p50_ms']:.1f}/{run['p95_ms']:.1f} ms ({run['p95_vs_no_upload']}x), {run['uploads']} uploads")
        rows += runs
    if args.out:
        args.out.write_text(json.dumps({"machine": machine(), "write_nice": WRITE_NICE, "seconds": args.seconds,
                                        "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
