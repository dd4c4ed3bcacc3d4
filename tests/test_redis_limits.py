"""The rate limits in a real Redis (Debian's redis-server, started here on a free port): two app
instances, as two workers or replicas, count one limit together; keys are stored hashed; a
Redis that does not answer is a 503, not a 500."""

import shutil
import subprocess
import time

import pytest
import redis
from fastapi.testclient import TestClient

from api.main import create_app
from legalqa.live_server import HOST, free_port

ALPHA = {"X-API-Key": "alpha"}


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is missing: run `make services` (Debian: apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path_factory.mktemp("redis"))], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    client = redis.Redis(host=HOST, port=port)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start on port {port} (exit code {process.poll()})")
                time.sleep(0.05)
        yield f"redis://{HOST}:{port}/0"
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


def two_instances(fake_settings, fake_service, **settings) -> list[TestClient]:
    shared = fake_settings.model_copy(update=settings)
    return [TestClient(create_app(shared, fake_service)) for _ in range(2)]


@pytest.mark.redis
def test_two_instances_count_one_limit_together(fake_settings, fake_service, redis_url):
    first, second = two_instances(fake_settings, fake_service, api_keys="alpha,beta",
                                  rate_limit_per_minute=3, rate_limit_storage=redis_url)
    remaining = [int(c.get("/api/v1/tools", headers=ALPHA).headers["RateLimit-Remaining"])
                 for c in (first, second, first)]
    assert remaining == [2, 1, 0]
    over = second.get("/api/v1/tools", headers=ALPHA)
    assert over.status_code == 429 and 1 <= int(over.headers["Retry-After"]) <= 60
    assert first.get("/api/v1/tools", headers=ALPHA).status_code == 429
    # each key has its own count in the shared store
    assert second.get("/api/v1/tools", headers={"X-API-Key": "beta"}).status_code == 200
    # the same limit in memory: each instance counts on its own
    first, second = two_instances(fake_settings, fake_service, api_keys="alpha", rate_limit_per_minute=3)
    assert [c.get("/api/v1/tools", headers=ALPHA).status_code for c in (first, second) * 3] == [200] * 6


@pytest.mark.redis
def test_wrong_keys_from_one_address_are_counted_across_instances(fake_settings, fake_service, redis_url):
    from api.security import WRONG_KEYS_PER_MINUTE

    first, second = two_instances(fake_settings, fake_service, api_keys="gamma",
                                  rate_limit_storage=redis_url.replace("/0", "/1"))
    for i in range(WRONG_KEYS_PER_MINUTE):
        assert (first, second)[i % 2].get("/api/v1/tools", headers={"X-API-Key": f"guess-{i}"}).status_code == 401
    assert second.get("/api/v1/tools", headers={"X-API-Key": "gamma"}).status_code == 429


@pytest.mark.redis
def test_keys_are_stored_hashed(fake_settings, fake_service, redis_url):
    secret = "a-secret-key-of-the-bot"
    url = redis_url.replace("/0", "/2")
    c, _ = two_instances(fake_settings, fake_service, api_keys=secret, rate_limit_storage=url)
    assert c.get("/api/v1/tools", headers={"X-API-Key": secret}).status_code == 200
    stored = redis.Redis.from_url(url).keys("*")
    assert stored and all(secret.encode() not in key for key in stored)


def test_a_store_that_does_not_answer_is_a_503(fake_settings, fake_service):
    nothing_listens = f"redis://{HOST}:{free_port()}/0"
    c, _ = two_instances(fake_settings, fake_service, api_keys="alpha", rate_limit_storage=nothing_listens)
    r = c.get("/api/v1/tools", headers=ALPHA)
    assert r.status_code == 503 and "LEGALQA_RATE_LIMIT_STORAGE" in r.json()["detail"]
    assert c.get("/healthz").status_code == 200
