"""经济性裁员的程序门槛（劳动合同法第四十一条）：裁减二十人以上，或者不足二十人但占企业职工总数百分之十以上的，
须提前三十日向工会或者全体职工说明情况、听取意见，并向劳动行政部门报告裁减人员方案。"""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import Headcount


class LayoffThresholdInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workforce: Headcount = Field(title="企业职工总数", description="用人单位现有职工总人数")
    dismissals: Headcount | None = Field(
        None, title="裁减人数", description="准备（或已经）裁减的人数；填了可以判断是否须履行法定程序")
    on_date: date = Field(default_factory=date.today, title="日期", description="裁员的日期，不填为今天")

    @model_validator(mode="after")
    def _consistent(self) -> "LayoffThresholdInput":
        if self.workforce == 0:
            raise ValueError("企业职工总数至少为1 / workforce must be at least 1")
        if self.dismissals is not None and self.dismissals > self.workforce:
            raise ValueError("裁减人数不能超过企业职工总数 / dismissals must not exceed workforce")
        return self


def compute(inp: LayoffThresholdInput, sheet: Worksheet) -> None:
    rule = sheet.rate("layoff_rule", inp.on_date).values
    heads, pct, notice = rule["threshold_headcount"], rule["threshold_percent"], rule["notice_days"]
    sheet.cite("article/劳动合同法/41", "article/劳动合同法/42", "article/企业经济性裁减人员规定/4")
    w = inp.workforce
    # n triggers the procedure when n ≥ heads or n × 100 ≥ pct × w; the largest n that does not:
    by_share = -(-pct * w // 100) - 1  # ceil(pct% × w) − 1
    largest = max(min(heads - 1, by_share), 0)
    sheet.step(f"须履行程序的情形：裁减 {heads} 人以上，或者不足 {heads} 人但占企业职工总数 {pct}% 以上。"
               f"职工总数 {w} 人的 {pct}% 是 {w * pct / 100:g} 人。")
    sheet.step(f"不触发程序的最多裁减人数：既要少于 {heads} 人，又要少于 {w * pct / 100:g} 人 → {largest} 人。")
    sheet.figure("不须履行裁员程序的最多裁减人数", largest, "人")
    if inp.dismissals is None:
        return
    n = inp.dismissals
    triggered = n >= heads or n * 100 >= pct * w
    if n >= heads:
        why = f"裁减 {n} 人，达到 {heads} 人"
    elif triggered:
        why = f"裁减 {n} 人不足 {heads} 人，但占职工总数 {n * 100 / w:.2f}%，达到 {pct}%"
    else:
        why = f"裁减 {n} 人不足 {heads} 人，占职工总数 {n * 100 / w:.2f}%，也不足 {pct}%"
    sheet.step(why + ("：须履行第四十一条的程序。" if triggered else "：不属于须履行第四十一条程序的规模。"))
    sheet.figure("是否须履行裁员程序", "是" if triggered else "否", "判断")
    if triggered:
        sheet.warn(f"程序：提前 {notice} 日向工会或者全体职工说明情况，听取工会或者职工的意见，裁减人员方案向劳动行政部门报告"
                   "（劳动合同法第四十一条第一款）；还须具备该款所列四种情形之一。未履行的，可能构成违法解除，"
                   "劳动者可以主张二倍的赔偿金（第八十七条）。")
        sheet.cite("article/劳动合同法/87")
    else:
        sheet.warn("不足门槛的裁员不适用第四十一条的程序，但用人单位解除劳动合同仍须有法定理由（如第四十条），并支付经济补偿。")
    sheet.warn("裁减人员时应当优先留用签订较长期限或无固定期限劳动合同、家庭无其他就业人员且有需要扶养的老人或者未成年人的"
               "职工；医疗期内、孕期产期哺乳期、在本单位连续工作满十五年且距退休不足五年等人员不得裁减（第四十一条第二款、第四十二条）。"
               "被裁减的有经济补偿（第四十六条第四项）。")
    sheet.cite("article/劳动合同法/46")


CALCULATOR = Calculator.worked(
    name="layoff_threshold",
    title="经济性裁员的程序门槛",
    purpose="按企业职工总数判断裁减多少人须履行法定裁员程序（二十人以上或占百分之十以上），以及不触发程序的最多人数",
    input_model=LayoffThresholdInput,
    compute=compute,
)
