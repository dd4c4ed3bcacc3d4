"""The result shape every calculator returns (amounts, worked steps, legal basis, warnings), and the
worksheet a calculation fills as it goes: money stays Decimal inside and becomes a JSON number only
in the result, rounded half-up to the fen."""

from datetime import date, timedelta
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from legalqa.calculators.money import yuan
from legalqa.rates import RateBook, RateRow, RateTable, RateUsed

STALE_AFTER = timedelta(days=366)  # a rate table not compared with its sources for a year may be out of date


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


class Worksheet:
    """What a calculation shows, in the order it arises: figures, steps, cited articles, the rate
    rows it read (each read row warns when its source is secondary or its table was not re-checked
    for a year) and warnings. The registry makes one per run and names the result."""

    def __init__(self, rates: RateBook, today: date | None = None):
        self.rates = rates
        self.today = today or date.today()
        self.amounts: list[Amount] = []
        self.steps: list[str] = []
        self._warnings: dict[str, None] = {}
        self._articles: dict[str, None] = {}
        self._rows: dict[tuple, RateUsed] = {}

    def step(self, text: str) -> None:
        self.steps.append(text)

    def warn(self, text: str) -> None:
        self._warnings[text] = None

    def cite(self, *article_ids: str) -> None:
        for a in article_ids:
            self._articles[a] = None

    def rate(self, table: str, on: date, region: str | None = None) -> RateRow:
        """The row of `table` in force on `on` (RateNotCovered if none), recorded as used."""
        return self.use(self.rates.row_on(table, on, region))

    def use(self, row: RateRow) -> RateRow:
        key = (row.table, row.start_date, row.region)
        if key not in self._rows:
            self._rows[key] = row.as_used()
            self._check_source(row, self.rates.tables.get(row.table))
        return row

    def _check_source(self, row: RateRow, table: RateTable | None) -> None:
        where = f"（{row.region}）" if row.region else ""
        if row.low_quality:
            self.warn(f"「{row.title}」{where}自{row.start_date.isoformat()}起的数字只见于二手来源，未读到官方原文"
                      f"（来源：{row.source}）；请向当地人力资源社会保障部门核实。")
        if table is not None and table.checked is not None and self.today - table.checked > STALE_AFTER:
            self.warn(f"「{table.title}」上次与来源核对是 {table.checked.isoformat()}，已超过一年，可能已有新的标准，请核实。")

    def money(self, name: str, value: Decimal, unit: str = "元") -> Decimal:
        """A sum of money in the result, rounded to the fen; returns the rounded sum."""
        rounded = yuan(value)
        self.amounts.append(Amount(name=name, value=float(rounded), unit=unit))
        return rounded

    def figure(self, name: str, value: Decimal | int | str | date, unit: str) -> None:
        """Any other figure: a count of days or months, a date, a yes/no."""
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        self.amounts.append(Amount(name=name, value=value, unit=unit))

    @property
    def warnings(self) -> list[str]:
        return list(self._warnings)

    def result(self, calculator: str) -> CalcResult:
        return CalcResult(calculator=calculator, amounts=self.amounts, steps=self.steps,
                          legal_basis=LegalBasis(articles=list(self._articles), rates=list(self._rows.values())),
                          warnings=self.warnings)
