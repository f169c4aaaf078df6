"""HTTP request and response bodies (pydantic lives here, at the edge, and nowhere deeper)."""

from __future__ import annotations

from collections.abc import Sequence
from difflib import get_close_matches
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, WithJsonSchema, model_validator

# A string or a list of strings, as the schema says; checked by ``qa.filters`` (an unknown filter named as such
# first, then its value: a user trial's {"bad": 1} was told that "filters.bad.str" and "filters.bad.list[str]" failed)
FilterValue = Annotated[Any, WithJsonSchema({"anyOf": [{"type": "string"},
                                                       {"type": "array", "items": {"type": "string"}}]})]


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(description="A question about the indexed articles.", examples=["Who is leading the Space Force partnership initiative?"])
    top_k: StrictInt | None = Field(None, ge=1, le=50, description="Checked (1-50) and kept for clients that send it; the answer's evidence is chosen from every retrieved candidate, whatever its value.")
    filters: dict[str, FilterValue] | None = Field(
        None, description="Restrict to documents: document_id, source, author, title (string or list), "
                          "published_from, published_to (ISO dates).")
    as_of: str | None = Field(None, description="When the question is asked (ISO date or datetime, or 'latest': "
                                    "the day of the newest article; default: QA_AS_OF, else now): articles published "
                                    "later are not used, and relative time in the question ('this week', "
                                    "'yesterday', 'in March') is read against it.", examples=["2024-03-01"])
    show_unverified: StrictBool = Field(False, description="With a language model: also return the written sentences that "
                                  "failed verification, marked verified=false (never counted as the answer's support).")


class TimeWindowOut(BaseModel):
    """What the question's time was understood as: the date it is asked, and the publication dates it asks about."""
    as_of: str
    from_: str | None = Field(None, alias="from", serialization_alias="from")
    to: str | None = None
    phrase: str | None = Field(None, description="The words that set the window or the preference for recent news.")
    prefer_recent: bool = False


class CitationOut(BaseModel):
    n: int
    document_id: str
    title: str
    source: str
    start: int
    end: int
    quote: str
    published: str = Field("", description="The article's publication date; empty when unknown.")


class SentenceOut(BaseModel):
    """One sentence of the answer: verified against the sources it cites (numbers of ``citations``)."""
    text: str
    verified: bool
    citations: list[int]
    reason: str = Field("", description="Why a written sentence was not verified.")


class AskResponse(BaseModel):
    answer: str
    supported: bool
    citations: list[CitationOut]
    timings_ms: dict[str, float]
    time_window: TimeWindowOut | None = None
    mode: Literal["extractive", "generative"] = Field(
        "extractive", description="generative: written by the language model, every sentence shown verified; "
                                  "extractive: the quoted sentences themselves.")
    sentences: list[SentenceOut] = Field(default_factory=list)
    note: str = Field("", description="Said first in the answer when every article it cites was published outside "
                                      "the time the question asks about (`time_window`), or when a surname no "
                                      "article holds was taken for the one a letter away that they do; empty "
                                      "otherwise.")
    fallback: str = Field("", description="With a language model configured: why the answer is extractive (it took "
                                          "over QA_LLM_TIMEOUT_S, failed, or nothing it wrote was verified); empty "
                                          "otherwise.")


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str
    k: StrictInt | None = Field(None, ge=1, le=50)
    filters: dict[str, FilterValue] | None = None
    as_of: str | None = Field(None, description="When the question is asked (ISO date or datetime, or 'latest': "
                                    "the day of the newest article; default: QA_AS_OF, else now): articles published "
                                    "later are not used, and relative time in the question ('this week', "
                                    "'yesterday', 'in March') is read against it.", examples=["2024-03-01"])


class PassageOut(BaseModel):
    document_id: str
    title: str
    source: str
    start: int
    end: int
    text: str
    score: float
    published: str = Field("", description="The article's publication date, as stored (\"\" when unknown).")


class SearchResponse(BaseModel):
    passages: list[PassageOut]
    time_window: TimeWindowOut = Field(description="The time the query was understood to ask about (as on "
                                                   "/api/ask): its window prefers those articles.")
    note: str = Field("", description="Why there are no passages, when it is known: \"No indexed article matches "
                                      "the filters.\"")


class DocumentSummary(BaseModel):
    id: str
    title: str
    source: str
    published: str
    url: str
    author: str
    chunks: int


class DocumentOut(DocumentSummary):
    text: str
    also_at: list[str] = Field(default_factory=list, description="Other URLs where this article was found "
                               "(syndicated copies met by a feed poll).")


def unknown_field(name: str, fields: Sequence[str], kind: str = "field", also: Sequence[str] = ()) -> str:
    """What an upload's unknown field is told: its name, the one it may mean ("publshed": "published"), and the
    fields there are (``also`` first: a form's "file")."""
    near = get_close_matches(name, fields, n=1)
    return (f"unknown {kind} {name!r}{f' (did you mean {near[0]!r}?)' if near else ''}; "
            f"the fields are {', '.join([*also, *fields])}")


class DocumentIn(BaseModel):
    """An article as text (``title`` and ``text``), or a web page to fetch (``url`` alone; any other field given
    overrides what the page says)."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field("", max_length=1000, description="The headline; made the text's first line unless that "
                       "line already is it, so it is searched and quoted with the rest.")
    text: str = ""
    url: str = Field("", description="With no text: the page to fetch (http or https) and index.")
    published: str = ""
    source: str = ""
    author: str = ""

    @model_validator(mode="before")
    @classmethod
    def _known_fields(cls, data: Any) -> Any:
        """An unknown field is named with the one it may mean, as a form upload's is (a user trial: "publshed" was
        answered "Extra inputs are not permitted")."""
        if isinstance(data, dict):
            unknown = [key for key in data if key not in cls.model_fields]
            if unknown:
                raise ValueError(unknown_field(str(unknown[0]), list(cls.model_fields)))
        return data

    @model_validator(mode="after")
    def _text_or_url(self) -> DocumentIn:
        if not self.text.strip() and not self.url.strip():
            if "text" in self.model_fields_set:  # a user trial: an empty text was answered "send 'title' and 'text'"
                raise ValueError("'text' is empty: send the article's text, or a 'url' to fetch")
            raise ValueError("send 'title' and 'text', or a 'url' to fetch")
        if self.text.strip() and not self.title.strip():
            raise ValueError("a document sent as text needs a 'title'")
        return self


class DocumentCreated(BaseModel):
    id: str
    status: str  # "added", "updated" (a page fetched again, changed), "unchanged", or "duplicate" (a page that is a
    # syndicated copy of the stored article ``id``, which lists the page's URL in its ``also_at``)
    chunks: int


class ReindexRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prune: StrictBool = Field(False, description="Also remove documents whose files are gone from the folder.")


class ReindexReport(BaseModel):
    added: int
    updated: int
    unchanged: int
    removed: int
    failed: list[str]
    duplicates: int = 0  # files not stored: their text was uploaded before, as the document it is


class ErrorOut(BaseModel):
    error: str
    message: str
