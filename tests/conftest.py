"""Shared fixtures: the real packaged model (loaded once per session) and real embedded Chroma indexes."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
# `qa index` called in this process (tests/test_cli.py) would change the allocator of the whole test session
os.environ.setdefault("QA_INDEX_RETURN_MEMORY", "false")

from fastapi.testclient import TestClient  # noqa: E402

from api import create_app  # noqa: E402
from index import Embedder, Store, open_client  # noqa: E402
from index.derived import DerivedIndex  # noqa: E402
from index.embedding import load_embedder  # noqa: E402
from index.fetching import FetchPolicy  # noqa: E402
from index.parts import PART_CHUNKS  # noqa: E402
from qa import Service, Settings  # noqa: E402
from bench.serving import run_chroma_server  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return load_embedder(None)


LOCAL_FETCHES = FetchPolicy(timeout_s=5.0, allow_private=True, host_delay_s=0.0)  # the tests' sites are on 127.0.0.1
BACKENDS = ["embedded", "server"]  # every test of a service runs on embedded Chroma and on a `chroma run` server


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server (`chroma run`) on 127.0.0.1, for the session; yields its URL."""
    with run_chroma_server(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url


def make_service(data_dir: Path, embedder: Embedder, chroma_url: str | None = None, part_size: int = PART_CHUNKS,
                 **options: object) -> Service:
    prefix = f"t{uuid.uuid4().hex[:8]}"
    store = Store(open_client(data_dir, chroma_url), prefix=prefix, part_size=part_size)
    derived = DerivedIndex(data_dir / "derived" / f"{prefix}.sqlite", store.identity)
    options.setdefault("fetch_policy", LOCAL_FETCHES)
    return Service(store, embedder, derived, refresh_seconds=0, **options)  # type: ignore[arg-type]


def _chroma_url(request: pytest.FixtureRequest) -> str | None:
    return str(request.getfixturevalue("chroma_server")) if request.param == "server" else None


@pytest.fixture(params=BACKENDS)
def service(request: pytest.FixtureRequest, tmp_path: Path, embedder: Embedder) -> Iterator[Service]:
    """An empty service over a fresh index (embedded Chroma, or collections of their own on the server)."""
    svc = make_service(tmp_path / "data", embedder, _chroma_url(request))
    yield svc
    svc.close()


@pytest.fixture()
def embedded_service(tmp_path: Path, embedder: Embedder) -> Iterator[Service]:
    """An empty service over a fresh embedded index, for tests whose subject is not the backend."""
    svc = make_service(tmp_path / "data", embedder)
    yield svc
    svc.close()


@pytest.fixture(scope="session", params=BACKENDS)
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           embedder: Embedder) -> Iterator[Service]:
    """A service with the seed articles indexed, shared by read-only tests."""
    svc = make_service(tmp_path_factory.mktemp("seeded"), embedder, _chroma_url(request))
    report = svc.index([SEEDS])
    assert len(report.added) == 3 and not report.failed
    yield svc
    svc.close()


@pytest.fixture()
def client_for(tmp_path: Path) -> Iterator[object]:
    """Build a TestClient (lifespan running) around a given service and settings."""
    clients: list[TestClient] = []

    def build(service: Service, **settings: object) -> TestClient:
        app = create_app(Settings(data_dir=tmp_path / "unused", **settings), service=service)  # type: ignore[arg-type]
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)
