"""The HTTP API through TestClient with its lifespan, over the real model and Chroma."""

from __future__ import annotations

import json
from typing import Any

import pytest

from qa import Service

GODFREY = "Who is leading the Space Force partnership initiative?"


@pytest.fixture()
def client(seeded: Service, client_for: Any) -> Any:
    return client_for(seeded)


def test_health_and_readiness(client: Any) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["documents"] == 3 and ready.json()["chunks"] > 3


def test_ask_names_godfrey_with_the_sentence_that_names_him(client: Any) -> None:
    body = client.post("/api/ask", json={"question": GODFREY}).json()
    assert body["supported"] is True
    assert "Air Marshal Paul Godfrey" in body["answer"]
    naming = [c for c in body["citations"] if "Air Marshal Paul Godfrey" in c["quote"]]
    assert naming, body
    doc = client.get(f"/api/documents/{naming[0]['document_id']}").json()
    assert doc["text"][naming[0]["start"]:naming[0]["end"]] == naming[0]["quote"]
    assert ('"The risk calculus for our potential adversaries increases when they see allies and partners building '
            'and operating integrated space architectures." said Air Marshal Paul Godfrey, who is leading the '
            'initiative.\n') in naming[0]["quote"]  # the whole sentence (quote and attribution), then its neighbour
    assert f"[{naming[0]['n']}]" in body["answer"]
    assert set(body["timings_ms"]) >= {"embed", "retrieve", "evidence", "total"}


def test_unanswerable_question_is_refused_plainly(client: Any) -> None:
    body = client.post("/api/ask", json={"question": "Which team won the 2022 FIFA World Cup?"}).json()
    assert body["supported"] is False and body["citations"] == []
    assert "don't say" in body["answer"]


def test_search_passages_match_document_text(client: Any) -> None:
    body = client.post("/api/search", json={"query": "Olympic Defender invitation", "k": 4}).json()
    passages = body["passages"]
    assert 1 <= len(passages) <= 4
    assert [p["score"] for p in passages] == sorted((p["score"] for p in passages), reverse=True)
    for p in passages:
        text = client.get(f"/api/documents/{p['document_id']}").json()["text"]
        assert text[p["start"]:p["end"]] == p["text"]
    assert "Olympic Defender" in passages[0]["text"]


def test_filters_restrict_answers_to_matching_documents(client: Any) -> None:
    docs = client.get("/api/documents").json()
    launch = next(d for d in docs if d["source"].startswith("004"))
    body = client.post("/api/search", json={"query": "space partners", "filters": {"document_id": launch["id"]}}).json()
    assert body["passages"] and {p["document_id"] for p in body["passages"]} == {launch["id"]}
    bad = client.post("/api/search", json={"query": "space", "filters": {"colour": "red"}})
    assert bad.status_code == 422 and "colour" in bad.json()["message"]
    # a user trial: a mistyped id was answered as if the articles did not say
    none = client.post("/api/ask", json={"question": "Who leads the space partnership?",
                                         "filters": {"document_id": ["nope"]}}).json()
    assert not none["supported"] and none["answer"] == "The articles don't say. No indexed article matches the filters."
    # a user trial: a search whose filters matched nothing returned no passages and no word of why
    nothing = client.post("/api/search", json={"query": "space", "filters": {"source": "No Such Outlet"}}).json()
    assert nothing["passages"] == [] and nothing["note"] == "No indexed article matches the filters."
    assert body["note"] == ""
    # "outlet", as front matter names it, is "source" (a user trial: "--filter outlet=USA TODAY" was unknown)
    by_outlet = client.post("/api/search", json={"query": "space partners", "filters": {"outlet": launch["source"]}})
    assert {p["document_id"] for p in by_outlet.json()["passages"]} == {launch["id"]}
    twice = client.post("/api/search", json={"query": "space", "filters": {"outlet": "A", "source": "B"}})
    assert twice.status_code == 422 and "another name of source" in twice.json()["message"]


def test_documents_list_and_get(client: Any) -> None:
    docs = client.get("/api/documents").json()
    assert len(docs) == 3
    by_source = {d["source"]: d for d in docs}
    launch = by_source["004_e408bd18c59f1af7.txt"]
    assert launch["title"] == "US Space Force eyes global partners for national security launches"
    assert launch["author"] == "Naila Huseynova"
    full = client.get(f"/api/documents/{launch['id']}").json()
    assert full["text"].startswith("US Space Force eyes global partners")
    assert [d["id"] for d in client.get("/api/documents?limit=1&offset=1").json()] == [docs[1]["id"]]
    assert client.get(f"/api/documents?offset={2**63 - 1}").json() == []  # SQLite's largest integer is a page too
    # a filter the listing does not have is refused, not ignored (a user trial: ?source=cnn.com listed every source)
    refused = client.get("/api/documents?source=cnn.com&limit=1")
    assert refused.status_code == 422 and "source" in refused.json()["message"]
    assert "unknown parameter" in refused.json()["message"]


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("post", "/api/ask", {"question": ""}, 422),
        ("post", "/api/ask", {"question": "   "}, 422),
        ("post", "/api/ask", {"question": "x" * 5000}, 422),
        ("post", "/api/ask", {"question": 42}, 422),
        ("post", "/api/ask", {"question": "space", "top_k": 100000}, 422),
        ("post", "/api/ask", {"question": "space", "top_k": 0}, 422),
        ("post", "/api/ask", {}, 422),
        ("post", "/api/search", {"query": "space", "k": -1}, 422),
        ("post", "/api/ask", {"question": "space", "filters": {"source": 1}}, 422),
        ("post", "/api/ask", {"question": "space", "filters": {"published_from": ["2024-01-01"]}}, 422),
        # a user trial: true was read as 1 and "yes" as true
        ("post", "/api/ask", {"question": "space", "top_k": True}, 422),
        ("post", "/api/ask", {"question": "space", "show_unverified": "yes"}, 422),
        ("post", "/api/search", {"query": "space", "k": "3"}, 422),
        ("post", "/api/chat", {"messages": [{"role": "user", "content": "space"}], "stream": "yes"}, 422),
        ("post", "/api/reindex", {"prune": "yes"}, 422),  # a second trial: a deleting run set off by a string
        ("post", "/api/feeds", {"url": "http://127.0.0.1:9/feed.xml", "check": "no"}, 422),
        ("get", "/api/documents/does-not-exist", None, 404),
        ("get", "/api/documents?offset=9223372036854775808", None, 422),  # past SQLite's integers (fuzz found it)
        ("get", "/api/documents?limit=9223372036854775808", None, 422),
        ("delete", "/api/documents/does-not-exist", None, 404),
    ],
)
def test_bad_input_gets_a_clear_error(client: Any, method: str, path: str, body: Any, status: int) -> None:
    response = client.request(method.upper(), path, json=body)
    assert response.status_code == status
    payload = response.json()
    assert set(payload) == {"error", "message"} and payload["message"]
    assert "Traceback" not in response.text


@pytest.mark.parametrize("path", ["/api/ask", "/api/search", "/api/chat", "/v1/chat/completions"])
def test_a_form_or_text_where_json_is_expected_is_a_415_that_says_so(client: Any, path: str) -> None:
    """A user trial: a form got "body: Input should be a valid dictionary or object"."""
    form = client.post(path, data={"question": "Who?"})
    text = client.post(path, content=b"Who?", headers={"content-type": "text/plain"})
    for response, kind in ((form, "application/x-www-form-urlencoded"), (text, "text/plain")):
        assert response.status_code == 415, response.text
        assert f"send the body as JSON (Content-Type: application/json); it came as {kind}" in response.text


def test_an_unknown_filter_is_named_whatever_its_value(client: Any) -> None:
    """A user trial: {"bad": 1} was told "filters.bad.str: Input should be a valid string;
    filters.bad.list[str]: ..."."""
    for path, body in (("/api/ask", {"question": "space"}), ("/api/search", {"query": "space"}),
                       ("/api/chat", {"messages": [{"role": "user", "content": "space"}]})):
        response = client.post(path, json={**body, "filters": {"bad": 1}})
        assert response.status_code == 422 and response.json()["message"].startswith("unknown filter bad; supported:")
    wrong = client.post("/api/ask", json={"question": "space", "filters": {"source": 1}})
    assert wrong.json()["message"] == "filter source must be a string or a list of strings"


def test_non_json_body_is_a_422(client: Any) -> None:
    response = client.post("/api/ask", content=b"\xff\xfe not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["error"] == "ValidationError"
    broken = client.post("/api/ask", content=b'{"question": "Who?",}', headers={"content-type": "application/json"})
    assert broken.json()["message"].startswith("the body is not valid JSON (at character 20")  # was "20: JSON ..."


def test_writes_need_the_api_key_when_one_is_set(service: Service, client_for: Any) -> None:
    client = client_for(service, api_key="s3cret")
    doc = {"title": "Harbour news", "text": "The harbour bridge reopened on Monday after repairs."}
    assert client.post("/api/documents", json=doc).status_code == 401
    wrong = client.post("/api/documents", json=doc, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "Unauthorized"
    auth = {"Authorization": "Bearer s3cret"}
    first = client.post("/api/documents", json=doc, headers=auth)
    assert first.status_code == 201
    again = client.post("/api/documents", json=doc, headers=auth)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    answer = client.post("/api/ask", json={"question": "When did the harbour bridge reopen?"}).json()
    assert answer["supported"] and "Monday" in answer["citations"][0]["quote"]
    assert client.delete(f"/api/documents/{first.json()['id']}").status_code == 401
    assert client.delete(f"/api/documents/{first.json()['id']}", headers=auth).status_code == 204
    assert client.get("/api/documents").json() == []


def test_openapi_is_served(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/ask", "/api/search", "/api/documents", "/healthz", "/readyz"} <= set(spec["paths"])


@pytest.mark.parametrize("bound", ["garbage", "2024-13-45", "2026-12-2", ["2025-01-01"]])
def test_a_date_filter_that_is_not_an_iso_date_is_refused(client: Any, bound: object) -> None:
    # compared as text, "garbage" admitted nothing and "2026-12-2" cut at the wrong day
    for key in ("published_from", "published_to"):
        response = client.post("/api/ask", json={"question": "Who is Panzenhagen?", "filters": {key: bound}})
        assert response.status_code == 422 and key in response.json()["message"], response.text


def test_a_date_range_that_ends_before_it_begins_is_refused(client: Any) -> None:
    """A user trial: it answered "The articles don't say", as if the articles had been searched."""
    response = client.post("/api/ask", json={"question": "Who is Panzenhagen?", "filters": {
        "published_from": "2024-03-01", "published_to": "2024-02-01"}})
    assert response.status_code == 422
    assert response.json()["message"] == "filter published_from (2024-03-01) is after published_to (2024-02-01)"


def test_a_date_time_bound_is_read_by_its_day_and_a_range_holds_no_undated_document(client: Any) -> None:
    body = client.post("/api/search", json={"query": "space partners",
                                            "filters": {"published_to": "2026-12-03T10:00:00Z"}}).json()
    assert body["passages"] == []  # the seeds are undated: a date range holds none of them


@pytest.mark.parametrize(("path", "body"), [
    ("/api/ask", {"question": "Who is \udc00 Panzenhagen?"}),
    ("/api/search", {"query": "kite \ud800"}),
    ("/api/ask", {"question": "Who is Panzenhagen?", "filters": {"author": ["\udfff"]}}),
    ("/api/ask", {"question": "Who is Panzenhagen?", "filters": {"published_from": "\ud800"}}),
    ("/api/chat", {"messages": [{"role": "user", "content": "Who \ud800 is Panzenhagen?"}]}),
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": "Who \ud800 is Panzenhagen?"}]}),
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": "Who \ud800 is Panzenhagen?"}], "stream": True}),
])
def test_an_unpaired_surrogate_is_a_clear_error_not_a_server_failure(client: Any, path: str, body: dict) -> None:
    # valid JSON ("\udc00" is a legal escape) that no tokenizer or SQLite query can take
    payload = json.dumps(body)  # ensure_ascii: the surrogates travel as escapes, as a client would send them
    response = client.post(path, content=payload, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    error = response.json()["error"] if path.startswith("/v1/") else response.json()  # OpenAI's shape there
    assert (error.get("type") or error["error"]) in ("InvalidQuestion", "ValidationError") and error["message"]


@pytest.mark.parametrize(("path", "body"), [
    ("/api/ask", {"question": "🎉🎉🎉"}),
    ("/api/search", {"query": "?!"}),
    ("/api/chat", {"messages": [{"role": "user", "content": "👍"}]}),
])
def test_a_question_without_a_word_is_refused_not_answered_from_noise(client: Any, path: str, body: dict) -> None:
    # an emoji question's embedding is near any article's emoji noise: it was answered, "supported", from that
    response = client.post(path, json=body)
    assert response.status_code == 422 and "no words" in response.json()["message"], response.text
    assert client.post("/api/ask", json={"question": "Qui est Panzenhagen ?"}).status_code == 200
