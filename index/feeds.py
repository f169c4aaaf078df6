"""News feeds: the list of feeds (kept in Chroma, so every worker on one server sees the same), and reading one.

A feed is known by its canonical URL (``web.canonical_url``): adding it twice
is one feed; a feed that moved (a permanent redirect) keeps its id and takes
its new URL. Reading a feed (RSS 0.9x/1.0/2.0 or Atom, through feedparser)
is a conditional GET (an unchanged feed costs one 304) and gives its items'
links, titles, dates and fingerprints (what the feed says of each: a new
fingerprint means the item changed); the item's date is the article's
publication date when it has one (a feed says when it published an item
better than a page's markup does). Each feed remembers its items (link,
fingerprint, the document each became and its page's validators), so a poll
fetches only the pages of new and changed items, and a recheck asks for the
others conditionally.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax import SAXException

from index.chroma import chroma_errors, get_pages
from index.errors import FeedNotFound, InvalidDocument
from index.fetching import Fetcher
from index.published import published_iso
from index.web import XML_FEED_TYPES, canonical_url

FEED_TYPES = (*XML_FEED_TYPES, "application/feed+json", "text/html", "text/plain")  # servers label feeds loosely


@dataclass(frozen=True)
class Remembered:
    """What a feed remembers of one item between polls (kept as a JSON list of its four fields)."""

    fingerprint: str  # what the feed said of it (``FeedItem.fingerprint``)
    document: str  # the document it became
    etag: str = ""  # the validators its page was last fetched with ("" when unknown)
    modified: str = ""

    def to_json(self) -> list[str]:
        return [self.fingerprint, self.document, self.etag, self.modified]

    @classmethod
    def from_json(cls, value: list[str]) -> Remembered:
        return cls(*[*map(str, value), "", "", "", ""][:4])  # feeds written before validators were kept have two


@dataclass(frozen=True)
class Feed:
    id: str
    url: str
    title: str = ""
    added: float = 0.0
    last_polled_at: float = 0.0  # when it was last polled (0: never)
    last_ok_at: float = 0.0  # when it was last read without an error (0: never)
    last_error: str = ""  # why the last poll could not read it ("" when it could)
    etag: str = ""  # the validators of its last read, for a conditional GET
    modified: str = ""
    items: dict[str, Remembered] = field(default_factory=dict, repr=False)  # by the item's canonical link

    def public(self) -> dict[str, object]:
        """What a user sees of a feed (the validators and the item memory are ours)."""
        return {"id": self.id, "url": self.url, "title": self.title, "added": self.added,
                "last_polled_at": self.last_polled_at, "last_ok_at": self.last_ok_at, "last_error": self.last_error,
                "items": len(self.items)}


@dataclass(frozen=True)
class FeedItem:
    link: str
    title: str
    published: str  # ISO date or date-time (in the offset the feed wrote) when the feed gives one, else ""
    fingerprint: str = ""  # changes when the feed changes what it says of the item
    author: str = ""  # its author(s) by name, "; " between two, when the feed names them


@dataclass(frozen=True)
class FeedRead:
    """One read of a feed: ``status`` 304 (unchanged since ``etag``/``modified``: no title, no items) or 200."""

    status: int
    title: str = ""
    items: list[FeedItem] = field(default_factory=list)
    etag: str = ""
    modified: str = ""
    moved_to: str = ""  # its new URL, when it answered with a permanent redirect
    unlinked: int = 0  # items with no link: no page to index (counted, so that a poll does not hide them)


def feed_id(url: str) -> str:
    return hashlib.sha256(canonical_url(url).encode()).hexdigest()[:16]


class FeedList:
    """The feeds to poll, one small Chroma collection (ids: ``feed_id`` of the URL each was added with)."""

    def __init__(self, collection: Any) -> None:
        self._collection = collection

    def add(self, url: str, read_title: Callable[[str], str] | None = None) -> tuple[Feed, bool]:
        """The feed at ``url``, added unless it is already there (by id, or at its current URL after a move);
        and whether it was added. A new feed is first read by ``read_title`` when given (its title; raising
        when it cannot be read or is not a feed, so that a mistyped address is refused, not polled in vain)."""
        if (known := self.known(url)) is not None:
            return known, False
        feed = Feed(feed_id(url), canonical_url(url), added=time.time())
        if read_title is not None:
            feed = dataclasses.replace(feed, title=read_title(feed.url))
        self._write(feed)
        return feed, True

    def known(self, url: str) -> Feed | None:
        """The listed feed ``url`` is: by id, or at its current URL after a move; None when it is not listed."""
        found = self.get([feed_id(url)]) or self.at(canonical_url(url))
        return found[0] if found else None

    def get(self, ids: Sequence[str]) -> list[Feed]:
        with chroma_errors("read feeds"):
            got = self._collection.get(ids=list(ids), include=["metadatas"]) if ids else {"ids": [], "metadatas": []}
        return [_feed(i, m or {}) for i, m in zip(got["ids"], got["metadatas"] or [])]

    def at(self, url: str) -> list[Feed]:
        """The feeds whose current URL is ``url`` (canonical): one, or none (one a move took there is removed)."""
        return [f for f in self.all() if f.url == url]

    def all(self) -> list[Feed]:
        feeds = [_feed(i, m) for page in get_pages(self._collection, "list feeds") for i, m in page]
        return sorted(feeds, key=lambda f: (f.added, f.id))

    def remove(self, ident: str) -> None:
        if not self.get([ident]):
            raise FeedNotFound(f"no feed with id {ident!r}")
        with chroma_errors("remove a feed"):
            self._collection.delete(ids=[ident])

    def polled(self, feed: Feed) -> None:
        """Record a poll of ``feed`` (its new state) unless it was removed meanwhile."""
        if self.get([feed.id]):
            self._write(feed)

    def _write(self, feed: Feed) -> None:
        items = {link: item.to_json() for link, item in feed.items.items()}
        meta = {"url": feed.url, "title": feed.title, "added": feed.added, "last_polled_at": feed.last_polled_at,
                "last_ok_at": feed.last_ok_at, "last_error": feed.last_error, "etag": feed.etag,
                "modified": feed.modified, "items": json.dumps(items, separators=(",", ":"))}
        with chroma_errors("write feeds"):
            self._collection.upsert(ids=[feed.id], embeddings=[[1.0]], metadatas=[meta])


def _feed(ident: str, meta: dict[str, Any]) -> Feed:
    return Feed(ident, str(meta.get("url", "")), str(meta.get("title", "")), float(meta.get("added", 0.0)),
                float(meta.get("last_polled_at", 0.0)), float(meta.get("last_ok_at", 0.0)),
                str(meta.get("last_error", "")), str(meta.get("etag", "")), str(meta.get("modified", "")),
                {link: Remembered.from_json(value)
                 for link, value in json.loads(str(meta.get("items") or "{}")).items()})


def _item_date(entry: Any) -> str:
    """The item's date (ISO) as the feed wrote it, in its own offset, as ``published_iso`` reads it ("Thu, 04 Jan
    2024 23:30:00 -0800", "March 5, 2024"); else as feedparser read it, in UTC; else "" (and the page's own date is
    used). The offset is kept because an article's day is the one it was published on where it was written: a
    user trial's item of 23:30 on January 4 in California, stored as January 5 UTC, was out of a filter of
    January 4 and of a question asked as of that day."""
    for written in (str(dict.get(entry, key) or "") for key in ("published", "updated")):  # without the aliases
        try:
            if read := published_iso(written, "feed item"):
                return read.replace("+00:00", "Z")
        except InvalidDocument:
            continue
    when = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    if when:
        return dt.datetime(*when[:6], tzinfo=dt.UTC).isoformat().replace("+00:00", "Z")
    return ""


def _item_author(entry: Any) -> str:
    """The item's authors by name: RSS's ``<author>jane@example.com (Jane Roe)</author>`` is Jane Roe, as are
    ``<dc:creator>`` and Atom's ``<author><name>``; an address alone is no name (a user trial: every feed's author
    was dropped, and the page's "Staff" stored)."""
    names = []
    for author in entry.get("authors") or [entry.get("author_detail") or {}]:
        name = " ".join(str(author.get("name") or "").split())
        if name and "@" not in name and name not in names:
            names.append(name)
    return "; ".join(names)


def read_feed(url: str, fetcher: Fetcher, etag: str = "", modified: str = "") -> FeedRead:
    """The feed at ``url``, read (conditionally when ``etag``/``modified`` are given); errors as
    ``Fetcher.get``'s, and InvalidDocument when it is not a feed."""
    import feedparser

    got = fetcher.get(url, FEED_TYPES, etag, modified)
    if got.status == 304:
        return FeedRead(304, etag=got.etag, modified=got.modified, moved_to=got.moved_to)
    parsed = feedparser.parse(got.text, response_headers={"content-location": got.url})
    broken = parsed.get("bozo_exception") if isinstance(parsed.get("bozo_exception"), SAXException) else None
    if not parsed.get("version"):  # neither RSS nor Atom (an empty RSS or Atom feed is a feed: it has no items yet)
        if got.kind == "text/html" or got.text.lstrip()[:200].lower().startswith(("<!doctype html", "<html")):
            raise InvalidDocument(f"{url} is an HTML page, not an RSS or Atom feed: add the feed's own address "
                                  "(often linked from the page as RSS), or index the page with qa index URL")
        reason = broken or ("it is empty" if not got.text.strip() else "it has no <rss>, <rdf> or <feed> element")
        raise InvalidDocument(f"{url} is not an RSS or Atom feed ({reason})")
    if broken is not None and not any(str(entry.get("link") or "").strip() for entry in parsed.entries):
        # not well-formed, and nothing of it can be used (a user trial: a feed cut off mid-item was added, and its
        # polls reported "1 without a link" with no error); a feed with a stray entity is read as far as it goes
        raise InvalidDocument(f"{url} is not well-formed XML ({broken}): no item with a link could be read")
    items = []
    unlinked = 0
    for entry in parsed.entries:
        link = str(entry.get("link") or "").strip()
        if not link:
            unlinked += 1
            continue
        published = _item_date(entry)
        said = [str(dict.get(entry, k) or "") for k in ("id", "title", "published", "updated", "summary")]  # as given
        fingerprint = hashlib.sha256("\x1f".join([link, *said]).encode()).hexdigest()[:16]
        items.append(FeedItem(link, " ".join(str(entry.get("title") or "").split()), published, fingerprint,
                              _item_author(entry)))
    return FeedRead(200, " ".join(str(parsed.feed.get("title") or "").split()), items, got.etag, got.modified,
                    got.moved_to, unlinked)
