"""Security headers, size limits, readable 4xx for garbage input, a bound on concurrent form
posts, no caching of what a worker sent, no response shaped by the Host header, and no
third-party requests from the server or the page."""

import asyncio
import json
import re
import socket
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.middleware import MAX_CONCURRENT_FORM_POSTS, MAX_URL_BYTES, SECURITY_HEADERS
from api.templating import WEB_DIR

HEAT = "/api/v1/calculators/heat_allowance"
VALID_HEAT = {"outdoor": True, "months": [{"month": "2024-07"}]}
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client(fake_settings, fake_service):
    app = create_app(fake_settings, service=fake_service)

    @app.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("method,path,status", [
    ("GET", "/", 200),
    ("GET", "/static/app.css", 200),
    ("GET", "/healthz", 200),
    ("GET", "/api/v1/search?q=加班费", 200),
    ("GET", "/api/v1/search?q=", 422),
    ("GET", "/api/v1/cases/no-such-case", 404),
    ("GET", "/no/such/page", 404),
    ("POST", HEAT, 422),
    ("GET", "/boom", 500),
    ("GET", "/api/v1/search?q=" + "x" * MAX_URL_BYTES, 414),
])
def test_security_headers_on_every_response(client, method, path, status):
    r = client.request(method, path)
    assert r.status_code == status
    for name, value in SECURITY_HEADERS.items():
        assert r.headers[name] == value
    assert r.headers["content-security-policy"].startswith("default-src 'self'; img-src 'self' data:;")


def test_server_error_is_plain_json(client):
    r = client.get("/boom")
    assert r.status_code == 500
    assert r.json() == {"detail": "服务器内部错误，请稍后再试 / internal server error", "errors": []}
    assert "a bug" not in r.text


# ---- garbage input gets a readable 4xx, never a 500 -----------------------------------------

@pytest.mark.parametrize("body,headers", [
    (b"garbage", JSON),
    (b"", JSON),
    (b"\xff\xfe{\x00", JSON),  # not UTF-8
    ('{"outdoor": "\udcff"}'.encode("utf-8", "surrogatepass"), JSON),
    (b'{"outdoor": true', JSON),  # cut short
    (b"[" * 100_000 + b"]" * 100_000, JSON),  # deeply nested
    (b'{"a":' * 5000 + b"1" + b"}" * 5000, JSON),
    (b'[{"month": "2024-07"}]', JSON),  # an array, not an object
    (b'"outdoor"', JSON),
    (b"null", JSON),
    (b'{"outdoor": true}', {"content-type": "text/plain"}),
    (b"outdoor=true", {"content-type": "application/x-www-form-urlencoded"}),
    (b'{"outdoor": true}', {"content-type": "application/xml"}),
    (json.dumps(VALID_HEAT | {"unknown": 1}).encode(), JSON),
    (b'{"outdoor": false, "workplace_temp_c": 1' + b"0" * 5000 + b', "months": [{"month": "2024-07"}]}', JSON),
    (b'{"outdoor": false, "workplace_temp_c": 1e999, "months": [{"month": "2024-07"}]}', JSON),
    (b'{"outdoor": false, "workplace_temp_c": NaN, "months": [{"month": "2024-07"}]}', JSON),
    (b'{"outdoor": false, "workplace_temp_c": -Infinity, "months": [{"month": "2024-07"}]}', JSON),
    (json.dumps({"outdoor": True, "months": [{"month": "2024-07", "heat_days": 10**30}]}).encode(), JSON),
    (json.dumps({"outdoor": True, "months": [{"month": "2024-07", "heat_days": -1}]}).encode(), JSON),
    (json.dumps({"outdoor": True, "months": [{"month": "2024-13"}]}).encode(), JSON),
    (json.dumps({"outdoor": True, "months": [{"month": "0000-07"}]}).encode(), JSON),
    (json.dumps({"outdoor": True, "months": [{"month": "2024-07"}] * 2}).encode(), JSON),
    (json.dumps({"outdoor": True, "start_date": "2024-13-45", "end_date": "2024-07-31"}).encode(), JSON),
    (json.dumps({"outdoor": True, "start_date": "2024-08-01", "end_date": "2024-07-01"}).encode(), JSON),
    (json.dumps({"outdoor": "是的", "months": "七月"}).encode(), JSON),
])
def test_calculator_garbage_gets_a_4xx_with_a_message(client, body, headers):
    r = client.post(HEAT, content=body, headers=headers)
    assert 400 <= r.status_code < 500, r.text
    assert r.json()["detail"]


# a lone UTF-16 surrogate is valid JSON but not text: found by the probe as 500s from these
LONE_SURROGATE_BODIES = [
    ("/api/v1/calculators/minimum_wage", b'{"city": "\\ud800"}', "city"),
    ("/api/v1/calculators/medical_period", b'{"city": "\\ud800"}', "city"),
    ("/api/v1/calculators/severance", b'{"city": "\\udfff", "monthly_wage": 5000}', "city"),
    ("/api/v1/calculators/work_injury", b'{"city": "\\ud800"}', "city"),
    ("/api/v1/tools/run_calculator", b'{"name": "minimum_wage", "inputs": {"city": "\\ud800"}}', "inputs.city"),
    ("/api/v1/tools/search_cases_and_law", b'{"q": "\\ud83d\\ud83d"}', "q"),  # two highs, no pair
    ("/api/v1/answer", b'{"q": "\\udc00\\ud800"}', "q"),  # low before high: no pair either
    (HEAT, b'{"outdoor": true, "months": [{"month": "2024-07", "\\ud800": 1}]}', "months.0.\\ud800"),
    (HEAT, b'["\\ud800"]', "0"),
    (HEAT, b'"\\ud800"', "(input)"),
]


@pytest.mark.parametrize("path,body,field", LONE_SURROGATE_BODIES)
def test_lone_surrogate_in_json_is_422_in_the_one_error_body(client, path, body, field):
    for headers in (JSON, {}):  # FastAPI reads a body without a content type as JSON too
        r = client.post(path, content=body, headers=headers)
        assert r.status_code == 422, r.text
        assert r.json()["errors"] == [{"field": field, "message": r.json()["errors"][0]["message"]}]
        assert r.json()["detail"].startswith(f"{field}: ") and "surrogate" in r.json()["detail"]


def test_surrogate_pairs_and_escaped_backslashes_are_text(client):
    pair = client.post("/api/v1/answer", content='{"q": "加班费\\ud83d\\ude00"}'.encode(), headers=JSON)
    assert pair.status_code == 200 and pair.json()["query"] == "加班费\U0001f600"
    escaped = client.post("/api/v1/answer", content=b'{"q": "\\\\ud800 \\u5de5\\u8d44"}', headers=JSON)
    assert escaped.status_code == 200 and escaped.json()["query"] == "\\ud800 工资"


@pytest.mark.parametrize("path,status", [
    ("/api/v1/calculators/" + "x" * 5000, 405),  # POST only
    ("/api/v1/cases/" + "x" * 5000, 422),
    ("/api/v1/cases/%ff%fe%00", 404),
    ("/api/v1/cases/..%2F..%2Fetc%2Fpasswd", 404),
    ("/api/v1/articles/" + "法" * 300 + "/1", 422),
    ("/api/v1/articles/劳动合同法/" + "9" * 5000, 422),
    ("/api/v1/articles/劳动合同法/-1", 422),
    ("/api/v1/search?q=加班费&k=" + "9" * 5000, 422),
    ("/api/v1/search?q=%00%01%ff&k=3", 200),
    ("/api/v1/search?q=" + "x" * (MAX_URL_BYTES + 1), 414),
    ("/cases/" + "x" * 5000, 404),
    ("/calculators/" + "x" * 5000, 404),
    ("/search?q=" + "工资" * 300, 422),
])
def test_long_or_strange_paths_get_a_4xx(client, path, status):
    assert client.get(path).status_code == status


@pytest.mark.parametrize("name", ["x" * 5000, "%00%ff", "heat_allowance%2F..%2F.."])
def test_calculator_post_to_unknown_name_is_404(client, name):
    assert client.post(f"/api/v1/calculators/{name}", json={}).status_code == 404


@pytest.mark.parametrize("n", ["²", "9" * 5000])
def test_web_article_page_with_a_strange_number_is_404(client, n):
    assert client.get(f"/articles/劳动合同法/{n}").status_code == 404


def test_body_over_the_limit_is_413(fake_settings, fake_service):
    settings = fake_settings.model_copy(update={"max_body_bytes": 2048})
    with TestClient(create_app(settings, service=fake_service)) as c:
        assert c.post(HEAT, content=b" " * 2049, headers=JSON).status_code == 413

        def chunks():  # no Content-Length: counted as it arrives
            for _ in range(10):
                yield b" " * 1000

        r = c.post(HEAT, content=chunks(), headers=JSON)
        assert r.status_code == 413 and "2048" in r.json()["detail"]
        assert c.post(HEAT, json=VALID_HEAT).status_code == 200


# Inputs that gave 500s when the calculators were fuzzed (test_fuzz.py with LEGALQA_FUZZ_EXAMPLES=2500):
# legalqa.calculators.run_calculator now answers ArithmeticError (OverflowError,
# decimal.InvalidOperation) with a 422.
OUT_OF_RANGE_INPUTS = [
    pytest.param("maternity_leave", {"case": "生育", "babies": 884372, "event_date": "2024-03-01"},
                 id="maternity_leave.py: babies unbounded, date + timedelta overflows"),
    pytest.param("probation_resignation", {"resignation_notice_date": "9999-12-31"},
                 id="probation_resignation.py: notice date 9999-12-31 + notice period overflows"),
    pytest.param("severance", {"monthly_wage": 1e89, "reason": "task_completed", "service_years": 0},
                 id="severance.py: monthly_wage unbounded, money.show quantize -> decimal.InvalidOperation"),
    pytest.param("double_wage", {"monthly_wage": 9.77e41, "hire_date": "2737-01-04",
                                 "contract_signed_date": "6850-06-26"},
                 id="double_wage.py: monthly_wage unbounded, money.show quantize -> decimal.InvalidOperation"),
]


@pytest.mark.parametrize("name,payload", OUT_OF_RANGE_INPUTS)
def test_calculator_inputs_out_of_range_are_4xx(client, name, payload):
    assert client.post(f"/api/v1/calculators/{name}", json=payload).status_code < 500


def test_concurrent_form_posts_are_bounded(fake_settings, fake_service):
    """The calculator forms need no key: past MAX_CONCURRENT_FORM_POSTS at once, a 503 with
    Retry-After; API posts (keyed, rate-limited) and the forms' own pages are not counted."""
    app = create_app(fake_settings, service=fake_service)
    release, arrived = asyncio.Event(), asyncio.Semaphore(0)

    @app.post("/slow-form")
    async def slow_form():
        arrived.release()
        await release.wait()
        return {}

    async def scenario():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            held = [asyncio.create_task(c.post("/slow-form")) for _ in range(MAX_CONCURRENT_FORM_POSTS)]
            for _ in held:
                await asyncio.wait_for(arrived.acquire(), 10)
            busy = await c.post("/calculators/heat_allowance", data={"outdoor": "on"})
            api = await c.post(HEAT, json=VALID_HEAT)
            page = await c.get("/calculators/heat_allowance")
            release.set()
            done = await asyncio.gather(*held)
            after = await c.post("/calculators/heat_allowance", data={"outdoor": "on"})
        return busy, api, page, done, after

    busy, api, page, done, after = asyncio.run(scenario())
    assert busy.status_code == 503 and busy.headers["retry-after"] == "1"
    assert busy.json()["detail"] and busy.json()["errors"] == []
    assert api.status_code == 200 and page.status_code == 200
    assert [r.status_code for r in done] == [200] * MAX_CONCURRENT_FORM_POSTS
    assert after.status_code != 503


# ---- what is kept where --------------------------------------------------------------------

@pytest.mark.parametrize("method,path,kwargs", [
    ("GET", "/api/v1/search?q=加班费", {}),
    ("GET", "/api/search?q=加班费", {}),
    ("GET", "/api/v1/answer?q=加班费", {}),
    ("POST", "/api/v1/answer", {"json": {"q": "加班费"}}),
    ("GET", "/search?q=加班费", {}),
    ("POST", "/api/v1/tools/answer_question", {"json": {"q": "加班费"}}),
    ("POST", HEAT, {"json": VALID_HEAT}),
    ("GET", "/calculators/heat_allowance?start_date=2024-07-01", {}),
    ("GET", "/api/v1/search?q=", {}),  # an error quoting nothing is still an answer to input
])
def test_answers_to_what_a_worker_sent_are_not_stored(client, method, path, kwargs):
    assert client.request(method, path, **kwargs).headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path", ["/static/app.css", "/api/v1/articles/劳动合同法/47", "/cases/gdgy-004-1db024-1"])
def test_pages_that_hold_no_input_may_be_cached(client, path):
    assert "cache-control" not in client.get(path).headers


@pytest.mark.parametrize("path", ["/api/v1/search/?q=加班费", "/calculators/", "/api/v1/articles/劳动合同法/47/",
                                  "/", "/search?q=加班费", "/no/such/page/", "/healthz/"])
def test_no_response_depends_on_the_host_header(client, path):
    r = client.get(path, headers={"Host": "evil.example"}, follow_redirects=False)
    assert r.status_code < 300 or r.status_code >= 400  # no redirects at all
    assert "evil.example" not in r.text and "evil.example" not in str(r.headers)


# ---- nothing loaded from other hosts ------------------------------------------------------

_URL = re.compile(r"""(?:https?:)?//([A-Za-z0-9.-]+\.[A-Za-z]{2,}|localhost|\d+\.\d+\.\d+\.\d+)(?::\d+)?""")
_NAMESPACE = re.compile(r"""xmlns(?::\w+)?=["']https?://www\.w3\.org/[^"']*["']""")
_LOCAL = {"localhost", "127.0.0.1"}


def _foreign_urls(text: str) -> list[str]:
    text = _NAMESPACE.sub("", text)  # XML namespaces are names, not requests
    return [m.group(0) for m in _URL.finditer(text) if m.group(1) not in _LOCAL]


def _web_files() -> list[Path]:
    return [p for d in ("templates", "static") for p in (WEB_DIR / d).rglob("*") if p.is_file()]


def test_web_page_loads_nothing_from_other_hosts():
    found = {str(p.relative_to(WEB_DIR)): urls for p in _web_files()
             if (urls := _foreign_urls(p.read_text("utf-8", "replace")))}
    assert found == {}, "fonts, scripts, styles and analytics must be served from /static"


def test_url_scan_finds_other_hosts():
    assert _foreign_urls('<script src="https://cdn.example.com/x.js"></script>') == ["https://cdn.example.com"]
    assert _foreign_urls("@import url(//fonts.googleapis.com/css);") == ["//fonts.googleapis.com"]
    assert _foreign_urls('<a href="/cases/x">x</a> // a comment. <a href="tel:12351">') == []
    assert _foreign_urls('<svg xmlns="http://www.w3.org/2000/svg"></svg> http://127.0.0.1:8000/') == []


def test_web_page_keeps_to_the_content_security_policy():
    """script-src/style-src 'self' block inline scripts, inline styles and on* handlers."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)
    found = {str(p.relative_to(WEB_DIR)): inline.findall(p.read_text("utf-8", "replace"))
             for p in _web_files() if p.suffix in {".html", ".htm", ".js"}}
    assert {k: v for k, v in found.items() if v} == {}


def test_serving_requests_opens_no_outside_connection(client, monkeypatch):
    attempts = []
    real_connect = socket.socket.connect

    def watch(sock, address):
        attempts.append(address)
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", watch)
    for path in ["/", "/search?q=公司不发高温补贴怎么办", "/api/v1/search?q=加班费", "/api/v1/answer?q=辞职",
                 "/api/v1/articles/劳动合同法/47", "/calculators/heat_allowance", "/healthz"]:
        client.get(path)
    client.post(HEAT, json=VALID_HEAT)
    assert attempts == []


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_load_nothing_from_other_hosts(client, path):
    r = client.get(path)
    assert r.status_code == 404 or _foreign_urls(r.text) == []
