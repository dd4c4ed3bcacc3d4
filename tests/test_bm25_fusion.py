import numpy as np

from legalqa.bm25 import BM25
from legalqa.fusion import reciprocal_rank_fusion
from legalqa.tokens import add_words, tokens


def test_bm25_ranks_the_document_with_the_terms_first(tmp_path):
    docs = ["用人单位应当向劳动者支付经济补偿", "劳动者提前三十日以书面形式通知用人单位解除劳动合同",
            "每年六月至十月发放高温津贴"]
    bm25 = BM25.build([tokens(d) for d in docs])
    assert int(np.argmax(bm25.scores(tokens("高温津贴")))) == 2
    assert int(np.argmax(bm25.scores(tokens("辞职要提前三十日书面通知吗")))) == 1
    bm25.save(tmp_path)
    again = BM25.load(tmp_path)
    assert np.allclose(again.scores(tokens("经济补偿")), bm25.scores(tokens("经济补偿")))


def test_bm25_unknown_words_score_zero():
    bm25 = BM25.build([tokens("经济补偿")])
    assert bm25.scores(tokens("火星")).tolist() == [0.0]


def test_tokens_drop_stop_words_and_punctuation():
    toks = tokens("公司不发高温补贴怎么办？")
    assert "高温" in toks and "补贴" in toks
    assert "怎么办" not in toks and "？" not in toks


def test_rrf_prefers_items_ranked_high_in_both():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "a", "d"]])
    assert [i for i, _ in fused][:2] in (["a", "b"], ["b", "a"])
    assert dict(fused)["c"] == dict(fused)["d"]  # each appears once, at rank 3
    assert {i for i, _ in fused} == {"a", "b", "c", "d"}


def test_rrf_weights():
    fused = reciprocal_rank_fusion([["x"], ["y"]], weights=[1.0, 2.0])
    assert fused[0][0] == "y"


def test_a_word_taught_after_a_text_was_cut_cuts_it_anew():
    text = "劳资纠纷调停科室在哪"
    before = tokens(text)
    add_words(["劳资纠纷调停科室"])
    assert "劳资纠纷调停科室" not in before and "劳资纠纷调停科室" in tokens(text)


def test_a_document_without_words_changes_no_other_documents_score():
    docs = [["加班", "工资"], ["年假", "工资"], ["辞职", "通知"]]
    plain = BM25.build(docs).scores(["加班", "工资"])
    padded = BM25.build(docs + [[], []]).scores(["加班", "工资"])
    assert np.allclose(padded[:3], plain) and not padded[3:].any()
