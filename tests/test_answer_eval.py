"""Answer measures and the calibration table, on answers made up here (no model)."""

from legalqa.answer_eval import Answered, answer_digest, calibrate, format_report, measures
from legalqa.schemas import AnswerResponse, AnswerSentence, GuideRef, NextStep, SearchResponse

SEARCH = SearchResponse(query="q", k=10, confidence="medium", results=[])


def made(qid: str, confidence: str, cites: list[str], gold: set[str], guide: bool = True, steps: bool = True,
         in_scope: bool = True) -> Answered:
    items = [AnswerSentence(text=f"{qid} 句子", source_id=c, source_ids=[c], source_title=c, url="/") for c in cites]
    answer = AnswerResponse(
        query=qid, confidence=confidence, in_scope=in_scope, answer=items, search=SEARCH, notice="【提示】",
        guide=GuideRef(slug="g", title="指南", url="/guides/g", reviewed=False) if guide else None,
        next_steps=[NextStep(text="申请仲裁", who="劳动人事争议仲裁委员会")] if steps else [])
    return Answered(qid, "sha", answer, frozenset(gold))


ANSWERED = [
    made("a", "high", ["article/劳动合同法/42"], {"article/劳动合同法/42"}),
    made("b", "medium", ["article/劳动合同法/40"], {"article/劳动合同法/42"}, guide=False),
    made("c", "medium", ["article/劳动合同法/87"], set()),
    made("d", "low", [], {"article/劳动合同法/38"}, guide=False),
    made("e", "low", [], set(), guide=False, steps=False, in_scope=False),
]


def test_measures():
    m = measures(ANSWERED)
    assert (m.n, m.with_gold) == (5, 3)
    assert m.via_guide == 2 / 5
    assert m.cites_gold == 1 / 3  # a only: b cites the wrong article, d abstains
    assert m.with_next_steps == 1.0 and m.in_scope == 4 / 5  # e is not a labour question
    assert m.confidence == {"high": 1, "medium": 2, "low": 2}


def test_calibration_counts_current_judged_answers_and_abstentions():
    judgements = [
        {"question_id": "a", "answer_digest": answer_digest(ANSWERED[0].answer), "verdict": "on_point"},
        {"question_id": "b", "answer_digest": answer_digest(ANSWERED[1].answer), "verdict": "misleading"},
        {"question_id": "c", "answer_digest": "an-older-answer", "verdict": "on_point"},
    ]
    cal = calibrate(ANSWERED, judgements)
    assert cal.rows["high"]["on_point"] == 1 and cal.on_point("high") == 1.0
    assert cal.rows["medium"]["misleading"] == 1 and cal.on_point("medium") == 0.0
    assert cal.stale == 1  # c's answer changed since it was judged: it no longer counts
    assert cal.unjudged == 0 and cal.rows["low"]["abstained"] == 2
    report = format_report(measures(ANSWERED), cal, "legalqa eval --answers", "abc1234", "2026-11-29")
    assert "| high | 1 | 1 | 0 | 0 | 0 | 1.00 | 0 |" in report
    assert "no longer matching the current answer: 1" in report


def test_the_digest_changes_with_what_the_worker_reads():
    a, b = ANSWERED[0].answer, ANSWERED[1].answer
    assert answer_digest(a) != answer_digest(b)
    assert answer_digest(a) == answer_digest(a.model_copy(update={"confidence": "medium"}))


def test_each_question_set_writes_its_own_block(tmp_path):
    from pathlib import Path

    from legalqa.answer_eval import block_name, write_report

    assert block_name(Path("../shared/eval/labour_qa_dev.jsonl")) == "answers"
    assert block_name(Path("eval/worker_questions.jsonl")) == "answers:worker_questions"
    cal = calibrate(ANSWERED, [])
    report = tmp_path / "answers.md"
    report.write_text("# Answer quality\n\nprose\n", "utf-8")
    dev = format_report(measures(ANSWERED), cal, "dev", "abc1234", "2026-11-29")
    worker = format_report(measures(ANSWERED), cal, "worker", "abc1234", "2026-11-29", "answers:worker_questions")
    write_report(report, dev)
    write_report(report, worker, "answers:worker_questions")
    write_report(report, dev.replace("abc1234", "def5678"))  # the dev block again: replaced, the other kept
    text = report.read_text("utf-8")
    assert text.count("answers:begin") == 1 and text.count("answers:worker_questions:begin") == 1
    assert "def5678" in text and "Command: `worker`" in text and text.startswith("# Answer quality\n\nprose")


def test_the_pooled_table_adds_the_sets_up():
    from pathlib import Path

    from legalqa.answer_eval import format_pooled, pooled

    judgements = [{"question_id": "a", "answer_digest": answer_digest(ANSWERED[0].answer), "verdict": "on_point"},
                  {"question_id": "b", "answer_digest": answer_digest(ANSWERED[1].answer), "verdict": "misleading"}]
    one, two = calibrate(ANSWERED, judgements), calibrate(ANSWERED[:1], judgements)
    total = pooled([one, two])
    assert total.rows["high"]["on_point"] == 2 and total.rows["medium"]["misleading"] == 1
    table = format_pooled([(Path("dev.jsonl"), one), (Path("more.jsonl"), two)], "cmd", "abc1234", "2026-11-30")
    assert "| dev · high | 1 | 1 |" in table and "| more · high | 1 | 1 |" in table
    assert "| **all** · high | 2 | 2 | 0 | 0 | 0 | 1.00 |" in table
