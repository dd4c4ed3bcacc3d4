"""RateLimit-Limit/-Remaining/-Reset on every keyed API response (answers, errors and the 429
alike), none without keys, and the throttle on repeated wrong keys from one client address."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.security import WRONG_KEYS_PER_MINUTE, SlidingWindowLimiter, Usage

ALPHA = {"X-API-Key": "alpha"}


def make_client(fake_settings, fake_service, **settings) -> TestClient:
    return TestClient(create_app(fake_settings.model_copy(update=settings), fake_service))


def rate_headers(response) -> tuple[int, int, int]:
    return tuple(int(response.headers[f"RateLimit-{name}"]) for name in ("Limit", "Remaining", "Reset"))


def test_every_keyed_response_counts_down_the_keys_quota(fake_settings, fake_service):
    c = make_client(fake_settings, fake_service, api_keys="alpha,beta", rate_limit_per_minute=3)
    ok = c.get("/api/v1/tools", headers=ALPHA)
    assert ok.status_code == 200 and rate_headers(ok)[:2] == (3, 2) and 59 <= rate_headers(ok)[2] <= 60
    not_found = c.get("/api/v1/articles/劳动合同法/9999", headers=ALPHA)  # an error answer is counted too
    assert not_found.status_code == 404 and rate_headers(not_found)[:2] == (3, 1)
    invalid = c.post("/api/v1/tools/get_article", json={"law": "劳动合同法"}, headers=ALPHA)
    assert invalid.status_code == 422 and rate_headers(invalid)[:2] == (3, 0)
    over = c.get("/api/v1/tools", headers=ALPHA)
    assert over.status_code == 429 and rate_headers(over)[:2] == (3, 0)
    assert rate_headers(over)[2] == int(over.headers["Retry-After"])
    other_key = c.get("/api/tools", headers={"Authorization": "Bearer beta"})  # per key, unversioned path too
    assert other_key.status_code == 200 and rate_headers(other_key)[:2] == (3, 2)


@pytest.mark.parametrize("settings", [{"api_keys": ""}, {"api_keys": "alpha", "rate_limit_per_minute": 0}])
def test_no_rate_headers_when_nothing_is_counted(fake_settings, fake_service, settings):
    c = make_client(fake_settings, fake_service, **settings)
    r = c.get("/api/v1/tools", headers=ALPHA)
    assert r.status_code == 200 and not any(h.lower().startswith("ratelimit-") for h in r.headers)


def test_pages_and_refused_keys_carry_no_rate_headers(fake_settings, fake_service):
    c = make_client(fake_settings, fake_service, api_keys="alpha", rate_limit_per_minute=5)
    for r in (c.get("/healthz"), c.get("/"), c.get("/api/v1/tools", headers={"X-API-Key": "wrong"})):
        assert "ratelimit-limit" not in r.headers, r.url


def test_cors_exposes_the_rate_headers(fake_settings, fake_service):
    c = make_client(fake_settings, fake_service, api_keys="alpha", cors_origins="https://bot.example.org")
    r = c.get("/api/v1/tools", headers={**ALPHA, "Origin": "https://bot.example.org"})
    exposed = {h.strip().lower() for h in r.headers["access-control-expose-headers"].split(",")}
    assert {"ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after"} <= exposed


def test_usage_counts_the_window_without_recording(clock):
    limiter = SlidingWindowLimiter(2)
    assert limiter.usage("k") == Usage(2, 0, 0.0) and limiter.usage("k").headers()["RateLimit-Reset"] == "0"
    limiter.hit("k")
    clock.now = 10.0
    limiter.hit("k")
    clock.now = 30.5
    assert limiter.usage("k") == Usage(2, 2, 29.5) and limiter.usage("k").exhausted
    assert limiter.usage("k").headers() == {"RateLimit-Limit": "2", "RateLimit-Remaining": "0", "RateLimit-Reset": "30"}
    clock.now = 60.5
    assert limiter.usage("k") == Usage(2, 1, 9.5)


def test_repeated_wrong_keys_from_one_address_are_throttled(fake_settings, fake_service):
    c = make_client(fake_settings, fake_service, api_keys="alpha", rate_limit_per_minute=1000)
    for i in range(WRONG_KEYS_PER_MINUTE):
        assert c.get("/api/v1/tools", headers={"X-API-Key": f"guess-{i}"}).status_code == 401
    throttled = c.get("/api/v1/tools", headers={"X-API-Key": "another-guess"})
    assert throttled.status_code == 429 and 59 <= int(throttled.headers["Retry-After"]) <= 60
    assert "错误的 API 密钥太多" in throttled.json()["detail"] and "wrong API keys" in throttled.json()["detail"]
    # the right key is refused too while the address is throttled: nothing tells a guess that hit
    assert c.get("/api/v1/tools", headers=ALPHA).status_code == 429
    # another address is not affected
    other = TestClient(c.app, client=("203.0.113.7", 50000))
    assert other.get("/api/v1/tools", headers=ALPHA).status_code == 200


def test_the_wrong_key_throttle_lifts_after_a_minute(fake_settings, fake_service, clock):
    c = make_client(fake_settings, fake_service, api_keys="alpha")
    c.app.state.wrong_keys = SlidingWindowLimiter(2)
    for _ in range(2):
        assert c.get("/api/v1/tools").status_code == 401  # a missing key counts as a wrong one
    assert c.get("/api/v1/tools", headers=ALPHA).status_code == 429
    clock.now = 60.5
    assert c.get("/api/v1/tools", headers=ALPHA).status_code == 200
