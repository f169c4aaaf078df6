"""`qa index`: files, folders and web pages in, with a progress bar, in one process or in worker processes one
after another (``api.index_workers``); what was done printed (one JSON line per worker for the process that
started it)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from api.index_workers import index_in_workers
from api.progress import progress_bar
from index.ingest import IngestReport
from index.loaders import SUPPORTED_SUFFIXES, find_files, unsupported_files
from index.parts import WHOLE
from index.web import is_url
from qa import InvalidDocument, Service, Settings

UNSUPPORTED_LISTED = 5  # files of other types named after `qa index`; the rest are counted
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def _urls_and_paths(names: Sequence[str]) -> tuple[list[str], list[Path]]:
    """`qa index`'s arguments: web pages (http and https) and files or folders; another scheme is an error (as a
    path, "ftp://host/x" would be looked for as the file "ftp:/host/x")."""
    for name in names:
        if _SCHEME.match(name) and not is_url(name):
            raise InvalidDocument(f"{name}: only http and https addresses can be indexed")
    return [n for n in names if is_url(n)], [Path(n) for n in names if not is_url(n)]


def run_index(service: Service, args: argparse.Namespace) -> int:
    if args.if_empty and service.counts()[0] > 0:
        return _index_done(args, skipped=f"index already has {service.counts()[0]} documents; nothing to do")
    names = args.paths
    if args.worker:  # its files and pages, in order; it stops once it has begun a new part of the chunks
        names = [line for line in args.files_from.read_text(encoding="utf-8").splitlines() if line]
    urls, paths = _urls_and_paths(names)
    done = _WorkerProgress() if args.worker else None
    with _index_progress(args) as (advance, set_total, embedding), service.embedder.own_thread(on_batch=embedding):
        report = service.index(paths, prune=args.prune, progress=done or advance, on_total=set_total, urls=urls,
                               stop=(lambda: len(service.store.parts_written) > 1) if args.worker else None)
        if args.prune_under and done is not None and done.files == len(names):
            report.removed = service.prune(args.prune_under)
    return _index_done(args, report)


@contextmanager
def _index_progress(args: argparse.Namespace) -> Iterator[tuple[Callable[[int], object], Callable[[int], None],
                                                               Callable[[int, int], None]]]:
    """`qa index`'s progress bar; stopped by Ctrl-C, the run says how far it got and how to go on (a worker
    says nothing: the process that started it does)."""
    done, total = 0, 0

    with progress_bar("doc", quiet=args.json or args.worker) as bar:
        def counted(files: int) -> None:
            nonlocal done
            done += files
            bar.advance(files)

        def counted_total(files: int) -> None:
            nonlocal total
            total = files
            bar.set_total(files)

        try:
            yield counted, counted_total, bar.embedding
        except KeyboardInterrupt:
            if not args.worker:
                print(f"stopped after {done} of {total} files and pages; what they hold is stored, and the same "
                      f"`qa index` again goes on from there (what is stored is skipped as unchanged)", file=sys.stderr)
            raise


class _WorkerProgress:
    """A worker's progress, for the process that started it: files handled, as JSON lines."""

    def __init__(self) -> None:
        self.files = 0

    def __call__(self, files: int) -> None:
        self.files += files
        print(json.dumps({"done": files}), flush=True)


def _index_done(args: argparse.Namespace, report: IngestReport | None = None, skipped: str = "") -> int:
    """Print what `qa index` did (as a worker: one JSON line for the process that started it)."""
    failed = 1 if report is not None and (report.failed or report.interrupted) else 0
    if args.worker:
        print(json.dumps({"skipped": skipped} if skipped else {"report": dataclasses.asdict(report)}), flush=True)
        return failed
    if skipped:
        print(skipped)
        return 0
    other = unsupported_files(_urls_and_paths(args.paths)[1])
    if args.json:
        print(json.dumps({**dataclasses.asdict(report), "unsupported": list(map(str, other))}, indent=2,
                         ensure_ascii=False))
    else:
        for name, message in report.failed:
            print(f"skipped {name}: {message}", file=sys.stderr)
        for name, copy in report.duplicates:
            if not name.startswith(("http://", "https://")):  # a page's copy is listed by its article's also_at
                print(f"not stored again {name}: its text is document {copy}'s, uploaded before", file=sys.stderr)
        if other:
            listed = ", ".join(map(str, other[:UNSUPPORTED_LISTED]))
            more = f" and {len(other) - UNSUPPORTED_LISTED} more" if len(other) > UNSUPPORTED_LISTED else ""
            print(f"not indexed, {len(other)} file{'s' if len(other) != 1 else ''} of other types than "
                  f"{', '.join(SUPPORTED_SUFFIXES)}: {listed}{more}", file=sys.stderr)
        print(f"indexed: {report.summary()}")
        if not (report.added or report.updated or report.unchanged or report.failed or report.duplicates
                or report.removed):
            print(f"nothing to index: no {', '.join(SUPPORTED_SUFFIXES)} files under {' '.join(args.paths)}",
                  file=sys.stderr)
    return failed


def index_in_workers_if_many(settings: Settings, args: argparse.Namespace) -> int | None:
    """`qa index` of more files than ``QA_INDEX_WORKER_FILES``, in worker processes (``api.index_workers``): each
    until it begins a new part of the chunks, or of that many files with one collection; None when one process
    does it all."""
    if args.worker or not settings.index_worker_files:
        return None
    urls, roots = _urls_and_paths(args.paths)
    names = [*map(str, find_files(roots, missing_ok=args.prune)), *urls]
    if len(names) <= settings.index_worker_files:
        return None
    in_parts = settings.chunk_part_size() < WHOLE
    with _index_progress(args) as (advance, set_total, _):
        set_total(len(names))
        started = time.perf_counter()
        report = index_in_workers(names, per_worker=None if in_parts else settings.index_worker_files,
                                  roots=roots, prune=args.prune, if_empty=args.if_empty, advance=advance)
    if isinstance(report, str):
        return _index_done(args, skipped=report)
    report.seconds = time.perf_counter() - started
    return _index_done(args, report)
