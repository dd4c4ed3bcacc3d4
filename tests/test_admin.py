"""Admin actions over HTTP: off without LEGALQA_ADMIN_TOKEN, token-checked with it; ingest an
issue into cases/, rebuild the index and serve the new one."""

import shutil

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

import api.routers.admin as admin
from api.main import create_app
from conftest import MINI, mini_corpus_settings
from legalqa.index import IndexUnusable
from legalqa.ingest import MAX_COLUMNS_PER_ISSUE, NO_COLUMN_MESSAGE, find_columns

TOKEN = "test-admin-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
REBUILD, INGEST = "/api/v1/admin/rebuild-index", "/api/v1/admin/ingest-issue"
ISSUE = "004_1db0249e67e079a6.txt"


@pytest.fixture(scope="module")
def guarded(mini_settings, mini_service, tmp_path_factory):
    """The app with a token, for checks that neither rebuild nor write (cases/ is a copy all the same)."""
    cases = tmp_path_factory.mktemp("admin") / "cases"
    shutil.copytree(MINI / "cases", cases)
    settings = mini_settings.model_copy(update={"cases_dir": cases, "admin_token": SecretStr(TOKEN)})
    with TestClient(create_app(settings, service=mini_service)) as c:
        yield c


@pytest.fixture
def settings(tmp_path):
    """A corpus of our own (ingest writes into cases/) and an index of our own (rebuild rewrites it)."""
    shutil.copytree(MINI, tmp_path / "corpus")
    return mini_corpus_settings(tmp_path / "index", corpus=tmp_path / "corpus", admin_token=SecretStr(TOKEN))


@pytest.fixture
def client(settings, fake_embedder):
    from legalqa.service import open_service

    service = open_service(settings, embedder=fake_embedder, build=True, log=lambda m: None)
    with TestClient(create_app(settings, service=service)) as c:
        yield c


@pytest.mark.parametrize("token", [None, SecretStr("")])
@pytest.mark.parametrize("path", [REBUILD, INGEST])
def test_off_without_a_token(mini_settings, mini_service, token, path):
    settings = mini_settings.model_copy(update={"admin_token": token})
    with TestClient(create_app(settings, service=mini_service)) as c:
        r = c.post(path, headers={"Authorization": "Bearer anything"}, content="x")
    assert r.status_code == 404 and "LEGALQA_ADMIN_TOKEN" in r.json()["detail"]


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer wrong"},
    {"Authorization": f"Bearer {TOKEN}x"},
    {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": TOKEN},
    {"X-API-Key": TOKEN},
    {"Authorization": "Bearer \u5bc6\u94a5".encode()},
])
@pytest.mark.parametrize("path", [REBUILD, INGEST])
def test_wrong_or_missing_token_is_401(guarded, headers, path):
    r = guarded.post(path, headers=headers, content="x")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in r.json()["detail"]


def test_an_api_key_is_not_an_admin_token(mini_settings, mini_service):
    settings = mini_settings.model_copy(update={"admin_token": SecretStr(TOKEN), "api_keys": "bot-key"})
    with TestClient(create_app(settings, service=mini_service)) as c:
        assert c.post(REBUILD, headers={"Authorization": "Bearer bot-key"}).status_code == 401


def test_ingest_then_rebuild_serves_the_new_case(client, settings, shared_dir):
    text = (shared_dir / "seeds" / ISSUE).read_text("utf-8")
    old_service = client.app.state.service
    r = client.post(INGEST, params={"filename": "issue_2099_07.txt"}, content=text.encode(),
                    headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"})
    assert r.status_code == 200, r.text
    written = r.json()["written"]
    assert written == ["case/gdgy-issue-2099-07-1"]
    assert (settings.cases_dir / "gdgy-issue-2099-07-1.md").is_file()
    # readable by a service running as another user, like the case files beside it
    assert (settings.cases_dir / "gdgy-issue-2099-07-1.md").stat().st_mode & 0o777 == 0o644
    assert client.get("/api/v1/cases/gdgy-issue-2099-07-1").status_code == 404  # not served before the rebuild

    r = client.post(REBUILD, headers=AUTH)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["rebuilt"] is True and any("rebuilding index" in line for line in body["log"])
    assert client.app.state.service is not old_service
    assert client.get("/api/v1/cases/gdgy-issue-2099-07-1").json()["id"] == written[0]
    assert client.get("/healthz").json()["corpus_hash"] == body["corpus_hash"]

    again = client.post(REBUILD, headers=AUTH).json()  # nothing changed since
    assert again["rebuilt"] is False and again["corpus_hash"] == body["corpus_hash"]


def test_same_text_gives_the_same_files(guarded, shared_dir):
    text = (shared_dir / "seeds" / ISSUE).read_bytes()
    first = guarded.post(INGEST, content=text, headers=AUTH).json()["written"]
    assert first and guarded.post(INGEST, content=text, headers=AUTH).json()["written"] == first


@pytest.mark.parametrize("body,params,status,fragment", [
    (b"", {}, 422, "empty"),
    (b"   \n ", {}, 422, "empty"),
    (b"\xff\xfe\x00garbage", {}, 422, "UTF-8"),
    ("这一期没有案例专栏。\n只有新闻。".encode(), {}, 200, NO_COLUMN_MESSAGE),
    (b"x", {"filename": "../../etc/passwd"}, 422, "filename"),
    (b"x", {"filename": "a/b.txt"}, 422, "filename"),
    (b"x", {"filename": "x" * 101}, 422, "filename"),
])
def test_ingest_bad_input(guarded, body, params, status, fragment):
    cases_dir = guarded.app.state.settings.cases_dir
    before = sorted(p.name for p in cases_dir.rglob("*.md"))
    r = guarded.post(INGEST, content=body, params=params, headers=AUTH)
    assert r.status_code == status and fragment in str(r.json())
    assert sorted(p.name for p in cases_dir.rglob("*.md")) == before


def test_text_with_more_columns_than_an_issue_holds_is_refused(guarded, shared_dir):
    issue = (shared_dir / "seeds" / ISSUE).read_text("utf-8")
    column = find_columns(issue)[0]
    one_column = "\n".join(issue.split("\n")[column.first_line - 1:column.last_line])
    cases_dir = guarded.app.state.settings.cases_dir
    before = sorted(p.name for p in cases_dir.rglob("*"))
    many = "\n".join([one_column] * (MAX_COLUMNS_PER_ISSUE + 1)).encode()
    r = guarded.post(INGEST, content=many, params={"filename": "joined.txt"}, headers=AUTH)
    assert r.status_code == 422 and f"{MAX_COLUMNS_PER_ISSUE + 1} case columns" in r.json()["detail"]
    assert sorted(p.name for p in cases_dir.rglob("*")) == before
    assert guarded.post(INGEST, content=one_column.encode(), params={"filename": "one.txt"},
                        headers=AUTH).json()["written"] == ["case/gdgy-one-1"]


def test_ingest_over_the_body_limit_is_413(settings, mini_service):
    small = settings.model_copy(update={"max_body_bytes": 4096})
    with TestClient(create_app(small, service=mini_service)) as c:
        assert c.post(INGEST, content=b"x" * 5000, headers=AUTH).status_code == 413


def test_second_rebuild_while_one_runs_is_409(guarded):
    with admin._rebuilding:
        r = guarded.post(REBUILD, headers=AUTH)
    assert r.status_code == 409


def test_failed_rebuild_keeps_the_served_index(client, monkeypatch):
    served = client.app.state.service

    def fail(*args, **kwargs):
        raise IndexUnusable("disk full")

    monkeypatch.setattr(admin, "open_service", fail)
    r = client.post(REBUILD, headers=AUTH)
    assert r.status_code == 503 and "disk full" in r.json()["detail"] and "previous index" in r.json()["detail"]
    assert client.app.state.service is served
    assert client.get("/api/v1/search", params={"q": "加班费"}).status_code == 200


def test_admin_endpoints_are_documented_with_their_token(guarded):
    paths = guarded.get("/openapi.json").json()["paths"]
    for path in (REBUILD, INGEST):
        op = paths[path]["post"]
        assert {"401", "404"} <= set(op["responses"]) and op["security"]
    assert "text/plain" in paths[INGEST]["post"]["requestBody"]["content"]
