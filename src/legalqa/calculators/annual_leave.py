"""带薪年休假：应休天数（5/10/15天）、入职离职当年折算、应休未休的300%工资报酬。"""

import math
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import MonthlyWage, WorkYears
from legalqa.calculators.money import show


class AnnualLeaveInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=2008, le=2100, title="年度", description="计算哪一个公历年度的年休假，例如 2025")
    total_work_years: WorkYears = Field(
        title="累计工作年限",
        description="职工在所有单位累计的工作时间（年，可填小数），含依法视同工作的期间，决定每年5、10还是15天")
    join_date: date | None = Field(None, title="本年度入职日期", description="当年新进本单位的，填入职日期；否则留空")
    employment_end_date: date | None = Field(
        None, title="本年度离职日期", description="当年解除或终止劳动合同的，填最后一天；否则留空")
    days_taken: Decimal = Field(Decimal(0), ge=0, le=366, title="当年度已休年休假天数",
                                description="当年度已经安排休的年休假天数")
    monthly_wage: MonthlyWage | None = Field(
        None, title="月工资",
        description="支付未休年休假工资报酬前12个月剔除加班工资后的月平均工资（元/月）；不满12个月按实际月份平均。只算天数可不填")
    declined_in_writing: bool = Field(
        False, title="本人书面提出不休",
        description="用人单位安排了年休假、职工因本人原因书面提出不休的，只支付正常工资")

    @model_validator(mode="after")
    def _dates(self) -> "AnnualLeaveInput":
        for name, title in (("join_date", "本年度入职日期"), ("employment_end_date", "本年度离职日期")):
            value = getattr(self, name)
            if value is not None and value.year != self.year:
                raise ValueError(f"{title}应在{self.year}年内 / {name} must fall in {self.year}")
        if self.join_date and self.employment_end_date and self.employment_end_date < self.join_date:
            raise ValueError("离职日期不能早于入职日期 / employment_end_date must not be before join_date")
        return self


def compute(inp: AnnualLeaveInput, sheet: Worksheet) -> None:
    sheet.cite("article/职工带薪年休假条例/2", "article/职工带薪年休假条例/3", "article/职工带薪年休假条例/4",
                "article/企业职工带薪年休假实施办法/3", "article/企业职工带薪年休假实施办法/4",
                "article/关于《企业职工带薪年休假实施办法》有关问题的复函/2")
    year_start, year_end = date(inp.year, 1, 1), date(inp.year, 12, 31)
    last_day = inp.employment_end_date or year_end
    rule = sheet.rate("annual_leave_rule", last_day).values

    years = inp.total_work_years
    tiers = sorted(rule["days_by_cumulative_years"], key=lambda t: t["from_years"])
    reached = [t for t in tiers if years >= Decimal(str(t["from_years"]))]
    if not reached:
        sheet.step(f"累计工作 {show(years)} 年，不满{tiers[0]['from_years']}年：不享受年休假")
        annual = 0
    else:
        tier = reached[-1]
        annual = tier["days"]
        nxt = tiers[len(reached)] if len(reached) < len(tiers) else None
        band = f"已满{tier['from_years']}年" + (f"不满{nxt['from_years']}年" if nxt else "")
        sheet.step(f"累计工作 {show(years)} 年，{band}：全年应休年休假 {annual} 天")
        if nxt and years + 1 > Decimal(str(nxt["from_years"])):
            sheet.warn(f"累计工作年限在本年度内可能满{nxt['from_years']}年；跨档当年按哪一档计算，各地口径不同，请核实。")
    sheet.figure("全年应休年休假天数", annual, "天")

    taken = inp.days_taken
    per_year = Decimal(rule["proration_days_per_year"])
    if inp.join_date is None and inp.employment_end_date is None:
        entitled = Decimal(annual)
        untaken = max(entitled - taken, Decimal(0))
        sheet.step(f"全年在本单位：应休 {annual} 天，已休 {show(taken)} 天，应休未休 {show(untaken)} 天")
    else:
        first_day = inp.join_date or year_start
        days_here = (last_day - first_day).days + 1
        if inp.join_date and inp.employment_end_date:
            what = f"当年度在本单位的日历天数（{first_day.isoformat()} 至 {last_day.isoformat()}）"
            sheet.warn("同一年内入职又离职：实施办法第五条（入职）和第十二条（离职）分别规定了折算方法，"
                            "本计算器按在本单位的日历天数 ÷ 365 合并折算，请核实。")
        elif inp.join_date:
            what = f"当年度在本单位剩余日历天数（{first_day.isoformat()} 至 {last_day.isoformat()}）"
        else:
            what = f"当年度在本单位已过日历天数（{first_day.isoformat()} 至 {last_day.isoformat()}）"
        prorated = Decimal(days_here) / per_year * annual
        if inp.employment_end_date:
            sheet.cite("article/企业职工带薪年休假实施办法/12")
            raw = prorated - taken
            untaken = Decimal(max(math.floor(raw), 0))
            sheet.step(f"离职折算：{what} {days_here} 天 ÷ {per_year} × {annual} 天 − 已休 {show(taken)} 天 = "
                         f"{show(raw)} 天，不足1整天的部分不计 → 应休未休 {untaken} 天")
            if raw < 0:
                sheet.warn("已休天数多于折算应休天数的，多休的部分不再扣回（实施办法第十二条第三款）。")
        else:
            sheet.cite("article/企业职工带薪年休假实施办法/5")
            entitled = Decimal(math.floor(prorated))
            untaken = max(entitled - taken, Decimal(0))
            sheet.step(f"入职折算：{what} {days_here} 天 ÷ {per_year} × {annual} 天 = {show(prorated)} 天，"
                         f"不足1整天的部分不享受 → 当年应休 {entitled} 天；已休 {show(taken)} 天，应休未休 {show(untaken)} 天")
    sheet.figure("应休未休年休假天数", untaken, "天")

    if inp.monthly_wage is not None and untaken > 0:
        sheet.cite("article/职工带薪年休假条例/5", "article/企业职工带薪年休假实施办法/10",
                     "article/企业职工带薪年休假实施办法/11")
        pay_row = sheet.rate("monthly_pay_days", last_day)
        monthly = inp.monthly_wage
        pay_days = Decimal(str(pay_row.values["monthly_pay_days"]))
        daily = monthly / pay_days
        sheet.step(f"日工资 = 月工资 {show(monthly)} ÷ 月计薪天数 {show(pay_days)} = {show(daily)} 元")
        pct = Decimal(str(rule["unused_leave_pay_percent"]))
        normal_pct = Decimal(str(rule["unused_leave_pay_included_normal_percent"]))
        if inp.declined_in_writing:
            sheet.step("职工因本人原因书面提出不休：用人单位可以只支付正常工作期间的工资，不另付未休年休假工资报酬")
            extra = Decimal(0)
        else:
            full = daily * untaken * pct / 100
            extra = daily * untaken * (pct - normal_pct) / 100
            sheet.step(f"未休年休假工资报酬 = {show(daily)} × {show(untaken)} 天 × {show(pct)}% = {show(full)} 元"
                         f"（含正常工作期间工资 {show(normal_pct)}%）")
            sheet.step(f"正常工资已发的，应另付 = {show(daily)} × {show(untaken)} 天 × {show(pct - normal_pct)}% = "
                         f"{show(extra)} 元")
            sheet.money(f"未休年休假工资报酬（{show(pct)}%，含正常工资）", full)
        sheet.money("应另付的未休年休假工资", extra)
        sheet.warn("月工资指支付前12个月剔除加班工资后的月平均工资；在本单位不满12个月的按实际月份计算（实施办法第十一条）。")
    elif inp.monthly_wage is None and untaken > 0:
        sheet.warn("填写月工资后可以算出应休未休年休假的工资报酬（日工资的300%，含正常工资，即另付200%）。")

    if annual:
        sheet.warn("享受年休假还须连续工作满12个月以上（可以是在不同单位，见复函第一条）；"
                        "当年请事假累计20天以上且单位不扣工资、或病假达到条例第四条规定的月数的，不享受当年年休假。")
        sheet.cite("article/关于《企业职工带薪年休假实施办法》有关问题的复函/1")
    sheet.warn("国家法定休假日、休息日不计入年休假；劳动合同、集体合同或单位制度规定更高标准的，按更高标准（实施办法第十三条）。")
    sheet.cite("article/企业职工带薪年休假实施办法/13")


CALCULATOR = Calculator.worked(
    name="annual_leave",
    title="带薪年休假及未休工资",
    purpose="按累计工作年限算年休假天数，入职或离职当年按日历天数折算，并计算应休未休的300%工资报酬",
    input_model=AnnualLeaveInput,
    compute=compute,
)
