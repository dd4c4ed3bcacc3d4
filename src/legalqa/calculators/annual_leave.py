"""带薪年休假：应休天数（5/10/15天）、入职离职当年折算、应休未休的300%工资报酬。"""

import math
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Amount, CalcResult, LegalBasis
from legalqa.calculators.money import show, yuan
from legalqa.rates import RateBook


class AnnualLeaveInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: int = Field(title="年度", description="计算哪一个公历年度的年休假，例如 2025")
    cumulative_work_years: float = Field(
        title="累计工作年限",
        description="职工在所有单位累计的工作时间（年，可填小数），含依法视同工作的期间，决定每年5、10还是15天")
    join_date: date | None = Field(None, title="本年度入职日期", description="当年新进本单位的，填入职日期；否则留空")
    leave_date: date | None = Field(None, title="本年度离职日期", description="当年解除或终止劳动合同的，填最后一天；否则留空")
    days_taken: float = Field(0, title="当年度已休年休假天数", description="当年度已经安排休的年休假天数")
    monthly_wage: float | None = Field(
        None, title="月工资",
        description="支付未休年休假工资报酬前12个月剔除加班工资后的月平均工资（元/月）；不满12个月按实际月份平均。只算天数可不填")
    declined_in_writing: bool = Field(
        False, title="是否本人书面提出不休",
        description="用人单位安排了年休假、职工因本人原因书面提出不休的，只支付正常工资")

    @field_validator("year")
    @classmethod
    def _year(cls, v: int) -> int:
        if not 2008 <= v <= 2100:
            raise ValueError("年度应在2008到2100之间 / year must be between 2008 and 2100")
        return v

    @field_validator("cumulative_work_years")
    @classmethod
    def _years(cls, v: float) -> float:
        if v < 0:
            raise ValueError("累计工作年限不能为负数 / cumulative_work_years must not be negative")
        if v > 70:
            raise ValueError("累计工作年限不能超过70年 / cumulative_work_years must be at most 70")
        return v

    @field_validator("days_taken")
    @classmethod
    def _taken(cls, v: float) -> float:
        if not 0 <= v <= 366:
            raise ValueError("已休年休假天数应在0到366之间 / days_taken must be between 0 and 366")
        return v

    @field_validator("monthly_wage")
    @classmethod
    def _wage(cls, v: float | None) -> float | None:
        if v is not None and v < 0:
            raise ValueError("月工资不能为负数 / monthly_wage must not be negative")
        return v

    @model_validator(mode="after")
    def _dates(self) -> "AnnualLeaveInput":
        for name, title in (("join_date", "本年度入职日期"), ("leave_date", "本年度离职日期")):
            value = getattr(self, name)
            if value is not None and value.year != self.year:
                raise ValueError(f"{title}应在{self.year}年内 / {name} must fall in {self.year}")
        if self.join_date and self.leave_date and self.leave_date < self.join_date:
            raise ValueError("离职日期不能早于入职日期 / leave_date must not be before join_date")
        return self


def run(inp: AnnualLeaveInput, rates: RateBook) -> CalcResult:
    steps: list[str] = []
    warnings: list[str] = []
    amounts: list[Amount] = []
    articles = ["article/职工带薪年休假条例/2", "article/职工带薪年休假条例/3", "article/职工带薪年休假条例/4",
                "article/企业职工带薪年休假实施办法/3", "article/企业职工带薪年休假实施办法/4",
                "article/关于《企业职工带薪年休假实施办法》有关问题的复函/2"]
    year_start, year_end = date(inp.year, 1, 1), date(inp.year, 12, 31)
    last_day = inp.leave_date or year_end
    row = rates.row_on("annual_leave_rule", last_day)
    rule = row.values
    used = [row.as_used()]

    years = Decimal(str(inp.cumulative_work_years))
    tiers = sorted(rule["days_by_cumulative_years"], key=lambda t: t["from_years"])
    reached = [t for t in tiers if years >= Decimal(str(t["from_years"]))]
    if not reached:
        steps.append(f"累计工作 {show(years)} 年，不满{tiers[0]['from_years']}年：不享受年休假")
        annual = 0
    else:
        tier = reached[-1]
        annual = tier["days"]
        nxt = tiers[len(reached)] if len(reached) < len(tiers) else None
        band = f"已满{tier['from_years']}年" + (f"不满{nxt['from_years']}年" if nxt else "")
        steps.append(f"累计工作 {show(years)} 年，{band}：全年应休年休假 {annual} 天")
        if nxt and years + 1 > Decimal(str(nxt["from_years"])):
            warnings.append(f"累计工作年限在本年度内可能满{nxt['from_years']}年；跨档当年按哪一档计算，各地口径不同，请核实。")
    amounts.append(Amount(name="全年应休年休假天数", value=annual, unit="天"))

    taken = Decimal(str(inp.days_taken))
    per_year = Decimal(rule["proration_days_per_year"])
    if inp.join_date is None and inp.leave_date is None:
        entitled = Decimal(annual)
        untaken = max(entitled - taken, Decimal(0))
        steps.append(f"全年在本单位：应休 {annual} 天，已休 {show(taken)} 天，应休未休 {show(untaken)} 天")
    else:
        first_day = inp.join_date or year_start
        days_here = (last_day - first_day).days + 1
        if inp.join_date and inp.leave_date:
            what = f"当年度在本单位的日历天数（{first_day.isoformat()} 至 {last_day.isoformat()}）"
            warnings.append("同一年内入职又离职：实施办法第五条（入职）和第十二条（离职）分别规定了折算方法，"
                            "本计算器按在本单位的日历天数 ÷ 365 合并折算，请核实。")
        elif inp.join_date:
            what = f"当年度在本单位剩余日历天数（{first_day.isoformat()} 至 {last_day.isoformat()}）"
        else:
            what = f"当年度在本单位已过日历天数（{first_day.isoformat()} 至 {last_day.isoformat()}）"
        prorated = Decimal(days_here) / per_year * annual
        if inp.leave_date:
            articles.append("article/企业职工带薪年休假实施办法/12")
            raw = prorated - taken
            untaken = Decimal(max(math.floor(raw), 0))
            steps.append(f"离职折算：{what} {days_here} 天 ÷ {per_year} × {annual} 天 − 已休 {show(taken)} 天 = "
                         f"{show(raw)} 天，不足1整天的部分不计 → 应休未休 {untaken} 天")
            if raw < 0:
                warnings.append("已休天数多于折算应休天数的，多休的部分不再扣回（实施办法第十二条第三款）。")
        else:
            articles.append("article/企业职工带薪年休假实施办法/5")
            entitled = Decimal(math.floor(prorated))
            untaken = max(entitled - taken, Decimal(0))
            steps.append(f"入职折算：{what} {days_here} 天 ÷ {per_year} × {annual} 天 = {show(prorated)} 天，"
                         f"不足1整天的部分不享受 → 当年应休 {entitled} 天；已休 {show(taken)} 天，应休未休 {show(untaken)} 天")
    amounts.append(Amount(name="应休未休年休假天数", value=float(untaken), unit="天"))

    if inp.monthly_wage is not None and untaken > 0:
        articles += ["article/职工带薪年休假条例/5", "article/企业职工带薪年休假实施办法/10",
                     "article/企业职工带薪年休假实施办法/11"]
        pay_row = rates.row_on("monthly_pay_days", last_day)
        used.append(pay_row.as_used())
        monthly = Decimal(str(inp.monthly_wage))
        pay_days = Decimal(str(pay_row.values["monthly_pay_days"]))
        daily = monthly / pay_days
        steps.append(f"日工资 = 月工资 {show(monthly)} ÷ 月计薪天数 {show(pay_days)} = {show(daily)} 元")
        pct = Decimal(str(rule["unused_leave_pay_percent"]))
        normal_pct = Decimal(str(rule["unused_leave_pay_included_normal_percent"]))
        if inp.declined_in_writing:
            steps.append("职工因本人原因书面提出不休：用人单位可以只支付正常工作期间的工资，不另付未休年休假工资报酬")
            extra = Decimal(0)
        else:
            full = daily * untaken * pct / 100
            extra = daily * untaken * (pct - normal_pct) / 100
            steps.append(f"未休年休假工资报酬 = {show(daily)} × {show(untaken)} 天 × {show(pct)}% = {show(full)} 元"
                         f"（含正常工作期间工资 {show(normal_pct)}%）")
            steps.append(f"正常工资已发的，应另付 = {show(daily)} × {show(untaken)} 天 × {show(pct - normal_pct)}% = "
                         f"{show(extra)} 元 → {yuan(extra)} 元")
            amounts.append(Amount(name=f"未休年休假工资报酬（{show(pct)}%，含正常工资）", value=float(yuan(full)), unit="元"))
        amounts.append(Amount(name="应另付的未休年休假工资", value=float(yuan(extra)), unit="元"))
        warnings.append("月工资指支付前12个月剔除加班工资后的月平均工资；在本单位不满12个月的按实际月份计算（实施办法第十一条）。")
    elif inp.monthly_wage is None and untaken > 0:
        warnings.append("填写月工资后可以算出应休未休年休假的工资报酬（日工资的300%，含正常工资，即另付200%）。")

    if annual:
        warnings.append("享受年休假还须连续工作满12个月以上（可以是在不同单位，见复函第一条）；"
                        "当年请事假累计20天以上且单位不扣工资、或病假达到条例第四条规定的月数的，不享受当年年休假。")
        articles.append("article/关于《企业职工带薪年休假实施办法》有关问题的复函/1")
    warnings.append("国家法定休假日、休息日不计入年休假；劳动合同、集体合同或单位制度规定更高标准的，按更高标准（实施办法第十三条）。")
    articles.append("article/企业职工带薪年休假实施办法/13")
    return CalcResult(
        calculator="annual_leave",
        amounts=amounts,
        steps=steps,
        legal_basis=LegalBasis(articles=list(dict.fromkeys(articles)), rates=used),
        warnings=warnings,
    )


CALCULATOR = Calculator(
    name="annual_leave",
    title="带薪年休假及未休工资",
    purpose="按累计工作年限算年休假天数，入职或离职当年按日历天数折算，并计算应休未休的300%工资报酬",
    input_model=AnnualLeaveInput,
    run=run,
)
