"""竞业限制经济补偿：没有约定补偿时按解除或终止前十二个月平均工资的30%按月支付、不低于劳动合同履行地的最低工资标准
（劳动争议解释（一）第三十六条），期限最长二年（劳动合同法第二十四条），用人单位在期限内解除的额外支付三个月
（第三十九条）。"""

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import City, MonthlyWage
from legalqa.calculators.minimum_wage import local_minimum_wage
from legalqa.calculators.money import show


class NonCompeteInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    employment_end_date: date = Field(title="解除或终止日期", description="劳动合同解除或终止之日，竞业限制从次日起算")
    monthly_wage: MonthlyWage = Field(title="月工资", description="劳动合同解除或终止前十二个月的平均工资（元/月）")
    agreed_monthly_compensation: MonthlyWage | None = Field(
        None, title="约定的每月补偿", description="协议约定了每月经济补偿的，填约定的数额；没有约定的留空")
    restriction_months: int = Field(ge=1, le=120, title="约定的竞业限制期限（月）", description="协议约定的期限，最长二年")
    city: City | None = Field(None, title="劳动合同履行地", description="广东省地级以上市，用来查最低工资标准")
    local_minimum_wage: MonthlyWage | None = Field(
        None, title="当地月最低工资标准", description="劳动合同履行地的月最低工资标准（元/月）；填了城市时不用填")
    released_after_months: Decimal | None = Field(
        None, ge=0, le=24, title="用人单位提前解除竞业限制时已履行的月数",
        description="用人单位在期限内解除竞业限制协议的，填解除时已经履行的月数")

    @model_validator(mode="after")
    def _consistent(self) -> "NonCompeteInput":
        if self.released_after_months is not None and self.released_after_months > self.restriction_months:
            raise ValueError("提前解除时已履行的月数不能超过约定期限 / released_after_months must not exceed "
                             "restriction_months")
        return self


def compute(inp: NonCompeteInput, sheet: Worksheet) -> None:
    rule = sheet.rate("non_compete_rule", inp.employment_end_date).values
    sheet.cite("article/劳动合同法/23", "article/劳动合同法/24", "article/劳动争议解释（一）/37",
               "article/劳动争议解释（一）/38")
    months = Decimal(inp.restriction_months)
    if inp.restriction_months > rule["max_restriction_months"]:
        months = Decimal(rule["max_restriction_months"])
        sheet.step(f"约定的期限 {inp.restriction_months} 个月超过二年，超过的部分无效，按 {rule['max_restriction_months']} 个月计"
                   "（劳动合同法第二十四条第二款）。")
    if inp.agreed_monthly_compensation is not None:
        monthly = inp.agreed_monthly_compensation
        sheet.step(f"约定的每月经济补偿 {show(monthly)} 元。")
    else:
        pct = Decimal(str(rule["compensation_percent_of_avg_wage"]))
        monthly = inp.monthly_wage * pct / 100
        sheet.cite("article/劳动争议解释（一）/36")
        sheet.step(f"没有约定经济补偿：按解除或终止前十二个月平均工资的{show(pct)}%，{show(inp.monthly_wage)} × {show(pct)}% = "
                   f"{show(monthly)} 元/月（劳动争议解释（一）第三十六条）。")
        minimum, how = inp.local_minimum_wage, "当地月最低工资标准（输入）"
        if inp.city is not None:
            mw = local_minimum_wage(sheet.rates, inp.city, inp.employment_end_date)
            mw.record(sheet)
            minimum, how = mw.monthly, mw.describe()
        if minimum is None:
            sheet.warn("按30%算出的补偿低于劳动合同履行地最低工资标准的，按最低工资标准支付；填写城市可以一并核对。")
        elif monthly < minimum:
            sheet.step(f"低于{how}，按最低工资标准 {show(minimum)} 元/月支付。")
            monthly = minimum
    sheet.money("每月经济补偿", monthly, "元/月")

    if inp.released_after_months is None:
        total = monthly * months
        sheet.step(f"期限内补偿合计 = {show(monthly)} × {show(months)} 个月 = {show(total)} 元。")
        sheet.money("竞业限制经济补偿合计", total)
    else:
        extra = Decimal(rule["early_release_extra_months"])
        sheet.cite("article/劳动争议解释（一）/39")
        served = monthly * inp.released_after_months
        bonus = monthly * extra
        sheet.step(f"用人单位在履行 {show(inp.released_after_months)} 个月后解除竞业限制：已履行期间的补偿 {show(monthly)} × "
                   f"{show(inp.released_after_months)} = {show(served)} 元，另可请求额外支付 {show(extra)} 个月 = "
                   f"{show(bonus)} 元（劳动争议解释（一）第三十九条第二款）。")
        sheet.money("已履行期间的经济补偿", served)
        sheet.money("提前解除额外支付的补偿", bonus)
        sheet.money("竞业限制经济补偿合计", served + bonus)
    sheet.warn(f"因用人单位的原因{rule['unpaid_months_worker_may_release']}个月未支付经济补偿的，劳动者可以请求解除竞业限制约定"
               "（劳动争议解释（一）第三十八条）。竞业限制只适用于高级管理人员、高级技术人员和其他负有保密义务的人员（劳动合同法第二十四条）。")


CALCULATOR = Calculator.worked(
    name="non_compete",
    title="竞业限制经济补偿",
    purpose="算竞业限制每月的经济补偿（没有约定的按30%、不低于最低工资）、期限内的合计，以及用人单位提前解除时额外的三个月",
    input_model=NonCompeteInput,
    compute=compute,
)
