"""Calculator registry: every module in this package that defines CALCULATOR is listed."""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from legalqa.calculators.base import CalcResult
from legalqa.rates import RateBook


@dataclass(frozen=True)
class Calculator:
    name: str  # url-safe, e.g. "heat_allowance"
    title: str  # Chinese, e.g. "高温津贴"
    purpose: str  # one line, Chinese
    input_model: type[BaseModel]
    run: Callable[[BaseModel, RateBook], CalcResult]  # pure: input + rates in, result out


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
