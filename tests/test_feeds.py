"""RSS and Atom feeds served by a real HTTP server on 127.0.0.1: added, listed, polled, removed."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qa import FeedNotFound, InvalidDocument, Service, Settings
from qa.feeds import add_feed, poll
from bench.site import Site
from tests.test_web import FERRY

TRAM = """<html><head><title>Tram line opens</title><link rel="canonical" href="/news/tram"></head><body>
<article><h1>Tram line opens</h1><p>The new tram line to the airport opened on Friday with free rides all weekend.</p>
<p>Twelve stops link the terminal to the old town.</p></article></body></html>"""
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Times</title><link>{base}/</link>
<item><title>Ferry fares cut</title><link>{base}/news/ferry-fares?utm_source=rss</link>
<pubDate>Tue, 01 Apr 2025 09:00:00 GMT</pubDate></item>
<item><title>Tram line opens</title><link>{base}/news/tram</link></item>
<item><title>Ferry fares cut (again)</title><link>{base}/news/ferry-fares#top</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>City wire</title>
<id>urn:city</id><updated>2025-04-02T10:00:00Z</updated>
<entry><title>Tram</title><id>urn:tram</id><link href="{base}/news/tram?fbclid=x"/><updated>2025-04-02T10:00:00Z</updated>
</entry></feed>"""


@pytest.fixture()
def site() -> Iterator[Site]:
    served = Site()
    served.pages["/news/ferry-fares"] = (200, "text/html", FERRY.format(votes="9 to 2"))
    served.pages["/news/tram"] = (200, "text/html", TRAM)
    served.pages["/rss.xml"] = (200, "application/rss+xml", RSS.format(base=served.base))
    served.pages["/atom.xml"] = (200, "application/atom+xml", ATOM.format(base=served.base))
    served.pages["/not-a-feed"] = (200, "text/html", "<html><body><p>Just a page.</p></body></html>")
    yield served
    served.close()


def test_feeds_are_kept_once_per_canonical_url_and_removed(site: Site, embedded_service: Service) -> None:
    feeds = embedded_service.store.feeds
    first, added = feeds.add(f"{site.base}/rss.xml?utm_campaign=x")
    again, added_again = feeds.add(f"{site.base.upper().replace('HTTP://', 'http://')}/rss.xml")
    assert added and not added_again and first.id == again.id and first.url == f"{site.base}/rss.xml"
    assert [f.id for f in feeds.all()] == [first.id]
    feeds.remove(first.id)
    assert feeds.all() == []
    with pytest.raises(FeedNotFound):
        feeds.remove(first.id)


def test_a_poll_indexes_new_items_once_and_then_finds_them_unchanged(site: Site, embedded_service: Service) -> None:
    rss, _ = embedded_service.store.feeds.add(f"{site.base}/rss.xml")
    atom, _ = embedded_service.store.feeds.add(f"{site.base}/atom.xml")
    report = poll(embedded_service).to_json()
    assert report["new"] == 2 and report["duplicates"] == 2 and report["failed"] == 0, report
    by_feed = {f["id"]: f for f in report["feeds"]}  # type: ignore[union-attr]
    assert (by_feed[rss.id]["new"], by_feed[rss.id]["duplicates"]) == (2, 1)
    assert (by_feed[atom.id]["new"], by_feed[atom.id]["duplicates"]) == (0, 1)  # the tram story, met in the RSS
    docs = {d.url: d for d in embedded_service.documents()}
    assert set(docs) == {f"{site.base}/news/ferry-fares", f"{site.base}/news/tram"}
    assert docs[f"{site.base}/news/ferry-fares"].published == "2025-04-01T09:00:00Z"  # the item's date wins
    assert embedded_service.store.feeds.get([rss.id])[0].title == "Harbour Times"

    hits = site.hits.copy()
    assert poll(embedded_service, [atom.id]).totals()["unchanged"] == 1
    assert site.hits - hits == Counter({"/atom.xml": 1})  # an unchanged feed: one request, answered 304
    site.pages["/news/ferry-fares"] = (200, "text/html", FERRY.format(votes="8 to 3"))
    assert poll(embedded_service, [rss.id]).totals()["updated"] == 0  # the feed does not say the page changed
    site.pages["/rss.xml"] = (200, "application/rss+xml", RSS.format(base=site.base).replace(
        "<title>Ferry fares cut</title>", "<title>Ferry fares cut after a recount</title>"))
    hits = site.hits.copy()
    assert poll(embedded_service, [rss.id]).totals() == {"new": 0, "updated": 1, "unchanged": 1, "duplicates": 1,
                                                     "failed": 0, "unlinked": 0}
    assert site.hits - hits == Counter({"/rss.xml": 1, "/news/ferry-fares": 1})  # only the changed item's page
    assert len(embedded_service.documents()) == 2
    assert "voted 8 to 3" in embedded_service.document(docs[f"{site.base}/news/ferry-fares"].id)[1]
    # a user trial: after `qa docs rm` of an item's document, the feed answered 304 and every poll said
    # "unchanged", leaving the article out; a feed with a document gone is read in full, and the item's page again
    embedded_service.delete(docs[f"{site.base}/news/tram"].id)
    hits = site.hits.copy()
    assert poll(embedded_service, [rss.id]).totals()["new"] == 1
    assert site.hits - hits == Counter({"/rss.xml": 1, "/news/tram": 1})
    assert {d.url for d in embedded_service.documents()} == set(docs)


def test_a_recheck_finds_a_page_corrected_while_its_feed_item_stayed_the_same(site: Site, embedded_service: Service,
                                                                             client_for: Any) -> None:
    rss, _ = embedded_service.store.feeds.add(f"{site.base}/rss.xml")
    assert poll(embedded_service).totals()["new"] == 2
    ferry = {d.url: d.id for d in embedded_service.documents()}[f"{site.base}/news/ferry-fares"]
    site.pages["/news/ferry-fares"] = (200, "text/html", FERRY.format(votes="8 to 3"))
    assert poll(embedded_service).totals()["updated"] == 0  # the feed answers 304: nothing is fetched
    hits, not_modified = site.hits.copy(), site.not_modified.copy()
    assert poll(embedded_service, recheck=True).totals() == {"new": 0, "updated": 1, "unchanged": 1,
                                                             "duplicates": 1, "failed": 0, "unlinked": 0}
    assert site.hits - hits == Counter({"/rss.xml": 1, "/news/ferry-fares": 1, "/news/tram": 1})
    # each page asked for with the ETag of its last fetch: the tram page had not changed, so it was not sent
    assert site.not_modified - not_modified == Counter({"/news/tram": 1})
    hits, not_modified = site.hits.copy(), site.not_modified.copy()
    assert poll(embedded_service, recheck=True).totals()["unchanged"] == 2
    assert site.not_modified - not_modified == Counter({"/news/tram": 1, "/news/ferry-fares": 1})
    assert "voted 8 to 3" in embedded_service.document(ferry)[1] and len(embedded_service.documents()) == 2
    site.pages["/news/ferry-fares"] = (200, "text/html", FERRY.format(votes="7 to 4"))
    client = client_for(embedded_service)
    assert client.post(f"/api/feeds/{rss.id}/poll").json()["updated"] == 0
    assert client.post(f"/api/feeds/{rss.id}/poll?recheck=true").json()["updated"] == 1
    assert client.post("/api/feeds/poll?recheck=true").json()["unchanged"] == 2
    assert "voted 7 to 4" in embedded_service.document(ferry)[1]


def test_two_pollers_at_once_add_each_article_once(site: Site, embedded_service: Service) -> None:
    embedded_service.store.feeds.add(f"{site.base}/rss.xml")
    embedded_service.store.feeds.add(f"{site.base}/atom.xml")
    threads = [threading.Thread(target=poll, args=(embedded_service,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(d.url for d in embedded_service.documents()) == [f"{site.base}/news/ferry-fares",
                                                                f"{site.base}/news/tram"]


def test_feeds_that_cannot_be_read_say_why_and_the_rest_are_polled(site: Site, embedded_service: Service) -> None:
    good, _ = embedded_service.store.feeds.add(f"{site.base}/rss.xml")
    page, _ = embedded_service.store.feeds.add(f"{site.base}/not-a-feed")
    gone, _ = embedded_service.store.feeds.add(f"{site.base}/missing.xml")
    site.pages["/news/tram"] = (500, "text/plain", "oops")
    report = {f.id: f for f in poll(embedded_service).feeds}
    assert "is an HTML page, not an RSS or Atom feed" in report[page.id].error  # not an XML parser's position
    assert "HTTP 404" in report[gone.id].error
    assert (report[good.id].new, report[good.id].failed) == (1, 1)  # the tram page failed, the ferry went in
    [failure] = report[good.id].failures  # which item, and why (a user trial found them only in the log)
    assert failure.startswith(f"{site.base}/news/tram: ") and "500" in failure, failure
    [recorded] = embedded_service.store.feeds.get([gone.id])
    assert recorded.last_error == report[gone.id].error and recorded.last_ok_at == 0 < recorded.last_polled_at
    site.pages["/missing.xml"] = site.pages["/atom.xml"]
    assert not {f.id: f for f in poll(embedded_service).feeds}[gone.id].error
    [recorded] = embedded_service.store.feeds.get([gone.id])
    assert recorded.last_error == "" and recorded.last_ok_at >= recorded.last_polled_at
    with pytest.raises(FeedNotFound):
        poll(embedded_service, ["nope"])


def test_an_empty_feed_is_a_feed_and_a_broken_one_says_so(site: Site, embedded_service: Service) -> None:
    """A user trial: an empty RSS feed was refused as "not an RSS or Atom feed (no Content-type specified)" though
    its server named one, a zero-byte file got the gentler "it has no items", and a feed cut off mid-item was
    added and polled with no error ("1 without a link")."""
    site.pages["/empty.xml"] = (200, "application/xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>'
                                "Empty</title><link>http://x/</link><description>e</description></channel></rss>")
    site.pages["/empty-atom.xml"] = (200, "application/atom+xml", '<feed xmlns="http://www.w3.org/2005/Atom">'
                                     "<title>Quiet</title><id>q</id><updated>2020-01-01T00:00:00Z</updated></feed>")
    site.pages["/zero.xml"] = (200, "application/xml", "")
    site.pages["/cut.xml"] = (200, "application/xml", '<?xml version="1.0"?><rss version="2.0"><channel>'
                              f"<title>Broken</title><item><title>x</title><link>{site.base}/news/tram")
    for path, title in (("/empty.xml", "Empty"), ("/empty-atom.xml", "Quiet")):
        feed, added = add_feed(embedded_service, f"{site.base}{path}")
        assert added and feed.title == title
    assert poll(embedded_service).totals()["new"] == 0
    assert all(f.last_error == "" and f.last_ok_at for f in embedded_service.store.feeds.all())
    with pytest.raises(InvalidDocument, match=r"not an RSS or Atom feed \(it is empty\)"):
        add_feed(embedded_service, f"{site.base}/zero.xml")
    with pytest.raises(InvalidDocument, match="not well-formed XML .*no item with a link could be read"):
        add_feed(embedded_service, f"{site.base}/cut.xml")
    cut, _ = add_feed(embedded_service, f"{site.base}/cut.xml", check=False)
    assert "not well-formed XML" in {f.id: f for f in poll(embedded_service).feeds}[cut.id].error
    assert "not well-formed XML" in embedded_service.store.feeds.get([cut.id])[0].last_error


def test_the_feed_endpoints(site: Site, embedded_service: Service, client_for: Any) -> None:
    client = client_for(embedded_service, api_key="secret")
    key = {"Authorization": "Bearer secret"}
    assert client.post("/api/feeds", json={"url": f"{site.base}/rss.xml"}).status_code == 401
    created = client.post("/api/feeds", json={"url": f"{site.base}/rss.xml"}, headers=key)
    assert created.status_code == 201 and created.json()["url"] == f"{site.base}/rss.xml"
    feed_id = created.json()["id"]
    assert client.post("/api/feeds", json={"url": f"{site.base}/rss.xml"}, headers=key).status_code == 200
    assert [f["id"] for f in client.get("/api/feeds").json()] == [feed_id]
    polled = client.post(f"/api/feeds/{feed_id}/poll", headers=key)
    assert polled.status_code == 200 and polled.json()["new"] == 2, polled.text
    assert client.post("/api/feeds/poll", headers=key).json()["unchanged"] == 2
    assert client.post("/api/feeds", json={"url": "ftp://example.org/feed"}, headers=key).status_code == 422
    # a new feed is read before it is added: a page that is not a feed, or an address that fails, is refused
    not_feed = client.post("/api/feeds", json={"url": f"{site.base}/not-a-feed"}, headers=key)
    assert not_feed.status_code == 422 and "not an RSS or Atom feed" in not_feed.json()["message"], not_feed.text
    assert client.post("/api/feeds", json={"url": f"{site.base}/gone.xml"}, headers=key).status_code == 502
    assert [f["id"] for f in client.get("/api/feeds").json()] == [feed_id]
    unread = client.post("/api/feeds", json={"url": f"{site.base}/gone.xml", "check": False}, headers=key)
    assert unread.status_code == 201 and unread.json()["title"] == ""
    assert client.delete(f"/api/feeds/{unread.json()['id']}", headers=key).status_code == 204
    assert client.post("/api/feeds/nope/poll", headers=key).status_code == 404
    assert client.delete(f"/api/feeds/{feed_id}", headers=key).status_code == 204
    assert client.delete(f"/api/feeds/{feed_id}", headers=key).status_code == 404
    assert client.get("/api/feeds").json() == []


def test_qa_feeds_commands(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    from api.cli import main

    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path / "cli-data"))
    monkeypatch.setenv("QA_FETCH_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("QA_FETCH_HOST_DELAY_S", "0")
    assert main(["feeds", "add", f"{site.base}/not-a-feed"]) == 1
    assert "not an RSS or Atom feed" in capsys.readouterr().err
    assert main(["feeds", "add", f"{site.base}/rss.xml"]) == 0
    assert "Harbour Times" in capsys.readouterr().out  # added, its title read at once
    assert main(["feeds", "list", "--json"]) == 0
    [feed] = json.loads(capsys.readouterr().out)
    assert main(["feeds", "poll", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["new"] == 2 and report["feeds"][0]["id"] == feed["id"]
    assert main(["feeds", "poll", feed["id"]]) == 0
    assert "polled 1 feed: 0 new, 0 updated, 2 unchanged" in capsys.readouterr().out  # was "1 feeds"
    site.pages["/news/tram"] = (200, "text/html", TRAM.replace("Twelve stops", "Fourteen stops"))
    hits = site.hits.copy()
    assert main(["feeds", "poll", "--recheck", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["updated"] == 1 and site.hits["/news/tram"] == hits["/news/tram"] + 1
    site.pages["/rss.xml"] = (500, "text/plain", "oops")  # a user trial: the feed failed, the total said "0 failed"
    assert main(["feeds", "poll", feed["id"]]) == 1
    assert "polled 1 feed (1 could not be read): 0 new" in capsys.readouterr().out
    assert main(["feeds", "rm", feed["id"]]) == 0
    assert main(["feeds", "rm", feed["id"]]) == 1
    assert "no feed" in capsys.readouterr().err


def test_qa_serve_polls_in_the_background_when_asked(site: Site, embedded_service: Service, client_for: Any) -> None:
    embedded_service.store.feeds.add(f"{site.base}/rss.xml")
    client = client_for(embedded_service, feed_poll_minutes=0.01)  # every 0.6 s
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(client.get("/api/documents").json()) < 2:
        time.sleep(0.2)
    assert len(client.get("/api/documents").json()) == 2


def test_a_syndicated_copy_at_another_url_is_a_duplicate_with_its_url_kept(site: Site,
                                                                          embedded_service: Service) -> None:
    wire = FERRY.format(votes="9 to 2").replace('<link rel="canonical" href="/news/ferry-fares">', "")
    wire = wire.replace("<nav><ul><li>Home</li><li>World</li></ul></nav>", "<nav><p>Wire | Latest | Sports</p></nav>")
    site.pages["/wire/2025/ferry"] = (200, "text/html", wire.replace("Harbour Times", "City Wire"))
    site.pages["/wire.xml"] = (200, "application/rss+xml", RSS.format(base=site.base).replace(
        "/news/ferry-fares?utm_source=rss", "/wire/2025/ferry").replace("/news/ferry-fares#top", "/news/tram"))
    embedded_service.store.feeds.add(f"{site.base}/rss.xml")
    first = poll(embedded_service).totals()
    assert first["new"] == 2
    wire_feed, _ = embedded_service.store.feeds.add(f"{site.base}/wire.xml")
    report = poll(embedded_service, [wire_feed.id]).totals()
    assert report["duplicates"] == 2 and report["new"] == 0, report  # the copy, and the tram story met twice
    docs = {d.url: d for d in embedded_service.documents()}
    assert len(docs) == 2
    ferry = embedded_service.document(docs[f"{site.base}/news/ferry-fares"].id)[0]
    assert ferry.also_at_urls == [f"{site.base}/wire/2025/ferry"]
    tram = embedded_service.document(docs[f"{site.base}/news/tram"].id)[0]
    assert tram.also_at_urls == []
    site.pages["/news/ferry-fares"] = (200, "text/html", FERRY.format(votes="8 to 3"))
    site.pages["/rss.xml"] = (200, "application/rss+xml", RSS.format(base=site.base).replace(
        "<title>Ferry fares cut</title>", "<title>Ferry fares cut after a recount</title>"))
    again = poll(embedded_service, [embedded_service.store.feeds.all()[0].id])  # the original changes: a new version
    assert again.totals()["updated"] == 1
    assert embedded_service.document(ferry.id)[0].also_at_urls == [f"{site.base}/wire/2025/ferry"]


def test_a_poll_killed_midway_leaves_nothing_half_written_and_the_next_completes(site: Site, tmp_path: Path,
                                                                                 embedder: Any) -> None:
    import os
    import signal
    import subprocess
    import sys

    site.pages["/news/slow"] = (200, "text/html", TRAM.replace("Tram line opens", "Bridge reopens").replace(
        'href="/news/tram"', 'href="/news/slow"').replace(
        "tram line to the airport", "bridge to the island").replace("Twelve stops", "Two lanes"))
    site.pages["/slow.xml"] = (200, "application/rss+xml", RSS.format(base=site.base).replace(
        "/news/tram</link>", "/news/slow</link>", 1).replace("/news/ferry-fares#top", "/news/tram"))
    site.slow["/news/slow"] = 60.0
    env = {**os.environ, "QA_DATA_DIR": str(tmp_path / "data"), "QA_COLLECTION": "killed",
           "QA_FETCH_ALLOW_PRIVATE": "true", "QA_FETCH_HOST_DELAY_S": "0", "QA_FETCH_TIMEOUT_S": "120"}
    qa = str(Path(sys.executable).with_name("qa"))
    subprocess.run([qa, "feeds", "add", f"{site.base}/slow.xml"], env=env, check=True, capture_output=True)
    polling = subprocess.Popen([qa, "feeds", "poll"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while site.hits["/news/slow"] == 0 and time.monotonic() < deadline and polling.poll() is None:
        time.sleep(0.1)
    time.sleep(3)  # the ferry story (before the slow one) is read and waits for its group to be stored
    polling.send_signal(signal.SIGKILL)
    polling.wait()
    assert site.hits["/news/slow"] == 1, "the poll ended before it reached the slow page"

    site.slow["/news/slow"] = 0.0
    svc = Service.open(Settings(data_dir=tmp_path / "data", collection="killed", fetch_allow_private=True,
                                fetch_host_delay_s=0, refresh_seconds=0), embedder=embedder)
    try:
        report = poll(svc).totals()
        assert report["failed"] == 0 and report["new"] + report["unchanged"] == 3, report
        titles = sorted(d.title for d in svc.documents())
        assert titles == ["Bridge reopens", "Ferry fares cut", "Tram line opens"], titles
        for doc in svc.documents():
            record, text = svc.document(doc.id)
            assert record.chunks >= 1 and text
        assert poll(svc).totals()["unchanged"] == 3
    finally:
        svc.close()


def test_a_copy_met_in_the_same_poll_as_its_original_is_a_duplicate(site: Site, embedded_service: Service) -> None:
    from tests.test_duplicates import STORY

    headline, *body = STORY.splitlines()

    def page(title: str, lines: list[str]) -> str:
        return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
                + "".join(f"<p>{line}</p>" for line in lines) + "</article></body></html>")

    site.pages["/news/ferry-story"] = (200, "text/html", page(headline, [" ".join(body)]))
    site.pages["/wire/ferry-story"] = (200, "text/html", page("City Wire: " + headline, [
        " ".join(body), "This story first appeared in the Harbour Times."]))
    site.pages["/both.xml"] = (200, "application/rss+xml", RSS.format(base=site.base).replace(
        "/news/ferry-fares?utm_source=rss", "/news/ferry-story").replace("/news/ferry-fares#top", "/wire/ferry-story"))
    embedded_service.store.feeds.add(f"{site.base}/both.xml")
    report = poll(embedded_service).totals()
    assert report == {"new": 2, "updated": 0, "unchanged": 0, "duplicates": 1, "failed": 0, "unlinked": 0}, report
    docs = {d.url: d for d in embedded_service.documents()}
    assert sorted(docs) == [f"{site.base}/news/ferry-story", f"{site.base}/news/tram"]
    original = embedded_service.document(docs[f"{site.base}/news/ferry-story"].id)[0]
    assert original.also_at_urls == [f"{site.base}/wire/ferry-story"]
    assert poll(embedded_service).totals()["unchanged"] == 3


def test_a_feed_remembered_before_pages_validators_were_kept_is_read(embedded_service: Service) -> None:
    import dataclasses
    import json

    from index.feeds import Remembered

    feeds, link = embedded_service.store.feeds, "http://127.0.0.1:9/a"
    feed, _ = feeds.add("http://127.0.0.1:9/rss.xml")
    feeds.polled(dataclasses.replace(feed, items={link: Remembered("f1", "doc1", '"v1"', "")}))
    stored = feeds._collection.get(ids=[feed.id], include=["metadatas"])["metadatas"][0]
    assert json.loads(stored["items"]) == {link: ["f1", "doc1", '"v1"', ""]}
    earlier = {**stored, "items": json.dumps({link: ["f1", "doc1"]})}  # the form written before validators were kept
    feeds._collection.upsert(ids=[feed.id], embeddings=[[1.0]], metadatas=[earlier])
    assert feeds.get([feed.id])[0].items == {link: Remembered("f1", "doc1", "", "")}


def test_an_item_whose_page_failed_is_fetched_again_at_the_next_poll(site: Site, embedded_service: Service) -> None:
    del site.pages["/news/tram"]  # 404 for now
    rss, _ = embedded_service.store.feeds.add(f"{site.base}/rss.xml")
    assert poll(embedded_service, [rss.id]).totals()["failed"] == 1
    site.pages["/news/tram"] = (200, "text/html", TRAM)  # back; the feed itself did not change
    hits = site.hits.copy()
    totals = poll(embedded_service, [rss.id]).totals()
    # before, the feed answered 304 and the failed item was neither fetched nor counted: lost for good
    assert totals["new"] == 1 and totals["failed"] == 0, totals
    assert site.hits - hits >= Counter({"/rss.xml": 1, "/news/tram": 1})
    assert f"{site.base}/news/tram" in {d.url for d in embedded_service.documents()}
    hits = site.hits.copy()
    assert poll(embedded_service, [rss.id]).totals()["unchanged"] == 2  # nothing failed: a 304 again
    assert site.hits - hits == Counter({"/rss.xml": 1})


def test_an_item_date_feedparser_cannot_read_is_read_as_written_and_items_without_a_link_are_counted(
        site: Site, embedded_service: Service) -> None:
    site.pages["/written.xml"] = (200, "application/rss+xml", f"""<?xml version="1.0"?><rss version="2.0"><channel>
<title>Tram news</title><item><title>Tram line opens</title><link>{site.base}/news/tram</link>
<pubDate>March 5, 2025</pubDate></item><item><title>A note</title><description>No page.</description></item>
</channel></rss>""")
    feed, _ = embedded_service.store.feeds.add(f"{site.base}/written.xml")
    report = poll(embedded_service, [feed.id])
    # the date was dropped (the tram page has none, so the article was undated) and the second item vanished
    assert report.totals() == {"new": 1, "updated": 0, "unchanged": 0, "duplicates": 0, "failed": 0,
                               "unlinked": 1}, report
    [doc] = embedded_service.documents()
    assert doc.url == f"{site.base}/news/tram" and doc.published == "2025-03-05"


def test_an_item_date_keeps_its_offset_and_indexing_its_page_again_keeps_it(site: Site,
                                                                           embedded_service: Service) -> None:
    """A user trial: an item of "Thu, 04 Jan 2024 23:30:00 -0800" was stored as January 5 (UTC), out of a filter
    of January 4, the day it was published where it was written; and `qa index` of its page (which gives no
    date) then stored it undated, and later polls found it unchanged."""
    site.pages["/late.xml"] = (200, "application/rss+xml", f"""<?xml version="1.0"?><rss version="2.0"><channel>
<title>Tram news</title><item><title>Tram line opens</title><link>{site.base}/news/tram</link>
<pubDate>Thu, 03 Apr 2025 23:30:00 -0800</pubDate></item></channel></rss>""")
    feed, _ = embedded_service.store.feeds.add(f"{site.base}/late.xml")
    assert poll(embedded_service, [feed.id]).totals()["new"] == 1
    [doc] = embedded_service.documents()
    assert doc.published == "2025-04-03T23:30:00-08:00"
    found = embedded_service.search("tram line airport", filters={"published_from": "2025-04-03",
                                                                  "published_to": "2025-04-03"})
    assert [p.document_id for p in found] == [doc.id]
    report = embedded_service.index([], urls=[f"{site.base}/news/tram"])
    assert report.failed == [] and embedded_service.documents()[0].published == "2025-04-03T23:30:00-08:00"


def test_indexing_a_feed_as_a_page_says_how_to_add_it_as_a_feed(site: Site, embedded_service: Service) -> None:
    """A user trial: `qa index` of a feed's URL said only that it "is application/xml, not text/html ..."."""
    report = embedded_service.index([], urls=[f"{site.base}/rss.xml", f"{site.base}/news/tram"])
    [(name, why)] = report.failed
    assert name == f"{site.base}/rss.xml" and "qa feeds add" in why and "application/rss+xml" in why, why
    assert len(report.added) == 1 and [d.url for d in embedded_service.documents()] == [f"{site.base}/news/tram"]


def test_a_feed_address_that_moved_for_good_is_added_at_its_new_address_or_is_the_feed_there(
        site: Site, embedded_service: Service) -> None:
    """A user trial: `qa feeds add` of an address redirecting (301) to a listed feed said "added", and the first
    poll then dropped it without a word."""
    site.pages["/old-atom"] = (301, "text/plain", f"{site.base}/atom.xml")
    site.pages["/old-rss"] = (301, "text/plain", f"{site.base}/rss.xml")
    atom, added = add_feed(embedded_service, f"{site.base}/atom.xml")
    assert added
    found, added = add_feed(embedded_service, f"{site.base}/old-atom")
    assert (found.id, found.url, added) == (atom.id, atom.url, False)
    rss, added = add_feed(embedded_service, f"{site.base}/old-rss")
    assert added and rss.url == f"{site.base}/rss.xml" and rss.title == "Harbour Times"
    assert add_feed(embedded_service, f"{site.base}/rss.xml")[1] is False
    assert {f.url for f in embedded_service.store.feeds.all()} == {atom.url, rss.url}
    report = poll(embedded_service)
    assert report.totals()["failed"] == 0 and len(embedded_service.store.feeds.all()) == 2, report.to_json()


def test_the_author_a_feed_names_for_an_item_is_its_article_s(site: Site, embedded_service: Service) -> None:
    """A user trial: RSS's <author>, <dc:creator> and Atom's <author><name> were dropped (the page's "Staff" was
    stored); the feed names who wrote the item as its publisher says it, as it dates it."""
    site.pages["/bylines.xml"] = (200, "application/rss+xml", f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Harbour Times</title>
<item><title>Ferry</title><link>{site.base}/news/ferry-fares</link><author>jroe@example.com (Jane Roe)</author></item>
<item><title>Tram</title><link>{site.base}/news/tram</link><dc:creator>John Doe</dc:creator></item>
</channel></rss>""")
    feed, _ = embedded_service.store.feeds.add(f"{site.base}/bylines.xml")
    assert poll(embedded_service, [feed.id]).totals()["new"] == 2
    authors = {d.url.rsplit("/", 1)[1]: d.author for d in embedded_service.documents()}
    assert authors == {"ferry-fares": "Jane Roe", "tram": "John Doe"}  # the ferry page's own byline: "Ana Ruiz"
