"""The HTTP endpoints: thin translations between JSON bodies and the Service.

Routes are sync functions, so FastAPI runs them in its thread pool and the
event loop never waits on the model or Chroma.
"""

from __future__ import annotations

import dataclasses

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from api.deps import ServiceDep, SettingsDep, WriteAccess
from api.schemas import (
    AskRequest,
    AskResponse,
    DocumentCreated,
    DocumentOut,
    DocumentSummary,
    ErrorOut,
    ReindexReport,
    ReindexRequest,
    SearchRequest,
    SearchResponse,
    TimeWindowOut,
)
from api.uploads import UPLOAD_OPENAPI, PageRequest, read_article
from api.write_threads import in_write_thread
from index import DocumentRecord
from qa.answer import NO_MATCH

router = APIRouter()
ERRORS = {code: {"model": ErrorOut} for code in (401, 404, 415, 422, 503)}


def _summary(doc: DocumentRecord) -> dict[str, object]:
    return {"id": doc.id, "title": doc.title, "source": doc.source, "published": doc.published,
            "url": doc.url, "author": doc.author, "chunks": doc.chunks}


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", responses=ERRORS)
def readyz(service: ServiceDep) -> dict[str, int]:
    documents, chunks = service.counts()
    return {"documents": documents, "chunks": chunks}


@router.post("/api/ask", response_model=AskResponse, responses=ERRORS)
def ask(body: AskRequest, service: ServiceDep) -> AskResponse:
    answer = service.ask(body.question, top_k=body.top_k, filters=body.filters, as_of=body.as_of,
                         show_unverified=body.show_unverified)
    return AskResponse(answer=answer.answer, supported=answer.supported,
                       citations=[dataclasses.asdict(c) for c in answer.citations],  # type: ignore[misc]
                       timings_ms=answer.timings_ms,
                       time_window=TimeWindowOut.model_validate(answer.time_window) if answer.time_window else None,
                       mode=answer.mode,  # type: ignore[arg-type]
                       sentences=[dataclasses.asdict(s) for s in answer.sentences],  # type: ignore[misc]
                       note=answer.note, fallback=answer.fallback)


@router.post("/api/search", response_model=SearchResponse, responses=ERRORS)
def search(body: SearchRequest, service: ServiceDep) -> SearchResponse:
    passages = service.search(body.query, k=body.k, filters=body.filters, as_of=body.as_of)
    note = NO_MATCH if not passages and service.matches_nothing(body.filters) else ""
    return SearchResponse(passages=[dataclasses.asdict(p) for p in passages],  # type: ignore[misc]
                          time_window=TimeWindowOut.model_validate(service.time_window(body.query, body.as_of)),
                          note=note)


_LARGEST = 2**63 - 1  # the largest integer SQLite (where the listing is read) takes: past it, a 422, not a 500


@router.get("/api/documents", response_model=list[DocumentSummary], responses=ERRORS)
def list_documents(service: ServiceDep, request: Request,
                   limit: Annotated[int | None, Query(ge=1, le=_LARGEST,
                                                      description="at most this many (default: all)")] = None,
                   offset: Annotated[int, Query(ge=0, le=_LARGEST, description="skip this many first")] = 0,
                   ) -> list[dict[str, object]]:
    """Documents ordered by title; page through a large archive with ``limit`` and ``offset`` (the count is
    ``GET /readyz``'s). Any other parameter is refused: ``?source=X`` listed every source's documents as if
    filtered (a user trial)."""
    unknown = [name for name in request.query_params if name not in ("limit", "offset")]
    if unknown:
        raise RequestValidationError([{"loc": ("query", name), "type": "extra_forbidden", "input": None,
                                       "msg": "unknown parameter: the listing takes only limit and offset"}
                                      for name in unknown])
    return [_summary(doc) for doc in service.documents(-1 if limit is None else limit, offset)]


@router.get("/api/documents/{document_id}", response_model=DocumentOut, responses=ERRORS)
def get_document(document_id: str, service: ServiceDep) -> dict[str, object]:
    doc, text = service.document(document_id)
    return {**_summary(doc), "text": text, "also_at": doc.also_at_urls}


@router.post("/api/documents", response_model=DocumentCreated, status_code=201, dependencies=[WriteAccess],
             responses={**ERRORS, 413: {"model": ErrorOut}}, openapi_extra=UPLOAD_OPENAPI)
async def add_document(request: Request, service: ServiceDep, settings: SettingsDep) -> Response:
    """Add a document: JSON {"title", "text", ...}, JSON {"url"} (the page is fetched; fetching it again updates
    it), or a multipart form with one file (.txt, .md, .html)."""
    sent = await read_article(request, settings.max_upload_bytes)
    if isinstance(sent, PageRequest):
        page = sent
        outcome, record = await in_write_thread(lambda: service.add_page(page.url, page.metadata))
    else:
        article = sent
        outcome, record = await in_write_thread(lambda: service.add_article(article, same_text_is_unchanged=True))
    status = 200 if outcome in ("unchanged", "duplicate") else 201
    created = DocumentCreated(id=record.id, status=outcome, chunks=record.chunks)
    return JSONResponse(created.model_dump(), status_code=status)


@router.post("/api/reindex", response_model=ReindexReport, responses=ERRORS, dependencies=[WriteAccess])
async def reindex(service: ServiceDep, settings: SettingsDep, body: ReindexRequest | None = None) -> ReindexReport:
    """Index the server's source folder (QA_SOURCES) again: new and changed files in, optionally gone ones out."""
    report = await in_write_thread(lambda: service.index([settings.sources], prune=bool(body and body.prune)))
    return ReindexReport(added=len(report.added), updated=len(report.updated), unchanged=len(report.unchanged),
                         removed=len(report.removed), failed=[f"{name}: {why}" for name, why in report.failed],
                         duplicates=len(report.duplicates))


@router.delete("/api/documents/{document_id}", status_code=204, responses=ERRORS, dependencies=[WriteAccess])
async def delete_document(document_id: str, service: ServiceDep) -> Response:
    await in_write_thread(lambda: service.delete(document_id))
    return Response(status_code=204)
