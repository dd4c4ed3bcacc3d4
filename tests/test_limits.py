"""The query limits are the settings' alone: LEGALQA_MAX_QUERY_CHARS and LEGALQA_MAX_K bound the
API's parameters, the chatbot tools' arguments and the schemas both publish."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from conftest import mini_corpus_settings
from legalqa.errors import UserError
from legalqa.tools import call_tool, tools

LONG = "公司拖欠工资加班费怎么算" * 50  # 600 characters: over the default limit of 500


@pytest.fixture
def limited(monkeypatch, mini_settings, mini_service):
    """Settings and an API client with the limits taken from the environment."""

    def make(max_query_chars: int, max_k: int = 50):
        monkeypatch.setenv("LEGALQA_MAX_QUERY_CHARS", str(max_query_chars))
        monkeypatch.setenv("LEGALQA_MAX_K", str(max_k))
        settings = mini_corpus_settings(mini_settings.index_dir)
        return settings, TestClient(create_app(settings, service=mini_service))

    return make


def _refusals(settings, client, q: str, k: int, service) -> list[str]:
    """Which of the question paths refuse (q, k), each naming the field it refuses."""
    refused = []
    for path, response in [("GET /search", client.get("/api/v1/search", params={"q": q, "k": k})),
                           ("GET /answer", client.get("/api/v1/answer", params={"q": q, "k": k})),
                           ("POST /answer", client.post("/api/v1/answer", json={"q": q, "k": k}))]:
        if response.status_code != 200:
            assert response.status_code == 422, (path, response.text)
            refused.append(f"{path} {response.json()['errors'][0]['field']}")
    for name in ("search_cases_and_law", "answer_question"):
        try:
            call_tool(name, {"q": q, "k": k}, service, settings)
        except UserError as exc:
            refused.append(f"{name} {exc.errors[0]['field']}")
    return refused


ALL_Q = ["GET /search q", "GET /answer q", "POST /answer q", "search_cases_and_law q", "answer_question q"]
ALL_K = [r.replace(" q", " k") for r in ALL_Q]


def test_a_higher_max_query_chars_lets_a_longer_question_through(limited, mini_service):
    assert _refusals(*limited(500), LONG, 5, mini_service) == ALL_Q
    assert _refusals(*limited(800), LONG, 5, mini_service) == []


def test_a_lower_max_query_chars_refuses_a_question_the_default_accepts(limited, mini_service):
    q = LONG[:300]
    assert _refusals(*limited(500), q, 5, mini_service) == []
    assert _refusals(*limited(200), q, 5, mini_service) == ALL_Q


def test_max_k_bounds_the_number_of_results(limited, mini_service):
    assert _refusals(*limited(500, max_k=50), "加班费", 60, mini_service) == ALL_K
    assert _refusals(*limited(500, max_k=80), "加班费", 60, mini_service) == []
    assert _refusals(*limited(500, max_k=20), "加班费", 30, mini_service) == ALL_K


def test_the_published_schemas_show_the_limits_in_force(limited):
    settings, client = limited(800, max_k=80)
    parameters = {p["name"]: p["schema"] for p in client.get("/openapi.json").json()["paths"]["/api/v1/search"]
                  ["get"]["parameters"]}
    assert (parameters["q"]["maxLength"], parameters["k"]["maximum"]) == (800, 80)
    for name in ("search_cases_and_law", "answer_question"):
        schema = tools(settings)[name].arguments.model_json_schema()["properties"]
        assert (schema["q"]["maxLength"], schema["k"]["maximum"]) == (800, 80)
