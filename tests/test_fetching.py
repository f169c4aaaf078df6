"""Fetching rules (``index.fetching``) against a real HTTP server on 127.0.0.1: private addresses, robots.txt,
per-host limits, redirects, size and time limits, conditional GET, and a moved feed."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import index.addresses
from index.fetching import Fetcher, FetchPolicy, blocked_address
from qa import FetchFailed, FetchRefused, Service
from qa.errors import DocumentTooLarge
from qa.feeds import poll
from tests.test_feeds import RSS, TRAM
from bench.site import Site
from tests.test_web import FERRY

HTML = ("text/html",)


@pytest.fixture()
def site() -> Iterator[Site]:
    served = Site()
    served.pages["/news/ferry-fares"] = (200, "text/html", FERRY.format(votes="9 to 2"))
    served.pages["/news/tram"] = (200, "text/html", TRAM)
    served.pages["/robots.txt"] = (200, "text/plain", "User-agent: *\nDisallow: /private/\n")
    served.pages["/private/memo"] = (200, "text/html", FERRY.format(votes="0 to 0"))
    yield served
    served.close()


@pytest.fixture()
def fetcher_for() -> Iterator[Any]:
    made: list[Fetcher] = []

    def make(**policy: Any) -> Fetcher:
        made.append(Fetcher(FetchPolicy(**{"timeout_s": 5.0, "allow_private": True, "host_delay_s": 0.0, **policy})))
        return made[-1]

    yield make
    for fetcher in made:
        fetcher.close()


@pytest.mark.parametrize("host", ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "::1",
                                  "fc00::1", "::ffff:127.0.0.1", "0.0.0.0", "localhost"])
def test_local_and_private_addresses_are_named(host: str) -> None:
    assert blocked_address(host, 80) is not None


@pytest.mark.parametrize("host", ["8.8.8.8", "93.184.215.14", "2606:4700::1111"])
def test_public_addresses_pass(host: str) -> None:
    assert blocked_address(host, 80) is None


def _port(site: Site) -> str:
    return site.base.rsplit(":", 1)[1]


def _resolver(monkeypatch: pytest.MonkeyPatch, host: str, answers: list[str]) -> list[str]:
    """A DNS stand-in (no DNS server can run here): ``host`` resolves to each of ``answers`` in turn (the last
    one from then on); other names as the system resolves them. Returns the log of answers given."""
    system = socket.getaddrinfo
    given: list[str] = []

    def getaddrinfo(name: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if name != host:
            return system(name, port, *args, **kwargs)
        given.append(answers[min(len(given), len(answers) - 1)])
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (given[-1], port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return given


def test_dns_rebinding_to_a_local_address_is_refused_when_connecting(site: Site, fetcher_for: Any,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # the first lookup (the check before the request) says public, the next (the connection) says 127.0.0.1,
    # where the site runs: connecting by a second lookup would reach it
    given = _resolver(monkeypatch, "rebind.test", ["93.184.215.14", "127.0.0.1"])
    fetcher = fetcher_for(allow_private=False, robots=False)
    with pytest.raises(FetchRefused, match=r"rebind.test is a private or local address \(127.0.0.1\)"):
        fetcher.get(f"http://rebind.test:{_port(site)}/news/ferry-fares", HTML)
    assert given == ["93.184.215.14", "127.0.0.1"] and site.hits["/news/ferry-fares"] == 0


def test_the_connection_goes_to_the_address_that_was_checked(site: Site, fetcher_for: Any,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # with loopback counted as public for this test, a name only our stand-in resolver knows is fetched: the
    # connection used the checked address (a lookup of its own would fail), and the page's host header stays
    monkeypatch.setattr(index.addresses, "_BLOCKED", [])
    given = _resolver(monkeypatch, "news.test", ["127.0.0.1"])
    fetched = fetcher_for(allow_private=False, robots=False).get(f"http://news.test:{_port(site)}/news/ferry-fares",
                                                                 HTML)
    assert fetched.status == 200 and "9 to 2" in fetched.text and fetched.url.startswith("http://news.test:")
    assert len(given) == 2 and site.hits["/news/ferry-fares"] == 1


def test_a_private_address_is_refused_by_default_everywhere(site: Site, fetcher_for: Any,
                                                            embedded_service: Service, client_for: Any) -> None:
    with pytest.raises(FetchRefused, match="QA_FETCH_ALLOW_PRIVATE"):
        fetcher_for(allow_private=False).get(f"{site.base}/news/ferry-fares", HTML)
    assert site.hits["/news/ferry-fares"] == 0 and site.hits["/robots.txt"] == 0  # nothing was sent
    embedded_service.fetcher = fetcher_for(allow_private=False)
    client = client_for(embedded_service)
    refused = client.post("/api/documents", json={"url": f"{site.base}/news/ferry-fares"})
    assert refused.status_code == 403 and refused.json()["error"] == "FetchRefused", refused.text
    feed, _ = embedded_service.store.feeds.add(f"{site.base}/rss.xml")
    report = poll(embedded_service).feeds[0]
    assert "private or local address" in report.error and embedded_service.documents() == []
    assert "private or local address" in embedded_service.store.feeds.get([feed.id])[0].last_error


def test_robots_txt_is_honoured(site: Site, fetcher_for: Any) -> None:
    fetcher = fetcher_for()
    assert fetcher.get(f"{site.base}/news/ferry-fares", HTML).status == 200
    with pytest.raises(FetchRefused, match="robots.txt does not allow"):
        fetcher.get(f"{site.base}/private/memo", HTML)
    assert site.hits["/private/memo"] == 0 and site.hits["/robots.txt"] == 1  # read once per site
    site.pages["/robots.txt"] = (503, "text/plain", "down")
    with pytest.raises(FetchRefused, match="HTTP 503"):  # an unreadable robots.txt forbids everything (RFC 9309)
        fetcher_for().get(f"{site.base}/news/ferry-fares", HTML)
    del site.pages["/robots.txt"]  # none at all: everything may be fetched
    assert fetcher_for().get(f"{site.base}/private/memo", HTML).status == 200
    assert fetcher_for(robots=False).get(f"{site.base}/private/memo", HTML).status == 200


def test_limits_per_host_hold_between_threads(site: Site, fetcher_for: Any) -> None:
    in_flight, most = [0], [0]
    lock = threading.Lock()

    def fetch(fetcher: Fetcher) -> None:
        fetcher.get(f"{site.base}/news/tram", HTML)

    site.slow["/news/tram"] = 0.3
    for per_host, expected in ((1, 1), (3, 3)):
        fetcher = fetcher_for(per_host=per_host)
        fetcher.get(f"{site.base}/news/ferry-fares", HTML)  # robots.txt read once, before the threads
        watch = _watch_in_flight(fetcher, in_flight, most, lock)
        most[0] = 0
        threads = [threading.Thread(target=fetch, args=(watch,)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert most[0] == expected, (per_host, most[0])


def _watch_in_flight(fetcher: Fetcher, in_flight: list[int], most: list[int], lock: threading.Lock) -> Fetcher:
    """``fetcher`` with its requests counted while in flight (most at once in ``most[0]``)."""
    original = fetcher._client.stream

    def stream(*args: Any, **kwargs: Any) -> Any:
        context = original(*args, **kwargs)

        class Watched:
            def __enter__(self) -> Any:
                with lock:
                    in_flight[0] += 1
                    most[0] = max(most[0], in_flight[0])
                return context.__enter__()

            def __exit__(self, *exc: object) -> None:
                context.__exit__(*exc)
                with lock:
                    in_flight[0] -= 1

        return Watched()

    fetcher._client.stream = stream  # type: ignore[method-assign]
    return fetcher


def test_a_host_delay_spaces_the_requests(site: Site, fetcher_for: Any) -> None:
    import time

    fetcher = fetcher_for(host_delay_s=0.25, per_host=4)
    began = time.monotonic()
    threads = [threading.Thread(target=fetcher.get, args=(f"{site.base}/news/tram", HTML)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.monotonic() - began >= 0.75  # robots.txt and three pages: at least three delays apart


def test_redirects_size_and_time_limits(site: Site, fetcher_for: Any) -> None:
    for hop in range(7):
        site.pages[f"/hop/{hop}"] = (302, "text/html", f"/hop/{hop + 1}")
    site.pages["/hop/7"] = (200, "text/html", TRAM)
    assert fetcher_for().get(f"{site.base}/hop/3", HTML).url == f"{site.base}/hop/7"  # 4 redirects: followed
    with pytest.raises(FetchFailed, match="TooManyRedirects"):
        fetcher_for().get(f"{site.base}/hop/0", HTML)  # 7: refused
    site.pages["/big"] = (200, "text/html", "<p>" + "word " * 5000 + "</p>")
    with pytest.raises(DocumentTooLarge):
        fetcher_for(max_bytes=10_000).get(f"{site.base}/big", HTML)
    site.slow["/news/tram"] = 3.0
    with pytest.raises(FetchFailed, match="Timeout"):
        fetcher_for(timeout_s=0.5).get(f"{site.base}/news/tram", HTML)


def test_conditional_get_and_a_moved_feed(site: Site, fetcher_for: Any, embedded_service: Service) -> None:
    fetcher = fetcher_for()
    first = fetcher.get(f"{site.base}/news/tram", HTML)
    assert first.status == 200 and first.etag
    again = fetcher.get(f"{site.base}/news/tram", HTML, etag=first.etag)
    assert again.status == 304 and again.text == ""

    site.pages["/rss.xml"] = (200, "application/rss+xml", RSS.format(base=site.base))
    site.pages["/old.xml"] = (301, "text/html", "/rss.xml")
    feed, _ = embedded_service.store.feeds.add(f"{site.base}/old.xml")
    assert poll(embedded_service).totals()["new"] == 2
    [moved] = embedded_service.store.feeds.all()
    assert (moved.id, moved.url) == (feed.id, f"{site.base}/rss.xml")  # same feed, new address
    assert embedded_service.store.feeds.add(f"{site.base}/rss.xml") == (moved, False)
    assert poll(embedded_service).totals()["unchanged"] == 2 and site.hits["/old.xml"] == 1
    # a second old address that moved onto the same feed: one feed per URL, so it goes once the move is seen
    site.pages["/older.xml"] = (301, "text/html", "/rss.xml")
    embedded_service.store.feeds.add(f"{site.base}/older.xml")
    poll(embedded_service)
    assert [(f.id, f.url) for f in embedded_service.store.feeds.all()] == [(feed.id, f"{site.base}/rss.xml")]


def test_a_page_is_read_in_the_charset_it_declares(site: Site, fetcher_for: Any) -> None:
    # served as bare text/html (no charset in the header), as many servers do: read as UTF-8 with replacement
    # characters before, these were stored with every accented or Korean letter lost
    pages = {
        "/fr": ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'></head>"
                "<body><p>Crêpes à Genève “chères”</p></body></html>", "cp1252", "Crêpes à Genève “chères”"),
        "/kr": ("<html><head><meta charset='euc-kr'></head><body><p>서울 지하철 파업 종료</p></body></html>", "euc-kr",
                "서울 지하철 파업 종료"),
        "/undeclared-latin": ("<p>Köln</p>", "latin-1", "<p>Köln</p>"),
        "/undeclared-utf8": ("<p>Köln ☂</p>", "utf-8", "<p>Köln ☂</p>"),
    }
    for path, (page, encoding, _) in pages.items():
        site.pages[path] = (200, "text/html", page.encode(encoding))
    for path, (_, _, expected) in pages.items():
        text = fetcher_for().get(f"{site.base}{path}", HTML).text
        assert expected in text and "\ufffd" not in text, (path, text)
