"""Bodies of the chat endpoints: /api/chat and the OpenAI-compatible /v1/chat/completions."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints

from api.schemas import CitationOut, FilterValue, SentenceOut, TimeWindowOut

MAX_MESSAGES = 1000  # an OpenAI client sends the whole history; only the last turns are read for follow-ups
MAX_CONTENT = 20_000  # earlier turns may quote long answers; the question itself has its own, smaller limit
Content = Annotated[str, StringConstraints(max_length=MAX_CONTENT)]


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant", "system"]
    content: str = Field(max_length=MAX_CONTENT)


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    messages: list[ChatMessage] = Field(min_length=1, max_length=MAX_MESSAGES,
                                        description="The conversation so far, oldest first; the last is the user's question.")
    stream: StrictBool = Field(False, description="Server-sent events: `question`, `delta`..., `citations`, `done`.")
    top_k: StrictInt | None = Field(None, ge=1, le=50)
    filters: dict[str, FilterValue] | None = None
    as_of: str | None = Field(None, description="When the question is asked (ISO date or datetime, or 'latest': "
                                                "the day of the newest article; default: QA_AS_OF, else now).")
    show_unverified: StrictBool = Field(False, description="As on /api/ask: with a language model, also return the "
                                  "written sentences that failed verification, marked verified=false.")


class ChatResponse(BaseModel):
    answer: str
    supported: bool
    citations: list[CitationOut]
    timings_ms: dict[str, float]
    time_window: TimeWindowOut | None = None
    standalone_question: str
    mode: Literal["extractive", "generative"] = "extractive"
    sentences: list[SentenceOut] = Field(default_factory=list)
    note: str = Field("", description="As on /api/ask.")
    fallback: str = Field("", description="As on /api/ask.")


class TextPart(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: Literal["text"]
    text: Content


class OpenAIMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")  # name, tool_calls ... are accepted and ignored
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: Content | Annotated[list[TextPart], Field(max_length=100)] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text for part in self.content)
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")
    include_usage: bool = Field(False, description="A last chunk with `usage` (zeros: nothing is counted in tokens).")


class CompletionRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")  # temperature, max_tokens ... have no meaning for extractive answers
    model: str = Field("news-qa", max_length=200)
    messages: list[OpenAIMessage] = Field(min_length=1, max_length=MAX_MESSAGES)
    stream: StrictBool = False
    stream_options: StreamOptions | None = None
    as_of: str | None = Field(None, description="Not OpenAI's: when the question is asked (ISO date or datetime; "
                                                "default: QA_AS_OF, else now), as on /api/ask.")
    filters: dict[str, FilterValue] | None = Field(None, description="Not OpenAI's: which documents may answer, "
                                                                     "as on /api/ask.")
    show_unverified: StrictBool = Field(False, description="Not OpenAI's: as on /api/ask (in the `sentences` field; "
                                  "the content is the verified answer whatever this says).")
