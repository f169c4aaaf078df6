"""The ``qa`` command: index, ask, search, serve, docs, feeds, reindex-lexical, repair.

An edge like the HTTP API: it parses arguments, builds Settings and the
Service, and prints. Human output by default, ``--json`` for machines. A user
error prints one line and exits 1, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from api import feeds_cli, read_cli
from api.index_cli import index_in_workers_if_many, run_index
from api.progress import progress_bar
from index.heap import limit_arenas, return_freed_blocks
from index.writer_lock import hold_writer_lock
from qa import InvalidDocument, QAError, Service, Settings
from qa.inputs import MAX_K


class _Parser(argparse.ArgumentParser):
    """argparse with the project's user-error contract: one line and exit code 1 (argparse's own is 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"error: {message} (see {self.prog} --help)\n")

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        """As argparse's, but an unknown option is reported by the command it was given to ("see qa ask --help";
        a user trial was sent to `qa --help`)."""
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            parser: argparse.ArgumentParser = self
            while True:
                commands = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
                chosen = getattr(parsed, commands.dest, None) if commands else None
                if commands is None or chosen not in commands.choices:
                    break
                parser = commands.choices[chosen]
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        return parsed


def _count(least: int, most: int | None = None) -> Any:
    """An argparse type: a whole number of at least ``least`` (and at most ``most``), or a usage error saying so."""
    def parse(text: str) -> int:
        if not text.strip().isdigit() or int(text) < least or (most is not None and int(text) > most):
            bounds = f"from {least} to {most}" if most is not None else f"of at least {least}"
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number {bounds}")
        return int(text)
    return parse


_positive, _not_negative, _k = _count(1), _count(0), _count(1, MAX_K)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="qa", description="Cited answers over news articles.")
    sub = parser.add_subparsers(dest="command", required=True)

    index = sub.add_parser("index", help="index .txt, .md and .html files and web pages by URL (idempotent)")
    index.add_argument("paths", nargs="*", default=[],
                       help="files, folders and http(s) URLs of pages to index (default: seeds)")
    index.add_argument("--prune", action="store_true", help="remove documents whose files under PATHS are gone")
    index.add_argument("--if-empty", action="store_true", help="do nothing when the index already has documents")
    index.add_argument("--json", action="store_true", help="print the report as JSON")
    # a worker of a large `qa index` (api/index_workers.py): its files listed in a file, its report as JSON lines
    index.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    index.add_argument("--files-from", type=Path, default=None, help=argparse.SUPPRESS)
    index.add_argument("--prune-under", nargs="+", type=Path, default=None, help=argparse.SUPPRESS)

    serve = sub.add_parser("serve", help="serve the HTTP API and the chat page")
    serve.add_argument("--host", default=None, help="address to listen on (default: QA_HOST)")
    serve.add_argument("--port", type=_count(1, 65535), default=None, help="port to listen on (default: QA_PORT)")

    sub.add_parser("repair", help="make again any part of the chunks whose Chroma vector index a killed process "
                   "tore, and write again the articles whose chunks are missing (README, *Crash safety*)")
    sub.add_parser("reindex-lexical", help="rebuild the derived lexical index from Chroma (it is kept up to date "
                                           "by itself; this recovers a lost or damaged file)")

    read_cli.add_parsers(sub, _positive, _not_negative, _k)
    feeds_cli.add_parser(sub)
    return parser


def _reindex_lexical(service: Service) -> int:
    from tqdm import tqdm

    total = service.counts()[0]
    with tqdm(total=total, unit="doc", disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
        held = service.reindex_lexical(progress=bar.update)
    print(f"derived index rebuilt from Chroma: {held} documents in {service.derived.path}")
    return 0


def _repair(service: Service) -> int:
    with progress_bar("doc") as bar, service.embedder.own_thread(on_batch=bar.embedding):
        done = service.repair(progress=bar.advance, on_total=bar.set_total)
    for name in done.torn:
        print(f"{name}: its vector index was torn or lacked chunks; made again")
    if done.rewritten:
        print(f"{done.rewritten} article{'s' if done.rewritten != 1 else ''} whose chunks were missing: embedded "
              "and written again")
    else:
        print("nothing to repair: every collection reads and every article has all its chunks")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (1, its line printed): returned like any other
        return int(exc.code or 0)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings()
        for line in Settings.unknown(os.environ):
            print(f"warning: {line}", file=sys.stderr)
        if args.command in ("index", "repair") and settings.index_heap_arenas:
            limit_arenas(settings.index_heap_arenas)  # before the model, Chroma and tantivy start their threads
        if args.command == "serve":
            from api.app import create_app
            from api.serving import listening_socket, serve

            from index.embedding import set_threads

            logging.getLogger().setLevel(logging.INFO)
            set_threads(settings.serve_threads)
            # the port first: taken or not this machine's, it is said before seconds of loading
            sock = listening_socket(args.host or settings.host, args.port or settings.port)
            try:
                # opened here, not in the app's start-up, so that what stops it (a Chroma server that cannot be
                # reached, a model file that is not one) is one line, as everywhere in the CLI, not a traceback
                service = Service.open(settings, writer="`qa serve`")
                try:
                    serve(create_app(settings, service=service), service, sock)
                finally:
                    service.close()
            finally:
                sock.close()
            return 0
        if args.command == "index" and not args.paths and not args.worker:
            if not Path("seeds").exists():  # said as what it is, not as "seeds: no such file or folder"
                raise InvalidDocument("no path given, and no seeds/ folder here to index by default: name the files, "
                                      "folders or pages to index")
            args.paths = ["seeds"]
        if args.command in ("index", "repair") and not settings.chroma_url and not getattr(args, "worker", False):
            hold_writer_lock(settings.data_dir, f"qa {args.command}")  # its workers write under the parent's lock
        if args.command == "index" and (in_workers := index_in_workers_if_many(settings, args)) is not None:
            return in_workers
        if args.command == "index" and settings.index_return_memory:
            return_freed_blocks()  # before the models load: a long ingest's heap stays near what it uses
        reading = args.command in ("ask", "search", "docs")
        with ExitStack() as cleanup:
            opened = settings
            if reading and not settings.chroma_url and not settings.data_dir.exists():
                # read as the empty index it is, from a folder of its own that goes with the process: a read had made
                # the folder's database (a user trial: a mistyped QA_DATA_DIR left chroma/, derived/, writer.lock)
                empty = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="qa-no-data-")))
                opened = settings.model_copy(update={"data_dir": empty})
            service = Service.open(opened, indexer=args.command in ("index", "repair"),
                                   writer=f"`qa {args.command}`", reading=reading)
            try:
                return _run(service, args, settings)
            finally:  # an in-process language model left to the interpreter's exit crashed it now and then (139)
                service.close()
    except ValidationError as exc:
        first = exc.errors()[0]
        print(f"error: setting QA_{str(first['loc'][0]).upper()}: {first['msg']}", file=sys.stderr)
        return 1
    except QAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the process is ending: another Ctrl-C is no traceback
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the output's reader stopped (`qa docs list | head -1`): nothing to say, no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's own flush at exit fails too
        return 1


def _run(service: Service, args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "index":
        return run_index(service, args)
    if args.command in ("ask", "search", "docs"):
        return read_cli.run(service, args, settings)
    if args.command == "reindex-lexical":
        return _reindex_lexical(service)
    if args.command == "repair":
        return _repair(service)
    return feeds_cli.run(service, args)  # "feeds"


if __name__ == "__main__":
    sys.exit(main())
