"""One feed's items in a poll (``qa.feeds``): each new or changed item's page fetched, its article settled
(failed, unchanged, a duplicate) or stored with others in a group, and what the feed remembers of them."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from index.errors import QAError
from index.feeds import Feed, FeedItem, Remembered
from index.models import Article
from index.web import Page, canonical_url
from qa.duplicates import shingles

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
    # each failed item: "its link: why" (a user trial found which item failed, and why, only in the log)
    failures: list[str] = dataclasses.field(default_factory=list)

    def fail(self, link: str, why: object) -> None:
        log.warning("feed item %s failed: %s", link, why)
        self.failed += 1
        said = str(why)
        self.failures.append(said if said.startswith(f"{link}: ") else f"{link}: {said}")  # a fetch error names it


COUNTS = tuple(f.name for f in dataclasses.fields(FeedPoll) if f.type == "int")  # what a poll totals, in order


def poll_items(service, feed: Feed, live: Collection[str],  # type: ignore[no-untyped-def]
               items: Sequence[FeedItem], tally: FeedPoll, seen: dict[str, str],
               progress: Callable[[int], object] | None, recheck: bool = False) -> dict[str, Remembered]:
    """Handle one feed's items (``live``: the documents its remembered items became that are still stored); returns
    what the feed now remembers of them, by link."""
    remembered: dict[str, Remembered] = {}
    to_fetch: list[tuple[FeedItem, str, Remembered | None]] = []  # (item, link, what was known of it if still so)
    for item in items:
        try:
            link = canonical_url(item.link)
        except QAError as exc:
            tally.fail(item.link, exc)
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
            for link, _, _ in self.articles:
                self.tally.fail(link, f"could not be stored ({exc})")
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
        # the feed's author and date win, as the publisher says them of the item (a page's byline is often "Staff")
        waiting.add(link, item.fingerprint, page, dataclasses.replace(article, published=published,
                                                                      title=article.title or item.title,
                                                                      author=item.author or article.author))
        return False
    except QAError as exc:
        tally.fail(item.link, exc)
        return True
