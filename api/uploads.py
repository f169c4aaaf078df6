"""Reading a document out of a POST /api/documents request: JSON, or a multipart form with one file.

The body is read with a byte limit (413 past it), the file's type comes from
its name's suffix (415 for others), its bytes must be UTF-8 text (422). The
uploaded file name is only ever a label: its folders are dropped and nothing
is written to disk under it. The origin of an upload is its ``url`` when it gives one (not a site's home
page), as a fetched page's is: the article at that address, sent again with its text corrected, is that document
updated; else the hash of its article text, so the same article uploaded twice is one document (``_keyed``). JSON with a ``url`` and no
text asks for the page to be fetched (``PageRequest``; see ``index.web``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from api.errors import media_type
from api.schemas import DocumentIn, unknown_field
from index import SUPPORTED_SUFFIXES, Article, article_from_text, decode
from index.addresses import is_web_address
from index.web import canonical_url
from qa.errors import DocumentTooLarge, InvalidDocument, UnsupportedFileType

METADATA = ("title", "source", "url", "published", "author")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")
UPLOAD_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": DocumentIn.model_json_schema()},
            "multipart/form-data": {"schema": {
                "type": "object", "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"},
                               **{name: {"type": "string"} for name in METADATA}},
            }},
        },
    },
}


def _keyed(article: Article, sent: str | None = None) -> Article:
    """The upload keyed by its ``url`` (canonical, as a page fetched from it is: a user trial's upload of a corrected
    article under its address was added beside the first, and answers quoted the old text), else by the hash of
    its article text as stored (surrounding blank lines and spaces dropped: a
    file's final newline is not new content), not of the file: a file whose front matter or page markup changed
    is the same document, with new metadata (it was a second copy of the article). A plain text is keyed by the
    text ``sent``, without the headline its given title adds: sent again with the title put right, it is the
    same document updated, not a second one (and the key is what it was before titles were added)."""
    if is_web_address(article.url) and urlsplit(address := canonical_url(article.url)).path.strip("/"):
        return replace(article, origin=address)  # not a site's home page, which many uploads may give as their url
    text = article.text if sent is None else sent
    return replace(article, origin="upload:" + hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:32])


def safe_name(filename: str | None) -> str:
    """The last part of a client's file name, printable, never a path ("../../etc/passwd" -> "passwd")."""
    name = _UNPRINTABLE.sub("", PurePosixPath((filename or "").replace("\\", "/")).name).strip()
    return name[:200] if name.strip(".") else "upload.txt"


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise DocumentTooLarge(f"the request is {int(declared)} bytes; the limit is {limit} (QA_MAX_UPLOAD_BYTES)")
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > limit:
            raise DocumentTooLarge(f"the request is over the limit of {limit} bytes (QA_MAX_UPLOAD_BYTES)")
    body = bytes(received)
    request._body = body  # Starlette parses the form from the body it has cached
    return body


@dataclass(frozen=True)
class PageRequest:
    """A web page to fetch and index (JSON ``{"url"}`` without text), with metadata that overrides the page's."""

    url: str
    metadata: dict[str, str]


def _checked(metadata: dict[str, str]) -> dict[str, str]:
    """Metadata whose ``url``, if given, is a web address: a user trial stored "javascript:alert(1)" and "not a url"
    as an article's address, which clients may show as a link."""
    url = (metadata.get("url") or "").strip()
    if url and not is_web_address(url):
        raise InvalidDocument(f"url must be an http(s) address such as https://example.com/story, not {url[:80]!r}")
    return metadata


async def read_article(request: Request, limit: int) -> Article | PageRequest:
    kind = media_type(request)
    if kind not in ("application/json", "multipart/form-data"):
        raise UnsupportedFileType("send JSON {\"title\", \"text\"} or a multipart form with a 'file' "
                                  f"({', '.join(SUPPORTED_SUFFIXES)}), not {kind or 'no content type'}")
    body = await _body(request, limit)
    if kind == "application/json":
        try:
            data = DocumentIn.model_validate_json(body)
        except ValidationError as exc:
            raise RequestValidationError(exc.errors()) from exc
        metadata = {name: getattr(data, name) for name in METADATA}
        if not data.text.strip():
            return PageRequest(data.url.strip(), {k: v for k, v in metadata.items() if v and k != "url"})
        article = article_from_text(data.text, origin="", name=data.title, metadata=_checked(metadata))
        if "source" in article.not_given and not article.url:
            article = replace(article, source="")  # no file: no file name for an outlet (not the title)
        return _keyed(article, data.text)
    return await _from_form(request)


async def _from_form(request: Request) -> Article:
    async with request.form(max_files=1, max_fields=len(METADATA)) as form:
        unknown = [key for key in form.keys() if key != "file" and key not in METADATA]
        if unknown:  # as JSON uploads refuse an unknown field: a mistyped "publshed" would lose the date unsaid
            raise InvalidDocument(unknown_field(unknown[0], METADATA, "form field", also=("file",)))
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidDocument("send the document in a multipart form field named 'file'")
        name = safe_name(upload.filename)
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise UnsupportedFileType(f"{name}: unsupported type; supported: {', '.join(SUPPORTED_SUFFIXES)}")
        text = decode(await upload.read(), name)
        metadata = {key: str(form.get(key) or "") for key in METADATA if isinstance(form.get(key, ""), str)}
    return _keyed(article_from_text(text, origin="", name=name, kind=suffix, metadata=_checked(metadata)),
                  text if suffix == ".txt" else None)
