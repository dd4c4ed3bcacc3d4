"""/docs: the interactive API documentation loads from this server only (the Swagger UI files of
the installed fastapi-offline package and a start script of our own), under the site's CSP."""

import re

import pytest
from fastapi.testclient import TestClient

from api.main import create_app

ASSET = re.compile(r'(?:src|href)="([^"]+)"')


@pytest.fixture(scope="module")
def client(fake_settings, fake_service) -> TestClient:
    return TestClient(create_app(fake_settings, fake_service))


@pytest.fixture(scope="module")
def page(client):
    r = client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    return r


def test_docs_references_only_same_origin_assets_that_are_served(client, page):
    assets = ASSET.findall(page.text)
    assert {"/docs/static/swagger-ui-bundle.js", "/docs/static/swagger-ui.css", "/static/api-docs.js"} <= set(assets)
    for url in assets:
        assert url.startswith("/") and not url.startswith("//"), url
        assert client.get(url).status_code == 200, url
    assert "<script>" not in page.text and "style=" not in page.text  # nothing inline for the CSP to block


def test_docs_runs_under_the_sites_csp(page):
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe" not in csp


def test_the_start_script_loads_the_schema_from_this_server(client, page):
    assert 'data-openapi-url="/openapi.json"' in page.text
    script = client.get("/static/api-docs.js").text
    assert "validatorUrl: null" in script and "http" not in script  # no badge from the public validator
    assert client.get("/openapi.json").status_code == 200
