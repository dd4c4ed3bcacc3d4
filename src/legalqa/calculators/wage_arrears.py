"""拖欠劳动报酬、加班费或经济补偿的加付赔偿金（劳动合同法第八十五条）：劳动行政部门责令限期支付，逾期不支付的，
按应付金额百分之五十以上百分之一百以下加付赔偿金；工资低于最低工资标准的，还应支付差额。"""

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import Money
from legalqa.calculators.money import show


class WageArrearsInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unpaid_wages: Money = Field(Decimal(0), title="拖欠的劳动报酬", description="未按约定或国家规定及时足额支付的工资（元）")
    unpaid_overtime: Money = Field(Decimal(0), title="拖欠的加班费", description="安排加班而未支付的加班费（元）")
    unpaid_severance: Money = Field(Decimal(0), title="未支付的经济补偿", description="解除或终止劳动合同未依法支付的经济补偿（元）")
    below_minimum_shortfall: Money = Field(
        Decimal(0), title="低于最低工资标准的差额", description="工资低于当地最低工资标准的差额部分（元）")
    percent: Decimal | None = Field(
        None, ge=50, le=100, title="加付赔偿金比例（%）", description="劳动行政部门责令的比例，50至100；不填时给出范围")
    on_date: date = Field(default_factory=date.today, title="日期", description="责令支付的日期，不填为今天")

    @model_validator(mode="after")
    def _something_owed(self) -> "WageArrearsInput":
        if not (self.unpaid_wages or self.unpaid_overtime or self.unpaid_severance or self.below_minimum_shortfall):
            raise ValueError("请填写拖欠的数额 / give at least one unpaid amount")
        return self


def compute(inp: WageArrearsInput, sheet: Worksheet) -> None:
    rule = sheet.rate("wage_arrears_rule", inp.on_date).values
    sheet.cite("article/劳动合同法/85", "article/劳动合同法/30")
    parts = [(name, value) for name, value in (("劳动报酬", inp.unpaid_wages), ("加班费", inp.unpaid_overtime),
                                               ("经济补偿", inp.unpaid_severance),
                                               ("低于最低工资标准的差额", inp.below_minimum_shortfall)) if value]
    owed = sum((v for _, v in parts), Decimal(0))
    sheet.step("应付金额 = " + " + ".join(f"{name} {show(v)}" for name, v in parts) + f" = {show(owed)} 元。")
    sheet.money("应付金额", owed)
    low, high = Decimal(rule["additional_compensation_min_percent"]), Decimal(rule["additional_compensation_max_percent"])
    if inp.percent is None:
        sheet.step(f"逾期不支付的，加付赔偿金 = 应付金额 × {show(low)}% 至 {show(high)}% = {show(owed * low / 100)} 至 "
                   f"{show(owed * high / 100)} 元。")
        sheet.money(f"加付赔偿金（{show(low)}%）", owed * low / 100)
        sheet.money(f"加付赔偿金（{show(high)}%）", owed * high / 100)
    else:
        extra = owed * inp.percent / 100
        sheet.step(f"加付赔偿金 = {show(owed)} × {show(inp.percent)}% = {show(extra)} 元；连同应付金额共 {show(owed + extra)} 元。")
        sheet.money("加付赔偿金", extra)
        sheet.money("合计", owed + extra)
    sheet.warn("加付赔偿金的前提是劳动行政部门（劳动保障监察，12333）已责令用人单位限期支付、用人单位逾期仍不支付；"
               "可以先向劳动保障监察投诉。拖欠的工资本身可以直接申请仲裁，仲裁时效见劳动争议调解仲裁法第二十七条。")
    sheet.cite("article/劳动争议调解仲裁法/27")


CALCULATOR = Calculator.worked(
    name="wage_arrears",
    title="拖欠工资的加付赔偿金",
    purpose="按拖欠的劳动报酬、加班费、经济补偿和低于最低工资的差额，算逾期不支付时50%至100%的加付赔偿金",
    input_model=WageArrearsInput,
    compute=compute,
)
