"""Polite, safe fetching of web pages and feeds: one ``Fetcher`` per process, its rules in one ``FetchPolicy``.

What every request made for the service obeys:
- **No way into the local network.** Every request, each redirect hop and
  each robots.txt included, is refused (``FetchRefused``) when its host
  resolves to a loopback, private, link-local (cloud metadata), shared or
  reserved address, unless the policy allows private addresses
  (``QA_FETCH_ALLOW_PRIVATE``; tests set it to reach their own 127.0.0.1
  server). The check is made twice: on the request's host before anything
  is sent (a clear error early), and when a connection is opened, on the
  addresses resolved then, and the connection goes to one of those very
  addresses (``index.addresses``), so a DNS answer that changes between the two
  (DNS rebinding) cannot reach the local network. Through a proxy
  (``HTTPS_PROXY``), the proxy resolves the host: only the first check holds.
- **robots.txt**, read once per site and kept for an hour (``urllib.robotparser``,
  matched on our User-Agent): a disallowed path is refused. A robots.txt that
  is missing (4xx) allows everything; 401/403 or a server error disallows
  everything (RFC 9309; asked again after five minutes); a site that does not
  answer at all fails the fetch.
- **Per-host limits**: at most ``per_host`` requests to one host at once, and
  ``host_delay_s`` between the starts of two of them.
- At most 5 redirects, a connect/read timeout, a size limit, gzip, a
  User-Agent naming the service, and conditional GET (``etag``/``modified``
  in, 304 out) for feeds.
"""

from __future__ import annotations

import codecs
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from index.addresses import blocked_address, is_web_address, refused, transport
from index.errors import DocumentTooLarge, FetchFailed, FetchRefused, InvalidDocument, UnsupportedFileType

USER_AGENT = "news-qa/0.1 (+https://example.invalid/news-qa; article fetcher)"
ROBOTS_AGENT = "news-qa"
ROBOTS_TTL_S = 3600.0


@dataclass(frozen=True)
class FetchPolicy:
    timeout_s: float = 20.0
    max_bytes: int = 10_000_000
    allow_private: bool = False
    per_host: int = 2
    host_delay_s: float = 1.0
    robots: bool = True


@dataclass(frozen=True)
class Fetched:
    url: str  # where the body came from, after redirects
    status: int  # 200, or 304 when a conditional GET found it unchanged (``text`` is then "")
    kind: str  # the content type the server named ("" when it named none)
    text: str
    etag: str = ""
    modified: str = ""  # the Last-Modified header
    moved_to: str = ""  # where a permanent redirect (301/308, every hop) sent us; "" when none did


@dataclass
class _Host:
    slots: threading.Semaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0


class Fetcher:
    """Fetches under a ``FetchPolicy``; thread-safe, one per process (it keeps connections, robots and hosts)."""

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        import httpx

        self.policy = policy or FetchPolicy()
        self.requests = 0  # requests sent (robots.txt and redirect hops included)
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, tuple[float, RobotFileParser, str]] = {}  # site -> (until, rules, why)
        self._lock = threading.Lock()
        self._client = httpx.Client(
            follow_redirects=True, max_redirects=5, timeout=self.policy.timeout_s,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            event_hooks={"request": [self._guard]},
            transport=transport(self.policy.allow_private, httpx.Limits(max_connections=32)))

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, types: tuple[str, ...], etag: str = "", modified: str = "") -> Fetched:
        """``url`` fetched (its content type must be one of ``types`` when the server names one). Errors:
        InvalidDocument (not an http(s) URL), FetchRefused (a private address, robots.txt), FetchFailed
        (unreachable, an HTTP error, too slow), UnsupportedFileType, DocumentTooLarge."""
        import httpx

        url = url.strip()
        if not is_web_address(url):
            raise InvalidDocument(f"{url!r} is not an http or https URL")
        parts = urlsplit(url)
        if self.policy.robots:
            self._check_robots(url)
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
        try:
            with self._slot(parts.hostname), self._client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return Fetched(str(response.url), 304, "", "", etag, modified, _moved(response))
                if response.status_code >= 400:
                    raise FetchFailed(f"{url}: the server answered HTTP {response.status_code}")
                kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if kind and kind not in types:
                    raise UnsupportedFileType(f"{url} is {kind}, not {' or '.join(types)}")
                body = bytearray()
                for block in response.iter_bytes():
                    body += block
                    if len(body) > self.policy.max_bytes:
                        raise DocumentTooLarge(
                            f"{url} is over the limit of {self.policy.max_bytes} bytes (QA_MAX_UPLOAD_BYTES)")
                text = decode_page(bytes(body), response.charset_encoding)
                return Fetched(str(response.url), response.status_code, kind, text,
                               response.headers.get("etag", ""), response.headers.get("last-modified", ""),
                               _moved(response))
        except httpx.HTTPError as exc:
            raise FetchFailed(f"{url} cannot be fetched: {exc.__class__.__name__}: {exc}") from exc

    # --- the rules ---------------------------------------------------------
    def _guard(self, request: Any) -> None:
        """Every request, redirects and robots.txt included: counted, and refused on a non-public address."""
        with self._lock:
            self.requests += 1
        if self.policy.allow_private:
            return
        host = request.url.host
        address = blocked_address(host, request.url.port or (443 if request.url.scheme == "https" else 80))
        if address is not None:
            raise refused(host, address)

    def _slot(self, host: str) -> _HostSlot:
        with self._lock:
            state = self._hosts.setdefault(host.lower(), _Host(threading.Semaphore(max(1, self.policy.per_host))))
        return _HostSlot(state, self.policy.host_delay_s)

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        site = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            known = self._robots.get(site)
        if known is None or time.monotonic() > known[0]:
            rules, why = self._read_robots(site)
            known = (time.monotonic() + (ROBOTS_TTL_S if not why else ROBOTS_TTL_S / 12), rules, why)
            with self._lock:
                self._robots[site] = known
        if not known[1].can_fetch(ROBOTS_AGENT, url):
            raise FetchRefused(known[2] or f"{site}/robots.txt does not allow {ROBOTS_AGENT} to fetch "
                               f"{parts.path or '/'}")

    def _read_robots(self, site: str) -> tuple[RobotFileParser, str]:
        """The site's robots.txt rules, and why they forbid everything when they do without saying so."""
        import httpx

        rules = RobotFileParser(f"{site}/robots.txt")
        try:
            with self._slot(urlsplit(site).hostname or site):
                response = self._client.get(f"{site}/robots.txt")
        except httpx.TransportError as exc:  # nothing answers: no robots.txt matter (a user trial read it as one)
            raise FetchFailed(f"{site} cannot be fetched: it does not answer ({exc.__class__.__name__}: "
                              f"{exc})") from exc
        except httpx.HTTPError as exc:
            raise FetchFailed(f"{site} cannot be fetched (its robots.txt: {exc.__class__.__name__}: {exc})") from exc
        if response.status_code in (401, 403) or response.status_code >= 500:
            rules.disallow_all = True  # RFC 9309: an unreadable robots.txt forbids everything, for now
            return rules, f"{site}/robots.txt answered HTTP {response.status_code}: nothing there is fetched"
        if response.status_code >= 400:
            rules.allow_all = True
        else:
            rules.parse(response.text[:500_000].splitlines())
        return rules, ""


class _HostSlot:
    """Holds one of a host's request slots, started no sooner than the host's delay after the previous start."""

    def __init__(self, host: _Host, delay_s: float) -> None:
        self.host, self.delay_s = host, delay_s

    def __enter__(self) -> None:
        self.host.slots.acquire()
        with self.host.lock:
            now = time.monotonic()
            start = max(now, self.host.next_start)
            self.host.next_start = start + self.delay_s
        if start > now:
            time.sleep(start - now)

    def __exit__(self, *exc: object) -> None:
        self.host.slots.release()


def _moved(response: Any) -> str:
    """The final URL when every redirect on the way was permanent (301/308), else ""."""
    hops = list(response.history)
    return str(response.url) if hops and all(h.status_code in (301, 308) for h in hops) else ""


_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_AS_WINDOWS_1252 = {"latin-1", "iso8859-1", "ascii", "cp1252"}  # as browsers read them (WHATWG Encoding)


def decode_page(body: bytes, declared: str | None) -> str:
    """A fetched page's text: in the charset a byte-order mark, the HTTP header, or the page itself (``<meta
    charset>``, an XML declaration) names, in that order; undeclared, UTF-8 when the bytes are UTF-8 and
    windows-1252 otherwise, as browsers do. (Read as UTF-8 whatever it was, a Latin-1 or EUC-KR page was stored
    with every accented or Korean letter replaced.)"""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    head = body[:4096]
    names = [declared] if declared else []
    names += [match.group(1).decode("ascii") for pattern in (_META_CHARSET, _XML_ENCODING)
              if (match := pattern.search(head))]
    for name in names:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue  # a label Python does not know: the next one, or the fallbacks
        return body.decode("cp1252" if codec in _AS_WINDOWS_1252 else codec, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")
