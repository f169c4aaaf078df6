"""Answers over small articles written here: bylines, list questions, qualified names."""

from __future__ import annotations

from index import article_from_text
from qa import Service

BRIDGE = """Harbour bridge reopens after two years of repairs
The Harbour Bridge reopened to traffic on Monday after a two-year closure for structural repairs.
The city council said the repairs cost 40 million dollars and were finished ahead of schedule.
Engineers replaced four steel cables and resurfaced the deck.
By Mere Tawhiri"""

FERRY = """---
title: Ferry timetable changes for summer
author: Sam Rowe
---
The ferry operator will add two evening sailings from December.
Fares stay the same for the summer season."""


def _add(service: Service, text: str, name: str, kind: str = ".txt") -> str:
    _, record = service.add_article(article_from_text(text, origin=f"test:{name}", name=name, kind=kind))
    return record.id


def test_who_wrote_an_article_is_answered_by_its_byline(service: Service) -> None:
    bridge = _add(service, BRIDGE, "bridge.txt")
    _add(service, FERRY, "ferry.md", ".md")
    answer = service.ask("Who wrote the article about the harbour bridge repairs?")
    assert answer.supported
    assert answer.citations[0].document_id == bridge
    assert answer.citations[0].quote == "By Mere Tawhiri"


def test_an_author_known_only_from_metadata_has_no_span_to_cite(service: Service) -> None:
    _add(service, FERRY, "ferry.md", ".md")
    answer = service.ask("Who wrote the article about the ferry timetable?")
    assert all("Sam Rowe" not in c.quote for c in answer.citations)


def test_an_authorship_question_about_another_subject_is_refused(service: Service) -> None:
    _add(service, BRIDGE, "bridge.txt")
    answer = service.ask("Who wrote the article about the cricket final in Mumbai?")
    assert not answer.supported and not answer.citations


PARKS = """City names three new parks
The council named three new parks on Friday.
The parks open next spring."""


def test_a_list_question_needs_a_sentence_that_lists(service: Service) -> None:
    parks = _add(service, PARKS, "parks.txt")
    assert not service.ask("What are the three new parks?").supported  # counted, never listed

    service.delete(parks)
    _add(service, PARKS + "\nThe three new parks are Kowhai Park, Rimu Reserve and Totara Green.", "parks2.txt")
    answer = service.ask("What are the three new parks?")
    assert answer.supported
    assert answer.citations[0].quote == "The three new parks are Kowhai Park, Rimu Reserve and Totara Green."
