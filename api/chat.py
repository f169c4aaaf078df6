"""The chat endpoints: /api/chat (ours, with SSE) and /v1/chat/completions (OpenAI's wire format).

Both answer the last user message in the context of the conversation
(``Service.chat``). Streamed, the question is checked and the evidence found
before the first byte is sent, so invalid input is an ordinary JSON error
response; then the answer streams: an extractive answer in pieces, or a
language model's verified sentences as they are checked.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter, HTTPException
from fastapi.responses import JSONResponse, Response, StreamingResponse

from api.chat_schemas import ChatRequest, ChatResponse, CompletionRequest
from api.deps import ServiceDep
from api.routes import ERRORS
from api.sse import event, pieces
from qa import Answer, Message
from qa.written import Written

router = APIRouter()
MODEL = "news-qa"
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _citations(answer: Answer) -> list[dict[str, object]]:
    return [dataclasses.asdict(c) for c in answer.citations]


def _written(answer: Answer) -> dict[str, object]:
    """How the answer was made (and why not by the language model, when one is configured), each sentence's verdict
    (see *Written answers*), and its note on its sources' time."""
    return {"mode": answer.mode, "sentences": [dataclasses.asdict(s) for s in answer.sentences], "note": answer.note,
            "fallback": answer.fallback}


@router.post("/api/chat", response_model=ChatResponse, responses=ERRORS)
def chat(body: ChatRequest, service: ServiceDep) -> Response:
    """Answer the last user message; with ``stream``, server-sent events: question, draft... (a language model's
    unchecked text as it writes), delta... (the answer: verified sentences as they are checked, or the
    extractive answer), citations, done."""
    messages = [Message(m.role, m.content) for m in body.messages]
    if not body.stream:
        standalone, answer = service.chat(messages, top_k=body.top_k, filters=body.filters, as_of=body.as_of,
                                         show_unverified=body.show_unverified)
        return JSONResponse({"answer": answer.answer, "supported": answer.supported, "citations": _citations(answer),
                             "timings_ms": answer.timings_ms, "time_window": answer.time_window,
                             "standalone_question": standalone, **_written(answer)})
    standalone, steps = service.chat_stream(messages, top_k=body.top_k, filters=body.filters, as_of=body.as_of,
                                            show_unverified=body.show_unverified)
    return StreamingResponse(_chat_events(standalone, steps), media_type="text/event-stream", headers=SSE_HEADERS)


def answer_pieces(steps: Iterator[Written]) -> Iterator[tuple[str, str | Answer]]:
    """("draft", text), ("delta", text) ... then ("answer", Answer): the deltas join to the answer's text."""
    said = False
    for step in steps:
        if step.kind == "draft":
            yield "draft", step.text
        elif step.kind == "sentence" and step.sentence is not None and step.sentence.verified:
            yield "delta", (" " if said else "") + step.text
            said = True
        elif step.kind == "answer" and step.answer is not None:
            if not said:  # extractive (or written, but nothing verified: extractive after all)
                for piece in pieces(step.answer.answer):
                    yield "delta", piece
            elif step.answer.note:  # its sentences have gone out as they were checked: the note comes after them
                yield "delta", f"\n\n({step.answer.note.rstrip(':')}.)"
            yield "answer", step.answer


def _chat_events(standalone: str, steps: Iterator[Written]) -> Iterator[str]:
    yield event({"standalone_question": standalone}, "question")
    for kind, value in answer_pieces(steps):
        if isinstance(value, Answer):
            yield event({"supported": value.supported, "citations": _citations(value), **_written(value)},
                        "citations")
            yield event({"timings_ms": value.timings_ms, "time_window": value.time_window}, "done")
        else:
            yield event({"text": value}, kind)


@router.get("/v1/models")
def models() -> dict[str, object]:
    return {"object": "list", "data": [{"id": MODEL, "object": "model", "created": 0, "owned_by": MODEL}]}


@router.get("/v1/models/{model_id}")
def model(model_id: str) -> dict[str, object]:
    """The one model, as OpenAI clients look it up (``client.models.retrieve``)."""
    if model_id != MODEL:
        raise HTTPException(404, f"no model {model_id!r}; this server answers as {MODEL!r}")
    return models()["data"][0]  # type: ignore[index, no-any-return]


@router.post("/v1/chat/completions", responses=ERRORS)
def completions(body: CompletionRequest, service: ServiceDep) -> Response:
    """OpenAI-compatible chat completion; citations in an extra ``citations`` field and as [n] in the content.
    Streamed, the content is only the answer: verified sentences as they are checked (never a model's draft)."""
    messages = [Message(m.role, m.text()) for m in body.messages if m.role in ("user", "assistant")]
    head = {"id": f"chatcmpl-{uuid.uuid4().hex}", "created": int(time.time()), "model": MODEL}  # the one answering
    if body.stream:
        standalone, steps = service.chat_stream(messages, filters=body.filters, as_of=body.as_of,
                                                  show_unverified=body.show_unverified)
        usage = bool(body.stream_options and body.stream_options.include_usage)
        return StreamingResponse(_completion_chunks(head, standalone, steps, usage), media_type="text/event-stream",
                                 headers=SSE_HEADERS)
    standalone, answer = service.chat(messages, filters=body.filters, as_of=body.as_of,
                                     show_unverified=body.show_unverified)
    return JSONResponse({
        **head, "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.answer}, "finish_reason": "stop"}],
        "usage": _USAGE,
        **_extra(standalone, answer),
    })


def _extra(standalone: str, answer: Answer) -> dict[str, object]:
    return {"citations": _citations(answer), "supported": answer.supported, "standalone_question": standalone,
            "time_window": answer.time_window, **_written(answer)}


_USAGE = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}  # a language model's tokens are not counted


def _completion_chunks(head: dict[str, object], standalone: str, steps: Iterator[Written],
                       usage: bool = False) -> Iterator[str]:
    """The answer as OpenAI's chunks; with ``usage`` (``stream_options.include_usage``), a last chunk with no
    choices and the usage, as OpenAI sends it."""
    def chunk(delta: dict[str, str], finish: str | None = None, **more: object) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return event({**head, "object": "chat.completion.chunk", "choices": [choice], **more})

    yield chunk({"role": "assistant", "content": ""})
    for kind, value in answer_pieces(steps):
        if isinstance(value, Answer):
            yield chunk({}, "stop", **_extra(standalone, value))
        elif kind == "delta":
            yield chunk({"content": value})
    if usage:
        yield event({**head, "object": "chat.completion.chunk", "choices": [], "usage": _USAGE})
    yield "data: [DONE]\n\n"
