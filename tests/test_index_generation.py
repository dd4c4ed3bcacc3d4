"""Several workers on one index directory: a rebuild through one worker's admin endpoint is
served by the others from their next request on (they watch the index manifest)."""

import shutil
import time

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.index_generation import CHECK_INTERVAL_SECONDS
from api.main import create_app
from conftest import MINI, mini_corpus_settings
from legalqa.service import open_service

AUTH = {"Authorization": "Bearer generation-test-token"}
OLD_SLUG, NEW_SLUG = "gdgy-000-0e3332-1", "gdgy-000-0e3332-9"


@pytest.fixture
def settings(tmp_path):
    shutil.copytree(MINI, tmp_path / "corpus")
    return mini_corpus_settings(tmp_path / "index", corpus=tmp_path / "corpus",
                                admin_token=SecretStr("generation-test-token"))


def worker(settings, fake_embedder) -> TestClient:
    """One worker process's app: its own service, loaded from the shared index directory."""
    return TestClient(create_app(settings, open_service(settings, embedder=fake_embedder, log=lambda m: None)))


def add_case(settings) -> None:
    text = (settings.cases_dir / f"{OLD_SLUG}.md").read_text("utf-8")
    (settings.cases_dir / f"{NEW_SLUG}.md").write_text(text.replace(OLD_SLUG, NEW_SLUG), "utf-8")


def test_a_rebuild_in_one_worker_is_served_by_the_other(settings, fake_embedder):
    first, second = worker(settings, fake_embedder), worker(settings, fake_embedder)
    before = second.get("/healthz").json()
    add_case(settings)
    assert second.get(f"/api/v1/cases/{NEW_SLUG}").status_code == 404

    rebuilt = first.post("/api/v1/admin/rebuild-index", headers=AUTH).json()
    assert rebuilt["rebuilt"] is True and rebuilt["corpus_hash"] != before["corpus_hash"]
    time.sleep(CHECK_INTERVAL_SECONDS)  # the other worker looks at the manifest at most once a second

    assert second.get("/healthz").json()["corpus_hash"] == rebuilt["corpus_hash"]
    assert second.get(f"/api/v1/cases/{NEW_SLUG}").status_code == 200
    found = second.get("/api/v1/search", params={"q": "职工提出辞职后，可以撤回吗", "k": 5}).json()["results"]
    assert f"case/{NEW_SLUG}" in [r["id"] for r in found]


def test_the_worker_that_rebuilt_does_not_load_its_own_index_again(settings, fake_embedder):
    first = worker(settings, fake_embedder)
    add_case(settings)
    assert first.post("/api/v1/admin/rebuild-index", headers=AUTH).json()["rebuilt"] is True
    swapped_in = first.app.state.service
    time.sleep(CHECK_INTERVAL_SECONDS)
    assert first.get(f"/api/v1/cases/{NEW_SLUG}").status_code == 200
    assert first.app.state.service is swapped_in


def test_an_index_this_worker_cannot_load_leaves_the_served_one(settings, fake_embedder):
    """A generation built for a corpus this worker does not hold (another machine's copy)."""
    first, second = worker(settings, fake_embedder), worker(settings, fake_embedder)
    served = second.app.state.service
    add_case(settings)
    assert first.post("/api/v1/admin/rebuild-index", headers=AUTH).json()["rebuilt"] is True
    (settings.cases_dir / f"{NEW_SLUG}.md").unlink()  # the second worker's corpus no longer matches
    time.sleep(CHECK_INTERVAL_SECONDS)
    assert second.get("/healthz").status_code == 200 and second.app.state.service is served
