"""A real HTTP server on loopback with the real model and index (marked `model`):
the CLI's --json output is the same document as GET /api/v1/search."""

import json
import os
import subprocess
import sys

import httpx
import pytest
from live_server import running_server
from conftest import PROJECT_ROOT


pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def server(real_service, real_settings):
    with running_server("http-smoke-server.log", LEGALQA_INDEX_DIR=str(real_settings.index_dir)) as base:
        yield base


def test_cli_json_equals_http_json(server, real_settings):
    query = "公司不发高温补贴怎么办"
    http = httpx.get(f"{server}/api/v1/search", params={"q": query, "k": 10}, timeout=60).json()
    env = {**os.environ, "LEGALQA_INDEX_DIR": str(real_settings.index_dir)}
    cli = subprocess.run([sys.executable, "-m", "legalqa", "search", query, "--json", "-k", "10"],
                         env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert json.loads(cli.stdout) == http
    assert http["results"][0]["kind"] in {"case", "article"}


def test_http_smoke(server):
    assert httpx.get(f"{server}/healthz").json()["status"] == "ok"
    bad = httpx.get(f"{server}/api/v1/search", params={"q": ""})
    assert bad.status_code == 422 and "不能为空" in bad.json()["detail"]
    art = httpx.get(f"{server}/api/v1/articles/劳动合同法/47").json()
    assert art["label"] == "第四十七条"
    calc = httpx.post(f"{server}/api/v1/calculators/heat_allowance", json={}, timeout=30)
    assert calc.status_code == 422
