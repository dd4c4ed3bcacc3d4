"""The real embedding model and faiss index (marked `model`): seed cases found by worker
paraphrases, reference lookup, the hybrid beating BM25 on the dev set, and every recorded
figure of the ablation table reproduced (`legalqa eval --check`)."""

import pytest

from conftest import PROJECT_ROOT
from legalqa.evaluate import (CONFIGS, DEFAULT, EXPECTED_PATH, case_for_issue, check, evaluate, load_expected,
                              load_jsonl, score_articles)

pytestmark = pytest.mark.model

PARAPHRASES = load_jsonl(PROJECT_ROOT / "eval" / "seed_paraphrases.jsonl") \
    if (PROJECT_ROOT / "eval" / "seed_paraphrases.jsonl").exists() else []


def first_case(service, question):
    return next(r.id for r in service.search(question, k=20).results if r.kind == "case")


@pytest.mark.parametrize("question,issue_file", [
    ("我已经交了辞职信，新公司又不要我了，能不能撤回辞职回原单位上班？", "000_0e33327127b7fe3f.txt"),
    ("我舅舅在公司上班期间生病去世了，不是工伤，家属能拿到什么丧葬费和抚恤金？", "001_1c1ce34bdb716284.txt"),
    ("夏天车间热得要命，厂里一直不发高温补贴，合法吗？我该怎么维权？", "004_1db0249e67e079a6.txt"),
])
def test_worker_paraphrase_finds_the_magazine_case_first(real_service, question, issue_file):
    assert first_case(real_service, question) == case_for_issue(real_service, issue_file)


# measured and reported in docs/retrieval.md; strict, so a fix shows up as a failure to update here
KNOWN_MISSES = {"para-resign-07"}


@pytest.mark.parametrize("item", [
    pytest.param(p, id=p["id"], marks=pytest.mark.xfail(strict=True, reason="known miss, docs/retrieval.md"))
    if p["id"] in KNOWN_MISSES else pytest.param(p, id=p["id"]) for p in PARAPHRASES])
def test_paraphrase_set_finds_its_case_first(real_service, item):
    assert first_case(real_service, item["question"]) == case_for_issue(real_service, item["source_issue_file"])


def test_reference_lookup_with_real_model(real_service):
    assert real_service.search("劳动合同法第47条", k=5).results[0].id == "article/劳动合同法/47"


@pytest.fixture(scope="module")
def dev_questions(shared_dir):
    return load_jsonl(shared_dir / "eval" / "labour_qa_dev.jsonl")


def test_hybrid_beats_bm25_alone_on_the_dev_set(real_service, dev_questions):
    """The default pipeline against the same pipeline with BM25 alone (no dense ranking).
    (Plain RRF trails plain BM25 at Recall@5 and MRR and wins at R@10 and R@20: docs/retrieval.md.)"""
    bm25 = score_articles(real_service, dev_questions, CONFIGS["default − dense"])
    hybrid = score_articles(real_service, dev_questions, CONFIGS[DEFAULT])
    assert hybrid.recall[5] > bm25.recall[5]
    plain_bm25 = score_articles(real_service, dev_questions, CONFIGS["BM25"])
    plain_rrf = score_articles(real_service, dev_questions, CONFIGS["hybrid (RRF)"])
    assert plain_rrf.recall[10] > plain_bm25.recall[10] and plain_rrf.recall[20] > plain_bm25.recall[20]


def test_every_recorded_figure_is_reproduced(real_service, dev_questions):
    """What `legalqa eval --check` does: every configuration × metric of
    docs/retrieval_expected.yaml within the tolerance, either way (a gain is recorded with
    `legalqa eval --record`, never by this test)."""
    expected = load_expected(PROJECT_ROOT / EXPECTED_PATH)
    lines = check(expected["configurations"], evaluate(real_service, dev_questions, PARAPHRASES, CONFIGS))
    assert all(line.ok for line in lines), "\n".join(str(line) for line in lines if not line.ok)
