"""Property-based fuzzing of the whole OpenAPI schema with schemathesis: no input makes the server fail.

Every operation gets generated requests (valid and invalid); a response must
never be a 5xx, and every 4xx must be our JSON error shape. Bounded: a fixed
number of examples per operation, derandomized so a run is repeatable.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from api import create_app
from qa import FetchFailed, Settings
from tests.conftest import SEEDS

EXAMPLES = 30  # per operation
DATA = Path(tempfile.mkdtemp(prefix="qa-fuzz-"))
# The schema is read from the app itself; the app's lifespan (model, index) runs in the fixture below.
APP = create_app(Settings(data_dir=DATA / "data", collection="fuzz", sources=DATA / "sources"))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def running_app() -> Iterator[None]:
    (DATA / "sources").mkdir()
    with TestClient(APP):  # runs the lifespan: the app answers as it does under uvicorn
        APP.state.service.index([SEEDS])
        fetcher = APP.state.service.fetcher
        fetch = fetcher.get  # pages and feeds (robots.txt is read inside it)

        def local_only(url: str, *args, **kwargs):  # type: ignore[no-untyped-def]
            if urlsplit(url.strip()).hostname not in (None, "127.0.0.1"):  # tests never reach other hosts
                raise FetchFailed(f"{url}: the fuzz test does not fetch from other hosts")
            return fetch(url, *args, **kwargs)

        fetcher.get = local_only
        yield
    shutil.rmtree(DATA, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_generated_request_makes_the_server_fail(case: schemathesis.Case) -> None:
    response = case.call()
    fetch_failed = response.status_code == 502 and response.json().get("error") == "FetchFailed"  # a page's server
    assert response.status_code < 500 or fetch_failed, \
        f"{case.method} {case.path}: {response.status_code} {response.text[:300]}"
    if response.status_code >= 400 and case.path != "/":
        body = response.json()
        if case.path.startswith("/v1/"):  # OpenAI's shape, which its clients read
            assert set(body) == {"error"} and body["error"]["message"] and body["error"]["type"], body
        else:
            assert set(body) == {"error", "message"} and body["message"], body
