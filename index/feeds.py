"""News feeds: the list of feeds (kept in Chroma, so every worker on one server sees the same), and reading one.

A feed is known by its canonical URL (``web.canonical_url``): adding it twice
is one feed. Reading a feed (RSS 0.9x/1.0/2.0 or Atom, through feedparser)
gives its items' links, titles and dates; the item's date is the article's
publication date when it has one (a feed says when it published an item
better than a page's markup does).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from index.chroma import chroma_errors, get_pages
from index.errors import FeedNotFound, InvalidDocument
from index.web import canonical_url, fetch

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml",
              "application/feed+json", "text/html", "text/plain")  # servers label feeds loosely


@dataclass(frozen=True)
class Feed:
    id: str
    url: str
    title: str = ""
    added: float = 0.0
    polled: float = 0.0  # when it was last polled (0: never)
    error: str = ""  # why the last poll failed ("" when it did not)


@dataclass(frozen=True)
class FeedItem:
    link: str
    title: str
    published: str  # ISO date-time (UTC) when the feed gives one, else ""


def feed_id(url: str) -> str:
    return hashlib.sha256(canonical_url(url).encode()).hexdigest()[:16]


class FeedList:
    """The feeds to poll, one small Chroma collection (ids: ``feed_id``)."""

    def __init__(self, collection: Any) -> None:
        self._collection = collection

    def add(self, url: str) -> tuple[Feed, bool]:
        """The feed at ``url``, added unless it is already there; and whether it was added."""
        feed = Feed(feed_id(url), canonical_url(url), added=time.time())
        known = self.get([feed.id])
        if known:
            return known[0], False
        self._write([feed])
        return feed, True

    def get(self, ids: Sequence[str]) -> list[Feed]:
        with chroma_errors("read feeds"):
            got = self._collection.get(ids=list(ids), include=["metadatas"]) if ids else {"ids": [], "metadatas": []}
        return [_feed(i, m or {}) for i, m in zip(got["ids"], got["metadatas"] or [])]

    def all(self) -> list[Feed]:
        feeds = [_feed(i, m) for page in get_pages(self._collection, "list feeds") for i, m in page]
        return sorted(feeds, key=lambda f: (f.added, f.id))

    def remove(self, ident: str) -> None:
        if not self.get([ident]):
            raise FeedNotFound(f"no feed with id {ident!r}")
        with chroma_errors("remove a feed"):
            self._collection.delete(ids=[ident])

    def polled(self, feed: Feed, title: str, error: str) -> None:
        """Record a poll of ``feed`` (unless it was removed meanwhile)."""
        if self.get([feed.id]):
            self._write([Feed(feed.id, feed.url, title or feed.title, feed.added, time.time(), error)])

    def _write(self, feeds: Sequence[Feed]) -> None:
        with chroma_errors("write feeds"):
            self._collection.upsert(ids=[f.id for f in feeds], embeddings=[[1.0]] * len(feeds),
                                    metadatas=[{"url": f.url, "title": f.title, "added": f.added, "polled": f.polled,
                                                "error": f.error} for f in feeds])


def _feed(ident: str, meta: dict[str, Any]) -> Feed:
    return Feed(ident, str(meta.get("url", "")), str(meta.get("title", "")), float(meta.get("added", 0.0)),
                float(meta.get("polled", 0.0)), str(meta.get("error", "")))


def read_feed(url: str, timeout_s: float = 20.0, max_bytes: int = 10_000_000) -> tuple[str, list[FeedItem]]:
    """The title and items of the feed at ``url`` (fetched; errors as ``web.fetch``'s, and InvalidDocument when
    it is not a feed)."""
    import feedparser

    final, _, text = fetch(url, FEED_TYPES, timeout_s, max_bytes)
    parsed = feedparser.parse(text, response_headers={"content-location": final})
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        reason = getattr(parsed, "bozo_exception", None) or "it has no items"
        raise InvalidDocument(f"{url} is not an RSS or Atom feed ({reason})")
    items = []
    for entry in parsed.entries:
        link = str(entry.get("link") or "").strip()
        if not link:
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.datetime(*when[:6], tzinfo=dt.UTC).isoformat().replace("+00:00", "Z") if when else ""
        items.append(FeedItem(link, " ".join(str(entry.get("title") or "").split()), published))
    return " ".join(str(parsed.feed.get("title") or "").split()), items
