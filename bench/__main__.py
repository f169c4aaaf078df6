"""`make bench`: this service beside the textbook llama-index pipeline on Chroma's chunking benchmark.

Prints one table and writes JSON. ``--quick`` runs a small subset (two small
corpora, a few questions each) in well under a minute; the test suite runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

from bench.data import DEFAULT_DIR, load_benchmark
from bench.ours import run_service
from bench.runs import RunResult
from bench.serving import measure_server
from bench.textbook import run_textbook
from index.embedding import load_embedder
from index.precision import PRECISIONS

QUICK_CORPORA = ["chatlogs", "state_of_the_union"]
QUICK_QUESTIONS = 8


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR, help="the benchmark folder (questions_df.csv, corpora/)")
    parser.add_argument("--out", type=Path, default=Path("bench-results.json"), help="where to write the JSON results")
    parser.add_argument("--quick", action="store_true", help="a small subset, for the test suite")
    parser.add_argument("--no-server", action="store_true", help="skip the `qa serve` measurements")
    parser.add_argument("--chunk-tokens", type=int, default=128, help="this service's chunk size in model tokens")
    parser.add_argument("--precision", choices=PRECISIONS, default="auto",
                        help="this service's embedding arithmetic (QA_EMBED_PRECISION); the textbook runs as shipped")
    return parser


def machine() -> dict[str, object]:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal"))
    return {"cpu": model, "cores": os.cpu_count(), "memory_gb": round(memory_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "os": platform.platform()}


def run(args: argparse.Namespace) -> dict[str, object]:
    bench = (load_benchmark(args.data, QUICK_CORPORA, QUICK_QUESTIONS) if args.quick else load_benchmark(args.data))
    embedder = load_embedder(None, args.precision)
    # model tokens of the corpus text, counted line by line (the tokenizer warns on whole files)
    tokens = sum(sum(embedder.count_tokens(bench.text(c).splitlines())) for c in bench.corpora)
    runs: list[RunResult] = []
    server: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        work = Path(tmp)
        steps = len(bench.corpora) * 3 + len(bench.questions) * 3
        with tqdm(total=steps, desc="bench", unit="step", file=sys.stderr, disable=None) as bar:
            ours, _ = run_service(bench, embedder, work / "ours", tokens, bar.update, args.chunk_tokens)
            runs.append(ours)
            runs.append(run_textbook(bench, embedder.model_path, work / "textbook-default", tokens,
                                     "textbook (defaults: 1024/200)", tick=bar.update))
            runs.append(run_textbook(bench, embedder.model_path, work / "textbook-256", tokens,
                                     "textbook (256 tokens, no overlap)", 256, 0, tick=bar.update))
        if not args.no_server:
            questions = [q.text for q in bench.questions]
            server = measure_server(work / "ours", "bench", questions, precision=args.precision).as_dict()
    return {"machine": machine(), "questions": len(bench.questions), "corpora": sorted(bench.corpora),
            "precision": "bfloat16" if embedder.bfloat16 else "float32",
            "runs": [r.as_dict() for r in runs], "server": server, "ratios": ratios(runs)}


def ratios(runs: Sequence[RunResult]) -> dict[str, float]:
    ours, textbooks = runs[0], runs[1:]
    best_iou = max(r.scores.iou for r in textbooks)
    at_256 = textbooks[-1]
    return {
        "iou_vs_best_textbook": ours.scores.iou / best_iou if best_iou else 0.0,
        "tokens_per_second_vs_textbook_256": (ours.tokens_per_second / at_256.tokens_per_second
                                              if at_256.tokens_per_second else 0.0),
    }


def table(results: dict[str, object]) -> str:
    lines = ["| pipeline | recall@5 | precision@5 | IoU@5 | chunks | ingest s | chunks/s | tokens/s | retrieve p50 ms | p95 ms |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results["runs"]:  # type: ignore[attr-defined]
        lines.append(f"| {r['name']} | {r['recall']:.3f} | {r['precision']:.4f} | {r['iou']:.4f} | {r['chunks']} | "
                     f"{r['ingest_seconds']:.1f} | {r['chunks_per_second']:.1f} | {r['tokens_per_second']:.0f} | "
                     f"{r['retrieve_p50_ms']:.1f} | {r['retrieve_p95_ms']:.1f} |")
    ratio = results["ratios"]
    lines.append("")
    lines.append(f"IoU@5 vs the better textbook run: {ratio['iou_vs_best_textbook']:.2f}x; "  # type: ignore[index]
                 f"ingest tokens/s vs textbook at 256: {ratio['tokens_per_second_vs_textbook_256']:.2f}x")  # type: ignore[index]
    server = results["server"]
    if server:
        lines.append(
            f"server: ready {server['serve_to_ready_seconds']:.1f} s after `qa serve`; /api/ask warm p50/p95 "  # type: ignore[index]
            f"{server['ask_c1_p50_ms']:.0f}/{server['ask_c1_p95_ms']:.0f} ms at concurrency 1, "  # type: ignore[index]
            f"{server['ask_c8_p50_ms']:.0f}/{server['ask_c8_p95_ms']:.0f} ms at 8; peak RSS "  # type: ignore[index]
            f"{server['server_peak_rss_mb']:.0f} MB; {server['errors']} errors")  # type: ignore[index]
    m = results["machine"]
    lines.append(f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}; "  # type: ignore[index]
                 f"this service embedded in {results['precision']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    os.environ["HF_HUB_OFFLINE"] = "1"
    results = run(args)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    print(f"\nresults written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
