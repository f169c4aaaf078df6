"""Web pages by URL: fetched from a real HTTP server on 127.0.0.1, read by trafilatura, known by canonical URL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.site import Site
from index.web import canonical_url
from qa import InvalidDocument, Service

FERRY = """<html><head><title>Ferry fares cut | Harbour Times</title>
<link rel="canonical" href="/news/ferry-fares">
<meta property="article:published_time" content="2025-04-03T08:00:00Z">
<meta name="author" content="Ana Ruiz"><meta property="og:site_name" content="Harbour Times"></head>
<body><nav><ul><li>Home</li><li>World</li></ul></nav>
<article><h1>Ferry fares cut</h1>
<p>The harbour ferry will cost half as much from May, the council said on Tuesday after a long debate.</p>
<p>Councillors voted {votes} for the cut, which the city will pay for from parking fees.</p></article>
<footer><p>Copyright 2025 Harbour Times</p></footer></body></html>"""


@pytest.fixture()
def site() -> Iterator[Site]:
    served = Site()
    served.pages["/news/ferry-fares"] = (200, "text/html; charset=utf-8", FERRY.format(votes="9 to 2"))
    served.pages["/old-link"] = (301, "text/html", "/news/ferry-fares?utm_source=feed")
    served.pages["/report.pdf"] = (200, "application/pdf", "%PDF-1.4")
    yield served
    served.close()


def test_canonical_urls_drop_tracking_fragments_and_case() -> None:
    assert canonical_url("HTTPS://News.Example.COM:443/a/b?id=7&utm_source=x&fbclid=y&gclid=z#top") == \
        "https://news.example.com/a/b?id=7"
    assert canonical_url("http://example.org") == "http://example.org/"
    assert canonical_url("http://example.org:8080/x?b=2&a=1") == "http://example.org:8080/x?b=2&a=1"
    for bad in ("ftp://example.org/a", "file:///etc/passwd", "not a url", "https://"):
        with pytest.raises(InvalidDocument):
            canonical_url(bad)


def test_a_page_by_url_is_one_document_under_its_canonical_url(site: Site, embedded_service: Service) -> None:
    report = embedded_service.index([], urls=[f"{site.base}/news/ferry-fares?utm_source=newsletter#comments"])
    assert len(report.added) == 1 and not report.failed, report
    [doc] = embedded_service.documents()
    assert doc.origin == doc.url == f"{site.base}/news/ferry-fares"
    assert (doc.title, doc.author, doc.source, doc.published) == ("Ferry fares cut", "Ana Ruiz", "Harbour Times",
                                                                  "2025-04-03")
    text = embedded_service.document(doc.id)[1]
    assert "Home" not in text and "Copyright" not in text and "voted 9 to 2" in text
    assert text.startswith("Ferry fares cut\nThe harbour")  # its headline is its first line, once (the page's <h1>)
    answer = embedded_service.ask("How did the councillors vote on the ferry fare cut?")
    assert answer.supported and all(text[c.start:c.end] == c.quote for c in answer.citations)

    again = embedded_service.index([], urls=[f"{site.base}/old-link", f"{site.base}/news/ferry-fares?fbclid=abc"])
    assert again.unchanged == [doc.id, doc.id] and not again.added and not again.updated

    site.pages["/news/ferry-fares"] = (200, "text/html", FERRY.format(votes="8 to 3"))
    changed = embedded_service.index([], urls=[f"{site.base}/news/ferry-fares"])
    assert changed.updated == [doc.id] and len(embedded_service.documents()) == 1
    assert "voted 8 to 3" in embedded_service.document(doc.id)[1]


def test_a_page_s_outlet_is_the_site_it_declares_not_the_address_it_was_fetched_at(site: Site,
                                                                                  embedded_service: Service) -> None:
    """A user trial: a page served at 127.0.0.1 that declares og:site_name "BGR" was stored with its fetch address,
    "127.0.0.1:PORT", as its outlet."""
    page = FERRY.replace("Ferry fares cut | Harbour Times", "Tram line opens").replace(
        '<meta property="og:site_name" content="Harbour Times"></head>\n<body>',  # where trafilatura does not look
        '</head>\n<body><meta property="og:site_name" content="Harbour Times">')
    assert page != FERRY.replace("Ferry fares cut | Harbour Times", "Tram line opens")
    site.pages["/p/tram.html"] = (200, "text/html", page.replace('href="/news/ferry-fares"',
                                                                 'href="https://harbourtimes.example/tram"')
                                  .format(votes="9 to 2"))
    report = embedded_service.index([], urls=[f"{site.base}/p/tram.html"])
    assert len(report.added) == 1, report
    [doc] = embedded_service.documents()
    assert (doc.source, doc.url) == ("Harbour Times", "https://harbourtimes.example/tram")


def test_qa_index_keeps_a_syndicated_copy_as_the_stored_article_s_other_url(site: Site,
                                                                          embedded_service: Service) -> None:
    wire = FERRY.format(votes="9 to 2").replace('<link rel="canonical" href="/news/ferry-fares">', "")
    site.pages["/wire/ferry"] = (200, "text/html", wire.replace("Harbour Times", "City Wire"))
    report = embedded_service.index([], urls=[f"{site.base}/news/ferry-fares", f"{site.base}/wire/ferry"])
    [doc] = embedded_service.documents()
    assert report.added == [doc.id] and report.duplicates == [(f"{site.base}/wire/ferry", doc.id)], report
    assert "1 duplicates" in report.summary()
    assert embedded_service.document(doc.id)[0].also_at_urls == [f"{site.base}/wire/ferry"]


def test_pages_that_cannot_be_read_fail_with_a_reason_and_others_still_go_in(site: Site,
                                                                            embedded_service: Service) -> None:
    closed = Site()
    closed.close()  # a port where nothing listens any more
    report = embedded_service.index([], urls=[f"{site.base}/missing", f"{site.base}/report.pdf",
                                         f"{closed.base}/news", f"{site.base}/news/ferry-fares"])
    reasons = dict(report.failed)
    assert "HTTP 404" in reasons[f"{site.base}/missing"]
    assert "application/pdf" in reasons[f"{site.base}/report.pdf"]
    assert "cannot be fetched: it does not answer (ConnectError" in reasons[f"{closed.base}/news"]  # not robots.txt
    assert len(report.added) == 1


def test_the_api_takes_a_url(site: Site, embedded_service: Service, client_for: Any) -> None:
    client = client_for(embedded_service)
    first = client.post("/api/documents", json={"url": f"{site.base}/news/ferry-fares?utm_medium=email"})
    assert first.status_code == 201 and first.json()["status"] == "added", first.text
    again = client.post("/api/documents", json={"url": f"{site.base}/old-link", "source": "Harbour Times online"})
    assert again.status_code == 201 and again.json()["status"] == "updated"  # the given outlet changed it
    assert again.json()["id"] == first.json()["id"]
    doc = client.get(f"/api/documents/{first.json()['id']}").json()
    assert doc["source"] == "Harbour Times online" and doc["url"] == f"{site.base}/news/ferry-fares"

    wire = FERRY.format(votes="9 to 2").replace('<link rel="canonical" href="/news/ferry-fares">', "")
    site.pages["/wire/ferry"] = (200, "text/html", wire.replace("Harbour Times", "City Wire"))
    copy = client.post("/api/documents", json={"url": f"{site.base}/wire/ferry"})  # syndicated: the stored one
    assert copy.status_code == 200 and copy.json()["status"] == "duplicate" and copy.json()["id"] == doc["id"]
    assert client.get(f"/api/documents/{doc['id']}").json()["also_at"] == [f"{site.base}/wire/ferry"]
    assert len(client.get("/api/documents").json()) == 1

    gone = client.post("/api/documents", json={"url": f"{site.base}/missing"})
    assert gone.status_code == 502 and gone.json()["error"] == "FetchFailed"
    assert client.post("/api/documents", json={"url": "ftp://example.org/x"}).status_code == 422
    assert client.post("/api/documents", json={"title": "No text"}).status_code == 422
    assert client.post("/api/documents", json={"text": "Text without a title."}).status_code == 422


def test_qa_index_takes_urls_beside_files(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from api.cli import main

    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path / "cli-data"))
    monkeypatch.setenv("QA_FETCH_HOST_DELAY_S", "0")
    assert main(["index", f"{site.base}/news/ferry-fares"]) == 1  # 127.0.0.1 is refused by default
    assert "private or local address" in capsys.readouterr().err
    monkeypatch.setenv("QA_FETCH_ALLOW_PRIVATE", "true")
    (tmp_path / "notes.txt").write_text("Tram line opens\nThe new tram line opened on Friday.\n")
    assert main(["index", "--json", f"{site.base}/news/ferry-fares", str(tmp_path / "notes.txt")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["added"]) == 2 and not report["failed"]
    assert main(["index", f"{site.base}/missing"]) == 1  # a page that failed: said, and the exit status shows it
    captured = capsys.readouterr()
    assert "HTTP 404" in captured.err and "1 failed" in captured.out


def test_a_page_without_its_headline_in_its_text_has_it_as_its_first_line(site: Site,
                                                                         embedded_service: Service) -> None:
    site.pages["/news/plain"] = (200, "text/html", FERRY.replace("<h1>Ferry fares cut</h1>", "").format(votes="9 to 2"))
    report = embedded_service.index([], urls=[f"{site.base}/news/plain"])
    assert len(report.added) == 1 and not report.failed, report
    text = embedded_service.document(report.added[0])[1]
    assert text.startswith("Ferry fares cut\n\nThe harbour ferry") and text.count("Ferry fares cut") == 1


LISTING = """<!DOCTYPE HTML><html><head><title>Directory listing for /news/</title></head><body>
<h1>Directory listing for /news/</h1><hr><ul><li><a href="ferry-fares">ferry-fares</a></li>
<li><a href="tram.html">tram.html</a></li><li><a href="rss.xml">rss.xml</a></li></ul><hr></body></html>"""


def test_a_page_with_no_article_on_it_is_refused_and_a_short_article_is_not(site: Site,
                                                                          embedded_service: Service) -> None:
    """A user trial: `qa index` of a server's directory listing stored it as an article, "Directory listing for
    /news/", to be searched and quoted."""
    site.pages["/news/"] = (200, "text/html", LISTING)
    site.pages["/brief"] = (200, "text/html", "<html><head><title>Bridge reopens</title></head><body><article>"
                                              "<p>The old bridge reopened on Monday.</p></article></body></html>")
    report = embedded_service.index([], urls=[f"{site.base}/news/", f"{site.base}/brief"])
    reasons = dict(report.failed)
    assert list(reasons) == [f"{site.base}/news/"] and "no article text" in reasons[f"{site.base}/news/"], reasons
    assert [d.title for d in embedded_service.documents()] == ["Bridge reopens"]
