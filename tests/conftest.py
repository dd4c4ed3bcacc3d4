"""Shared fixtures. A tiny deterministic fake embedder keeps unit tests fast; tests marked
`model` use the real embedding model and faiss index."""

import hashlib
import os
import time
from pathlib import Path

import numpy as np
import pytest

from legalqa.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests belong to
SHARED = PROJECT_ROOT.parent / "shared"
# the project's own data, wherever pytest is started from (servers started by tests inherit it)
os.environ["LEGALQA_DATA_DIR"] = str(PROJECT_ROOT)
# a reranker trained on this machine (`legalqa train-reranker`, never in CI) must not change what the
# tests measure: they see none (test_rerank.py puts a stand-in in its place)
os.environ["LEGALQA_RERANKER_DIR"] = str(PROJECT_ROOT / "var" / "no-reranker-in-tests")
# five statutes, two cases, a guide and a few knowledge entries copied from the real data (README.md there)
MINI = Path(__file__).parent / "fixtures" / "mini"


class FakeEmbedder:
    """Hashes character bigrams into 64 dimensions: same text, same vector; similar text, close."""

    name = "fake-bigram-64"
    dimension = 64

    def embed(self, texts, kind):
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for a, b in zip(text, text[1:]):
                digest = hashlib.blake2b((a + b).encode(), digest_size=2).digest()
                out[row, int.from_bytes(digest, "little") % self.dimension] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


@pytest.fixture(scope="session")
def fake_embedder():
    return FakeEmbedder()


@pytest.fixture(scope="session")
def fake_settings() -> Settings:
    """The fake embedder on the full corpus, its index kept in var/test-fake-index: built once (under
    the index lock, so test workers take turns) and again only when the corpus changes."""
    return Settings(model=FakeEmbedder.name, index_dir=PROJECT_ROOT / "var" / "test-fake-index")


@pytest.fixture(scope="session")
def fake_service(fake_settings, fake_embedder):
    from legalqa.service import open_service

    return open_service(fake_settings, embedder=fake_embedder, build=True, log=lambda m: None)


class Clock:
    """time.time() as a test sets it (`clock.now = 60.0`): the rate limits' windows use it."""

    def __init__(self, now: float = 0.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(time, "time", clock)
    return clock


def mini_corpus_settings(index_dir: Path, corpus: Path = MINI, **changes) -> Settings:
    """Settings for the fake embedder on the mini corpus (or a copy of it)."""
    return Settings(model=FakeEmbedder.name, index_dir=index_dir, regulations_dir=corpus / "regulations",
                    cases_dir=corpus / "cases", knowledge_dir=corpus / "knowledge", guides_dir=corpus / "guides",
                    **changes)


def mini_corpus_env(index_dir: Path) -> dict[str, str]:
    """mini_corpus_settings as LEGALQA_* variables, for a server started as a process."""
    settings = mini_corpus_settings(index_dir)
    return {f"LEGALQA_{name.upper()}": str(getattr(settings, name))
            for name in ("model", "index_dir", "regulations_dir", "cases_dir", "knowledge_dir", "guides_dir")}


@pytest.fixture(scope="session")
def mini_settings(tmp_path_factory) -> Settings:
    return mini_corpus_settings(tmp_path_factory.mktemp("mini-index") / "index")


@pytest.fixture(scope="session")
def mini_service(mini_settings, fake_embedder):
    """The fake embedder on the mini corpus: its index builds in well under a second."""
    from legalqa.service import open_service

    return open_service(mini_settings, embedder=fake_embedder, build=True, log=lambda m: None)


@pytest.fixture(scope="session")
def real_settings() -> Settings:
    """The real model (imported once into .cache) and an index kept in var/test-index,
    rebuilt only when the corpus or model changes."""
    return Settings(index_dir=PROJECT_ROOT / "var" / "test-index")


@pytest.fixture(scope="session")
def real_service(real_settings):
    from legalqa.service import open_service

    return open_service(real_settings, build=True, log=lambda m: None)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.fail(f"../shared is missing: expected at {SHARED}")
    return SHARED


def library_only_client(settings: Settings, log_queries: bool):
    """A TestClient over the app with the real library and no search index or model: enough for the
    claim and document routes, started with query logging on or off."""
    from types import SimpleNamespace

    from fastapi.testclient import TestClient

    from api.main import create_app
    from legalqa.library import Library

    service = SimpleNamespace(library=Library.load(settings))
    return TestClient(create_app(settings.model_copy(update={"log_queries": log_queries}), service=service),
                      raise_server_exceptions=False)
