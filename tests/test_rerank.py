"""The optional reranker stage: its pure ordering helpers, the switches that turn stages on and
off, and, with a stand-in cross-encoder, that only article slots move and the stage is off while
no model was trained."""

import numpy as np
import pytest

from legalqa.rerank import fused_order, reorder_slots
from legalqa.service import Stages, stages_from_settings
from legalqa.settings import Settings


def test_fused_order_keeps_the_first_stage_order_when_the_scores_agree():
    assert fused_order(["a", "b", "c"], np.array([3.0, 2.0, 1.0])) == ["a", "b", "c"]


def test_fused_order_lifts_what_the_cross_encoder_puts_far_ahead():
    ids = [f"a{i}" for i in range(10)]
    scores = np.zeros(10)
    scores[9] = 5.0  # last in the first stage, first by the cross-encoder
    order = fused_order(ids, scores)
    assert order.index("a9") < 9 and sorted(order) == sorted(ids)


def test_reorder_slots_moves_only_the_reordered_members():
    assert reorder_slots(["g", "a1", "c", "a2", "a3"], ["a3", "a1", "a2"]) == ["g", "a3", "c", "a1", "a2"]


def test_default_stages_come_from_the_settings_unchanged():
    assert stages_from_settings(Settings()) == Stages()
    assert Stages().rerank is False and Stages().doc_balance is False


def test_stages_are_switched_off_and_on_by_name():
    stages = stages_from_settings(Settings(disabled_stages="dense, case_lift", enabled_stages="rerank"))
    assert (stages.dense, stages.case_lift, stages.rerank, stages.bm25) == (False, False, True, True)
    with pytest.raises(ValueError, match="LEGALQA_ENABLED_STAGES"):
        stages_from_settings(Settings(enabled_stages="no_such_stage"))


class ReversingReranker:
    """Scores the candidates in the reverse of the order it is given them."""

    def scores(self, question, passages):
        return np.arange(len(passages), dtype=np.float32)


def test_rerank_moves_articles_among_their_own_slots(fake_service, monkeypatch, tmp_path):
    question = "怀孕了公司要辞退我"
    plain = [c.target for c in fake_service.rank(question, top=500)[0]]
    monkeypatch.setattr(fake_service, "reranker_dir", tmp_path)  # no model there: the stage is off
    assert fake_service.reranker is None
    assert [c.target for c in fake_service.rank(question, stages=Stages(rerank=True), top=500)[0]] == plain
    monkeypatch.setattr(fake_service, "_reranker", ReversingReranker())
    reranked = [c.target for c in fake_service.rank(question, stages=Stages(rerank=True), top=500)[0]]
    assert reranked != plain and sorted(reranked) == sorted(plain)
    for before, after in zip(plain, reranked):
        assert before.startswith("article/") == after.startswith("article/")
        if not before.startswith("article/"):
            assert before == after


def test_a_named_article_stays_first_with_the_reranker(fake_service, monkeypatch):
    monkeypatch.setattr(fake_service, "_reranker", ReversingReranker())
    ranked, _ = fake_service.rank("劳动合同法第四十七条", stages=Stages(rerank=True))
    assert ranked[0].target == "article/劳动合同法/47"
