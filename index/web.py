"""Articles from the web: a page fetched by URL, read by ``html``, and known by its canonical URL.

A page's identity is its canonical URL: the page's own ``<link
rel="canonical">`` (read against where the page was fetched from), else the
URL it was fetched from with the fragment and tracking parameters (``utm_*``,
``fbclid``, ``gclid``, ...) removed and the scheme and host lower-cased. The
canonical URL is the article's ``origin`` (so its document id): fetching the
same article again, by any of its URLs, updates one document instead of
adding a copy.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from index.errors import DocumentTooLarge, FetchFailed, InvalidDocument, UnsupportedFileType
from index.html import parse_html
from index.loaders import article_from_text
from index.models import Article

USER_AGENT = "news-qa/0.1 (+https://example.invalid/news-qa; article fetcher)"
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|"
                       r"_hsenc|_hsmi|ref_src|cmpid|ocid)$", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain", "text/markdown")
_CANONICAL = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def canonical_url(url: str) -> str:
    """``url`` without its fragment and tracking parameters, scheme and host lower-cased, default port dropped."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidDocument(f"{url!r} is not an http or https URL")
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


def fetch(url: str, types: tuple[str, ...], timeout_s: float, max_bytes: int) -> tuple[str, str, str]:
    """(final URL, content type, text) of ``url`` (redirects followed); its content type must be one of
    ``types`` (when the server says one). Errors: InvalidDocument (not an http(s) URL), UnsupportedFileType,
    DocumentTooLarge, FetchFailed (unreachable, an HTTP error, too slow)."""
    import httpx

    canonical_url(url)  # refuses what is not an http(s) URL before anything is sent
    try:
        with httpx.Client(follow_redirects=True, timeout=timeout_s, headers={"User-Agent": USER_AGENT},
                          max_redirects=5) as client, client.stream("GET", url.strip()) as response:
            if response.status_code >= 400:
                raise FetchFailed(f"{url}: the server answered HTTP {response.status_code}")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind and kind not in types:
                raise UnsupportedFileType(f"{url} is {kind}, not {' or '.join(types)}")
            body = bytearray()
            for block in response.iter_bytes():
                body += block
                if len(body) > max_bytes:
                    raise DocumentTooLarge(f"{url} is over the limit of {max_bytes} bytes (QA_MAX_UPLOAD_BYTES)")
            final, encoding = str(response.url), response.charset_encoding or "utf-8"
    except httpx.HTTPError as exc:
        raise FetchFailed(f"{url} cannot be fetched: {exc.__class__.__name__}: {exc}") from exc
    return final, kind, bytes(body).decode(encoding, errors="replace")


def fetch_article(url: str, timeout_s: float = 20.0, max_bytes: int = 10_000_000) -> Article:
    """The article at ``url``: fetched, read as HTML (or plain text), known by its canonical URL (errors as
    ``fetch``'s, and InvalidDocument when there is nothing to read)."""
    final, kind, text = fetch(url, _HTML_TYPES + _TEXT_TYPES, timeout_s, max_bytes)
    name = urlsplit(final).hostname or final
    if kind in _TEXT_TYPES:
        return article_from_text(text, origin=canonical_url(final), name=name, kind=".txt",
                                 metadata={"url": canonical_url(final)})
    origin = page_canonical(text, final) or canonical_url(final)
    body_text, meta = parse_html(text, url=final)
    meta["url"] = origin
    return article_from_text(body_text, origin=origin, name=name, kind=".txt", metadata=meta)
