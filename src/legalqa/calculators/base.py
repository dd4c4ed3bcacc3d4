"""The result shape every calculator returns: amounts, worked steps, legal basis, warnings."""

from pydantic import BaseModel, ConfigDict, Field

from legalqa.rates import RateUsed


class Amount(BaseModel):
    """One figure of the result, e.g. 丧葬补助金 9484.2 元."""

    name: str = Field(description="what the figure is, in Chinese, e.g. 丧葬补助金")
    value: float | int | str = Field(description="the figure (a date as YYYY-MM-DD where the result is a date)")
    unit: str = Field(description="元, 元/月, 天, 个月, 日期 …")


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
