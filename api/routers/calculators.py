from typing import Any

from fastapi import APIRouter, Body

from api.deps import SettingsDep
from legalqa.calculators import CalculatorInfo, list_calculators, run_calculator
from legalqa.calculators.base import CalcResult

router = APIRouter(prefix="/calculators", tags=["calculators"])


@router.get("", response_model=list[CalculatorInfo], summary="All calculators with their input schemas")
def calculators() -> list[CalculatorInfo]:
    return list_calculators()


@router.post("/{name}", response_model=CalcResult, summary="Run one calculator",
             responses={404: {"description": "unknown calculator"},
                        422: {"description": "invalid input or a rate not covered on that date"}})
def run(name: str, settings: SettingsDep, payload: dict[str, Any] = Body(...)) -> CalcResult:
    return run_calculator(name, payload, settings)
