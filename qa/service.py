"""The question-answering service: one object that owns the model, the store and the derived index.

Its documents half (indexing, pages and feed items in, listing, removal) is ``qa.library``; answering is here,
the extractive answer itself in ``qa.extractive``.

``Service.open(settings)`` is the composition root used by the API and the
CLI; everything below it takes plain values. It knows nothing of HTTP.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any

from index import Embedder, InvalidQuestion, Store, open_client
from index.derived import DerivedIndex
from index.embedding import load_embedder
from index.fetching import Fetcher, FetchPolicy
from index.follow import Follower
from index.lexicon import Lexicon
from index.writer_lock import SharedWrites
from index.writing import GROUP_SENTENCES
from qa.answer import Answer, is_refusal, note_time, with_note
from qa.candidates import gather
from qa.conversation import Message, asked_about, standalone_question
from qa.filters import allowed_documents, question_scope
from qa.extractive import extractive_answer
from qa.inputs import checked_k, checked_text
from qa.library import Library
from qa.llm import LanguageModel, open_model
from qa.passages import sentence_windows
from qa.prompt import opening
from qa.question import asks_author
from qa.retrieval import Passage
from qa.settings import Settings
from qa.spelling import respelled, respelled_note
from qa.timeframe import parse_as_of, resolve, without_time_words
from qa.topics import own_subject
from qa.written import Written, write

log = logging.getLogger(__name__)


class Service(Library):
    """Answers (this module) over the articles of its library (``qa.library``: in, listed, removed)."""

    def __init__(self, store: Store, embedder: Embedder, derived: DerivedIndex, *, chunk_tokens: int = 128,
                 top_k: int = 5,
                 max_citations: int = 2, quote_neighbours: int = 1, min_support: float = 0.46,
                 max_question_chars: int = 1000,
                 refresh_seconds: float = 2.0, ingest_batch: int = GROUP_SENTENCES,
                 model: LanguageModel | None = None, model_budget_s: float = 30.0,
                 fetch_policy: FetchPolicy | None = None, as_of: str = "") -> None:
        self.store = store
        self.embedder = embedder
        self.chunk_tokens = chunk_tokens
        self.ingest_batch = ingest_batch
        self.top_k = top_k
        self.max_citations = max_citations
        self.quote_neighbours = quote_neighbours
        self.min_support = min_support
        self.max_question_chars = max_question_chars
        self.derived = derived
        self.lexicon = Lexicon(derived)
        self.follower = Follower(store, derived, refresh_seconds)
        self.model = model  # writes answers when set (``written``); None: extractive answers only
        if model is not None:
            model.read_ahead(opening())  # the prompt's fixed opening, while the service starts
        self.model_budget_s = model_budget_s
        self.fetcher = Fetcher(fetch_policy)  # web pages and feeds, by its rules (``index.fetching``)
        self.adding = threading.RLock()  # ``Library.add_article`` holds it around ``add_articles``, which takes it too
        self.as_of = as_of  # when a question is asked unless it says: "" (now), an ISO date or datetime, or "latest"

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None, indexer: bool = False,
             writer: str = "a process", reading: bool = False) -> Service:
        """The service on ``settings``; ``indexer`` (`qa index`, which answers no question meanwhile): an
        embedded database is opened again whenever a write has touched a second part of the chunks (``store``).
        ``writer`` names this process to another that finds it writing (`qa serve`). ``reading`` (`qa ask`,
        `qa search`, `qa docs`): an index not there is not made when the database holds others (a mistyped name)."""
        def client() -> Any:
            return open_client(settings.data_dir, settings.chroma_url, settings.chroma_timeout_s)
        # `qa index` and `qa repair` hold the writer lock for good; any other process on an embedded database
        # takes it for each write (``index.writer_lock``), claimed before its client opens
        shared = None if indexer or settings.chroma_url else SharedWrites(settings.data_dir, writer)
        if shared is not None:
            shared.claim()
        store = Store(client(), settings.collection, settings.chunk_part_size(),
                      reopen=None if settings.chroma_url else client, release_parts=indexer, shared=shared,
                      create=not reading)
        return cls(
            store, embedder or load_embedder(settings.model_path, settings.embed_precision),
            DerivedIndex(settings.derived_path(store.identity), store.identity),
            chunk_tokens=settings.chunk_tokens,
            top_k=settings.top_k, max_citations=settings.max_citations, quote_neighbours=settings.quote_neighbours,
            min_support=settings.min_support,
            max_question_chars=settings.max_question_chars, refresh_seconds=settings.refresh_seconds,
            ingest_batch=settings.ingest_batch,
            model=open_model(settings.llm, settings.llm_url, settings.llm_model, settings.llm_api_key,
                             settings.llm_timeout_s, settings.llm_max_tokens, data_dir=settings.data_dir),
            model_budget_s=settings.llm_timeout_s,
            fetch_policy=FetchPolicy(settings.fetch_timeout_s, settings.max_upload_bytes, settings.fetch_allow_private,
                                     settings.fetch_per_host, settings.fetch_host_delay_s),
            as_of=settings.as_of,
        )

    # --- answering -------------------------------------------------------
    def _asked(self, as_of: str | dt.date | dt.datetime | None) -> dt.datetime:
        """When a question is asked: its own ``as_of``, else this service's (QA_AS_OF): now, a fixed moment, or
        the end of the day of the most recently published article ("latest": an archive asked about as it stood,
        which a question may also give)."""
        if as_of is None or as_of == "":
            as_of = self.as_of
        if isinstance(as_of, str) and as_of.strip().lower() == "latest":
            return parse_as_of(self.lexicon.latest_day() or None)
        try:
            return parse_as_of(as_of or None)
        except InvalidQuestion as exc:
            raise InvalidQuestion(f"{exc}; or 'latest', the day the newest article was published") from None

    def answering(self) -> AbstractContextManager[None]:
        """Around answering a question: this process's Chroma writes that start meanwhile wait for it, a
        moment at most (``index.yielding``). Entered here and, earlier, by the API as a question arrives."""
        return self.store.readers.reading()

    def search(self, query: str, k: int | None = None, filters: Mapping[str, object] | None = None,
               as_of: str | dt.date | dt.datetime | None = None) -> list[Passage]:
        """The best passages (windows of whole sentences, see ``passages``) for ``query``, best first, from
        articles published by ``as_of`` (default: now)."""
        query, k = checked_text(query, "query", self.max_question_chars), checked_k(k, self.top_k)
        frame = resolve(query, self._asked(as_of))
        with self.answering():
            self.follower.refresh()
            scope, focus = question_scope(filters, frame, self.lexicon)
            matched = without_time_words(query, frame)  # the window asks for the time, not these words
            vector = self.embedder.embed_query(matched)
            candidates = gather(matched, vector, self.lexicon, self.store, scope, focus)
            return sentence_windows(candidates, self.lexicon, self.store, k)

    def matches_nothing(self, filters: Mapping[str, object] | None) -> bool:
        """Whether ``filters`` are given and no indexed article matches them (a search finding nothing then says
        why: a user trial's mistyped outlet returned no passages without a word)."""
        allowed = allowed_documents(filters, self.lexicon)
        return allowed is not None and not allowed

    def time_window(self, text: str, as_of: str | dt.date | dt.datetime | None = None) -> dict[str, object]:
        """What time ``text`` (a question or query) is understood to ask about, as of ``as_of`` (``timeframe``)."""
        return resolve(text, self._asked(as_of)).to_json()

    def ask(self, question: str, top_k: int | None = None, filters: Mapping[str, object] | None = None,
            as_of: str | dt.date | dt.datetime | None = None, show_unverified: bool = False,
            about: str = "") -> Answer:
        """A cited answer, or a plain 'the articles don't say', as of ``as_of`` (default: now): nothing published
        later is used, and the question's relative time is read against it. Extractive, or written by the
        language model and verified sentence by sentence when one is configured (``written``). With ``about`` (a
        name), only a passage naming it answers."""
        last = Written("answer")
        for last in self.ask_stream(question, top_k, filters, as_of, show_unverified, about):
            pass
        assert last.answer is not None
        return last.answer

    def ask_stream(self, question: str, top_k: int | None = None, filters: Mapping[str, object] | None = None,
                   as_of: str | dt.date | dt.datetime | None = None,
                   show_unverified: bool = False, about: str = "") -> Iterator[Written]:
        """``ask`` as it is made: with a language model, its draft and each checked sentence, then always the
        answer (``Written.answer``). Invalid input raises here, before anything is streamed."""
        question = checked_text(question, "question", self.max_question_chars)
        checked_k(top_k, self.top_k)  # checked for clients that send it; evidence is chosen from every candidate
        frame = resolve(question, self._asked(as_of))
        timings: dict[str, float] = {}
        started = last = time.perf_counter()

        def lap(name: str) -> None:
            nonlocal last
            now = time.perf_counter()
            timings[name] = round((now - last) * 1000, 2)
            last = now

        with self.answering():
            self.follower.refresh()
            scope, focus = question_scope(filters, frame, self.lexicon)
            lap("refresh")
            # a surname no article holds, one letter from one they do, is taken for it (a typo), and said so
            question, respellings = respelled(question, self.lexicon)
            extractive, chosen = extractive_answer(question, frame, scope, focus, filters, about, self.lexicon,
                                                   self.store, self.embedder, self.min_support, self.max_citations,
                                                   self.quote_neighbours, lap)

        def steps() -> Iterator[Written]:
            answer = extractive
            if self.model is not None and chosen:
                # the model reads what the extractive answer quotes: it writes that answer, not a rival one
                for step in write(self.model, question, chosen, self.lexicon, self.embedder.embed,
                                  frame.day.isoformat(), self.model_budget_s, show_unverified):
                    if step.kind != "answer":
                        yield step
                    else:
                        lap("write")
                        # nothing verified: the extractive answer, and what the model wrote if it is to be shown
                        answer = step.answer or replace(extractive, sentences=extractive.sentences + step.rejected,
                                                        fallback=step.fallback)
            timings["total"] = round((time.perf_counter() - started) * 1000, 2)
            answer = note_time(answer, frame, timeless=asks_author(question))
            if respellings:
                answer = with_note(answer, respelled_note(respellings))
            yield Written("answer", answer=replace(answer, timings_ms=timings, time_window=frame.to_json()))

        return steps()

    def chat(self, messages: Sequence[Message], top_k: int | None = None,
             filters: Mapping[str, object] | None = None,
             as_of: str | dt.date | dt.datetime | None = None, show_unverified: bool = False) -> tuple[str, Answer]:
        """The last user message answered in the context of the conversation, and the question it became."""
        standalone = self._standalone(messages)
        return standalone, self.ask(standalone, top_k=top_k, filters=filters, as_of=as_of,
                                    show_unverified=show_unverified, about=asked_about(messages))

    def chat_stream(self, messages: Sequence[Message], top_k: int | None = None,
                    filters: Mapping[str, object] | None = None,
                    as_of: str | dt.date | dt.datetime | None = None,
                    show_unverified: bool = False) -> tuple[str, Iterator[Written]]:
        """``chat`` as it is made (see ``ask_stream``)."""
        standalone = self._standalone(messages)
        return standalone, self.ask_stream(standalone, top_k=top_k, filters=filters, as_of=as_of,
                                           show_unverified=show_unverified, about=asked_about(messages))

    def _standalone(self, messages: Sequence[Message]) -> str:
        # A refusal names nothing the follow-up could refer to.
        turns = [Message(m.role, "" if is_refusal(m.content) else m.content)
                 for m in messages if m.role in ("user", "assistant")]
        if not turns or turns[-1].role != "user":
            raise InvalidQuestion("the conversation must end with a user message to answer")
        question = checked_text(turns[-1].content, "question", self.max_question_chars)
        with self.answering():  # a follow-up with a subject of its own is asked alone (``qa.topics``)
            return standalone_question([*turns[:-1], Message("user", question)],
                                       lambda asked, standalone, earlier: own_subject(
                                           asked, standalone, earlier, self.lexicon, self.embedder.embed))

    def close(self) -> None:
        self.fetcher.close()
        self.derived.close()
        self.store.close()
        if self.model is not None:
            self.model.close()
