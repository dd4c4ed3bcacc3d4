"""The errors the core raises for a request it cannot serve, and the one Chinese wording of
pydantic's validation errors. The API, the web page, the CLI and the MCP server translate these;
none of them words an error of its own for the same case."""

from collections.abc import Iterable, Mapping
from typing import Any

# Chinese for pydantic's own error types, where a model did not write its own message
REASON_ZH = {
    "missing": "必填项未填写",
    "string_too_short": "不能为空",
    "string_too_long": "内容太长",
    "greater_than_equal": "数值太小",
    "greater_than": "数值太小",
    "less_than_equal": "数值太大",
    "less_than": "数值太大",
    "int_parsing": "请填写整数",
    "int_from_float": "请填写整数",
    "float_parsing": "请填写数字",
    "decimal_parsing": "请填写数字",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD",
    "bool_parsing": "请填写是或否",
    "literal_error": "不是可选的值",
    "enum": "不是可选的值",
    "extra_forbidden": "不认识这个字段",
    "value_error": "数值不合理",
    "model_type": "输入应为 JSON 对象",
    "model_attributes_type": "输入应为 JSON 对象",
    "dict_type": "输入应为 JSON 对象",
    "json_invalid": "不是合法的 JSON",
}
_LIMITS = ("max_length", "le", "min_length", "ge")  # the bounds a message names, e.g. 内容太长（限制：500）


class UserError(Exception):
    """A request the caller can correct: a 4xx status as in HTTP, a message in Chinese and English,
    and the reason for each invalid field."""

    status = 422

    def __init__(self, message: str, errors: list[dict[str, str]] | None = None):
        super().__init__(message)
        self.message, self.errors = message, errors or []

    @classmethod
    def invalid(cls, errors: list[dict[str, str]]) -> "UserError":
        """One error for the invalid fields of an input, its message naming each field."""
        return cls("；".join(f"{e['field']}: {e['message']}" for e in errors), errors)

    def as_json(self) -> dict[str, Any]:
        """The body of every 4xx (schemas.ErrorOut): {detail, errors: [{field, message}]}."""
        return {"detail": self.message, "errors": self.errors}


class NotFound(UserError):
    """No case, article, calculator or tool of that name."""

    status = 404


def field_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """[{field, message}] with a Chinese and an English reason for each of pydantic's errors
    (`ValidationError.errors()`); a message the model wrote in Chinese is kept as it is."""
    out = []
    for err in errors:
        field = ".".join(str(p) for p in err.get("loc", ())) or "(input)"
        message = str(err.get("msg", "")).removeprefix("Value error, ")
        if not any("\u4e00" <= ch <= "\u9fff" for ch in message):
            ctx = err.get("ctx") or {}
            limit = next((f"（限制：{ctx[key]}）" for key in _LIMITS if key in ctx), "")
            message = f"{REASON_ZH.get(err.get('type', ''), '输入有误')}{limit} / {message}"
        out.append({"field": field, "message": message})
    return out
