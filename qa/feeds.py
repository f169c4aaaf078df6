"""Polling news feeds: each feed's items fetched as pages and indexed, with a summary of what came of them.

A poll reads each feed (``index.feeds``: a conditional GET, so an unchanged
feed costs one request and nothing more), then fetches the page of every new
or changed item (``index.web``: the article's text and metadata, known by its
canonical URL; several at once) and stores it like any document, in the
feed's order and in groups (``qa.feed_items``: embedded and written
together as ``qa index`` does): a page already stored with the same text and
metadata is unchanged, a changed one is updated in place, a new one is
added. The item's date wins over the page's; with neither, a date the
article already had (from another feed) is kept. Duplicates are counted, not
stored: an item whose article was already met in this poll (the same story
in two feeds, or twice in one), and a new article whose text is a
near-duplicate of a stored one at another URL, or of one waiting in its
group (``duplicates``: a syndicated copy), whose URL is added to that one's
``also_at``. Writes are idempotent by canonical
URL and content, so two pollers at once (two `qa serve` workers) cannot add
a document twice. A page that changes while its feed item does not is seen
by a poll with ``recheck``: every item's page asked for again, conditionally
for an item whose page was fetched before (``If-None-Match`` /
``If-Modified-Since`` with the validators that fetch returned), so a page
that did not change costs a 304 and is not read again.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from index.errors import QAError
from index.feeds import Feed, read_feed
from index.web import canonical_url
from qa.errors import FeedNotFound
from qa.feed_items import COUNTS, FeedPoll, poll_items

log = logging.getLogger(__name__)


@dataclass
class PollReport:
    feeds: list[FeedPoll] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        return {key: sum(getattr(f, key) for f in self.feeds) for key in COUNTS}

    def to_json(self) -> dict[str, object]:
        return {**self.totals(), "feeds": [dataclasses.asdict(f) for f in self.feeds]}


def add_feed(service, url: str, check: bool = True) -> tuple[Feed, bool]:  # type: ignore[no-untyped-def]
    """The feed at ``url`` and whether it was added (``FeedList.add``); with ``check``, a new feed is read once
    first: FetchFailed when it cannot be fetched, InvalidDocument when it is not an RSS or Atom feed. A feed that
    has moved for good (a permanent redirect) is added at its new URL, and is that feed when it is already in the
    list (a user trial: an address redirecting to a listed feed was added, then dropped by its first poll)."""
    if not check:
        return service.store.feeds.add(url)
    feeds = service.store.feeds
    if (known := feeds.known(url)) is not None:
        return known, False
    got = read_feed(url, service.fetcher)
    if got.moved_to and (moved := canonical_url(got.moved_to)) != canonical_url(url):
        if (known := feeds.known(moved)) is not None:
            return known, False
        url = moved
    return feeds.add(url, lambda _: got.title)


def poll(service, ids: Sequence[str] = (),  # type: ignore[no-untyped-def]
         progress: Callable[[int], object] | None = None,
         on_total: Callable[[int], object] | None = None, recheck: bool = False) -> PollReport:
    """Poll the feeds ``ids`` (all when empty); ``progress`` is told of each item handled. With ``recheck``,
    each feed is read in full and every item's page fetched again, so a page that changed while its feed
    item did not (a correction) is updated; a page that did not change stays unchanged."""
    feeds: list[Feed] = service.store.feeds.get(ids) if ids else service.store.feeds.all()
    missing = sorted(set(ids) - {f.id for f in feeds})
    if missing:
        raise FeedNotFound(f"no feed with id {', '.join(repr(i) for i in missing)}")
    report = PollReport()
    seen: dict[str, str] = {}  # the canonical URLs met in this poll -> the document each is
    read = []
    for feed in feeds:
        documents = {known.document for known in feed.items.values() if known.document}
        live = set(service.store.records(list(documents)))  # the documents its items became, still stored
        try:
            # a feed some of whose documents were deleted is read in full, not answered 304 and counted unchanged
            # (a user trial: after `qa docs rm` of an item's document, polls said "10 unchanged" and left it out)
            lost = len(live) < len(documents)
            etag, modified = ("", "") if recheck or lost else (feed.etag, feed.modified)
            read.append((feed, live, read_feed(feed.url, service.fetcher, etag, modified), ""))
        except QAError as exc:
            log.warning("feed %s cannot be read: %s", feed.url, exc)
            read.append((feed, live, None, str(exc)))
    if on_total:
        on_total(sum(len(got.items) for _, _, got, _ in read if got is not None))
    for feed, live, got, error in read:
        tally = FeedPoll(feed.id, feed.url, error=error)
        now = time.time()
        if got is None:
            feed = dataclasses.replace(feed, last_polled_at=now, last_error=error)
        elif got.status == 304:
            tally.unchanged = len(feed.items)
            feed = dataclasses.replace(feed, last_polled_at=now, last_ok_at=now, last_error="")
        else:
            tally.unlinked = got.unlinked
            items = poll_items(service, feed, live, got.items, tally, seen, progress, recheck)
            # an item that failed is not remembered; without the feed's validators the next poll reads the feed
            # again (not a 304) and so fetches that item again, instead of counting the feed unchanged for good
            retry = tally.failed > 0
            feed = dataclasses.replace(feed, title=got.title or feed.title, last_polled_at=now, last_ok_at=now,
                                       last_error="", etag="" if retry else got.etag,
                                       modified="" if retry else got.modified, items=items)
        if got is not None and got.moved_to and canonical_url(got.moved_to) != feed.url:
            moved = canonical_url(got.moved_to)
            if any(other.id != feed.id for other in service.store.feeds.at(moved)):
                # moved onto a feed already in the list: one feed per URL, so this one goes (its items are
                # stored; the other feed's poll finds them)
                log.info("feed %s moved to %s, already a feed: removed", feed.url, moved)
                service.store.feeds.remove(feed.id)
                report.feeds.append(tally)
                continue
            log.info("feed %s moved to %s", feed.url, got.moved_to)
            feed = dataclasses.replace(feed, url=moved)
        service.store.feeds.polled(feed)
        report.feeds.append(tally)
    return report

