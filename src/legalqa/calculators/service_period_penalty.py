"""服务期违约金上限（劳动合同法第二十二条）：违约金不得超过服务期尚未履行部分所应分摊的培训费用；
劳动者因用人单位过错依第三十八条解除的，不属于违反服务期约定（实施条例第二十六条）。"""

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import Money
from legalqa.calculators.money import show

MAX_SERVICE_MONTHS = 600


class ServicePeriodPenaltyInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    training_cost: Money = Field(
        title="培训费用", description="用人单位为专业技术培训支付的有凭证的培训费用、培训期间差旅费和其他直接费用（元）")
    service_months: int = Field(ge=1, le=MAX_SERVICE_MONTHS, title="约定的服务期（月）", description="服务期协议约定的月数")
    served_months: Decimal = Field(ge=0, le=MAX_SERVICE_MONTHS, title="已履行的服务期（月）",
                                   description="离职时服务期已经履行的月数，可带小数")
    agreed_penalty: Money | None = Field(None, title="约定的违约金", description="服务期协议约定的违约金（元），可不填")
    worker_resigns_38: bool = Field(
        False, title="因单位过错依第三十八条解除",
        description="劳动者因用人单位拖欠工资、未缴社保等依第三十八条解除的请勾选：不属于违反服务期约定")

    @model_validator(mode="after")
    def _consistent(self) -> "ServicePeriodPenaltyInput":
        if self.served_months > self.service_months:
            raise ValueError("已履行的服务期不能超过约定的服务期 / served_months must not exceed service_months")
        return self


def compute(inp: ServicePeriodPenaltyInput, sheet: Worksheet) -> None:
    sheet.cite("article/劳动合同法/22", "article/劳动合同法实施条例/16", "article/劳动合同法/25")
    if inp.worker_resigns_38:
        sheet.cite("article/劳动合同法实施条例/26")
        sheet.step("劳动者依劳动合同法第三十八条解除劳动合同，不属于违反服务期的约定，用人单位不得要求支付违约金"
                   "（实施条例第二十六条第一款）。")
        sheet.money("最多应付的违约金", Decimal(0))
        return
    remaining = inp.service_months - inp.served_months
    cap = inp.training_cost * remaining / inp.service_months
    sheet.step(f"服务期 {inp.service_months} 个月，已履行 {show(inp.served_months)} 个月，尚未履行 {show(remaining)} 个月。")
    sheet.step(f"违约金上限 = 培训费用 {show(inp.training_cost)} × {show(remaining)} ÷ {inp.service_months} = {show(cap)} 元"
               "（不得超过服务期尚未履行部分所应分摊的培训费用）。")
    rounded_cap = sheet.money("违约金上限", cap)
    if inp.agreed_penalty is None:
        return
    owed = min(inp.agreed_penalty, cap)
    if inp.agreed_penalty > cap:
        sheet.step(f"约定的违约金 {show(inp.agreed_penalty)} 元超过上限，超出的 {show(inp.agreed_penalty - cap)} 元不需支付；"
                   f"最多支付 {rounded_cap} 元。")
    else:
        sheet.step(f"约定的违约金 {show(inp.agreed_penalty)} 元未超过上限，按约定支付。")
    sheet.money("最多应付的违约金", owed)
    sheet.money("不需支付的部分", inp.agreed_penalty - owed)
    sheet.warn("只有用人单位提供专项培训费用、进行专业技术培训并约定了服务期的，才能约定服务期违约金；"
               "其他情形不得约定由劳动者承担违约金（劳动合同法第二十五条）。")


CALCULATOR = Calculator.worked(
    name="service_period_penalty",
    title="服务期违约金上限",
    purpose="按培训费用和服务期尚未履行的部分算出违约金的上限，超过的部分不需支付",
    input_model=ServicePeriodPenaltyInput,
    compute=compute,
)
