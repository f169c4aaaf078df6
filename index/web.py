"""Articles from the web: a page fetched by URL, read by ``html``, and known by its canonical URL.

A page's identity is its canonical URL: the page's own ``<link
rel="canonical">`` (read against where the page was fetched from), else the
URL it was fetched from with the fragment and tracking parameters (``utm_*``,
``fbclid``, ``gclid``, ...) removed and the scheme and host lower-cased. The
canonical URL is the article's ``origin`` (so its document id): fetching the
same article again, by any of its URLs, updates one document instead of
adding a copy. How pages are fetched (safely, politely) is ``fetching``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from index.addresses import is_web_address
from index.errors import FetchFailed, InvalidDocument, UnsupportedFileType
from index.fetching import Fetcher
from index.html import parse_html
from index.loaders import article_from_text, headed
from index.models import Article

_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|"
                       r"_hsenc|_hsmi|ref_src|cmpid|ocid)$", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain", "text/markdown")
PROSE_WORDS = 5  # a page of which no line has this many words holds no article
# what a news feed is served as: `qa index` of one is pointed to `qa feeds add` (a user trial met only "is
# application/xml, not text/html ...")
XML_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")
_CANONICAL = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def canonical_url(url: str) -> str:
    """``url`` without its fragment and tracking parameters, scheme and host lower-cased, default port dropped."""
    if not is_web_address(url):
        raise InvalidDocument(f"{url!r} is not an http or https URL")
    parts = urlsplit(url.strip())
    host = parts.hostname.lower()
    default = {"http": 80, "https": 443}[parts.scheme.lower()]
    netloc = host if parts.port in (None, default) else f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


def page_canonical(markup: str, base: str) -> str | None:
    """The page's ``<link rel="canonical" href>``, read against ``base``; None when it has none (or a bad one)."""
    for tag in _CANONICAL.findall(markup[:200_000]):  # the head; a canonical link deep in a body is not one
        attributes = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
                      for m in _ATTRIBUTE.finditer(tag)}
        if "canonical" in attributes.get("rel", "").lower().split() and attributes.get("href", "").strip():
            try:
                return canonical_url(urljoin(base, attributes["href"].strip()))
            except InvalidDocument:
                return None
    return None


@dataclass(frozen=True)
class Page:
    """One fetch of an article's page: the article, or None when the page has not changed since the validators
    the fetch was given (HTTP 304); and the page's validators, for the next conditional fetch."""

    article: Article | None
    etag: str = ""
    modified: str = ""  # its Last-Modified


def fetch_article(url: str, fetcher: Fetcher) -> Article:
    """The article at ``url``: fetched, read as HTML (or plain text), known by its canonical URL (errors as
    ``Fetcher.get``'s, and InvalidDocument when there is nothing to read)."""
    article = fetch_page(url, fetcher).article
    assert article is not None  # an unconditional fetch is never "unchanged"
    return article


def fetch_page(url: str, fetcher: Fetcher, etag: str = "", modified: str = "") -> Page:
    """``fetch_article``, conditionally when ``etag``/``modified`` (a page's validators from an earlier fetch)
    are given: a page the server says is unchanged is neither downloaded nor read (``Page.article`` None)."""
    # refuses a non-http(s) URL before sending
    page = fetcher.get(url, _HTML_TYPES + _TEXT_TYPES + XML_FEED_TYPES, etag, modified)
    if page.kind in XML_FEED_TYPES:
        raise UnsupportedFileType(f"{url} is {page.kind}, not a web page: if it is a news feed, add it with "
                                  "`qa feeds add URL` (POST /api/feeds) and poll it")
    if page.status == 304:
        if not (etag or modified):
            raise FetchFailed(f"{url}: the server answered 304 Not Modified to a request that asked for the page")
        return Page(None, page.etag or etag, page.modified or modified)
    final, kind, text = page.url, page.kind, page.text
    name = urlsplit(final).hostname or final
    if kind in _TEXT_TYPES:
        article = article_from_text(text, origin=canonical_url(final), name=name, kind=".txt",
                                    metadata={"url": canonical_url(final)})
        return Page(article, page.etag, page.modified)
    origin = page_canonical(text, final) or canonical_url(final)
    body_text, meta = parse_html(text, url=final)
    if not any(len(line.split()) >= PROSE_WORDS for line in body_text.splitlines()):
        # a list of links or names, not an article (a user trial: "Directory listing for /news/" was stored)
        raise InvalidDocument(f"{url}: no article text on the page (no line of {PROSE_WORDS} words or more: a "
                              "list of links?)")
    meta["url"] = origin
    if meta.get("title"):  # as an HTML file's: its headline is its first line
        body_text = headed(body_text.strip("\n"), meta["title"])
    return Page(article_from_text(body_text, origin=origin, name=name, kind=".txt", metadata=meta),
                page.etag, page.modified)
