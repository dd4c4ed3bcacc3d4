"""劳务派遣用工比例：用工单位最多可以使用多少被派遣劳动者（劳务派遣暂行规定第四条：不超过用工总量的10%，
用工总量 = 订立劳动合同人数 + 被派遣劳动者人数），以及现在是否超过。"""

from datetime import date
from decimal import ROUND_FLOOR, Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import Headcount
from legalqa.calculators.money import plain


class DispatchRatioInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contract_workers: Headcount | None = Field(
        None, title="订立劳动合同的人数", description="用工单位自己订立劳动合同的职工人数")
    dispatched_workers: Headcount | None = Field(
        None, title="被派遣劳动者人数", description="现在使用的被派遣劳动者人数；与订立劳动合同的人数一起填，可以判断是否超过比例")
    total_workforce: Headcount | None = Field(
        None, title="用工总量", description="只知道用工总量（订立劳动合同人数 + 被派遣人数）时填这一项")
    on_date: date = Field(default_factory=date.today, title="日期", description="要判断的日期，不填为今天")

    @model_validator(mode="after")
    def _one_way(self) -> "DispatchRatioInput":
        if (self.contract_workers is None) == (self.total_workforce is None):
            raise ValueError("请填写订立劳动合同的人数，或者只填用工总量 / give contract_workers or total_workforce")
        if self.total_workforce is not None and self.dispatched_workers is not None:
            raise ValueError("填了用工总量时不填被派遣人数，请改填订立劳动合同的人数 / with total_workforce, give "
                             "contract_workers instead of dispatched_workers")
        return self


def compute(inp: DispatchRatioInput, sheet: Worksheet) -> None:
    pct = Decimal(str(sheet.rate("dispatch_rule", inp.on_date).values["max_dispatched_percent"]))
    sheet.cite("article/劳务派遣暂行规定/4", "article/劳务派遣暂行规定/3", "article/劳动合同法/66")
    if inp.total_workforce is not None:
        most = int((Decimal(inp.total_workforce) * pct / 100).to_integral_value(ROUND_FLOOR))
        sheet.step(f"被派遣劳动者不得超过用工总量的{plain(pct)}%：{inp.total_workforce} × {plain(pct)}% = "
                   f"{plain(Decimal(inp.total_workforce) * pct / 100)}，最多 {most} 人（不足一人的部分不算）。")
        sheet.figure("最多可使用的被派遣劳动者", most, "人")
        return
    c = inp.contract_workers
    # d ≤ pct% × (c + d)  ⇔  d ≤ c × pct / (100 − pct)
    most = int((Decimal(c) * pct / (100 - pct)).to_integral_value(ROUND_FLOOR))
    sheet.step(f"被派遣劳动者不得超过用工总量（订立劳动合同人数 + 被派遣人数）的{plain(pct)}%：订立劳动合同 {c} 人时，"
               f"被派遣人数 d 须满足 d ≤ {plain(pct)}% × ({c} + d)，即 d ≤ {c} × {plain(pct)} ÷ {plain(100 - pct)}，"
               f"最多 {most} 人（不足一人的部分不算）。")
    sheet.figure("最多可使用的被派遣劳动者", most, "人")
    if inp.dispatched_workers is None:
        return
    d = inp.dispatched_workers
    total = c + d
    share = Decimal(d) * 100 / total if total else Decimal(0)
    over = d > most
    sheet.step(f"现在用工总量 {c} + {d} = {total} 人，被派遣 {d} 人，占 {share.quantize(Decimal('0.01'))}%，"
               + (f"超过{plain(pct)}%：多出 {d - most} 人。" if over else f"未超过{plain(pct)}%。"))
    sheet.figure("用工总量", total, "人")
    sheet.figure("是否超过比例", "是" if over else "否", "判断")
    sheet.figure("超出的人数", max(d - most, 0), "人")
    if over:
        sheet.warn("超过比例使用被派遣劳动者的，可以向劳动保障监察（12333）投诉；被派遣劳动者也只能在临时性、辅助性"
                   "或者替代性的岗位上使用（劳务派遣暂行规定第三条，劳动合同法第六十六条）。")
    sheet.warn("用人单位以承揽、外包等名义、按劳务派遣用工形式使用的劳动者，也按劳务派遣暂行规定处理（第二十七条），"
               "计算比例时应计入被派遣人数。")
    sheet.cite("article/劳务派遣暂行规定/27")


CALCULATOR = Calculator.worked(
    name="dispatch_ratio",
    title="劳务派遣用工比例",
    purpose="按订立劳动合同的人数算出最多可使用多少被派遣劳动者（不超过用工总量的10%），并判断现在是否超过",
    input_model=DispatchRatioInput,
    compute=compute,
)
