"""Tool definitions, the tool and answer endpoints, API keys, the rate limit and CORS."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.security import SlidingWindowLimiter, split_setting
from legalqa.errors import NotFound, UserError
from legalqa.tools import call_tool, tool_definitions, tool_parameters, tools

QUESTION = "公司不发高温补贴怎么办"


def make_client(fake_settings, fake_service, **settings) -> TestClient:
    return TestClient(create_app(fake_settings.model_copy(update=settings), fake_service))


@pytest.fixture(scope="module")
def client(fake_settings, fake_service) -> TestClient:
    return make_client(fake_settings, fake_service)


# ---- tool definitions -------------------------------------------------------------------------
def test_tool_json_is_the_argument_models_schemas(client, fake_settings):
    listed = client.get("/api/v1/tools").json()
    known = tools(fake_settings)
    assert [t["function"]["name"] for t in listed] == list(known)
    for tool in listed:
        assert tool["type"] == "function"
        assert tool["function"]["parameters"] == tool_parameters(known[tool["function"]["name"]])
        assert tool["function"]["description"]


def test_required_tools_are_defined(fake_settings):
    assert {"search_cases_and_law", "get_article", "get_case", "list_calculators", "run_calculator"} <= set(
        tools(fake_settings))


def test_parameters_are_closed_objects_for_strict_function_calling(fake_settings):
    for definition in tool_definitions(fake_settings):
        params = definition.function.parameters
        assert params["type"] == "object" and params["additionalProperties"] is False


# ---- the dispatcher -----------------------------------------------------------------------------
def test_search_tool_returns_the_search_contract(fake_service, fake_settings):
    result = call_tool("search_cases_and_law", {"q": "职工提出辞职后可以撤回吗", "k": 3}, fake_service, fake_settings)
    assert result == fake_service.search("职工提出辞职后可以撤回吗", k=3).model_dump(mode="json")


@pytest.mark.parametrize("name, arguments, status, field", [
    ("no_such_tool", {}, 404, None),
    ("get_article", {"law": "劳动合同法"}, 422, "article"),
    ("get_article", {"law": "劳动合同法", "article": 37, "extra": 1}, 422, "extra"),
    ("get_article", {"law": "劳动合同法", "article": 99999}, 404, None),
    ("get_case", {"case_id": "case/no-such-case"}, 404, None),
    ("search_cases_and_law", {"q": "   "}, 422, "q"),
    ("run_calculator", {"name": "no_such_calculator", "inputs": {}}, 404, None),
])
def test_bad_calls_raise_user_errors(fake_service, fake_settings, name, arguments, status, field):
    with pytest.raises(UserError) as caught:
        call_tool(name, arguments, fake_service, fake_settings)
    assert caught.value.status == status and isinstance(caught.value, NotFound) == (status == 404)
    assert "/" in caught.value.message  # Chinese / English
    if field:
        assert caught.value.errors[0]["field"] == field


def test_get_case_accepts_id_or_slug(fake_service, fake_settings):
    by_id = call_tool("get_case", {"case_id": "case/gdgy-000-0e3332-1"}, fake_service, fake_settings)
    assert by_id == call_tool("get_case", {"case_id": "gdgy-000-0e3332-1"}, fake_service, fake_settings)


# ---- HTTP -----------------------------------------------------------------------------------------
def test_tool_call_over_http_is_the_dispatcher(client, fake_service, fake_settings):
    r = client.post("/api/v1/tools/get_article", json={"law": "劳动合同法", "article": 37})
    assert r.status_code == 200
    assert r.json() == call_tool("get_article", {"law": "劳动合同法", "article": 37}, fake_service, fake_settings)


def test_tool_call_without_body_for_a_tool_without_arguments(client):
    r = client.post("/api/v1/tools/list_calculators")
    assert r.status_code == 200 and r.json()["calculators"]


def test_tool_errors_over_http(client):
    assert client.post("/api/v1/tools/nope", json={}).status_code == 404
    r = client.post("/api/v1/tools/get_article", json={"law": "劳动合同法", "article": "x"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "article"


def test_answer_get_and_post_agree(client):
    got = client.get("/api/v1/answer", params={"q": QUESTION, "k": 5})
    posted = client.post("/api/v1/answer", json={"q": QUESTION, "k": 5})
    assert got.status_code == posted.status_code == 200
    assert got.json() == posted.json()
    assert got.json()["answer"] and got.json()["search"]["k"] == 5


def test_answer_unversioned_alias(client):
    assert client.get("/api/answer", params={"q": QUESTION}).json() == client.get(
        "/api/v1/answer", params={"q": QUESTION}).json()


@pytest.mark.parametrize("params", [{"q": ""}, {"q": "x" * 501}, {"q": QUESTION, "k": 0}, {}])
def test_answer_rejects_bad_input(client, params):
    r = client.get("/api/v1/answer", params=params)
    assert r.status_code == 422 and " / " in r.json()["detail"]


def test_answer_post_rejects_bad_body(client):
    assert client.post("/api/v1/answer", json={"k": 3}).status_code == 422
    assert client.post("/api/v1/answer", json={"q": "  "}).status_code == 422


def test_every_api_endpoint_has_openapi_examples(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/answer", "/api/v1/tools/{name}"):
        for operation in paths[path].values():
            params = operation.get("parameters", [])
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            assert any("examples" in p or "example" in p or "examples" in p.get("schema", {}) for p in params) \
                or "examples" in body, (path, operation["summary"])


# ---- API keys --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def keyed(fake_settings, fake_service) -> TestClient:
    return make_client(fake_settings, fake_service, api_keys="alpha, beta", rate_limit_per_minute=1000)


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": "Basic alpha"}])
def test_api_needs_a_valid_key_when_keys_are_set(keyed, headers):
    for path in ("/api/v1/tools", "/api/tools", "/api/v1/search?q=辞职"):
        r = keyed.get(path, headers=headers)
        assert r.status_code == 401
        assert "API 密钥" in r.json()["detail"] and "API key" in r.json()["detail"]


@pytest.mark.parametrize("headers", [{"X-API-Key": "alpha"}, {"Authorization": "Bearer beta"}])
def test_a_valid_key_in_either_header_is_accepted(keyed, headers):
    assert keyed.get("/api/v1/tools", headers=headers).status_code == 200


def test_web_page_and_health_stay_open(keyed):
    assert keyed.get("/healthz").status_code == 200
    assert keyed.get("/").status_code == 200


def test_no_keys_configured_means_open(client):
    assert client.get("/api/v1/tools").status_code == 200


def test_split_setting():
    assert split_setting(" a, b ,,c ") == ["a", "b", "c"] and split_setting("") == []


# ---- rate limit --------------------------------------------------------------------------------------
def test_over_limit_client_gets_429_with_retry_after(fake_settings, fake_service):
    c = make_client(fake_settings, fake_service, api_keys="alpha,beta", rate_limit_per_minute=3)
    for _ in range(3):
        assert c.get("/api/v1/tools", headers={"X-API-Key": "alpha"}).status_code == 200
    r = c.get("/api/v1/tools", headers={"X-API-Key": "alpha"})
    assert r.status_code == 429
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    assert "请求太频繁" in r.json()["detail"] and "Too many requests" in r.json()["detail"]
    # the limit is per key: another key is still served
    assert c.get("/api/v1/tools", headers={"Authorization": "Bearer beta"}).status_code == 200


def test_sliding_window_frees_a_slot_when_the_oldest_request_is_a_minute_old(clock):
    limiter = SlidingWindowLimiter(2)
    assert limiter.hit("k") is None
    clock.now = 10.0
    assert limiter.hit("k") is None
    clock.now = 30.0
    assert limiter.hit("k") == pytest.approx(30.0)  # the first request leaves the window at 60
    clock.now = 60.5
    assert limiter.hit("k") is None
    assert limiter.hit("k") == pytest.approx(9.5)  # next: the request of t=10 leaves at 70


def test_zero_switches_the_limit_off(fake_settings, fake_service):
    c = make_client(fake_settings, fake_service, api_keys="alpha", rate_limit_per_minute=0)
    assert all(c.get("/api/v1/tools", headers={"X-API-Key": "alpha"}).status_code == 200 for _ in range(5))


# ---- CORS ---------------------------------------------------------------------------------------------
def test_cors_header_only_for_configured_origins(fake_settings, fake_service):
    c = make_client(fake_settings, fake_service, cors_origins="https://bot.example.org")
    allowed = c.get("/api/v1/tools", headers={"Origin": "https://bot.example.org"})
    assert allowed.headers["access-control-allow-origin"] == "https://bot.example.org"
    other = c.get("/api/v1/tools", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = c.options("/api/v1/answer", headers={"Origin": "https://bot.example.org",
                                                     "Access-Control-Request-Method": "POST",
                                                     "Access-Control-Request-Headers": "X-API-Key"})
    assert preflight.status_code == 200


def test_no_cors_by_default(client):
    r = client.get("/api/v1/tools", headers={"Origin": "https://bot.example.org"})
    assert "access-control-allow-origin" not in r.headers
