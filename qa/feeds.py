"""Polling news feeds: each feed's items fetched as pages and indexed, with a summary of what came of them.

A poll reads each feed (``index.feeds``: a conditional GET, so an unchanged
feed costs one request and nothing more), then fetches the page of every new
or changed item (``index.web``: the article's text and metadata, known by its
canonical URL; several at once) and stores it like any document, in the
feed's order and in groups (``GROUP_ARTICLES``, embedded and written
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from index.errors import QAError
from index.feeds import Feed, FeedItem, Remembered, read_feed
from index.models import Article
from index.web import Page, canonical_url
from qa.duplicates import shingles
from qa.errors import FeedNotFound

log = logging.getLogger(__name__)
OUTCOMES = {"added": "new", "updated": "updated", "unchanged": "unchanged"}
FETCH_WORKERS = 4  # pages in flight at once (a host's own limit, QA_FETCH_PER_HOST, still holds)
GROUP_ARTICLES = 32  # fetched articles stored together (``Service.add_articles`` groups them by sentences)


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
    unlinked: int = 0  # items without a link: nothing to fetch, so not indexed
    error: str = ""  # why the feed itself could not be read ("" when it could)


@dataclass
class PollReport:
    feeds: list[FeedPoll] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        return {key: sum(getattr(f, key) for f in self.feeds)
                for key in ("new", "updated", "unchanged", "duplicates", "failed", "unlinked")}

    def to_json(self) -> dict[str, object]:
        return {**self.totals(), "feeds": [dataclasses.asdict(f) for f in self.feeds]}


def add_feed(service, url: str, check: bool = True) -> tuple[Feed, bool]:  # type: ignore[no-untyped-def]
    """The feed at ``url`` and whether it was added (``FeedList.add``); with ``check``, a new feed is read once
    first: FetchFailed when it cannot be fetched, InvalidDocument when it is not an RSS or Atom feed."""
    def title(at: str) -> str:
        return read_feed(at, service.fetcher).title
    return service.store.feeds.add(url, title if check else None)


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
        try:
            etag, modified = ("", "") if recheck else (feed.etag, feed.modified)
            read.append((feed, read_feed(feed.url, service.fetcher, etag, modified), ""))
        except QAError as exc:
            log.warning("feed %s cannot be read: %s", feed.url, exc)
            read.append((feed, None, str(exc)))
    if on_total:
        on_total(sum(len(got.items) for _, got, _ in read if got is not None))
    for feed, got, error in read:
        tally = FeedPoll(feed.id, feed.url, error=error)
        now = time.time()
        if got is None:
            feed = dataclasses.replace(feed, last_polled_at=now, last_error=error)
        elif got.status == 304:
            tally.unchanged = len(feed.items)
            feed = dataclasses.replace(feed, last_polled_at=now, last_ok_at=now, last_error="")
        else:
            tally.unlinked = got.unlinked
            items = _poll_items(service, feed, got.items, tally, seen, progress, recheck)
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


def _poll_items(service, feed: Feed, items: Sequence[FeedItem], tally: FeedPoll,  # type: ignore[no-untyped-def]
                seen: dict[str, str], progress: Callable[[int], object] | None,
                recheck: bool = False) -> dict[str, Remembered]:
    """Handle one feed's items; returns what the feed now remembers of them, by link."""
    live = set(service.store.records([known.document for known in feed.items.values()]))
    remembered: dict[str, Remembered] = {}
    to_fetch: list[tuple[FeedItem, str, Remembered | None]] = []  # (item, link, what was known of it if still so)
    for item in items:
        try:
            link = canonical_url(item.link)
        except QAError as exc:
            log.warning("feed item %s failed: %s", item.link, exc)
            tally.failed += 1
            if progress:
                progress(1)
            continue
        known = feed.items.get(link)
        same = known is not None and known.fingerprint == item.fingerprint and known.document in live
        if link in seen:  # the same story twice in this poll
            tally.duplicates += 1
            remembered[link] = Remembered(item.fingerprint, seen[link])
        elif same and not recheck:
            assert known is not None
            tally.unchanged += 1  # the feed says nothing new of it: its page is not fetched again
            remembered[link] = known
            seen[link] = known.document
        else:
            seen[link] = ""
            to_fetch.append((item, link, known if same else None))
            continue
        if progress:
            progress(1)
    waiting = _Waiting(service, tally, remembered, progress)
    with ThreadPoolExecutor(FETCH_WORKERS) as pool:  # pages are fetched and read side by side, stored in order
        pages = pool.map(lambda todo: _fetch(service, todo[0].link, todo[2]), to_fetch)
        for (item, link, known), page in zip(to_fetch, pages):
            settled = _take_item(service, item, link, known, page, tally, seen, remembered, waiting)
            if settled and progress:
                progress(1)
            if len(waiting.articles) >= GROUP_ARTICLES:
                waiting.store()
        waiting.store()
    # an item met twice before its page was read is the document its first meeting became (if it became one)
    return {link: known if known.document else dataclasses.replace(known, document=seen[link])
            for link, known in remembered.items() if known.document or seen.get(link)}


def _fetch(service, link: str, known: Remembered | None) -> Page | QAError:  # type: ignore[no-untyped-def]
    """The item's page; conditionally on its validators when its document is ``known`` unchanged in the feed."""
    try:
        return service.fetch_page(link, *((known.etag, known.modified) if known else ("", "")))
    except QAError as exc:
        return exc


class _Waiting:
    """Fetched articles waiting to be stored together (one embedding run and one Chroma write per group, as
    ``qa index`` does), and the syndicated copies of them met before they were stored."""

    def __init__(self, service, tally: FeedPoll, remembered: dict[str, Remembered],  # type: ignore[no-untyped-def]
                 progress: Callable[[int], object] | None) -> None:
        self.service, self.tally, self.remembered, self.progress = service, tally, remembered, progress
        self.articles: list[tuple[str, Remembered, Article]] = []  # (link, what to remember once stored, article)
        self.copies: list[tuple[str, str]] = []  # (document id, URL of its copy): also_at once it is stored
        self.shingles: list[tuple[str, set[tuple[str, ...]]]] = []  # of the articles waiting

    def add(self, link: str, fingerprint: str, page: Page, article: Article) -> None:
        self.articles.append((link, Remembered(fingerprint, "", page.etag, page.modified), article))
        self.shingles.append((article.document_id, shingles(article.text)))

    def store(self) -> None:
        if not self.articles:
            return
        try:
            outcomes = self.service.add_articles([article for _, _, article in self.articles])
        except QAError as exc:
            log.warning("could not store %d feed items: %s", len(self.articles), exc)
            self.tally.failed += len(self.articles)
        else:
            for (link, known, _), (outcome, record) in zip(self.articles, outcomes, strict=True):
                setattr(self.tally, OUTCOMES[outcome], getattr(self.tally, OUTCOMES[outcome]) + 1)
                self.remembered[link] = dataclasses.replace(known, document=str(record.id))
            for doc_id, url in self.copies:
                self.service.store.add_also_at(doc_id, url)
        if self.progress:
            self.progress(len(self.articles))
        self.articles, self.copies, self.shingles = [], [], []


def _take_item(service, item: FeedItem, link: str, known: Remembered | None,  # type: ignore[no-untyped-def]
               page: Page | QAError, tally: FeedPoll, seen: dict[str, str], remembered: dict[str, Remembered],
               waiting: _Waiting) -> bool:
    """Settle one fetched item as failed, unchanged (its page answered 304) or a duplicate (counted, its URL
    kept; True), or put its article with those waiting to be stored (False)."""
    try:
        if isinstance(page, QAError):
            raise page
        if page.article is None:  # asked conditionally (``known``), and the page has not changed
            assert known is not None
            tally.unchanged += 1
            seen[link] = known.document
            remembered[link] = dataclasses.replace(known, etag=page.etag, modified=page.modified)
            return True
        article = page.article
        if link != article.origin and seen.get(article.origin):  # its page names a URL met in this poll
            tally.duplicates += 1
            seen[link] = seen[article.origin]
            remembered[link] = Remembered(item.fingerprint, seen[link])
            return True
        seen[article.origin] = seen[link] = article.document_id
        stored = service.store.records([article.document_id]).get(article.document_id)
        if stored is None and (copy := service.copy_of(article, waiting.shingles, waiting.copies)) is not None:
            # syndicated: the first one stays, with this URL (once stored, if it is waiting to be)
            tally.duplicates += 1
            seen[article.origin] = seen[link] = copy
            remembered[link] = Remembered(item.fingerprint, copy)
            return True
        published = item.published or article.published or (stored.published if stored else "")
        waiting.add(link, item.fingerprint, page, dataclasses.replace(article, published=published,
                                                                      title=article.title or item.title))
        return False
    except QAError as exc:
        log.warning("feed item %s failed: %s", item.link, exc)
        tally.failed += 1
        return True
