"""`qa serve`'s HTTP server: uvicorn, stopped without waiting for a language model to finish its answers."""

from __future__ import annotations

import signal
from types import FrameType

import uvicorn
from fastapi import FastAPI

from qa import Service


class _Server(uvicorn.Server):
    """uvicorn's server, which on SIGTERM or Ctrl-C also ends the answers a language model is writing: uvicorn
    waits for every open response before it stops, and an answer being written took up to ``QA_LLM_TIMEOUT_S``
    (a user trial: 46 s after SIGTERM, 90 s after Ctrl-C). Each ends as if its time were up: the sentences
    verified so far, or the extractive answer."""

    def __init__(self, config: uvicorn.Config, service: Service) -> None:
        super().__init__(config)
        self.service = service

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.service.model is not None:
            self.service.model.stop()
        super().handle_exit(sig, frame)


class _Terminated(Exception):
    pass


def _terminated(sig: int, frame: FrameType | None) -> None:
    raise _Terminated


def serve(app: FastAPI, service: Service, host: str, port: int) -> None:
    """Serve ``app`` on ``host``:``port`` until SIGTERM (then return: uvicorn, once it has stopped, raises the
    signal again with the handler it found, which by default ended the process before the service was closed) or
    Ctrl-C (KeyboardInterrupt)."""
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        _Server(uvicorn.Config(app, host=host, port=port), service).run()
    except _Terminated:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
