"""`make bench-archive`: this service at archive scale, on the RealTime QA articles (2022-2024).

For each size (articles taken as bench/archive_data.py describes) and backend
(embedded Chroma, or a real `chroma run` server with two `qa serve` workers),
through the service's public surface only (`qa index`, `qa serve`, HTTP):
ingest time and rates, the indexer's peak RSS, data on disk, `qa serve` to
ready and to its first answer, API RSS, /api/ask and /api/search p50/p95 at
concurrency 1 and 8, freshness of an upload under load, and RealTime QA's
answer quality. On the first size the textbook llama-index ingestion runs on
the same articles for a tokens/s ratio. Prints one table row per size and
backend, writes JSON (rewritten after every row) and a PNG plot.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

import httpx
from tqdm import tqdm

from bench.__main__ import machine
from bench.archive_data import DEFAULT_DIR, ArchiveArticle, ArchiveQuestion, count_tokens, load_archive, parse_sizes, \
    articles_by_text, write_markdown
from bench.archive_http import DocumentTexts, Json, Workers, accepts_as_of, ask_body, freshness, latency_figures, score, timed
from bench.archive_folders import PARTS, articles_folder, index_folder, ingest, ingest_figures
from bench.archive_plot import plot
from bench.archive_procs import count_chunks, disk_mb, memory_mb
from bench.archive_textbook import textbook_ingest
from bench.serving import run_chroma_server, run_qa_server

WARMUP = 5
CONCURRENCIES = (1, 8)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.archive", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,all",
                        help="article counts, comma-separated; 'all' = every distinct article")
    parser.add_argument("--backend", choices=("embedded", "server", "both"), default="embedded")
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR, help="the RealTime QA folder")
    parser.add_argument("--out", type=Path, default=Path("bench-archive.json"), help="where to write the JSON results")
    parser.add_argument("--plot", type=Path, default=Path("docs/bench-archive.png"), help="where to write the plot")
    parser.add_argument("--append", action="store_true",
                        help="keep the rows (and textbook run) of an earlier --out file and add this run's to them, "
                             "so sizes and backends measured in separate runs share one table and plot")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep each size's index (data folder, and Chroma's for the server) in "
                             "KEEP/<size>-<backend> for later inspection, instead of a temporary folder removed "
                             "after its row")
    parser.add_argument("--resume", action="store_true",
                        help="with --keep: a row whose kept index an earlier run left unfinished (stopped while "
                             "`qa index` ran, or before its row was written) is continued, not refused: `qa index` "
                             "runs again on the same article files (it skips the articles already stored) and the "
                             "row's ingest time is the sum of the runs, its indexer peak their maximum")
    parser.add_argument("--fresh-trials", type=int, default=5, metavar="N",
                        help="uploads in the freshness check (and as many windows of the same load without one); "
                             "more give the p95 of the questions asked during them more questions")
    parser.add_argument("--no-textbook", action="store_true",
                        help="skip the textbook llama-index ingestion (its tokens/s ratio is then not given)")
    return parser


def run_backend(backend: str, folder: Path, articles: Sequence[ArchiveArticle], questions: Sequence[ArchiveQuestion],
                tokens: int, keep: Path | None = None, label: str = "", resume: bool = False,
                fresh_trials: int = 5) -> Json:
    """One row: index ``folder`` on ``backend``, serve it, load it, score it (when ``questions`` is not empty)."""
    row: Json = {"backend": backend, "articles": len(articles), "questions": len(questions), "tokens": tokens,
                 "errors": 0}
    key = secrets.token_hex(16)
    with ExitStack() as stack:
        tmp, parts = index_folder(stack, keep, f"{label or len(articles)}-{backend}", resume)
        data, chroma = Path(tmp) / "data", Path(tmp) / "chroma"
        data.mkdir(exist_ok=bool(parts))
        settings = {"QA_DATA_DIR": str(data), "QA_COLLECTION": "archive", "QA_API_KEY": key}
        if backend == "server":
            settings["QA_CHROMA_URL"] = stack.enter_context(run_chroma_server(chroma))
        report = ingest(Path(tmp), folder, settings, f"qa index {len(articles)} articles ({backend})", parts)
        parts = json.loads((Path(tmp) / PARTS).read_text())
        figures = ingest_figures(parts)
        seconds = figures["ingest_seconds"]
        chunks = report.get("chunks") if len(parts) == 1 or not report else count_chunks(settings)
        row.update({**figures, "articles_per_second": len(articles) / seconds, "tokens_per_second": tokens / seconds,
                    "indexer_exit": parts[-1].get("returncode"), "indexer_reported_seconds": report.get("seconds"),
                    "chunks": chunks, "index_failed": len(report.get("failed") or []),
                    "disk_mb": disk_mb(data, chroma), "derived_mb": disk_mb(data / "derived")})
        if parts[-1].get("error"):
            row["error"] = f"qa index: {parts[-1]['error']}"
        if not report:
            return row
        try:
            row.update(_serve_and_measure(stack, settings, key, 2 if backend == "server" else 1, articles, questions,
                                          fresh_trials))
        except (RuntimeError, httpx.HTTPError) as exc:
            row["error"] = f"{row.get('error', '')} serve: {exc}".strip()
    return row


def _serve_and_measure(stack: ExitStack, settings: dict[str, str], key: str, n_workers: int,
                       articles: Sequence[ArchiveArticle], scored: Sequence[ArchiveQuestion],
                       fresh_trials: int = 5) -> Json:
    questions = scored or _unscored(articles)
    clients, processes, started = [], [], []
    for _ in range(n_workers):  # one after the other: each worker's start and first answer on an idle machine
        base, process, ready = stack.enter_context(run_qa_server(settings))
        client = stack.enter_context(httpx.Client(base_url=base, timeout=300))
        first_ms, first = Workers([client]).post(0, "/api/ask", ask_body(questions[0], False))
        clients.append(client)
        processes.append(process)
        started.append({"ready_seconds": ready, "first_answer_ms": first_ms, "first_answer_ok": first is not None})
    workers = Workers(clients)
    as_of = accepts_as_of(clients[0])
    asks = [ask_body(q, as_of) for q in questions]
    searches: list[Json] = [{"query": q.question} for q in questions]
    timed(workers, "/api/ask", (asks * WARMUP)[:WARMUP], 1, "warm-up")
    timed(workers, "/api/search", (searches * WARMUP)[:WARMUP], 1, "warm-up")
    out: Json = {"as_of_sent": as_of, "ready_seconds": max(s["ready_seconds"] for s in started),
                 "first_answer_ms": max(s["first_answer_ms"] for s in started)}
    errors = sum(1 for s in started if not s["first_answer_ok"])
    answers: list[Json | None] = []
    for path, name, bodies in (("/api/ask", "ask", asks), ("/api/search", "search", searches)):
        for concurrency in CONCURRENCIES:
            latencies, responses = timed(workers, path, bodies, concurrency, f"{name} c{concurrency}")
            out.update(latency_figures(f"{name}_c{concurrency}", latencies, responses))
            errors += sum(1 for r in responses if r is None)
            answers = responses if (name, concurrency) == ("ask", 1) else answers
    if scored:
        article_of_text = articles_by_text(articles)
        out.update(score(DocumentTexts(clients[0]), scored, answers, article_of_text))
    out.update(freshness(workers, asks, key, trials=fresh_trials))
    memory = [memory_mb(p.pid) for p in processes]
    out.update({"api_rss_mb": max(m["rss_mb"] for m in memory),
                "api_peak_rss_mb": max(m["peak_rss_mb"] for m in memory),
                "workers": [{**s, **m} for s, m in zip(started, memory)],
                "errors": errors + int(out["freshness_errors"])})
    return out


def _unscored(articles: Sequence[ArchiveArticle]) -> list[ArchiveQuestion]:
    """When no question is fully covered (a tiny size): questions made from titles, for latency only."""
    return [ArchiveQuestion("unscored", "", f"What happened: {a.title}?", "", (), frozenset(), ())
            for a in articles[:20]]


def run(args: argparse.Namespace) -> Json:
    backends = ["embedded", "server"] if args.backend == "both" else [args.backend]
    with tqdm(desc="loading the archive", file=sys.stderr, disable=None, bar_format="{desc}: {elapsed}"):
        archive = load_archive(args.data)
    sizes = parse_sizes(args.sizes, len(archive.articles))
    largest, _ = archive.subset(max(n for _, n in sizes))
    with tqdm(total=len(largest), desc="counting tokens", unit="article", file=sys.stderr, disable=None) as bar:
        token_counts = count_tokens(largest, bar.update)
    precision = os.environ.get("QA_EMBED_PRECISION", "auto")
    results: Json = {"machine": {**machine(), "cpu_bf16": _cpu_bf16(), "embed_precision": precision},
                     "data": str(args.data),
                     "distinct_articles": len(archive.articles), "questions": len(archive.questions),
                     "sizes": [label for label, _ in sizes], "backends": backends, "rows": [], "textbook": None}
    if args.append and args.out.is_file():
        earlier = json.loads(args.out.read_text())
        results.update(rows=earlier["rows"], textbook=earlier["textbook"], sizes=earlier["sizes"] + results["sizes"],
                       backends=sorted(set(earlier["backends"]) | set(backends)))
    rows: list[Json] = results["rows"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for label, size in sizes:
        articles, questions = archive.subset(size)
        tokens = sum(token_counts[a.id] for a in articles)
        with ExitStack() as stack:
            folder = articles_folder(stack, args.keep, label, args.resume)
            with tqdm(total=len(articles), desc=f"writing {label} articles", unit="file", file=sys.stderr,
                      disable=None, leave=False) as bar:
                write_markdown(articles, folder, bar.update)  # the same files again on --resume
            if results["textbook"] is None and not args.no_textbook:
                with tempfile.TemporaryDirectory(prefix="qa-archive-textbook-") as textbook_dir:
                    results["textbook"] = {"size": label, **textbook_ingest(articles, Path(textbook_dir), tokens)}
            for backend in backends:
                started = time.perf_counter()
                row = {"size": label, **run_backend(backend, folder, articles, questions, tokens, args.keep, label,
                                                    args.resume, args.fresh_trials)}
                row["phase_seconds"] = time.perf_counter() - started
                rows.append(row)
                print(table_row(row), file=sys.stderr)
                results["tokens_per_second_vs_textbook"] = _ratios(results)
                args.out.write_text(json.dumps(results, indent=2) + "\n")
    return results


def _cpu_bf16() -> str:
    """The CPU's bfloat16 ("amx", "avx512" or "none"; ``auto`` embeds in bfloat16 on AMX, and on AVX512-BF16
    alone only where it times faster: see index/embedding.py)."""
    from index.precision import native_bfloat16

    return native_bfloat16() or "none"


def _ratios(results: Json) -> dict[str, float]:
    """Ours / textbook ingest tokens/s on the textbook's articles, per backend."""
    textbook: Json | None = results["textbook"]
    if textbook is None:  # --no-textbook
        return {}
    rows: list[Json] = results["rows"]
    return {str(r["backend"]): float(r["tokens_per_second"]) / float(textbook["tokens_per_second"])
            for r in rows if r["size"] == textbook["size"] and r.get("tokens_per_second")}


COLUMNS = ["size", "backend", "articles", "scored q", "ingest s", "articles/s", "tokens/s", "indexer peak MB",
           "disk MB", "ready s", "first answer ms", "API RSS / peak MB", "ask c1 p50/p95 ms", "ask c8 p50/p95 ms",
           "search c1 p50/p95 ms", "search c8 p50/p95 ms", "fresh s", "fresh errors", "ask p95 before/during fresh ms",
           "right", "cited", "exact", "errors"]


def _f(value: object, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table_row(r: Json) -> str:
    def pair(a: str, b: str, digits: int = 0) -> str:
        return f"{_f(r.get(a), digits)}/{_f(r.get(b), digits)}"

    runs = f" ({r['ingest_runs']} runs)" if r.get("ingest_runs", 1) > 1 else ""
    cells = [r["size"], r["backend"], r["articles"], r["questions"], _f(r.get("ingest_seconds"), 1) + runs,
             _f(r.get("articles_per_second"), 1), _f(r.get("tokens_per_second")), _f(r.get("indexer_peak_rss_mb")),
             _f(r.get("disk_mb")), _f(r.get("ready_seconds"), 1), _f(r.get("first_answer_ms")),
             pair("api_rss_mb", "api_peak_rss_mb"), pair("ask_c1_p50_ms", "ask_c1_p95_ms"),
             pair("ask_c8_p50_ms", "ask_c8_p95_ms"), pair("search_c1_p50_ms", "search_c1_p95_ms"),
             pair("search_c8_p50_ms", "search_c8_p95_ms"), _f(r.get("freshness_seconds"), 2),
             _f(r.get("freshness_errors")), pair("freshness_p95_before_ms", "freshness_p95_during_ms"),
             _f(r.get("right"), 2), _f(r.get("cited"), 2), _f(r.get("exact"), 2), _f(r.get("errors"))]
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(results: Json) -> str:
    rows: list[Json] = results["rows"]
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)] + [table_row(r) for r in rows]
    lines += [f"error ({r['size']}, {r['backend']}): {r['error']}" for r in rows if r.get("error")]
    textbook: Json | None = results["textbook"]
    if textbook:
        ratios = ", ".join(f"{backend} {ratio:.2f}x"
                           for backend, ratio in results.get("tokens_per_second_vs_textbook", {}).items())
        lines.append(f"\ntextbook llama-index (256 tokens, no overlap) on the {textbook['size']} articles: "
                     f"{textbook['tokens_per_second']:.0f} tokens/s ({textbook['ingest_seconds']:.1f} s, "
                     f"{textbook['chunks']} chunks); ours/textbook tokens/s: {ratios or '-'}")
    m: Json = results["machine"]
    lines.append(f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}, "
                 f"bfloat16 in the CPU: {m['cpu_bf16']}, QA_EMBED_PRECISION={m.get('embed_precision', 'auto')}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.fresh_trials < 1:
        parser.error(f"--fresh-trials must be at least 1, not {args.fresh_trials}")
    os.environ["HF_HUB_OFFLINE"] = "1"
    # stopped (a session's end, `kill`): stop the `qa index`, `qa serve` and `chroma run` it started too
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = run(args)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    m: Json = results["machine"]
    plot(results["rows"], args.plot,
         f"bench-archive: RealTime QA articles; {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB")
    print(table(results))
    print(f"\nresults written to {args.out}, plot to {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
