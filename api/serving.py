"""`qa serve`'s HTTP server: uvicorn, stopped without waiting for a language model to finish its answers."""

from __future__ import annotations

import logging
import signal
import socket
from types import FrameType

import uvicorn
from fastapi import FastAPI

from qa import QAError, Service


class CannotListen(QAError):
    """The address and port `qa serve` was given cannot be listened on (in use, not this machine's, no such name)."""


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port``, made before the service opens: a port in use had been reported only
    after the model and the index had loaded (a user trial), and uvicorn serves on this very socket, so no other
    process can take the port in between."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise CannotListen(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn's own: a restart right after a stop
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise CannotListen(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sock


class _Server(uvicorn.Server):
    """uvicorn's server, which on SIGTERM or Ctrl-C also ends the answers a language model is writing: uvicorn
    waits for every open response before it stops, and an answer being written took up to ``QA_LLM_TIMEOUT_S``
    (a user trial: 46 s after SIGTERM, 90 s after Ctrl-C). Each ends as if its time were up: the sentences
    verified so far, or the extractive answer. An upload being embedded ends at the model's next batch, stored
    in no part, with a 503 that says to send it again (a 1 MB upload had kept the server up 21 s)."""

    def __init__(self, config: uvicorn.Config, service: Service) -> None:
        super().__init__(config)
        self.service = service

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and sockets:  # uvicorn says where it listens only on sockets it made itself
            host, port = sockets[0].getsockname()[:2]
            address = f"[{host}]" if ":" in host else host
            logging.getLogger("uvicorn.error").info("Uvicorn running on http://%s:%d (Press CTRL+C to quit)",
                                                    address, port)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.service.model is not None:
            self.service.model.stop()
        self.service.embedder.stop_passes()  # an upload being embedded ends at its next batch, not stored: a 503
        super().handle_exit(sig, frame)


class _Terminated(Exception):
    pass


def _terminated(sig: int, frame: FrameType | None) -> None:
    raise _Terminated


def serve(app: FastAPI, service: Service, sock: socket.socket) -> None:
    """Serve ``app`` on ``sock`` (``listening_socket``) until SIGTERM (then return: uvicorn, once it has stopped,
    raises the signal again with the handler it found, which by default ended the process before the service was
    closed) or Ctrl-C (KeyboardInterrupt)."""
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        host, port = sock.getsockname()[:2]
        _Server(uvicorn.Config(app, host=host, port=port), service).run(sockets=[sock])
    except _Terminated:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
