"""POST /api/documents with files and JSON: limits, types, encodings, names, duplicates; and /api/reindex."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from api.uploads import safe_name
from qa import Service
from tests.conftest import SEEDS

BRIDGE = "Harbour bridge reopens\nThe harbour bridge reopened on Monday after two years of repairs.\n"


@pytest.fixture()
def client(service: Service, client_for: Any, tmp_path: Path) -> Any:
    return client_for(service, max_upload_bytes=2000, sources=tmp_path / "sources")


def test_a_file_upload_is_indexed_with_its_name_and_answers(client: Any) -> None:
    response = client.post("/api/documents", files={"file": ("bridge.txt", BRIDGE.encode(), "text/plain")},
                           data={"source": "Harbour Herald"})
    assert response.status_code == 201 and response.json()["status"] == "added"
    doc = client.get(f"/api/documents/{response.json()['id']}").json()
    assert doc["title"] == "Harbour bridge reopens" and doc["source"] == "Harbour Herald"
    answer = client.post("/api/ask", json={"question": "When did the harbour bridge reopen?"}).json()
    assert answer["supported"] and answer["citations"][0]["document_id"] == doc["id"]


def test_the_same_content_twice_is_one_document(client: Any) -> None:
    first = client.post("/api/documents", files={"file": ("a.txt", BRIDGE.encode())})
    again = client.post("/api/documents", files={"file": ("other-name.txt", BRIDGE.encode())})
    as_json = client.post("/api/documents", json={"title": "Harbour bridge reopens", "text": BRIDGE})
    no_newline = client.post("/api/documents", json={"title": "Harbour bridge reopens", "text": BRIDGE.strip()})
    assert first.status_code == 201 and again.status_code == 200 and as_json.status_code == 200
    assert no_newline.status_code == 200  # the stored text is the same: a final newline is not new content
    assert first.json()["id"] == again.json()["id"] == as_json.json()["id"] == no_newline.json()["id"]
    assert len(client.get("/api/documents").json()) == 1


def test_a_file_of_the_indexed_folder_uploaded_is_that_document(client: Any, tmp_path: Path) -> None:
    """A user trial: a file `qa index` had read from a folder, uploaded, was added as a second document with the
    same text (both found by every search); an edited copy is a document of its own."""
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "bridge.txt").write_text(BRIDGE)
    (sources / "ferry.txt").write_text("Ferry fares cut\nFerry fares fall by a third from June.\n")
    assert client.post("/api/reindex").json()["added"] == 2
    indexed = {d["id"] for d in client.get("/api/documents").json()}
    same = client.post("/api/documents", files={"file": ("copy.txt", BRIDGE.encode())})
    assert same.status_code == 200 and same.json()["status"] == "duplicate" and same.json()["id"] in indexed
    edited = client.post("/api/documents", files={"file": ("copy.txt", (BRIDGE + "Traffic resumed.\n").encode())})
    assert edited.status_code == 201 and edited.json()["status"] == "added" and edited.json()["id"] not in indexed
    assert len(client.get("/api/documents").json()) == 3


def test_an_uploaded_article_indexed_later_from_its_file_is_that_document(client: Any, tmp_path: Path) -> None:
    """A user trial, the other way round: an article uploaded, then `qa index` of its file, was two documents."""
    uploaded = client.post("/api/documents", files={"file": ("bridge.txt", BRIDGE.encode())}).json()["id"]
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "bridge.txt").write_text(BRIDGE)
    (sources / "ferry.txt").write_text("Ferry fares cut\nFerry fares fall by a third from June.\n")
    report = client.post("/api/reindex").json()
    assert report["added"] == 1 and report["duplicates"] == 1, report
    assert {d["id"] for d in client.get("/api/documents").json()} >= {uploaded}
    assert len(client.get("/api/documents").json()) == 2
    assert client.post("/api/reindex").json()["duplicates"] == 1  # and again, not stored the next time either
    (sources / "bridge.txt").write_text(BRIDGE + "Traffic resumed.\n")  # edited: an article of its own
    assert client.post("/api/reindex").json()["added"] == 1 and len(client.get("/api/documents").json()) == 3


def test_a_second_upload_of_an_article_updates_what_it_gives_and_keeps_the_rest(client: Any) -> None:
    """A user trial: the same text with a corrected date was "unchanged" (the date could only be put right by
    deleting it), and a .md whose front matter changed was added as a second copy of the article."""
    first = client.post("/api/documents", files={"file": ("bridge.txt", BRIDGE.encode())},
                        data={"source": "Harbour Herald", "published": "2024-01-01"})
    same = client.post("/api/documents", files={"file": ("copy.txt", BRIDGE.encode())})  # gives nothing new
    dated = client.post("/api/documents", files={"file": ("bridge.txt", BRIDGE.encode())},
                        data={"published": "2024-01-02"})
    assert [r.json()["status"] for r in (first, same, dated)] == ["added", "unchanged", "updated"]
    assert first.json()["id"] == same.json()["id"] == dated.json()["id"]
    doc = client.get(f"/api/documents/{first.json()['id']}").json()
    assert (doc["published"], doc["source"]) == ("2024-01-02", "Harbour Herald")  # the source it did not give kept
    front = "---\ntitle: Harbour bridge reopens\npublished: {}\n---\n" + BRIDGE.split("\n", 1)[1]
    md = [client.post("/api/documents", files={"file": ("b.md", front.format(day).encode())})
          for day in ("2024-02-01", "2024-02-03")]
    assert [r.json()["status"] for r in md] == ["added", "updated"] and md[0].json()["id"] == md[1].json()["id"]
    assert client.get(f"/api/documents/{md[0].json()['id']}").json()["published"] == "2024-02-03"
    assert len(client.get("/api/documents").json()) == 2


def test_an_article_sent_again_under_its_url_with_its_text_corrected_is_that_document_updated(client: Any) -> None:
    """A user trial: the corrected text of an article uploaded under the same url was a second document beside the
    first, and the answer quoted the old text."""
    url = "https://harbourherald.example/bridge?utm_source=feed"
    sent = [client.post("/api/documents", json={"title": "Bridge closes for repairs", "url": url,
                                                "text": f"The Old Mill bridge will close for {weeks} weeks."})
            for weeks in ("six", "eight")]
    assert [r.json()["status"] for r in sent] == ["added", "updated"]
    assert sent[0].json()["id"] == sent[1].json()["id"] and len(client.get("/api/documents").json()) == 1
    answer = client.post("/api/ask", json={"question": "How long will the Old Mill bridge be closed?"}).json()
    assert "eight weeks" in answer["answer"] and "six" not in answer["answer"]
    nine = b"The Old Mill bridge will close for nine weeks."
    form = client.post("/api/documents", files={"file": ("bridge.txt", nine)},
                       data={"url": "https://HarbourHerald.example/bridge"})  # the same address, written otherwise
    assert form.json()["status"] == "updated" and form.json()["id"] == sent[0].json()["id"]
    other = client.post("/api/documents", json={"title": "Ferry", "text": "The ferry runs hourly.",
                                                "url": "https://harbourherald.example/ferry"})
    assert other.json()["status"] == "added" and len(client.get("/api/documents").json()) == 2
    # a site's home page as the url of several articles keys none of them: each is a document of its own
    home = [client.post("/api/documents", json={"title": title, "text": f"{title} opened on Monday.",
                                                "url": "https://harbourherald.example/"})
            for title in ("The museum", "The library")]
    assert [r.json()["status"] for r in home] == ["added", "added"] and len(client.get("/api/documents").json()) == 4


def test_the_same_content_sent_at_once_is_added_once(client: Any) -> None:
    # each upload looked the text up before any had stored it: all four were reported "added" (201)
    with ThreadPoolExecutor(4) as pool:
        sent = list(pool.map(lambda n: client.post("/api/documents", json={"title": "Copy", "text": BRIDGE}),
                             range(4)))
    assert sorted(r.status_code for r in sent) == [200, 200, 200, 201], [r.text for r in sent]
    assert sorted(r.json()["status"] for r in sent) == ["added", "unchanged", "unchanged", "unchanged"]
    assert len({r.json()["id"] for r in sent}) == 1 and len(client.get("/api/documents").json()) == 1


@pytest.mark.parametrize(
    ("kwargs", "status", "error"),
    [
        ({"files": {"file": ("big.txt", b"word " * 500)}}, 413, "DocumentTooLarge"),
        ({"json": {"title": "Big", "text": "word " * 500}}, 413, "DocumentTooLarge"),
        ({"files": {"file": ("report.pdf", b"%PDF-1.7 ...")}}, 415, "UnsupportedFileType"),
        ({"content": b"plain words", "headers": {"content-type": "text/plain"}}, 415, "UnsupportedFileType"),
        ({"files": {"file": ("latin1.txt", "Caf\xe9 prices rose.".encode("latin-1"))}}, 422, "InvalidDocument"),
        ({"files": {"file": ("nul.txt", b"text\x00with a NUL byte")}}, 422, "InvalidDocument"),
        ({"files": {"other": ("bridge.txt", BRIDGE.encode())}}, 422, "InvalidDocument"),
        ({"files": {"file": ("empty.txt", b"   \n")}}, 422, "InvalidDocument"),
        ({"json": {"title": "No text"}}, 422, "ValidationError"),
        ({"files": {"file": ("h.txt", b"Harbour\nThe ferry ran late.")}, "data": {"publshed": "2024-01-01"}}, 422,
         "InvalidDocument"),  # a mistyped field refused, as JSON's are (it was stored without its date)
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "ValidationError"),
        # a user trial: these were stored as the article's address, which a client may show as a link
        ({"files": {"file": ("h.txt", b"Harbour\nThe ferry ran late.")}, "data": {"url": "javascript:alert(1)"}}, 422,
         "InvalidDocument"),
        ({"json": {"title": "Harbour", "text": "The ferry ran late.", "url": "not a url"}}, 422, "InvalidDocument"),
        # a user trial: an article dated 2999 was stored, and became the newest of every window
        ({"json": {"title": "Harbour", "text": "The ferry ran late.", "published": "2999-01-01"}}, 422,
         "InvalidDocument"),
        ({"files": {"file": ("h.txt", b"Harbour\nThe ferry ran late.")}, "data": {"published": "2999-01-01"}}, 422,
         "InvalidDocument"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(client: Any, kwargs: dict[str, Any], status: int,
                                                      error: str) -> None:
    response = client.post("/api/documents", **kwargs)
    assert response.status_code == status, response.text
    assert response.json()["error"] == error and response.json()["message"]
    assert client.get("/api/documents").json() == []


def test_a_mistyped_form_field_is_named_with_the_one_meant(client: Any) -> None:
    response = client.post("/api/documents", files={"file": ("h.txt", b"Harbour\nThe ferry ran late.")},
                           data={"publshed": "2024-01-01"})
    assert "unknown form field 'publshed' (did you mean 'published'?)" in response.json()["message"]


def test_a_json_upload_says_what_is_wrong_with_it(client: Any) -> None:
    """A user trial: a mistyped JSON field was answered "Extra inputs are not permitted", an empty text "send 'title'
    and 'text'" (both had been sent), invalid JSON "(at character ?: ...)", a date in 2999 stored."""
    def message(**kwargs: Any) -> str:
        response = client.post("/api/documents", **kwargs)
        assert response.status_code == 422, response.text
        return str(response.json()["message"])

    assert "unknown field 'publshed' (did you mean 'published'?)" in message(
        json={"title": "Harbour", "text": "The ferry ran late.", "publshed": "2024-01-01"})
    assert "'text' is empty" in message(json={"title": "Harbour", "text": "  "})
    invalid = message(content=b"{not json", headers={"content-type": "application/json"})
    assert invalid.startswith("the body is not valid JSON (") and "at character ?" not in invalid, invalid
    assert "in the future" in message(json={"title": "Harbour", "text": "The ferry ran late.",
                                            "published": "2999-01-01"})
    assert client.get("/api/documents").json() == []


def test_the_unsupported_type_message_names_the_supported_ones(client: Any) -> None:
    message = client.post("/api/documents", files={"file": ("report.pdf", b"%PDF")}).json()["message"]
    assert all(suffix in message for suffix in (".txt", ".md", ".html"))


@pytest.mark.parametrize(
    ("filename", "expected"),
    [("../../etc/passwd.txt", "passwd.txt"), ("..\\..\\windows\\win.ini.md", "win.ini.md"), ("/abs/path/a.html", "a.html"),
     ("", "upload.txt"), ("..", "upload.txt"), ("evil\x00name\n.txt", "evilname.txt")],
)
def test_an_uploaded_file_name_never_becomes_a_path(filename: str, expected: str) -> None:
    assert safe_name(filename) == expected


def test_a_traversal_name_is_only_a_label(client: Any, tmp_path: Path) -> None:
    response = client.post("/api/documents", files={"file": ("../../../../tmp/owned.txt", BRIDGE.encode())})
    assert response.status_code == 201
    doc = client.get(f"/api/documents/{response.json()['id']}").json()
    assert doc["source"] == "owned.txt"
    assert not Path("/tmp/owned.txt").exists()


def test_reindex_indexes_the_source_folder_and_can_prune(client: Any, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SEEDS, sources)
    first = client.post("/api/reindex").json()
    assert first == {"added": 3, "updated": 0, "unchanged": 0, "removed": 0, "failed": [], "duplicates": 0}
    next(sources.glob("*.txt")).unlink()
    assert client.post("/api/reindex", json={"prune": True}).json()["removed"] == 1
    assert len(client.get("/api/documents").json()) == 2


def test_reindex_needs_the_key_when_one_is_set(service: Service, client_for: Any, tmp_path: Path) -> None:
    client = client_for(service, api_key="k", sources=tmp_path)
    assert client.post("/api/reindex").status_code == 401
    assert client.post("/api/reindex", headers={"Authorization": "Bearer k"}).status_code == 200


@pytest.mark.parametrize(("given", "stored"), [("5 May 2026", "2026-05-05"), ("May 5, 2026", "2026-05-05"),
                                               ("Tue, 05 May 2026 10:00:00 GMT", "2026-05-05T10:00:00+00:00"),
                                               ("2026-05-05T10:00:00Z", "2026-05-05T10:00:00Z")])
def test_a_written_publication_date_is_stored_as_iso_and_answers_as_of_it(client: Any, given: str,
                                                                          stored: str) -> None:
    added = client.post("/api/documents", json={"title": "Zoo", "text": "The Dunmore zoo welcomed a giraffe named Pip.",
                                                 "published": given})
    assert added.status_code == 201, added.text
    assert client.get(f"/api/documents/{added.json()['id']}").json()["published"] == stored
    answer = client.post("/api/ask", json={"question": "What did the Dunmore zoo welcome?", "as_of": "2026-06-01"})
    assert answer.json()["supported"] and answer.json()["citations"][0]["published"] == stored


@pytest.mark.parametrize("published", ["garbage", "2026-13-45", "31/12/2025", "last tuesday"])
def test_an_unreadable_publication_date_is_refused_not_stored(client: Any, published: str) -> None:
    # stored as given, such a date left the article out of every answer (it is neither dated nor undated)
    as_json = client.post("/api/documents", json={"title": "Zoo", "text": "The zoo welcomed Pip.", "published": published})
    as_file = client.post("/api/documents", files={"file": ("zoo.txt", b"The zoo welcomed Pip.")},
                          data={"published": published})
    front = f"---\ntitle: Zoo\ndate: {published}\n---\nThe zoo welcomed Pip.\n".encode()
    as_markdown = client.post("/api/documents", files={"file": ("zoo.md", front)})
    for response in (as_json, as_file, as_markdown):
        assert response.status_code == 422 and response.json()["error"] == "InvalidDocument", response.text
    for response in (as_json, as_file) if published == "2026-13-45" else (as_json, as_file, as_markdown):
        assert repr(published) in response.json()["message"] and "2025-05-01" in response.json()["message"]
    assert "month must be in 1..12" in as_markdown.json()["message"] or published != "2026-13-45"
    assert client.get("/api/documents").json() == []


def test_an_uploaded_title_is_its_text_first_line_searched_and_quoted_with_the_rest(client: Any) -> None:
    """A user trial: a JSON upload's title was kept apart from its text, so a fact only its headline gives (as a
    Markdown or HTML file's would be) was neither found nor quoted."""
    title = "Dunmore zoo names its new giraffe Pip"
    text = "The calf arrived on Monday from a breeding programme in Kenya.\nKeepers said she was settling in well.\n"
    as_json = client.post("/api/documents", json={"title": title, "text": text})
    as_file = client.post("/api/documents", files={"file": ("calf.txt", text.replace("Monday", "Friday").encode())},
                          data={"title": title})
    headed = client.post("/api/documents", json={"title": "Harbour bridge reopens", "text": BRIDGE})
    for response in (as_json, as_file, headed):
        assert response.status_code == 201, response.text
    stored = {r.json()["id"]: client.get(f"/api/documents/{r.json()['id']}").json() for r in (as_json, as_file)}
    assert [d["text"] for d in stored.values()] == [f"{title}\n\n{text.strip()}",
                                                    f"{title}\n\n{text.replace('Monday', 'Friday').strip()}"]
    assert client.get(f"/api/documents/{headed.json()['id']}").json()["text"] == BRIDGE.strip()  # not twice
    answer = client.post("/api/ask", json={"question": "What is the name of the Dunmore zoo's new giraffe?"}).json()
    assert answer["supported"] and "Pip" in answer["answer"]
    for citation in answer["citations"]:
        text_of = stored[citation["document_id"]]["text"]
        assert text_of[citation["start"]:citation["end"]] == citation["quote"]
    assert any("Pip" in c["quote"] for c in answer["citations"])
    same = client.post("/api/documents", json={"title": title, "text": text})
    corrected = client.post("/api/documents", json={"title": "Dunmore zoo names its new giraffe calf Pip", "text": text})
    assert same.status_code == 200 and same.json() == {**as_json.json(), "status": "unchanged"}
    assert corrected.status_code == 201 and corrected.json()["status"] == "updated"
    assert corrected.json()["id"] == as_json.json()["id"]  # the same document under its corrected headline
    assert client.get(f"/api/documents/{as_json.json()['id']}").json()["text"].startswith(
        "Dunmore zoo names its new giraffe calf Pip\n\nThe calf arrived on Monday")
    assert len(client.get("/api/documents").json()) == 3


def test_ctrl_c_during_an_upload_stops_the_server_at_once_and_stores_none_of_it(tmp_path: Path) -> None:
    """A user trial: Ctrl-C to `qa serve` while a 1 MB upload was embedded waited 21 s for it. Now the upload
    ends at the model's next batch with a 503 that says to send it again, and nothing of it is stored."""
    import signal
    import threading
    import time

    import httpx

    from bench.serving import run_qa_server

    settings = {"QA_DATA_DIR": str(tmp_path / "data"), "QA_COLLECTION": "stopping"}
    sentence = "The harbour authority published its annual report on Tuesday, citing record volumes at the port. "
    text = sentence * 9000  # 900 KB: about 14 s of embedding on two cores
    result: dict[str, Any] = {}

    def upload(base: str) -> None:
        try:
            response = httpx.post(f"{base}/api/documents", json={"title": "Harbour report", "text": text},
                                  timeout=120)
            result.update(status=response.status_code, body=response.json())
        except httpx.HTTPError as exc:
            result["error"] = exc

    with run_qa_server(settings) as (base, process, _):
        uploading = threading.Thread(target=upload, args=(base,))
        uploading.start()
        time.sleep(3)  # the upload read and being split or embedded
        signalled = time.monotonic()
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        stopped = time.monotonic() - signalled
        uploading.join(timeout=60)
    assert stopped < 10, f"the server took {stopped:.1f} s to stop"  # 14 s before, waiting for the upload
    assert result.get("status") == 503 and result["body"]["error"] == "ServiceStopping", result
    assert "send it again" in result["body"]["message"]
    with run_qa_server(settings) as (base, _, _):
        assert httpx.get(f"{base}/api/documents").json() == []


def test_a_json_upload_without_an_outlet_has_none(client: Any) -> None:
    """The README audit: a JSON upload with neither source nor url had its title as its outlet (the file name it
    stood in for), so the chat page showed the headline twice; with a url, the outlet is the url's site."""
    bare = client.post("/api/documents", json={"title": "Library reopens", "text": "The Riverside library reopened."})
    assert bare.status_code == 201, bare.text
    assert client.get(f"/api/documents/{bare.json()['id']}").json()["source"] == ""
    linked = client.post("/api/documents", json={"title": "Pool reopens", "text": "The Riverside pool reopened.",
                                                 "url": "https://www.example.com/pool"})
    assert client.get(f"/api/documents/{linked.json()['id']}").json()["source"] == "example.com"
