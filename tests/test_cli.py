import json

import pytest

from legalqa.cli import main


def test_search_rejects_empty_and_long_queries(capsys):
    assert main(["search", "  "]) == 2
    assert "请输入问题" in capsys.readouterr().err
    assert main(["search", "工" * 501]) == 2
    assert "问题太长了" in capsys.readouterr().err
    assert main(["search", "加班费", "-k", "0"]) == 2


def test_ingest_issue_without_column_writes_nothing(shared_dir, tmp_path, capsys):
    assert main(["ingest-issue", str(shared_dir / "seeds" / "002_8d98f4abfd2f8741.txt"),
                 "--cases-dir", str(tmp_path)]) == 0
    assert "未找到案例专栏" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_ingest_issue_writes_the_column(shared_dir, tmp_path, capsys):
    assert main(["ingest-issue", str(shared_dir / "seeds" / "004_1db0249e67e079a6.txt"),
                 "--cases-dir", str(tmp_path)]) == 0
    written = list(tmp_path.glob("*.md"))
    assert len(written) == 1 and "已写入" in capsys.readouterr().out


def test_ingest_issue_missing_file(tmp_path, capsys):
    assert main(["ingest-issue", str(tmp_path / "nope.txt")]) == 2
    assert "文件不存在" in capsys.readouterr().err


def test_calc_list_and_unknown(capsys):
    assert main(["calc", "--list"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert all({"name", "title", "purpose", "input_schema"} <= set(c) for c in listed)
    assert main(["calc", "no_such_calculator", "--json", "{}"]) == 2
    assert "没有名为" in json.loads(capsys.readouterr().out)["detail"]


def test_calc_bad_json(capsys):
    assert main(["calc", "anything", "--json", "{not json"]) == 2
    assert "不是合法的 JSON" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--help"], ["search", "--help"]])
def test_help(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
