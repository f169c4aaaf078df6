"""Questions asked as of a date, over articles with published dates: through the Service and the HTTP API."""

from __future__ import annotations

from typing import Any

import pytest

from index import article_from_text
from qa import Service

# Two versions of one kind of story, a year apart, and an undated one: "this week" must mean the week of as_of.
ARTICLES = {
    "old": ("2023-03-10", "Northwind Airlines cuts jobs",
            "Northwind Airlines said on Friday it is laying off 16,000 employees as travel demand slumps. "
            "The airline will close two maintenance bases."),
    "new": ("2024-03-12", "Harbor Logistics cuts jobs",
            "Harbor Logistics said on Tuesday it is laying off 16,000 employees as shipping demand slumps. "
            "The company will close three warehouses."),
    "later": ("2024-05-02", "Summit Foods cuts jobs",
              "Summit Foods said on Thursday it is laying off 16,000 employees as grocery demand slumps. "
              "The company will close four bakeries."),
    "undated": ("", "Ferry timetable", "The Kalove ferry timetable changes on Monday, the harbour office said."),
}
QUESTION = "Which company announced this week that it is laying off 16,000 employees?"


@pytest.fixture()
def dated(service: Service) -> dict[str, str]:
    ids = {}
    for name, (published, title, text) in ARTICLES.items():
        _, record = service.add_article(article_from_text(
            text, origin=f"test:{name}", name=name, metadata={"title": title, "published": published}))
        ids[name] = record.id
    return ids


def test_this_week_is_the_week_of_as_of(service: Service, dated: dict[str, str]) -> None:
    answer = service.ask(QUESTION, as_of="2024-03-14")
    assert answer.supported and "Harbor Logistics" in answer.citations[0].quote
    assert answer.citations[0].published == "2024-03-12"
    assert answer.time_window is not None and answer.time_window["from"] == "2024-03-07"
    a_year_earlier = service.ask(QUESTION, as_of="2023-03-12")
    assert "Northwind Airlines" in a_year_earlier.citations[0].quote


def test_articles_published_after_as_of_are_not_used(service: Service, dated: dict[str, str]) -> None:
    for as_of in ("2024-03-14", "2023-03-12"):
        cited = {c.document_id for c in service.ask(QUESTION, as_of=as_of).citations}
        cited |= {p.document_id for p in service.search("laying off 16,000 employees", k=10, as_of=as_of)}
        assert dated["later"] not in cited
    before_all = service.ask(QUESTION, as_of="2020-01-01")
    assert not before_all.supported and not before_all.citations
    # said as what it is (a user trial: "none of the indexed articles contains a passage that answers")
    assert before_all.answer == ("The articles don't say. No dated article had been published by 2020-01-01 (the "
                                 "question's \"as of\"): the earliest is of 2023-03-10.")
    # without as_of (now), everything is there
    assert dated["later"] in {p.document_id for p in service.search("laying off 16,000 employees", k=10)}


def test_undated_articles_stay_answerable(service: Service, dated: dict[str, str]) -> None:
    answer = service.ask("When does the Kalove ferry timetable change?", as_of="2000-01-01")
    assert answer.supported and answer.citations[0].document_id == dated["undated"]
    assert answer.citations[0].published == ""


def test_api_takes_as_of_and_shows_the_window(service: Service, dated: dict[str, str], client_for: Any) -> None:
    client = client_for(service)
    body = client.post("/api/ask", json={"question": QUESTION, "as_of": "2024-03-14"}).json()
    assert body["time_window"] == {"as_of": "2024-03-14T23:59:59+00:00", "from": "2024-03-07", "to": "2024-03-14",
                                   "phrase": "this week", "prefer_recent": True}
    assert "Harbor Logistics" in body["citations"][0]["quote"] and body["citations"][0]["published"] == "2024-03-12"
    passages = client.post("/api/search", json={"query": "laying off employees", "as_of": "2023-12-31"}).json()
    assert passages["passages"] and all(p["document_id"] not in (dated["new"], dated["later"])
                                        for p in passages["passages"])
    # a search says what time it understood and how old each passage is, as an answer does
    week = client.post("/api/search", json={"query": QUESTION, "as_of": "2024-03-14"}).json()
    assert week["time_window"]["from"] == "2024-03-07" and week["time_window"]["phrase"] == "this week"
    assert {p["document_id"]: p["published"] for p in week["passages"]}[dated["new"]] == "2024-03-12"
    chat = client.post("/api/chat", json={"messages": [{"role": "user", "content": QUESTION}],
                                          "as_of": "2023-03-12"}).json()
    assert "Northwind Airlines" in chat["citations"][0]["quote"] and chat["time_window"]["to"] == "2023-03-12"
    completion = client.post("/v1/chat/completions", json={
        "model": "news-qa", "messages": [{"role": "user", "content": QUESTION}], "as_of": "2023-03-12"}).json()
    assert "Northwind Airlines" in completion["choices"][0]["message"]["content"]
    bad = client.post("/api/ask", json={"question": QUESTION, "as_of": "last Tuesday"})
    assert bad.status_code == 422 and "as_of must be an ISO date" in bad.json()["message"]
    # the calendar's ends: a window past year 9999 or before year 1 was a 500 (OverflowError) on every endpoint
    for as_of, question in (("9999-12-31", "What happened in December?"), ("0001-01-01", "Who won yesterday?")):
        for path, body in (("/api/ask", {"question": question}), ("/api/search", {"query": question})):
            assert client.post(path, json={**body, "as_of": as_of}).status_code == 200, (path, as_of)


def test_an_answer_from_outside_the_time_asked_about_says_so(service: Service, dated: dict[str, str],
                                                             client_for: Any) -> None:
    """A user trial: "What happened to the Baltimore bridge this week?" was answered from articles of weeks before,
    with nothing in the answer's text to say so (only each citation's date)."""
    in_the_week = service.ask(QUESTION, as_of="2024-03-14")
    assert in_the_week.note == "" and in_the_week.answer.startswith(in_the_week.citations[0].quote)
    weeks_later = service.ask(QUESTION, as_of="2024-04-20")  # the March articles are the best there is
    assert weeks_later.citations and all(c.published < "2024-04-13" for c in weeks_later.citations)
    note = 'From articles published before the time asked about ("this week"):'
    apart = "\n\n" if "\n\n" in weeks_later.citations[0].quote else " "  # a quote from the headline on: paragraphs
    assert weeks_later.note == note and weeks_later.answer.startswith(note + apart + weeks_later.citations[0].quote)
    after = service.ask("Which company was laying off 16,000 employees in 2022?", as_of="2024-05-10")
    assert after.citations and after.note == 'From articles published after the time asked about ("in 2022"):'
    no_time = service.ask("Which company is laying off 16,000 employees?", as_of="2024-04-20")
    assert no_time.note == ""  # no window asked about, and a source of this year: nothing to say
    # no window, and every source more than a year old (as the chat page marks each): said in the text too
    years_later = service.ask("Which company is laying off 16,000 employees?", as_of="2025-05-03")
    assert years_later.citations and all(c.published < "2024-05-03" for c in years_later.citations)
    old = "From articles more than a year old at the time asked about:"
    assert years_later.note == old and years_later.answer.startswith(old)
    a_year = service.ask("Which company is laying off 16,000 employees?", as_of="2025-05-02")  # the same day
    assert a_year.note == "" and any(c.published == "2024-05-02" for c in a_year.citations)
    client = client_for(service)
    for path, body in (("/api/ask", {"question": QUESTION}),
                       ("/api/chat", {"messages": [{"role": "user", "content": QUESTION}]})):
        said = client.post(path, json={**body, "as_of": "2024-04-20"}).json()
        assert said["note"] == note and said["answer"].startswith(note)
    completion = client.post("/v1/chat/completions", json={
        "model": "news-qa", "messages": [{"role": "user", "content": QUESTION}], "as_of": "2024-04-20"}).json()
    assert completion["choices"][0]["message"]["content"].startswith(note)



def test_a_deployment_sets_when_questions_are_asked(service: Service, dated: dict[str, str], client_for: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A user trial on an archive of 2024 news, asked in 2026: "this week" found nothing and every source was marked
    as more than a year old, until each question carried an as_of. QA_AS_OF sets when a question without one is
    asked: a fixed moment, or "latest", the day of the newest article (which follows the archive as it grows)."""
    assert service.ask(QUESTION).note.startswith("From articles published before")  # now: none of this week
    monkeypatch.setattr(service, "as_of", "latest")
    answer = service.ask(QUESTION)
    assert "Summit Foods" in answer.citations[0].quote and answer.note == "" and answer.time_window is not None
    assert answer.time_window["as_of"] == "2024-05-02T23:59:59+00:00" and answer.time_window["from"] == "2024-04-25"
    monkeypatch.setattr(service, "as_of", "2024-03-14")
    assert "Harbor Logistics" in service.ask(QUESTION).citations[0].quote
    assert dated["later"] not in {p.document_id for p in service.search("laying off 16,000 employees", k=10)}
    body = client_for(service).post("/api/ask", json={"question": QUESTION}).json()
    assert body["time_window"]["as_of"] == "2024-03-14T23:59:59+00:00"  # what the chat page's old-source mark uses
    # a question's own as_of still wins, and may be "latest" too (a user trial: refused where the setting took it)
    assert "Northwind Airlines" in service.ask(QUESTION, as_of="2023-03-12").citations[0].quote
    assert "Summit Foods" in service.ask(QUESTION, as_of="latest").citations[0].quote
    refused = client_for(service).post("/api/ask", json={"question": QUESTION, "as_of": "last week"})
    assert refused.status_code == 422 and "or 'latest'" in refused.json()["message"]


def test_the_deployments_as_of_is_checked_at_start() -> None:
    from pydantic import ValidationError

    from qa.settings import Settings
    assert Settings(as_of=" Latest ").as_of == "latest" and Settings(as_of="2024-03-14").as_of == "2024-03-14"
    assert Settings().as_of == ""
    with pytest.raises(ValidationError, match="as_of must be an ISO date"):
        Settings(as_of="last week")

# Two reports of one day's news: one says it in its lead, the other only in its twenty-first sentence, a
# little closer to the question. For a question about the week's news the lead is preferred (news puts what matters
# first); for a question without time words, and for whether anything supports an answer, place does not count.
_FILLER = ("The {0} office opened in {1}. Its staff of {2} worked in shifts. The building had {3} floors. "
           "A cafe sat on the ground floor. Parking was free on weekends. ")
LEAD = ("2024-03-12", "Harbor Logistics cuts jobs",
        "Harbor Logistics is laying off 16,000 employees as shipping demand slumps. "
        + "".join(_FILLER.format("Harbor", 1990 + i, 40 + i, 3 + i) for i in range(4)))
DEEP = ("2024-03-12", "A week in business",
        "".join(_FILLER.format("Summit", 1960 + i, 70 + i, 9 + i) for i in range(4))
        + "Summit Foods is laying off 16,000 employees as grocery demand slumps.")


def test_for_the_weeks_news_a_lead_sentence_is_preferred(service: Service, monkeypatch: pytest.MonkeyPatch) -> None:
    import qa.recency

    for name, (published, title, text) in {"lead": LEAD, "deep": DEEP}.items():
        service.add_article(article_from_text(text, origin=f"test:{name}", name=name,
                                              metadata={"title": title, "published": published}))
    first = service.ask(QUESTION, as_of="2024-03-14").citations[0].quote
    assert "Harbor Logistics" in first and "Summit Foods" not in first
    untimed = "Which company announced that it is laying off 16,000 employees?"
    assert "Summit Foods" in service.ask(untimed, as_of="2024-03-14").citations[0].quote
    monkeypatch.setattr(qa.recency, "LEAD_WEIGHT", 0.0)  # the test tells the two apart: without it, the other
    assert "Summit Foods" in service.ask(QUESTION, as_of="2024-03-14").citations[0].quote


def test_the_place_penalty_grows_slowly_and_stops_at_a_cap() -> None:
    from qa.recency import LEAD_CAP, place_penalty

    assert place_penalty(0) == 0.0
    assert place_penalty(1) < 0 and place_penalty(10) < place_penalty(1)
    assert place_penalty(LEAD_CAP) == place_penalty(LEAD_CAP * 10)  # a long report's tail is not pushed further


def test_a_question_naming_no_subject_is_answered_with_the_latest_articles(service: Service,
                                                                           dated: dict[str, str]) -> None:
    """A user trial: "What happened this week?" quoted a sentence of any year saying "What happened later: ...",
    as supported; "What were the top stories this week?" a talk show's "tackling the day's top stories"."""
    service.add_article(article_from_text(
        "What happened later: the inquiry found that the bridge had been poorly maintained.", origin="test:happened",
        name="happened", metadata={"title": "Bridge inquiry", "published": "2019-06-01"}))
    service.add_article(article_from_text(  # the same story under the same headline, syndicated: quoted once
        ARTICLES["new"][2], origin="test:copy", name="copy",
        metadata={"title": ARTICLES["new"][1], "published": "2024-03-11"}))
    for question in ("What happened this week?", "What were the top stories this week?"):
        answer = service.ask(question, as_of="2024-03-14")
        assert answer.supported and answer.note.startswith("The question names no subject"), answer
        assert answer.answer.startswith('The question names no subject; the latest articles in "this week":')
        assert [c.document_id for c in answer.citations] == [dated["new"]], answer  # not the later one, one copy
        # its headline (given as its title, so its first line) and first sentence
        assert answer.citations[0].quote.startswith(f"{ARTICLES['new'][1]}\n\nHarbor Logistics said on Tuesday")
    latest = service.ask("What happened?", as_of="2024-06-01")  # no time asked about: the latest up to as_of
    assert [c.document_id for c in latest.citations][:2] == [dated["later"], dated["new"]], latest
    none = service.ask("What happened this week?", as_of="2024-04-10")  # nothing published then
    assert not none.supported and not none.citations and "No article was published in \"this week\"" in none.answer
    # a user trial: a month asked about ("in March", "in Marhc") is a window too, not words to look for
    for question in ("What happened in March?", "What happened in Marhc?"):
        month = service.ask(question, as_of="2024-03-14")
        assert month.note.startswith("The question names no subject"), month
        assert dated["new"] in [c.document_id for c in month.citations], month
    named = service.ask("Which company announced this week that it is laying off 16,000 employees?",
                        as_of="2024-03-14")
    assert not named.note and "Harbor Logistics" in named.citations[0].quote  # a subject: answered as before


def test_a_question_naming_no_subject_with_a_filter_quotes_the_filtered_articles(
        service: Service, dated: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A user trial: "What happened?" filtered to one outlet said "No article was published up to ..." where the
    outlet's articles were older than the archive's newest 200 (the only ones read); here, the newest one."""
    import qa.digest

    monkeypatch.setattr(qa.digest, "_LOOKED_AT", 1)
    _, old = service.add_article(article_from_text(
        "Harbour fares cut\nThe harbour ferry will cost half as much from May, the council said.", origin="test:fares",
        name="fares", metadata={"published": "2019-06-01", "source": "Harbour Herald"}))
    answer = service.ask("What happened?", filters={"source": "Harbour Herald"}, as_of="2024-06-01")
    assert answer.supported and [c.document_id for c in answer.citations] == [old.id], answer


def test_the_latest_articles_are_quoted_by_headline_and_first_sentence(service: Service) -> None:
    """A headline the splitter cuts in two is quoted whole, with the story's first sentence after the byline and
    dateline lines (the first version quoted "I'm a Realtor." and the rest of the headline alone)."""
    _, record = service.add_article(article_from_text(
        "---\ntitle: I'm a Realtor. New fees may not help buyers ...\npublished: 2024-03-28\n---\nEmily Ross\n\n"
        "Chicago CNN —\n\nHome buyers will pay agents differently from August, a settlement said on Thursday.\n\n"
        "Sellers may still offer to pay.\n", origin="test:realtor", name="realtor.md", kind=".md"))
    answer = service.ask("What happened this week?", as_of="2024-03-29")
    quote = answer.citations[0].quote
    assert answer.citations[0].document_id == record.id
    assert quote.startswith("I'm a Realtor. New fees may not help buyers ...") and quote.endswith(
        "a settlement said on Thursday."), quote


def test_a_question_naming_no_subject_over_undated_articles_says_none_has_a_date(service: Service) -> None:
    """`make serve` on the seeds (no published dates): "What is new?" said "No article was published up to ...",
    as if nothing were indexed."""
    service.add_article(article_from_text(ARTICLES["undated"][2], origin="test:undated", name="undated"))
    answer = service.ask("What is new?")
    assert not answer.supported and "No indexed article has a published date" in answer.answer, answer


_DEPOTS = ["Northwind", "Eastgate", "Southmoor", "Westvale", "Highfield", "Lowbridge", "Redcliff", "Bluewater",
           "Greystone", "Silverlake", "Oakridge", "Pinecrest", "Stonehill", "Riverton", "Lakeside", "Hillcrest",
           "Fairhaven", "Brookfield", "Ashford", "Millbrook", "Kingsway", "Queensbury", "Marlowe", "Thornbury"]


def test_a_recent_candidate_is_scored_though_the_fusion_ranks_it_low(embedded_service: Service,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The fusion that picks the candidates to score knows no dates: the week's article, a candidate with fewer of
    the question's words, is scored too (``TIMELY_DEPTH``), and its date lets it win."""
    import qa.evidence

    for i, name in enumerate(_DEPOTS):
        embedded_service.add_article(article_from_text(
            f"{name} Freight announced it will close its Brackton depots. "
            f"{name} Freight announced the Brackton depots close by {2000 + i}.", origin=f"test:old{i}",
            name=f"old{i}", metadata={"title": f"{name} Freight news", "published": f"2021-{1 + i % 12:02d}-10"}))
    embedded_service.add_article(article_from_text(
        "Harbor Logistics will shut its warehouses in Brackton.", origin="test:new", name="new",
        metadata={"title": "Harbor Logistics update", "published": "2024-03-12"}))
    question = "Which company announced this week that it is closing its Brackton warehouses?"
    # the fusion cut to its best two sentences and one chunk: an archive's many old articles, better worded
    monkeypatch.setattr(qa.evidence, "SENTENCE_DEPTH", 2)
    monkeypatch.setattr(qa.evidence, "CONTEXT_CHUNKS", 1)
    first = embedded_service.ask(question, as_of="2024-03-14").citations[0]
    assert first.published == "2024-03-12" and "Harbor Logistics" in first.quote
    monkeypatch.setattr(qa.evidence, "TIMELY_DEPTH", 0)  # without it, only the fusion's picks are scored
    monkeypatch.setattr(qa.evidence, "NAMED_CANDIDATES", 0)  # (and the nearest naming a company by its words)
    assert embedded_service.ask(question, as_of="2024-03-14").citations[0].published.startswith("2021")
