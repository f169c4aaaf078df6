"""The FastAPI application factory.

``create_app`` builds the app; its lifespan loads the model and opens the
index once per process (or uses the Service a test hands in).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api.chat import router as chat_router
from api.errors import install_error_handlers
from api.feeds import router as feeds_router
from api.poller import FeedPoller
from api.routes import router
from qa import Service, Settings

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
QUESTIONS = frozenset({"/api/ask", "/api/search", "/api/chat", "/v1/chat/completions"})


class QuestionsFirst:
    """ASGI middleware: a question counts as being answered from the moment its request arrives (``Service.
    answering``), so this process's Chroma writes wait for it from then on, not only once a worker thread has
    picked it up (an upload's next write would otherwise start in that gap and hold the interpreter lock;
    ``index.yielding``)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        service = getattr(scope["app"].state, "service", None) if scope["type"] == "http" else None
        if service is None or scope["path"] not in QUESTIONS:
            await self.app(scope, receive, send)
            return
        with service.answering():
            await self.app(scope, receive, send)


def create_app(settings: Settings | None = None, service: Service | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = service or Service.open(settings, writer="`qa serve`")
        opened.follower.refresh()  # caught up with Chroma (or built from it, if its file is new) before ready
        opened.warm_up()
        app.state.service = opened
        documents, chunks = opened.counts()
        log.info("ready: %d documents, %d chunks", documents, chunks)
        poller = FeedPoller(opened, settings.feed_poll_minutes) if settings.feed_poll_minutes > 0 else None
        if poller is not None:
            poller.start()
            app.state.poller = poller
        yield
        if poller is not None:
            poller.stop()
        if app.state.service is opened:
            app.state.service = None
        if service is None:  # ours to close; a service handed in belongs to the caller
            opened.close()

    app = FastAPI(
        title="News QA",
        summary="Cited, extractive answers over news articles.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.service = None
    install_error_handlers(app)
    app.add_middleware(QuestionsFirst)
    app.include_router(router)
    app.include_router(chat_router)
    app.include_router(feeds_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def chat_page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    return app
