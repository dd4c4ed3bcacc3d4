"""医疗期：按实际工作年限和在本单位工作年限算医疗期月数、累计病休计算期，以及病假工资下限
（广东：当地最低工资的80%；深圳：本人正常工作时间工资的60%，且不低于深圳最低工资的80%）。"""

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import City, MonthlyWage, WorkYears
from legalqa.calculators.minimum_wage import monthly_minimum
from legalqa.calculators.money import plain, yuan
from legalqa.rates import RateNotCovered

SICK_PAY_TABLE = "sick_pay_rule"


class MedicalPeriodInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    total_work_years: WorkYears = Field(
        title="累计工作年限", description="参加工作以来的实际工作年限（年，可带小数，如 12.5）")
    employer_years: WorkYears = Field(
        title="本单位工作年限", description="在现用人单位的工作年限（年，可带小数）")
    on_date: date = Field(
        title="病休日期", description="病休开始（或要计算的）日期，用来确定适用的规定和当地最低工资标准")
    city: City | None = Field(
        None, title="城市", description="用人单位所在的广东省地级以上市，用来查当地最低工资标准和深圳的规定")
    local_minimum_wage: MonthlyWage | None = Field(
        None, title="当地月最低工资标准",
        description="直接输入当地月最低工资标准（元/月）；填了城市时不用填")
    monthly_wage: MonthlyWage | None = Field(
        None, title="本人正常工作时间月工资",
        description="深圳：病伤假期工资不低于本人正常工作时间工资的60%（元/月）；其他城市可不填")
    sick_days: Decimal | None = Field(None, ge=0, le=3660, title="病休天数", description="要折算病假工资下限的病休天数")
    days_per_month: Decimal | None = Field(
        None, gt=0, le=31, title="每月折算天数",
        description="把月标准折成日标准所用的天数，如 21.75（月计薪天数）或题目约定的 30；填了病休天数时必填")

    @model_validator(mode="after")
    def _consistent(self) -> "MedicalPeriodInput":
        if self.employer_years > self.total_work_years:
            raise ValueError("本单位工作年限不能超过实际工作年限 / employer_years must not exceed total_work_years")
        if self.sick_days is not None:
            if self.days_per_month is None:
                raise ValueError("填写病休天数时须填写每月折算天数（如21.75或30） / "
                                 "days_per_month is required with sick_days")
            if not self.city and self.local_minimum_wage is None:
                raise ValueError("计算病假工资下限须填写城市或当地月最低工资标准 / "
                                 "city or local_minimum_wage is required with sick_days")
        return self


def _in_band(years: Decimal, start: int, below: int | None) -> bool:
    return years >= start and (below is None or years < below)


def _band(start: int, below: int | None) -> str:
    return f"{start}年以上" if below is None else (f"不满{below}年" if start == 0 else f"{start}年以上不满{below}年")


def _sick_pay_floor(inp: MedicalPeriodInput, minimum: Decimal, sheet: Worksheet) -> tuple[Decimal, str]:
    """The monthly sick-pay floor and how it is worked out: 80 % of the minimum wage in Guangdong; in
    Shenzhen also 60 % of the worker's own normal wage, whichever is higher."""
    shenzhen = None
    if inp.city == "深圳":
        try:
            shenzhen = sheet.rate(SICK_PAY_TABLE, inp.on_date, "深圳")
        except RateNotCovered:
            sheet.warn("深圳市员工工资支付条例第二十三条（现行文本自2025-12-05施行）规定病伤假期工资不低于本人正常工作时间"
                       "工资的60%、且不低于本市最低工资的80%；更早的文本未核对，本计算按广东省工资支付条例计算。")
    if shenzhen is None:
        rule = sheet.rate(SICK_PAY_TABLE, inp.on_date, "广东")
        sheet.cite("article/广东省工资支付条例/24")
        pct = Decimal(str(rule.values["floor_percent_of_minimum_wage"]))
        floor = minimum * pct / 100
        sheet.step(f"病假工资月下限 = {plain(minimum)} × {plain(pct)}% = {yuan(floor)} 元/月。")
        sheet.warn("这是医疗期内病伤假期工资的法定下限（广东省工资支付条例第二十四条）：劳动合同、集体合同约定更高的，按约定支付。")
        return floor, f"{plain(minimum)} × {plain(pct)}%"
    sheet.cite("article/深圳市员工工资支付条例/23")
    own_pct = Decimal(str(shenzhen.values["own_wage_percent"]))
    min_pct = Decimal(str(shenzhen.values["floor_percent_of_minimum_wage"]))
    by_minimum = minimum * min_pct / 100
    sheet.step(f"深圳：不得低于本市最低工资标准的{plain(min_pct)}% = {plain(minimum)} × {plain(min_pct)}% = "
               f"{yuan(by_minimum)} 元/月。")
    if inp.monthly_wage is None:
        sheet.warn(f"深圳的病伤假期工资还不得低于本人正常工作时间工资的{plain(own_pct)}%（深圳市员工工资支付条例第二十三条）；"
                   "填写本人正常工作时间月工资可以算出这一项。")
        return by_minimum, f"{plain(minimum)} × {plain(min_pct)}%"
    by_own = inp.monthly_wage * own_pct / 100
    floor = max(by_own, by_minimum)
    sheet.step(f"深圳：不低于本人正常工作时间工资的{plain(own_pct)}% = {plain(inp.monthly_wage)} × {plain(own_pct)}% = "
               f"{yuan(by_own)} 元/月；两者取高，病假工资月下限 {yuan(floor)} 元/月。")
    how = f"{plain(inp.monthly_wage)} × {plain(own_pct)}%" if by_own >= by_minimum else f"{plain(minimum)} × {plain(min_pct)}%"
    return floor, how


def compute(inp: MedicalPeriodInput, sheet: Worksheet) -> None:
    rule = sheet.rate("medical_period_rule", inp.on_date)
    tier = next(t for t in rule.values["tiers"]
                if _in_band(inp.total_work_years, t["total_years_from"], t["total_years_below"])
                and _in_band(inp.employer_years, t["employer_years_from"], t["employer_years_below"]))
    months, window = tier["medical_period_months"], tier["counting_window_months"]
    sheet.step(f"实际工作年限 {plain(inp.total_work_years)} 年（{_band(tier['total_years_from'], tier['total_years_below'])}），"
               f"在本单位工作年限 {plain(inp.employer_years)} 年"
               f"（{_band(tier['employer_years_from'], tier['employer_years_below'])}）→ 医疗期 {months} 个月。")
    sheet.step(f"医疗期 {months} 个月的，按 {window} 个月内累计病休时间计算。")
    sheet.figure("医疗期", months, "个月")
    sheet.figure("累计病休计算期", window, "个月")
    sheet.cite("article/劳动合同法/42", "article/劳动合同法/40")
    sheet.warn("医疗期月数依据《企业职工患病或非因工负伤医疗期规定》（劳部发〔1994〕479号）第三、四条，该文件不在本库法规中，"
               "来源见费率表说明。医疗期内用人单位不得依劳动合同法第四十条、第四十一条解除劳动合同（第四十二条第三项）。")
    boundaries = {5, 10, 15, 20}
    if inp.total_work_years in boundaries or inp.employer_years in boundaries:
        sheet.warn("工作年限恰好落在分界点（5、10、15、20年）。原文用“以上/以下”表述，本计算按“满该年数归入较高一档”；"
                   "如有争议，请同时核对较低一档。")

    minimum = monthly_minimum(sheet, inp.city, inp.local_minimum_wage, inp.on_date)
    if minimum is None:
        return
    floor, how = _sick_pay_floor(inp, minimum, sheet)
    sheet.money("病假工资月下限", floor, "元/月")
    if inp.sick_days is not None:
        total = floor * inp.sick_days / inp.days_per_month
        sheet.step(f"病休 {plain(inp.sick_days)} 天的病假工资下限 = {how} ÷ {plain(inp.days_per_month)} × "
                   f"{plain(inp.sick_days)} = {yuan(total)} 元。")
        sheet.money(f"病休{plain(inp.sick_days)}天病假工资下限", total)


CALCULATOR = Calculator.worked(
    name="medical_period",
    title="医疗期与病假工资下限",
    purpose="按实际工作年限和本单位工作年限算医疗期和累计病休计算期，并算病假工资不得低于的数额（含深圳的规定）",
    input_model=MedicalPeriodInput,
    compute=compute,
)
