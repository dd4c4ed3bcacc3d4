"""The HTTP contract through TestClient with the fake service (fast)."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app


@pytest.fixture(scope="module")
def client(fake_settings, fake_service):
    with TestClient(create_app(fake_settings, service=fake_service)) as c:
        yield c


def test_search_contract(client):
    r = client.get("/api/v1/search", params={"q": "劳动合同法第47条", "k": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "劳动合同法第47条" and body["k"] == 3
    first = body["results"][0]
    assert {"kind", "id", "title", "score", "snippet", "url", "law", "article", "cites", "cited_by"} <= set(first)
    assert (first["kind"], first["law"], first["article"]) == ("article", "劳动合同法", 47)


def test_unversioned_alias(client):
    assert client.get("/api/search", params={"q": "加班费"}).json() == client.get(
        "/api/v1/search", params={"q": "加班费"}).json()


@pytest.mark.parametrize("params,fragment", [
    ({"q": ""}, "q: 不能为空"),
    ({"q": "   "}, "请输入问题"),
    ({"q": "工资" * 300}, "太长"),
    ({"q": "加班费", "k": 0}, "太小"),
    ({"q": "加班费", "k": 51}, "太大"),
    ({"q": "加班费", "k": "ten"}, "k: 请填写整数"),
    ({}, "q: 必填项未填写"),
])
def test_bad_search_input_gets_a_readable_422(client, params, fragment):
    r = client.get("/api/v1/search", params=params)
    assert r.status_code == 422
    assert fragment in str(r.json()["detail"])


def test_case_endpoint(client, fake_service):
    slug = next(iter(fake_service.library.cases.values())).slug
    body = client.get(f"/api/v1/cases/{slug}").json()
    assert body["id"] == f"case/{slug}" and body["sections"]
    assert client.get(f"/api/v1/cases/case/{slug}").json()["id"] == body["id"]


def test_article_endpoint(client):
    body = client.get("/api/v1/articles/劳动合同法/47").json()
    assert body["label"] == "第四十七条" and body["law_title"] == "中华人民共和国劳动合同法"
    assert body["neighbours"] == ["article/劳动合同法/46", "article/劳动合同法/48"]
    assert body["source"]["repo"] == "LawRefBook/Laws"


@pytest.mark.parametrize("path,status,fragment", [
    ("/api/v1/cases/no-such-case", 404, "没有找到案例"),
    ("/api/v1/articles/劳动合同法/999", 404, "没有第999条"),
    ("/api/v1/articles/火星法/1", 404, "法规库中没有"),
    ("/api/v1/articles/劳动合同法/abc", 422, "n: 请填写整数"),
    ("/api/v1/articles/劳动合同法/0", 422, "太小"),
])
def test_not_found_and_bad_paths(client, path, status, fragment):
    r = client.get(path)
    assert r.status_code == status
    assert fragment in str(r.json()["detail"])


def test_healthz(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["articles"] > 2000 and body["cases"] >= 25


def test_openapi_lists_versioned_paths_only(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/search" in paths and "/api/search" not in paths
