"""未付的工资：月工资 ÷ 月计薪天数（21.75天）× 出勤天数，和/或逐月列出的欠发数额（劳动合同法第三十条；
劳动法第五十条；工资折算按人力资源社会保障部的月平均工作时间和工资折算通知）。"""

import re
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import MAX_ITEMS, MonthlyWage, Money
from legalqa.calculators.money import show

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
# the notice whose 二、 sets 日工资 = 月工资 ÷ 月计薪天数, by the start of the monthly_pay_days row it backs
CONVERSION_NOTICE = {
    date(2008, 1, 3): "article/关于职工全年月平均工作时间和工资折算问题的通知/2",
    date(2025, 1, 1): "article/人力资源社会保障部关于职工全年月平均工作时间和工资折算问题的通知/2",
}


def _month(v: str | None) -> str | None:
    if v is None:
        return None
    m = _MONTH_RE.match(v.strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1:
        raise ValueError("月份应为 YYYY-MM 格式 / month must be YYYY-MM")
    return v.strip()


class OwedMonth(BaseModel):
    model_config = ConfigDict(extra="forbid")

    month: str = Field(title="月份", description="YYYY-MM，例如 2024-10")
    amount: Money = Field(gt=0, title="欠发数额", description="这个月应发而没有发的工资（元）")

    _month_format = field_validator("month")(_month)


class UnpaidWagesInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    monthly_wage: MonthlyWage | None = Field(None, title="月工资", description="劳动合同约定的月工资（元/月）；按天折算时必填")
    days_worked: Decimal | None = Field(None, gt=0, le=366, title="未付工资的出勤天数",
                                        description="已经上班、但单位没有发工资的天数（可含半天，如 12.5）")
    month: str | None = Field(None, title="月份", description="出勤的月份 YYYY-MM，例如 2025-06；不填按今天适用的标准")
    owed_by_month: list[OwedMonth] = Field(
        default_factory=list, max_length=MAX_ITEMS, title="逐月欠发的工资",
        description="整月或已知数额的欠薪，逐月列出；可以和按天折算的部分一起填")

    _month_format = field_validator("month")(_month)

    @model_validator(mode="after")
    def _something_owed(self) -> "UnpaidWagesInput":
        if (self.monthly_wage is None) != (self.days_worked is None):
            raise ValueError("按天折算须同时填写月工资和出勤天数 / give monthly_wage and days_worked together")
        if self.days_worked is None and not self.owed_by_month:
            raise ValueError("请填写出勤天数或逐月欠发的工资 / give days_worked or owed_by_month")
        return self

    @property
    def on_date(self) -> date:
        if self.month is None:
            return date.today()
        year, month = self.month.split("-")
        return date(int(year), int(month), 1)


def _by_days(inp: UnpaidWagesInput, monthly_wage: Decimal, days_worked: Decimal, sheet: Worksheet) -> Decimal:
    row = sheet.rate("monthly_pay_days", inp.on_date)
    pay_days = Decimal(str(row.values["monthly_pay_days"]))
    sheet.cite(CONVERSION_NOTICE[row.start_date])
    daily = monthly_wage / pay_days
    owed = daily * days_worked
    where = f"{inp.month} " if inp.month else ""
    sheet.step(f"日工资 = 月工资 {show(monthly_wage)} ÷ 月计薪天数 {show(pay_days)} = {show(daily)} 元")
    sheet.step(f"{where}未付工资 = 日工资 {show(daily)} × 出勤 {show(days_worked)} 天 = {show(owed)} 元")
    if days_worked >= pay_days:
        sheet.warn(f"出勤天数达到或超过月计薪天数 {show(pay_days)} 天：整月出勤的工资按月工资计，不按天折算；"
                   "整月的欠薪请逐月列出。")
    return owed


def compute(inp: UnpaidWagesInput, sheet: Worksheet) -> None:
    sheet.cite("article/劳动合同法/30", "article/劳动法/50")
    owed = Decimal(0)
    if inp.monthly_wage is not None and inp.days_worked is not None:  # the validator holds both or neither
        owed = _by_days(inp, inp.monthly_wage, inp.days_worked, sheet)
    if inp.owed_by_month:
        listed = sum((m.amount for m in inp.owed_by_month), Decimal(0))
        sheet.step("逐月欠发：" + "；".join(f"{m.month} {show(m.amount)} 元" for m in inp.owed_by_month)
                   + f"，共 {show(listed)} 元")
        if owed:
            sheet.step(f"未付工资合计 = {show(owed)} + {show(listed)} = {show(owed + listed)} 元")
        owed += listed
    sheet.money("未付工资", owed)
    sheet.warn("单位拖欠工资的，可以直接申请仲裁，也可以向劳动保障监察（12333）投诉。劳动关系存续期间因拖欠劳动报酬申请仲裁，"
               "不受一年仲裁时效的限制；劳动关系终止的，应当自终止之日起一年内提出（劳动争议调解仲裁法第二十七条第四款）。")
    sheet.cite("article/劳动争议调解仲裁法/27")


CALCULATOR = Calculator.worked(
    name="unpaid_wages",
    title="未付的工资",
    purpose="按月工资 ÷ 21.75 × 出勤天数，或逐月列出的欠发数额，算单位没有发的工资",
    input_model=UnpaidWagesInput,
    compute=compute,
)
