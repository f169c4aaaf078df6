"""Our errors mapped to HTTP, in one place: status codes and the ``{"error", "message"}`` shape (OpenAI's
``{"error": {"message", "type", ...}}`` under ``/v1/``, which its clients read).

No stack trace reaches a client; an unexpected error is logged here and
answered with a generic 500.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from qa.errors import (
    DocumentNotFound,
    DocumentTooLarge,
    FeedNotFound,
    FetchFailed,
    FetchRefused,
    InvalidDocument,
    InvalidQuestion,
    ModelUnavailable,
    QAError,
    ServiceStopping,
    StoreUnavailable,
    UnsupportedFileType,
)

log = logging.getLogger(__name__)


class Unauthorized(QAError):
    """A write without the right API key."""


STATUS: dict[type[QAError], int] = {
    InvalidQuestion: 422,
    InvalidDocument: 422,
    UnsupportedFileType: 415,
    DocumentTooLarge: 413,
    DocumentNotFound: 404,
    FeedNotFound: 404,
    Unauthorized: 401,
    StoreUnavailable: 503,
    ModelUnavailable: 503,
    ServiceStopping: 503,
    FetchRefused: 403,  # a private address or robots.txt: we will not fetch it
    FetchFailed: 502,  # the page's server failed us, not the client
}


def _error(request: Request, status: int, name: str, message: str, param: str | None = None) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if request.url.path.startswith("/v1/"):  # OpenAI's shape, which its clients read (``e.body["message"]``)
        body: dict[str, object] = {"error": {"message": message, "type": name, "param": param, "code": name}}
    else:
        body = {"error": name, "message": message}
    return JSONResponse(body, status_code=status, headers=headers)


_UNION_MEMBER = re.compile(r"[-\[]")  # field names are identifiers; pydantic's member tags hold "-" or "["


def _describe(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        if err.get("type") == "json_invalid":  # its "where" is a character position: "0: JSON decode error"
            why = (err.get("ctx") or {}).get("error", "")
            at = (err.get("loc") or ("",))[-1]  # none from a model read of the body: its "why" says where
            parts.append(f"the body is not valid JSON ({f'at character {at}: ' if isinstance(at, int) else ''}{why})")
            continue
        where = _where(err) or "body"
        said = f"{where}: {err.get('msg', 'invalid')}"
        if parts and parts[-1].startswith(f"{where}: "):  # each kind a union field may take: one clause
            parts[-1] += f", or {err.get('msg', 'invalid')}"
        else:
            parts.append(said)
    return "; ".join(parts) or "the request is not valid"


def _where(err: Any) -> str:
    """An error's field as a client names it ("messages.0.content"): without "body" and the names pydantic gives
    a union's members ("constrained-str", "list[TextPart]"; a user trial saw them in /v1's messages)."""
    return ".".join(str(p) for p in err.get("loc", ()) if p != "body" and not _UNION_MEMBER.search(str(p)))


def _body_unread(exc: RequestValidationError) -> bool:
    """Whether the body as a whole was not the JSON object expected (not one of its fields)."""
    return any(tuple(err.get("loc", ())) == ("body",) for err in exc.errors())


def media_type(request: Request) -> str:
    """The request's Content-Type without its parameters, lower-cased ("" when it has none)."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QAError)
    async def _qa_error(request: Request, exc: QAError) -> JSONResponse:
        status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)
        return _error(request, status, type(exc).__name__, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        kind = media_type(request)
        if request.method == "POST" and kind != "application/json" and _body_unread(exc):
            # a form or plain text where JSON was expected: said as what it is (a user trial got "body: Input
            # should be a valid dictionary or object"), as /api/documents says it
            came = kind or "no content type"
            return _error(request, 415, "UnsupportedMediaType",
                          f"send the body as JSON (Content-Type: application/json); it came as {came}")
        first = exc.errors()[0] if exc.errors() else {}
        field = None if first.get("type") == "json_invalid" else _where(first) or None  # its "where" is a position
        return _error(request, 422, "ValidationError", _describe(exc), param=field)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # the framework could not parse the body: invalid input, like the rest
            return _error(request, 422, "ValidationError", f"the request body cannot be read: {exc.detail}")
        names = {404: "NotFound", 405: "MethodNotAllowed"}
        return _error(request, exc.status_code, names.get(exc.status_code, "HTTPError"), str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(request, 500, "InternalError", "the server failed to answer; the error has been logged")
