"""The calculators: every module in this package that defines CALCULATOR is listed, and run by
name with JSON input — the one path used by the API, the web page, the CLI and chatbots.

A calculator module defines its input model (ranges through pydantic `Field`, names from the one
vocabulary in fields.py) and a `compute(inp, sheet)` that fills a base.Worksheet; `Calculator.worked`
turns that into `run(inp, rates) -> CalcResult` named after the calculator."""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from legalqa.calculators.base import CalcResult, Worksheet
from legalqa.errors import NotFound, UserError, field_errors
from legalqa.rates import RateBook, RateNotCovered
from legalqa.settings import Settings


@dataclass(frozen=True)
class Calculator:
    name: str  # url-safe, e.g. "heat_allowance"
    title: str  # Chinese, e.g. "高温津贴"
    purpose: str  # one line, Chinese
    input_model: type[BaseModel]
    run: Callable[[BaseModel, RateBook], CalcResult]  # pure: input + rates in, result out

    @classmethod
    def worked(cls, name: str, title: str, purpose: str, input_model: type[BaseModel],
               compute: Callable[[Any, Worksheet], None]) -> "Calculator":
        """A calculator whose `compute` fills a worksheet; the result carries the calculator's name."""
        def run(inp: BaseModel, rates: RateBook) -> CalcResult:
            sheet = Worksheet(rates)
            compute(inp, sheet)
            return sheet.result(name)

        return cls(name=name, title=title, purpose=purpose, input_model=input_model, run=run)


class CalculatorInfo(BaseModel):
    name: str
    title: str
    purpose: str
    input_schema: dict[str, Any]


@lru_cache(maxsize=1)
def all_calculators() -> dict[str, Calculator]:
    found: dict[str, Calculator] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        calc = getattr(module, "CALCULATOR", None)
        if isinstance(calc, Calculator):
            found[calc.name] = calc
    return dict(sorted(found.items()))


@lru_cache(maxsize=4)
def rate_book(rates_dir: Path) -> RateBook:
    return RateBook.from_dir(rates_dir)


@lru_cache(maxsize=64)
def _input_schema(model: type[BaseModel]) -> dict[str, Any]:
    # a model's schema does not change while the process runs; building one takes ~0.5 ms
    return model.model_json_schema()


def list_calculators() -> list[CalculatorInfo]:
    return [CalculatorInfo(name=c.name, title=c.title, purpose=c.purpose, input_schema=_input_schema(c.input_model))
            for c in all_calculators().values()]


def get_calculator(name: str) -> Calculator:
    calc = all_calculators().get(name)
    if calc is None:
        known = "、".join(all_calculators())
        raise NotFound(f"没有名为「{name}」的计算器，可用的有：{known} / unknown calculator '{name}'")
    return calc


def run_calculator(name: str, payload: Any, settings: Settings) -> CalcResult:
    """The calculator's result; UserError (NotFound for an unknown name) says what is wrong."""
    calc = get_calculator(name)
    if not isinstance(payload, dict):
        raise UserError("输入应为 JSON 对象 / input must be a JSON object")
    try:
        inp = calc.input_model.model_validate(payload)
    except ValidationError as exc:
        raise UserError.invalid(field_errors(exc.errors(include_url=False))) from None
    try:
        return calc.run(inp, rate_book(settings.rates_dir))
    except RateNotCovered as exc:
        raise UserError(str(exc), [{"field": "(rates)", "message": str(exc)}]) from None
    except ValueError as exc:
        raise UserError(str(exc), [{"field": "(input)", "message": str(exc)}]) from None
    except ArithmeticError:  # astronomically large figures or dates past 9999
        message = "输入的数值或日期超出可以计算的范围，请检查 / a figure or date is out of the range that can be computed"
        raise UserError(message, [{"field": "(input)", "message": message}]) from None
