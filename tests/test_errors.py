"""One core boundary: the core raises its own errors, worded by one table, and no module of
src/legalqa except the CLI imports the HTTP layer; the API, tools and MCP translate them alike."""

import ast
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field, ValidationError

import legalqa
from api.main import create_app
from legalqa.errors import REASON_ZH, NotFound, UserError, field_errors
from legalqa.tools import call_tool
from legalqa.views import article_view, case_view


class Demo(BaseModel):
    days: int = Field(ge=1, le=31)
    note: str = Field(max_length=5)
    reason: str


def _errors(payload: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        Demo.model_validate(payload)
    return {e["field"]: e["message"] for e in field_errors(caught.value.errors(include_url=False))}


def test_field_errors_say_each_reason_in_chinese_and_english_with_the_limit():
    errors = _errors({"days": 40, "note": "太长的备注内容"})
    assert errors["days"].startswith("数值太大（限制：31） / ") and "less than or equal to 31" in errors["days"]
    assert errors["note"].startswith("内容太长（限制：5） / ")
    assert errors["reason"].startswith("必填项未填写 / ")
    assert _errors({"days": "abc", "note": "", "reason": ""})["days"].startswith("请填写整数 / ")


def test_a_message_the_model_wrote_in_chinese_is_kept():
    errors = field_errors([{"loc": ("months", 0, "days"), "type": "value_error",
                            "msg": "Value error, 天数不能超过当月天数 / too many days"}])
    assert errors == [{"field": "months.0.days", "message": "天数不能超过当月天数 / too many days"}]


def test_an_error_type_without_a_translation_still_gets_a_chinese_reason():
    assert "no_such_type" not in REASON_ZH
    assert field_errors([{"loc": (), "type": "no_such_type", "msg": "odd"}]) == [
        {"field": "(input)", "message": "输入有误 / odd"}]


def test_user_errors_carry_the_one_4xx_body():
    invalid = UserError.invalid([{"field": "k", "message": "数值太大 / too big"}, {"field": "q", "message": "不能为空 / empty"}])
    assert invalid.status == 422
    assert invalid.as_json() == {"detail": "k: 数值太大 / too big；q: 不能为空 / empty", "errors": invalid.errors}
    assert NotFound("没有 / none").status == 404 and NotFound("没有 / none").as_json() == {
        "detail": "没有 / none", "errors": []}


def test_views_raise_the_cores_not_found(mini_service):
    with pytest.raises(NotFound, match="没有找到案例「no-such-case」"):
        case_view(mini_service.library, "case/no-such-case")
    with pytest.raises(NotFound, match="法规库中没有「火星法」"):
        article_view(mini_service.library, "火星法", 1)


@pytest.mark.parametrize("tool, arguments, api_call", [
    ("get_case", {"case_id": "no-such-case"}, ("get", "/api/v1/cases/no-such-case", None)),
    ("get_article", {"law": "劳动合同法", "article": 9999}, ("get", "/api/v1/articles/劳动合同法/9999", None)),
    ("run_calculator", {"name": "death_benefit", "inputs": {"contribution_years": -1}},
     ("post", "/api/v1/calculators/death_benefit", {"contribution_years": -1})),
])
def test_the_api_and_the_tools_give_the_same_error(mini_settings, mini_service, tool, arguments, api_call):
    with pytest.raises(UserError) as caught:
        call_tool(tool, arguments, mini_service, mini_settings)
    method, path, body = api_call
    with TestClient(create_app(mini_settings, service=mini_service)) as client:
        r = client.request(method, path, json=body)
    assert (r.status_code, r.json()) == (caught.value.status, caught.value.as_json())


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_no_core_module_but_the_cli_imports_the_http_layer():
    package = Path(legalqa.__file__).parent
    offenders = {str(p.relative_to(package)): sorted(m for m in _imported_modules(p)
                                                     if m == "api" or m.startswith(("api.", "fastapi", "starlette")))
                 for p in package.rglob("*.py") if p.name != "cli.py"}
    assert {p: m for p, m in offenders.items() if m} == {}
