"""``qa ask``, ``qa search`` and ``qa docs``: reading the index from the command line, as ``/api/ask``,
``/api/search`` and ``/api/documents`` do over HTTP (human output, or ``--json``: the same objects)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any, Callable

from qa import InvalidQuestion, Service, Settings
from qa.answer import NO_MATCH
from qa.filters import FILTER_KEYS

_AS_OF = ("when the question is asked (ISO date or datetime, or 'latest': the day of the newest article; default: "
          "QA_AS_OF, else now): later articles are not used, and 'this week', 'yesterday', 'in March' are read "
          "against it")
_FILTER = (f"only articles whose KEY is VALUE ({', '.join(FILTER_KEYS)}; as the API's filters: a key given twice "
           "takes either value); repeatable")


def add_parsers(sub: Any, positive: Callable[[str], int], not_negative: Callable[[str], int],
                k: Callable[[str], int]) -> None:
    ask = sub.add_parser("ask", help="answer a question with citations")
    ask.add_argument("question", help="the question, in quotes")
    ask.add_argument("--top-k", type=k, default=None,
                     help="checked (1-50), no effect on the answer (kept for scripts that pass it)")
    ask.add_argument("--as-of", default=None, metavar="DATE", help=_AS_OF)
    ask.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE", help=_FILTER)
    ask.add_argument("--json", action="store_true", help="print the same object as POST /api/ask")

    search = sub.add_parser("search", help="the best passages for a query, as POST /api/search (no answer)")
    search.add_argument("query", help="what to look for, in quotes")
    search.add_argument("-k", type=k, default=None, help="how many passages, 1-50 (default: QA_TOP_K)")
    search.add_argument("--as-of", default=None, metavar="DATE", help=_AS_OF.replace("the question is", "it is"))
    search.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE", help=_FILTER)
    search.add_argument("--json", action="store_true", help="print the same passages as POST /api/search")

    docs = sub.add_parser("docs", help="list, show or remove documents")
    docs_sub = docs.add_subparsers(dest="action", required=True)
    listing = docs_sub.add_parser("list", help="list indexed documents")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--limit", type=positive, default=None, help="at most this many (default: all)")
    listing.add_argument("--offset", type=not_negative, default=0, help="skip this many first (by title)")
    show = docs_sub.add_parser("show", help="show one document with its text")
    show.add_argument("id", help="document id (from `qa docs list`)")
    show.add_argument("--json", action="store_true", help="print JSON")
    remove = docs_sub.add_parser("rm", help="remove a document")
    remove.add_argument("id", help="document id (from `qa docs list`)")


def run(service: Service, args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "ask":
        return _ask(service, args, settings)
    if args.command == "search":
        return _search(service, args, settings)
    return _docs(service, args)


def _nothing_indexed(service: Service, settings: Settings) -> str:
    """Where the index with nothing in it is, and the other indexes there (a mistyped QA_COLLECTION)."""
    where = (f"on the Chroma server at {settings.chroma_url} (QA_CHROMA_URL)" if settings.chroma_url
             else f"in the data folder {settings.data_dir} (QA_DATA_DIR)"
             + ("" if settings.data_dir.exists() else ", which is not there"))
    others = service.store.other_indexes()
    also = f"; it also holds {', '.join(map(repr, others))}" if others else ""
    return f"nothing is indexed in the index {settings.collection!r} (QA_COLLECTION) {where}{also}"


def _filters(given: list[str]) -> dict[str, object] | None:
    """``--filter KEY=VALUE`` options as the API's ``filters`` (a key given twice: a list of its values)."""
    filters: dict[str, list[str]] = {}
    for option in given:
        key, equals, value = option.partition("=")
        if not equals or not key.strip():
            raise InvalidQuestion(f"--filter {option!r}: write KEY=VALUE, KEY one of {', '.join(FILTER_KEYS)}")
        filters.setdefault(key.strip(), []).append(value)
    return {key: values[0] if len(values) == 1 else values for key, values in filters.items()} or None


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def _ask(service: Service, args: argparse.Namespace, settings: Settings) -> int:
    answer = service.ask(args.question, top_k=args.top_k, as_of=args.as_of, filters=_filters(args.filter))
    if args.json:
        _print_json(dataclasses.asdict(answer))
    else:
        print(answer.answer)
    if not service.lexicon.size("chunks"):  # with --json too: a script reads the exit code (an audit: it was 0)
        print(f"hint: {_nothing_indexed(service, settings)}; `qa index FOLDER` first", file=sys.stderr)
        return 1
    if args.json:
        return 0
    for c in answer.citations:
        dated = f", {c.published[:10]}" if c.published else ""  # the day, as the chat page shows (a feed's time too)
        print(f"  [{c.n}] {c.title} ({c.source}{dated}) {c.document_id} {c.start}:{c.end}")
    window = answer.time_window or {}
    if window.get("from"):  # what the question's time words were read as, as the API's time_window says
        print(f"  (\"{window['phrase']}\" read as articles published {window['from']} to {window['to']}, preferred)")
    if answer.fallback:  # a language model is configured and this is not its answer: why (on stderr, as the hint)
        print(f"  (the quoted passages, not a written answer: {answer.fallback})", file=sys.stderr)
    return 0


def _search(service: Service, args: argparse.Namespace, settings: Settings) -> int:
    filters = _filters(args.filter)
    passages = service.search(args.query, k=args.k, as_of=args.as_of, filters=filters)
    if args.json:  # the object POST /api/search returns (it was the bare list, without the time window)
        _print_json({"passages": [dataclasses.asdict(p) for p in passages],
                     "time_window": service.time_window(args.query, args.as_of),
                     "note": NO_MATCH if not passages and service.matches_nothing(filters) else ""})
        return 0
    for n, p in enumerate(passages, 1):
        dated = f", {p.published[:10]}" if p.published else ""
        print(f"[{n}] {p.score:.3f} {p.title} ({p.source}{dated}) {p.document_id} {p.start}:{p.end}")
        print("\n".join(f"    {line}" for line in p.text.splitlines() if line.strip()))
    if not passages:
        hint = (f" ({_nothing_indexed(service, settings)}: `qa index` first)" if not service.lexicon.size("chunks")
                else f": {NO_MATCH[0].lower()}{NO_MATCH[1:-1]}" if service.matches_nothing(filters) else "")
        print(f"no passages{hint}", file=sys.stderr)
    return 0


def _docs(service: Service, args: argparse.Namespace) -> int:
    if args.action == "list":
        docs = service.documents(-1 if args.limit is None else args.limit, args.offset)
        if args.json:
            # as GET /api/documents lists them: the listing does not hold ``also_at`` (``qa docs show`` has it)
            _print_json([{k: v for k, v in _as_json(d).items() if k != "also_at"} for d in docs])
        for d in docs if not args.json else []:
            print(f"{d.id}  {d.published[:10] or '-':10}  {d.chunks:4d} chunks  {d.source}  {d.title[:70]}")
        if not docs and not args.json:
            print("no documents" + (" at this offset" if args.offset else ""), file=sys.stderr)
        return 0
    if args.action == "show":
        doc, text = service.document(args.id)
        if args.json:
            _print_json({**_as_json(doc), "text": text})
        else:
            print(f"{doc.title}\n{doc.source} {doc.published} {doc.url} {doc.author}".rstrip())
            if doc.also_at_urls:
                print(f"also at: {' '.join(doc.also_at_urls)}")
            print(f"\n{text}")
        return 0
    service.delete(args.id)
    print(f"removed {args.id}")
    return 0


def _as_json(doc: Any) -> dict[str, Any]:
    """A document's record as the API gives it (``also_at`` a list of URLs, as GET /api/documents/{id} says)."""
    return {**dataclasses.asdict(doc), "also_at": doc.also_at_urls}
