"""医疗期：按实际工作年限和在本单位工作年限算医疗期月数、累计病休计算期，以及病假工资下限。"""

from datetime import date
from decimal import Decimal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from legalqa.calculators import Calculator
from legalqa.calculators.base import Amount, CalcResult, LegalBasis
from legalqa.calculators.fields import not_negative
from legalqa.calculators.minimum_wage import local_minimum_wage, normalise_city
from legalqa.calculators.money import plain, yuan
from legalqa.rates import RateBook


class MedicalPeriodInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    total_work_years: Decimal = Field(
        title="实际工作年限", description="参加工作以来的实际工作年限（年，可带小数，如 12.5）")
    employer_years: Decimal = Field(
        title="本单位工作年限", description="在现用人单位的工作年限（年，可带小数）")
    on_date: date = Field(
        title="病休日期", description="病休开始（或要计算的）日期，用来确定适用的规定和当地最低工资标准")
    city: str | None = Field(
        None, title="城市", description="用人单位所在的广东省地级以上市，用来查当地最低工资标准")
    local_min_wage_monthly: Decimal | None = Field(
        None, title="当地月最低工资标准",
        description="直接输入当地月最低工资标准（元/月）；填了城市时不用填")
    sick_days: Decimal | None = Field(None, title="病休天数", description="要折算病假工资下限的病休天数")
    days_per_month: Decimal | None = Field(
        None, title="每月折算天数",
        description="把月标准折成日标准所用的天数，如 21.75（劳社部发〔2008〕3号月计薪天数）或题目约定的 30；"
                    "填了病休天数时必填")

    _not_negative = field_validator("total_work_years", "employer_years", "local_min_wage_monthly", "sick_days")(not_negative)

    @field_validator("days_per_month")
    @classmethod
    def _positive(cls, v: Decimal | None) -> Decimal | None:
        if v is not None and v <= 0:
            raise ValueError("每月折算天数必须大于0 / days_per_month must be greater than 0")
        return v

    @field_validator("city")
    @classmethod
    def _known_city(cls, v: str | None) -> str | None:
        return normalise_city(v)

    @model_validator(mode="after")
    def _consistent(self) -> "MedicalPeriodInput":
        if self.employer_years > self.total_work_years:
            raise ValueError("本单位工作年限不能超过实际工作年限 / employer_years must not exceed total_work_years")
        if self.sick_days is not None:
            if self.days_per_month is None:
                raise ValueError("填写病休天数时须填写每月折算天数（如21.75或30） / "
                                 "days_per_month is required with sick_days")
            if not self.city and self.local_min_wage_monthly is None:
                raise ValueError("计算病假工资下限须填写城市或当地月最低工资标准 / "
                                 "city or local_min_wage_monthly is required with sick_days")
        return self


def _in_band(years: Decimal, start: int, below: int | None) -> bool:
    return years >= start and (below is None or years < below)


def _band(start: int, below: int | None) -> str:
    return f"{start}年以上" if below is None else (f"不满{below}年" if start == 0 else f"{start}年以上不满{below}年")


def run(inp: MedicalPeriodInput, rates: RateBook) -> CalcResult:
    rule = rates.row_on("medical_period_rule", inp.on_date)
    tier = next(t for t in rule.values["tiers"]
                if _in_band(inp.total_work_years, t["total_years_from"], t["total_years_below"])
                and _in_band(inp.employer_years, t["employer_years_from"], t["employer_years_below"]))
    months, window = tier["medical_period_months"], tier["counting_window_months"]
    steps = [
        f"实际工作年限 {plain(inp.total_work_years)} 年（{_band(tier['total_years_from'], tier['total_years_below'])}），"
        f"在本单位工作年限 {plain(inp.employer_years)} 年"
        f"（{_band(tier['employer_years_from'], tier['employer_years_below'])}）→ 医疗期 {months} 个月。",
        f"医疗期 {months} 个月的，按 {window} 个月内累计病休时间计算。",
    ]
    amounts = [
        Amount(name="医疗期", value=months, unit="个月"),
        Amount(name="累计病休计算期", value=window, unit="个月"),
    ]
    articles = ["article/劳动合同法/42", "article/劳动合同法/40"]
    used = [rule.as_used()]
    warnings = [
        "医疗期月数依据《企业职工患病或非因工负伤医疗期规定》（劳部发〔1994〕479号）第三、四条，该文件不在本库法规中，"
        "来源见费率表说明。医疗期内用人单位不得依劳动合同法第四十条、第四十一条解除劳动合同（第四十二条第三项）。",
    ]
    boundaries = {5, 10, 15, 20}
    if inp.total_work_years in boundaries or inp.employer_years in boundaries:
        warnings.append("工作年限恰好落在分界点（5、10、15、20年）。原文用“以上/以下”表述，本计算按“满该年数归入较高一档”；"
                        "如有争议，请同时核对较低一档。")

    minimum = None
    if inp.city:
        mw = local_minimum_wage(rates, inp.city, inp.on_date)
        minimum = mw.monthly
        used += [mw.class_row.as_used(), mw.wage_row.as_used()]
        steps.append(mw.describe() + "。")
    elif inp.local_min_wage_monthly is not None:
        minimum = inp.local_min_wage_monthly
        steps.append(f"当地月最低工资标准（输入）：{plain(minimum)} 元。")
    if minimum is not None:
        rule_pay = rates.row_on("sick_pay_rule", inp.on_date)
        used.append(rule_pay.as_used())
        pct = Decimal(str(rule_pay.values["floor_percent_of_minimum_wage"]))
        floor = minimum * pct / 100
        steps.append(f"病假工资月下限 = {plain(minimum)} × {plain(pct)}% = {yuan(floor)} 元/月。")
        amounts.append(Amount(name="病假工资月下限", value=float(yuan(floor)), unit="元/月"))
        articles.append("article/广东省工资支付条例/24")
        if inp.sick_days is not None:
            total = minimum * pct / 100 * inp.sick_days / inp.days_per_month
            steps.append(f"病休 {plain(inp.sick_days)} 天的病假工资下限 = {plain(minimum)} × {plain(pct)}% ÷ "
                         f"{plain(inp.days_per_month)} × {plain(inp.sick_days)} = {yuan(total)} 元。")
            amounts.append(Amount(name=f"病休{plain(inp.sick_days)}天病假工资下限",
                                  value=float(yuan(total)), unit="元"))
        warnings.append("这是医疗期内病伤假期工资的法定下限（广东省工资支付条例第二十四条）：劳动合同、集体合同约定更高的，按约定支付。")
    return CalcResult(
        calculator="medical_period",
        amounts=amounts,
        steps=steps,
        legal_basis=LegalBasis(articles=articles, rates=used),
        warnings=warnings,
    )


CALCULATOR = Calculator(
    name="medical_period",
    title="医疗期与病假工资下限",
    purpose="按实际工作年限和本单位工作年限算医疗期和累计病休计算期，并算病假工资不得低于的数额",
    input_model=MedicalPeriodInput,
    run=run,
)
