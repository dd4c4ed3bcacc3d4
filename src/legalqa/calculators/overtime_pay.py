"""加班工资：工作日延长工作时间150%、休息日不能补休200%、法定休假日300%（劳动法第四十四条；广东省工资支付条例第二十条）。"""

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import Money, MonthlyWage
from legalqa.calculators.money import show

MAX_HOURS = 24 * 366  # a year of hours: anything above is a typing error
MAX_DAYS = 366
MAX_DAILY_WAGE = 100_000

_CATEGORIES = (
    # (input prefix, name, rate key)
    ("weekday_overtime", "工作日延长工作时间", "weekday_extension_percent"),
    ("rest_day", "休息日工作且未安排补休", "rest_day_percent"),
    ("holiday", "法定休假日工作", "statutory_holiday_percent"),
)


def _hours(title: str, description: str):
    return Field(Decimal(0), ge=0, le=MAX_HOURS, title=title, description=description)


def _days(title: str, description: str):
    return Field(Decimal(0), ge=0, le=MAX_DAYS, title=title, description=description)


class OvertimeInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    monthly_wage: MonthlyWage | None = Field(
        None, title="月工资",
        description="劳动者本人月正常工作时间工资（元/月），不含加班工资和高温、夜班等特殊津贴；与日工资二选一")
    daily_wage: Decimal | None = Field(
        None, gt=0, le=MAX_DAILY_WAGE, title="日工资", description="劳动者本人日正常工作时间工资（元/天）；与月工资二选一")
    on_date: date | None = Field(
        None, title="加班所在日期",
        description="加班期间的任一日期（YYYY-MM-DD），用于选用当时的月计薪天数；填月工资、或填日工资又按小时计算时必填")
    weekday_overtime_hours: Decimal = _hours("工作日延长工作时间（小时）", "工作日正常工时以外的小时数")
    weekday_overtime_days: Decimal = _days("工作日延长工作时间（天）", "按整天计的工作日加班天数")
    rest_day_hours: Decimal = _hours("休息日加班（小时）", "休息日工作且未安排补休的小时数")
    rest_day_days: Decimal = _days("休息日加班（天）", "休息日工作且未安排补休的天数")
    holiday_hours: Decimal = _hours("法定休假日加班（小时）", "法定休假日工作的小时数")
    holiday_days: Decimal = _days("法定休假日加班（天）", "法定休假日工作的天数")
    paid_overtime: Money = Field(Decimal(0), title="已支付的加班工资",
                                 description="用人单位已经支付的加班工资（元），用于算出差额")

    @model_validator(mode="after")
    def _consistent(self) -> "OvertimeInput":
        if (self.monthly_wage is None) == (self.daily_wage is None):
            raise ValueError("月工资和日工资请填写其中一项 / give exactly one of monthly_wage and daily_wage")
        hours = self.weekday_overtime_hours + self.rest_day_hours + self.holiday_hours
        days = self.weekday_overtime_days + self.rest_day_days + self.holiday_days
        if hours + days == 0:
            raise ValueError("请填写加班的小时数或天数 / give the overtime hours or days")
        if self.on_date is None and (self.monthly_wage is not None or hours > 0):
            raise ValueError("请填写加班所在日期，用于选用月计薪天数 / on_date is required to convert a monthly wage "
                             "or to compute an hourly wage")
        return self


def compute(inp: OvertimeInput, sheet: Worksheet) -> None:
    sheet.cite("article/劳动法/44", "article/广东省工资支付条例/20", "article/广东省工资支付条例/18",
               "article/广东省工资支付条例/62")
    if inp.on_date is not None:
        rule_row = sheet.rate("overtime_rule", inp.on_date)
        pay_days_row = sheet.rates.row_on("monthly_pay_days", inp.on_date)
    else:  # a daily wage counted in whole days needs no conversion; the percentages have one row since 1995
        rule_row = sheet.use(max(sheet.rates.table("overtime_rule").rows, key=lambda r: r.start_date))
        pay_days_row = None
        sheet.step(f"未填加班日期：按{rule_row.start_date.isoformat()}起施行的加班工资比例计算")
    rule = rule_row.values

    if inp.monthly_wage is not None:
        sheet.use(pay_days_row)
        monthly = inp.monthly_wage
        pay_days = Decimal(str(pay_days_row.values["monthly_pay_days"]))
        daily = monthly / pay_days
        sheet.step(f"日工资 = 月工资 {show(monthly)} ÷ 月计薪天数 {show(pay_days)} = {show(daily)} 元")
        sheet.cite("article/关于职工全年月平均工作时间和工资折算问题的通知/2")
    else:
        daily = inp.daily_wage
        sheet.step(f"日工资：用户输入 {show(daily)} 元")
    hourly = None
    if inp.weekday_overtime_hours or inp.rest_day_hours or inp.holiday_hours:
        sheet.use(pay_days_row)
        hours_per_day = Decimal(str(pay_days_row.values["hours_per_day"]))
        hourly = daily / hours_per_day
        sheet.step(f"小时工资 = 日工资 {show(daily)} ÷ {show(hours_per_day)} 小时 = {show(hourly)} 元")

    total = Decimal(0)
    for prefix, name, key in _CATEGORIES:
        pct = Decimal(str(rule[key]))
        hours = getattr(inp, f"{prefix}_hours")
        days = getattr(inp, f"{prefix}_days")
        if not hours and not days:
            continue
        part = Decimal(0)
        if hours:
            by_hours = hourly * hours * pct / 100
            sheet.step(f"{name}：小时工资 {show(hourly)} × {show(hours)} 小时 × {show(pct)}% = {show(by_hours)} 元")
            part += by_hours
        if days:
            by_days = daily * days * pct / 100
            sheet.step(f"{name}：日工资 {show(daily)} × {show(days)} 天 × {show(pct)}% = {show(by_days)} 元")
            part += by_days
        total += part
        label = f"{name}加班工资（{show(pct)}%）"
        sheet.step(f"{label}：{show(part)} 元 → {sheet.money(label, part)} 元（四舍五入到分）")

    sheet.step(f"加班工资合计 {show(total)} 元 → {sheet.money('加班工资合计', total)} 元")
    if inp.paid_overtime:
        paid = inp.paid_overtime
        owed = max(total - paid, Decimal(0))
        rounded = sheet.money("应补加班工资差额", owed)
        sheet.step(f"应补差额 = {show(total)} − 已付 {show(paid)} = {show(total - paid)} 元"
                   + ("（已付不少于应付，差额为0）" if total - paid < 0 else "") + f" → {rounded} 元")

    sheet.warn("计算基数是劳动者本人正常工作时间工资，不含加班工资和中班、夜班、高温等特殊津贴"
                    "（广东省工资支付条例第六十二条）；劳动合同未约定或约定不明的，以所在地县级人民政府公布的"
                    "上年度职工月平均工资作为正常工作时间工资（同条例第八条）。")
    if inp.holiday_hours or inp.holiday_days:
        sheet.warn("法定休假日本身照发工资（已含在月工资中）；300%是在此之外另付的加班工资。")
    if inp.weekday_overtime_days:
        sheet.warn("工作日加班按整天计算是按题意输入；法律上工作日延长工作时间一般每日不超过1小时、特殊原因不超过3小时，"
                        "每月不超过36小时（劳动法第四十一条），通常按小时计算。")
    if inp.rest_day_hours or inp.rest_day_days:
        sheet.warn("休息日加班已安排同等时间补休的，可以不付200%的加班工资；请确认确实未补休。")
    sheet.warn("工资清单未列明加班工资、用人单位又不能举证已支付的，视为未支付（广东省工资支付条例第十七条）。"
                    "实行不定时工作制的不适用上述比例；综合计算工时工作制按周期计算（同条例第二十二、二十三条）。")
    sheet.cite("article/广东省工资支付条例/8", "article/广东省工资支付条例/17", "article/劳动法/41",
                 "article/广东省工资支付条例/22", "article/广东省工资支付条例/23")


CALCULATOR = Calculator.worked(
    name="overtime_pay",
    title="加班工资",
    purpose="按月工资或日工资计算工作日延时（150%）、休息日未补休（200%）、法定休假日（300%）的加班工资",
    input_model=OvertimeInput,
    compute=compute,
)
