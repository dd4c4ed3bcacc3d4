"""The result shape every calculator returns: amounts, worked steps, legal basis, warnings."""

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Amount(BaseModel):
    """One figure of the result, e.g. 丧葬补助金 9484.2 元."""

    name: str = Field(description="what the figure is, in Chinese, e.g. 丧葬补助金")
    value: float | int | str = Field(description="the figure (a date as YYYY-MM-DD where the result is a date)")
    unit: str = Field(description="元, 元/月, 天, 个月, 日期 …")


class RateUsed(BaseModel):
    """A dated rate row that a calculation read, with its source."""

    table: str = Field(description="rate table name, e.g. heat_allowance")
    start_date: date
    end_date: date | None
    region: str | None = None
    values: dict[str, Any]
    source: str = Field(description="document title, 文号 and article of the figure")


class LegalBasis(BaseModel):
    articles: list[str] = Field(
        default_factory=list,
        description="article ids resolvable in the corpus, e.g. article/劳动合同法/47",
    )
    rates: list[RateUsed] = Field(default_factory=list)


class CalcResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    calculator: str
    amounts: list[Amount]
    steps: list[str] = Field(description="计算过程, one line per step, in Chinese")
    legal_basis: LegalBasis
    warnings: list[str] = Field(default_factory=list)
