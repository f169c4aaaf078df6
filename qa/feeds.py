"""Polling news feeds: each feed's items fetched as pages and indexed, with a summary of what came of them.

A poll reads each feed (``index.feeds``), then fetches the page of every
item (``index.web``: the article's text and metadata, known by its canonical
URL) and stores it like any document: a page already stored with the same
text and metadata is unchanged, a changed one is updated in place, a new one
is added. The item's date wins over the page's; with neither, a date the
article already had (from another feed) is kept. Duplicates are counted, not
stored: an item whose article was already met in this poll (the same story
in two feeds, or twice in one), and a new article whose text is a
near-duplicate of a stored one at another URL (``duplicates``: a syndicated
copy), whose URL is added to the stored one's ``also_at``. Writes are idempotent by canonical
URL and content, so two pollers at once (two `qa serve` workers) cannot add
a document twice.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from index.errors import QAError
from index.feeds import Feed, read_feed
from index.web import canonical_url
from qa.duplicates import near_duplicate
from qa.errors import FeedNotFound

log = logging.getLogger(__name__)
OUTCOMES = {"added": "new", "updated": "updated", "unchanged": "unchanged"}


@dataclass
class FeedPoll:
    """What one poll of one feed did."""

    id: str
    url: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: int = 0
    error: str = ""  # why the feed itself could not be read ("" when it could)


@dataclass
class PollReport:
    feeds: list[FeedPoll] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        return {key: sum(getattr(f, key) for f in self.feeds)
                for key in ("new", "updated", "unchanged", "duplicates", "failed")}

    def to_json(self) -> dict[str, object]:
        return {**self.totals(), "feeds": [dataclasses.asdict(f) for f in self.feeds]}


def poll(service, ids: Sequence[str] = (),  # type: ignore[no-untyped-def]
         progress: Callable[[int], object] | None = None,
         on_total: Callable[[int], object] | None = None) -> PollReport:
    """Poll the feeds ``ids`` (all when empty); ``progress`` is told of each item handled."""
    feeds: list[Feed] = service.store.feeds.get(ids) if ids else service.store.feeds.all()
    missing = sorted(set(ids) - {f.id for f in feeds})
    if missing:
        raise FeedNotFound(f"no feed with id {', '.join(repr(i) for i in missing)}")
    report = PollReport()
    seen: set[str] = set()  # the canonical URLs of the items met in this poll
    read = []
    for feed in feeds:
        try:
            title, items = read_feed(feed.url, service.fetch_timeout_s, service.max_fetch_bytes)
            read.append((feed, title, items, ""))
        except QAError as exc:
            log.warning("feed %s cannot be read: %s", feed.url, exc)
            read.append((feed, "", [], str(exc)))
    if on_total:
        on_total(sum(len(items) for _, _, items, _ in read))
    for feed, title, items, error in read:
        tally = FeedPoll(feed.id, feed.url, error=error)
        for item in items:
            _poll_item(service, item, tally, seen)
            if progress:
                progress(1)
        service.store.feeds.polled(feed, title, error)
        report.feeds.append(tally)
    return report


def _poll_item(service, item, tally: FeedPoll, seen: set[str]) -> None:  # type: ignore[no-untyped-def]
    try:
        link = canonical_url(item.link)
        if link in seen:
            tally.duplicates += 1
            return
        seen.add(link)
        article = service.fetch(item.link)
        if article.origin != link and article.origin in seen:  # its page names another URL already met
            tally.duplicates += 1
            return
        seen.add(article.origin)
        known = service.store.records([article.document_id]).get(article.document_id)
        if known is None and (copy := near_duplicate(service, article)) is not None:
            service.store.add_also_at(copy, article.origin)  # syndicated: the first one stays, with this URL
            tally.duplicates += 1
            return
        published = item.published or article.published or (known.published if known else "")
        article = dataclasses.replace(article, published=published, title=article.title or item.title)
        outcome, _ = service.add_article(article)
        setattr(tally, OUTCOMES[outcome], getattr(tally, OUTCOMES[outcome]) + 1)
    except QAError as exc:
        log.warning("feed item %s failed: %s", item.link, exc)
        tally.failed += 1
