"""The chat endpoints: /api/chat (ours, with SSE) and /v1/chat/completions (OpenAI's wire format).

Both answer the last user message in the context of the conversation
(``Service.chat``); the answer is computed whole, then streamed in pieces, so
an error is always an ordinary JSON error response, never a broken stream.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response, StreamingResponse

from api.chat_schemas import ChatRequest, ChatResponse, CompletionRequest
from api.deps import ServiceDep
from api.routes import ERRORS
from api.sse import event, pieces
from qa import Answer, Message

router = APIRouter()
MODEL = "news-qa"
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _citations(answer: Answer) -> list[dict[str, object]]:
    return [dataclasses.asdict(c) for c in answer.citations]


def _written(answer: Answer) -> dict[str, object]:
    """How the answer was made, and each sentence's verdict (see *Written answers*)."""
    return {"mode": answer.mode, "sentences": [dataclasses.asdict(s) for s in answer.sentences]}


@router.post("/api/chat", response_model=ChatResponse, responses=ERRORS)
def chat(body: ChatRequest, service: ServiceDep) -> Response:
    """Answer the last user message; with ``stream``, server-sent events: question, delta..., citations, done."""
    messages = [Message(m.role, m.content) for m in body.messages]
    standalone, answer = service.chat(messages, top_k=body.top_k, filters=body.filters, as_of=body.as_of)
    if not body.stream:
        return JSONResponse({"answer": answer.answer, "supported": answer.supported, "citations": _citations(answer),
                             "timings_ms": answer.timings_ms, "time_window": answer.time_window,
                             "standalone_question": standalone, **_written(answer)})
    return StreamingResponse(_chat_events(standalone, answer), media_type="text/event-stream", headers=SSE_HEADERS)


def _chat_events(standalone: str, answer: Answer) -> Iterator[str]:
    yield event({"standalone_question": standalone}, "question")
    for piece in pieces(answer.answer):
        yield event({"text": piece}, "delta")
    yield event({"supported": answer.supported, "citations": _citations(answer), **_written(answer)}, "citations")
    yield event({"timings_ms": answer.timings_ms, "time_window": answer.time_window}, "done")


@router.get("/v1/models")
def models() -> dict[str, object]:
    return {"object": "list", "data": [{"id": MODEL, "object": "model", "created": 0, "owned_by": MODEL}]}


@router.post("/v1/chat/completions", responses=ERRORS)
def completions(body: CompletionRequest, service: ServiceDep) -> Response:
    """OpenAI-compatible chat completion; citations in an extra ``citations`` field and as [n] in the content."""
    messages = [Message(m.role, m.text()) for m in body.messages if m.role in ("user", "assistant")]
    standalone, answer = service.chat(messages, as_of=body.as_of)
    head = {"id": f"chatcmpl-{uuid.uuid4().hex}", "created": int(time.time()), "model": body.model}
    extra = {"citations": _citations(answer), "supported": answer.supported, "standalone_question": standalone,
             "time_window": answer.time_window, **_written(answer)}
    if body.stream:
        return StreamingResponse(_completion_chunks(head, answer, extra), media_type="text/event-stream",
                                 headers=SSE_HEADERS)
    return JSONResponse({
        **head, "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.answer}, "finish_reason": "stop"}],
        # tokens spent by a language model are not counted here
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        **extra,
    })


def _completion_chunks(head: dict[str, object], answer: Answer, extra: dict[str, object]) -> Iterator[str]:
    def chunk(delta: dict[str, str], finish: str | None = None, **more: object) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return event({**head, "object": "chat.completion.chunk", "choices": [choice], **more})

    yield chunk({"role": "assistant", "content": ""})
    for piece in pieces(answer.answer):
        yield chunk({"content": piece})
    yield chunk({}, "stop", **extra)
    yield "data: [DONE]\n\n"
