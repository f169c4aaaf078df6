"""The derived index of a collection on a Chroma server is named by the collection, not by the server's address."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from index import Embedder
from qa import Service, Settings
from tests.conftest import SEEDS


def _open(data: Path, url: str, embedder: Embedder) -> Service:
    return Service.open(Settings(data_dir=data, chroma_url=url, collection="renamed"), embedder=embedder)


def test_the_same_server_under_another_address_keeps_its_derived_index(
        chroma_server: str, tmp_path: Path, embedder: Embedder, caplog: pytest.LogCaptureFixture) -> None:
    """Named by the address, a worker given ``localhost`` where the indexer had ``127.0.0.1`` (or a server
    restarted on another port) built a second derived index from the whole archive before it was ready."""
    port = urlsplit(chroma_server).port
    first = _open(tmp_path / "data", f"http://127.0.0.1:{port}", embedder)
    try:
        assert len(first.index([SEEDS]).added) == 3
        path = first.derived.path
    finally:
        first.close()
    # the first open built its file from Chroma, and says so where an earlier test on this worker left the log at
    # INFO (CI saw it): only the second open is asked about
    caplog.clear()
    caplog.set_level(logging.INFO, logger="index.follow")
    again = _open(tmp_path / "data", f"http://localhost:{port}", embedder)
    try:
        assert again.derived.path == path
        answer = again.ask("Who is leading the Space Force partnership initiative?")
        assert answer.supported and answer.citations
    finally:
        again.close()
    assert "building the derived index" not in caplog.text  # followed, not rebuilt from Chroma
    assert sorted(p.name for p in path.parent.glob("*.sqlite")) == [path.name]
    with pytest.raises(ValueError, match="identity"):
        Settings(data_dir=tmp_path, chroma_url=f"http://127.0.0.1:{port}").derived_path()
