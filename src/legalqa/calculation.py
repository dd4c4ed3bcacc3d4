"""Running calculators by name with JSON input: the one path used by the API, CLI and chatbots."""

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from legalqa.calculators import Calculator, all_calculators
from legalqa.calculators.base import CalcResult
from legalqa.rates import RateBook, RateNotCovered
from legalqa.settings import Settings

# Chinese for pydantic's own error types, where a calculator did not write its own message
_ERROR_ZH = {
    "missing": "必填项未填写",
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
    "string_too_long": "内容太长",
    "value_error": "数值不合理",
    "model_type": "输入应为 JSON 对象",
    "dict_type": "输入应为 JSON 对象",
}


class CalculatorInfo(BaseModel):
    name: str
    title: str
    purpose: str
    input_schema: dict[str, Any]


class CalculationError(Exception):
    def __init__(self, status: int, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.status, self.message, self.errors = status, message, errors or []

    def as_json(self) -> dict:
        return {"detail": self.message, "errors": self.errors}


def field_errors(exc: ValidationError) -> list[dict]:
    """[{field, message}] with a Chinese and an English reason for each invalid field."""
    out = []
    for err in exc.errors(include_url=False):
        field = ".".join(str(p) for p in err.get("loc", ())) or "(input)"
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        if not any("\u4e00" <= ch <= "\u9fff" for ch in msg):
            msg = f"{_ERROR_ZH.get(err.get('type', ''), '输入有误')} / {msg}"
        out.append({"field": field, "message": msg})
    return out


@lru_cache(maxsize=4)
def rate_book(rates_dir: Path) -> RateBook:
    return RateBook.from_dir(rates_dir)


@lru_cache(maxsize=1)
def calculators() -> dict[str, Calculator]:
    return all_calculators()


@lru_cache(maxsize=64)
def _input_schema(model: type[BaseModel]) -> dict[str, Any]:
    # a model's schema does not change while the process runs; building one takes ~0.5 ms
    return model.model_json_schema()


def list_calculators() -> list[CalculatorInfo]:
    return [CalculatorInfo(name=c.name, title=c.title, purpose=c.purpose, input_schema=_input_schema(c.input_model))
            for c in calculators().values()]


def get_calculator(name: str) -> Calculator:
    calc = calculators().get(name)
    if calc is None:
        known = "、".join(calculators())
        raise CalculationError(404, f"没有名为「{name}」的计算器，可用的有：{known} / unknown calculator '{name}'")
    return calc


def run_calculator(name: str, payload: Any, settings: Settings) -> CalcResult:
    calc = get_calculator(name)
    if not isinstance(payload, dict):
        raise CalculationError(422, "输入应为 JSON 对象 / input must be a JSON object")
    try:
        inp = calc.input_model.model_validate(payload)
    except ValidationError as exc:
        errors = field_errors(exc)
        raise CalculationError(422, "；".join(f"{e['field']}: {e['message']}" for e in errors), errors) from None
    try:
        return calc.run(inp, rate_book(settings.rates_dir))
    except RateNotCovered as exc:
        raise CalculationError(422, str(exc), [{"field": "(rates)", "message": str(exc)}]) from None
    except ValueError as exc:
        raise CalculationError(422, str(exc), [{"field": "(input)", "message": str(exc)}]) from None
    except ArithmeticError:  # astronomically large figures or dates past 9999
        message = "输入的数值或日期超出可以计算的范围，请检查 / a figure or date is out of the range that can be computed"
        raise CalculationError(422, message, [{"field": "(input)", "message": message}]) from None
