"""The official ``openai`` client against the running server's /v1 endpoints."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

from api import create_app
from qa import Service, Settings
from tests.live import serve


@pytest.fixture(scope="module")
def client(seeded: Service, tmp_path_factory: pytest.TempPathFactory) -> Iterator[openai.OpenAI]:
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("unused")), service=seeded)
    with serve(app) as url:
        with openai.OpenAI(base_url=f"{url}/v1", api_key="not-needed", max_retries=0, timeout=60) as client:
            yield client


def test_a_completion_answers_with_citations(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model="news-qa", messages=[{"role": "user", "content": "Which launch unit does Panzenhagen command?"}])
    content = completion.choices[0].message.content or ""
    assert "Space Launch Delta 45" in content and "[1]" in content
    citations = (completion.model_extra or {})["citations"]
    assert citations[0]["n"] == 1 and citations[0]["quote"] in content


def test_filters_in_the_body_restrict_the_answer_as_on_api_ask(client: openai.OpenAI) -> None:
    question = [{"role": "user", "content": "Which launch unit does Panzenhagen command?"}]
    other = "000_b12d7699b3ab77b5.txt"  # a seed that does not say
    kept = client.chat.completions.create(model="news-qa", messages=question, extra_body={"filters": {"source": other}})
    assert "Space Launch Delta 45" not in (kept.choices[0].message.content or "")  # was ignored: answered anyway
    assert all(c["source"] == other for c in (kept.model_extra or {})["citations"])
    with pytest.raises(openai.UnprocessableEntityError, match="colour"):
        client.chat.completions.create(model="news-qa", messages=question, extra_body={"filters": {"colour": "red"}})


def test_a_streamed_completion_joins_to_the_same_answer_and_ends_with_citations(client: openai.OpenAI) -> None:
    messages = [{"role": "system", "content": "Answer from the articles."},
                {"role": "user", "content": "Who is leading the Space Force partnership initiative?"}]
    whole = client.chat.completions.create(model="news-qa", messages=messages)  # type: ignore[arg-type]
    chunks = list(client.chat.completions.create(model="news-qa", messages=messages, stream=True))  # type: ignore[arg-type]
    streamed = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    assert streamed == whole.choices[0].message.content
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert (chunks[-1].model_extra or {})["citations"] == (whole.model_extra or {})["citations"]


def test_a_follow_up_resolves_against_the_conversation(client: openai.OpenAI) -> None:
    first = client.chat.completions.create(
        model="news-qa", messages=[{"role": "user", "content": "Who is leading the Space Force partnership initiative?"}])
    follow_up = client.chat.completions.create(model="news-qa", messages=[
        {"role": "user", "content": "Who is leading the Space Force partnership initiative?"},
        {"role": "assistant", "content": first.choices[0].message.content or ""},
        {"role": "user", "content": "What is his rank?"},
    ])
    assert "Godfrey" in (follow_up.model_extra or {})["standalone_question"]
    assert "Air Marshal" in (follow_up.choices[0].message.content or "")


def test_a_bad_request_is_a_client_error_in_openai_s_shape(client: openai.OpenAI) -> None:
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        client.chat.completions.create(model="news-qa", messages=[{"role": "assistant", "content": "Hello"}])
    # the client reads OpenAI's {"error": {"message", "type"}}: with ours, its body was the string "InvalidQuestion"
    assert isinstance(caught.value.body, dict) and "must end with a user message" in caught.value.body["message"]
    assert caught.value.body["type"] == "InvalidQuestion"


def test_a_completion_names_the_model_that_answered(client: openai.OpenAI) -> None:
    # it echoed whatever the client asked for ("gpt-4o-mini"), a model /v1/models does not list
    completion = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Which launch unit does Panzenhagen command?"}])
    assert completion.model == "news-qa"


def test_the_model_list_names_the_service(client: openai.OpenAI) -> None:
    assert [model.id for model in client.models.list()] == ["news-qa"]
    assert client.models.retrieve("news-qa").id == "news-qa"
    with pytest.raises(openai.NotFoundError, match="this server answers as 'news-qa'"):
        client.models.retrieve("gpt-4o")
