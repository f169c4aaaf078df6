"""`qa feeds add URL [--no-check] | list [--json] | rm ID | poll [ID ...] [--json] [--recheck]`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from api.progress import progress_bar
from qa import Service
from qa.feeds import add_feed, poll


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    feeds = sub.add_parser("feeds", help="add, list, remove and poll RSS/Atom feeds")
    actions = feeds.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a feed (by its URL; adding it again does nothing)")
    add.add_argument("url")
    add.add_argument("--no-check", action="store_true",
                     help="add it without reading it first (by default a feed that cannot be read is refused)")
    listing = actions.add_parser("list", help="list the feeds")
    listing.add_argument("--json", action="store_true", help="print JSON")
    remove = actions.add_parser("rm", help="remove a feed (its articles stay indexed)")
    remove.add_argument("id", help="feed id (from `qa feeds list`)")
    polling = actions.add_parser("poll", help="fetch the feeds' new and changed items and index them")
    polling.add_argument("ids", nargs="*", help="feed ids (default: every feed)")
    polling.add_argument("--json", action="store_true", help="print the poll summary as JSON")
    polling.add_argument("--recheck", action="store_true",
                         help="ask for every item's page again, not only new and changed items' (picks up "
                              "corrections; a page fetched before is asked for conditionally: unchanged, a 304)")


def run(service: Service, args: argparse.Namespace) -> int:
    feeds = service.store.feeds
    if args.action == "add":
        feed, added = add_feed(service, args.url, check=not args.no_check)
        print(f"{'added' if added else 'already a feed'}: {feed.id}  {feed.url}  {feed.title}".rstrip())
        return 0
    if args.action == "list":
        found = feeds.all()
        if args.json:
            print(json.dumps([f.public() for f in found], indent=2, ensure_ascii=False))
            return 0
        for f in found:
            note = f"  failed: {f.last_error} (last read {_when(f.last_ok_at)})" if f.last_error else ""
            print(f"{f.id}  polled {_when(f.last_polled_at)}  {f.url}  {f.title[:50]}{note}")
        if not found:  # as `qa docs list` says "no documents"
            print("no feeds: `qa feeds add URL` adds one", file=sys.stderr)
        return 0
    if args.action == "rm":
        feeds.remove(args.id)
        print(f"removed feed {args.id}")
        return 0
    return _poll(service, args)


def _when(stamp: float) -> str:
    return dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%Y-%m-%d %H:%M") if stamp else "never"


def _unlinked(count: int) -> str:
    return f", {count} without a link (not indexed)" if count else ""


def _poll(service: Service, args: argparse.Namespace) -> int:
    with progress_bar("item", quiet=args.json) as bar:
        report = poll(service, args.ids, progress=bar.advance, on_total=bar.set_total, recheck=args.recheck)
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        for f in report.feeds:
            said = f"failed: {f.error}" if f.error else (f"{f.new} new, {f.updated} updated, {f.unchanged} unchanged, "
                                                         f"{f.duplicates} duplicates, {f.failed} failed"
                                                         + _unlinked(f.unlinked))
            print(f"{f.id}  {f.url}: {said}")
            for failure in f.failures:
                print(f"  failed {failure}")
        t, count = report.totals(), len(report.feeds)
        unread = sum(1 for f in report.feeds if f.error)  # a feed that failed is no failed item: said apart
        print(f"polled {count} feed{'' if count == 1 else 's'}"
              + (f" ({unread} could not be read)" if unread else "")
              + f": {t['new']} new, {t['updated']} updated, {t['unchanged']} unchanged, "
              f"{t['duplicates']} duplicates, {t['failed']} failed" + _unlinked(t["unlinked"]))
    return 1 if any(f.error or f.failed for f in report.feeds) else 0
