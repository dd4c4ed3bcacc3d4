"""广东产假、流产假、陪产假：天数和结束日期。国家规定（女职工劳动保护特别规定第七条）之上，广东的办法把难产
增加的产假定为30天、流产假分三档，广东人口与计划生育条例另给奖励假、陪产假和育儿假。"""

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.rates import RateNotCovered, RateRow

NATIONAL_TABLE = "maternity_leave_national"
GD_TABLE = "maternity_leave_gd_rule"
GD_MEASURES_TABLE = "maternity_leave_gd_measures"


class MaternityLeaveInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case: Literal["生育", "流产", "陪产假"] = Field(
        title="情形", description="女职工生育、女职工流产，或男方陪产假")
    event_date: date = Field(title="生育或流产日期", description="分娩（或流产）的日期，决定适用哪一期规定")
    leave_start_date: date | None = Field(
        None, title="假期开始日期", description="假期第一天；不填则为生育或流产当日。生育的产前假最多15天")
    babies: int = Field(1, ge=1, le=10, title="婴儿数", description="本次分娩的婴儿数，多胞胎每多1个增加产假")
    difficult_birth: bool = Field(False, title="难产", description="难产的请勾选")
    pregnancy_full_months: int | None = Field(
        None, ge=0, le=10, title="怀孕满几个月", description="流产时已怀孕满几个月（未满4个月、满4个月、满7个月产假不同）")
    advised_days: int | None = Field(
        None, ge=15, le=30, title="医疗机构建议的流产假天数",
        description="怀孕未满4个月流产的，广东按医疗机构的意见休15至30天；有医疗机构意见的填天数")

    @model_validator(mode="after")
    def _consistent(self) -> "MaternityLeaveInput":
        if self.case == "流产" and self.pregnancy_full_months is None:
            raise ValueError("流产须填写怀孕满几个月 / pregnancy_full_months is required for 流产")
        if self.case == "生育" and self.leave_start_date and self.leave_start_date > self.event_date:
            raise ValueError("产假开始日期不能晚于生育日期 / leave_start_date must not be after event_date")
        if self.case != "生育" and self.leave_start_date and self.leave_start_date < self.event_date:
            raise ValueError("假期开始日期不能早于生育或流产日期 / leave_start_date must not be before event_date")
        return self


def _gd_measures(inp: MaternityLeaveInput, sheet: Worksheet) -> RateRow | None:
    """The Guangdong measures in force on the event date, or None (with a warning) before the sourced date."""
    try:
        row = sheet.rate(GD_MEASURES_TABLE, inp.event_date)
    except RateNotCovered:
        sheet.warn("广东省实施《女职工劳动保护特别规定》办法对难产和流产另有规定（难产增加30天；流产分15至30天、42天、75天），"
                   "但其施行日期未查得，本计算对这个日期只按国家规定计算，请向当地人社部门核实。")
        return None
    return row


def _birth(inp: MaternityLeaveInput, sheet: Worksheet) -> int:
    national = sheet.rate(NATIONAL_TABLE, inp.event_date).values
    gd = sheet.rate(GD_TABLE, inp.event_date).values
    measures = _gd_measures(inp, sheet)
    sheet.cite("article/女职工劳动保护特别规定/7", "article/广东省人口与计划生育条例/30", "article/女职工劳动保护特别规定/5")
    parts = [national["maternity_leave_days"]]
    sheet.step(f"国家产假 {parts[0]} 天（其中产前可休 {national['prenatal_leave_max_days']} 天）。")
    if inp.difficult_birth:
        if measures is not None:
            parts.append(measures.values["difficult_birth_extra_days"])
            sheet.step(f"难产，广东增加 {parts[-1]} 天（广东省实施《女职工劳动保护特别规定》办法第十一条，"
                       f"国家规定为 {national['difficult_birth_extra_days']} 天）。")
        else:
            parts.append(national["difficult_birth_extra_days"])
            sheet.step(f"难产，增加 {parts[-1]} 天。")
    if inp.babies > 1:
        per_baby = (measures.values if measures is not None else national)["extra_baby_days"]
        parts.append(per_baby * (inp.babies - 1))
        sheet.step(f"一次生育 {inp.babies} 个婴儿，每多1个增加 {per_baby} 天：{per_baby} × {inp.babies - 1} = {parts[-1]} 天。")
    reward = gd["reward_leave_days"]
    parts.append(reward)
    sheet.step(f"广东奖励假 {reward} 天（符合法律、法规规定生育子女的）。")
    total = sum(parts)
    sheet.step(f"合计 {' + '.join(str(p) for p in parts)} = {total} 天。")
    prenatal = (inp.event_date - (inp.leave_start_date or inp.event_date)).days
    if prenatal > national["prenatal_leave_max_days"]:
        sheet.warn(f"假期开始日距生育日 {prenatal} 天，超过产前可休的 {national['prenatal_leave_max_days']} 天；"
                   "超出部分是否计入产假，请与用人单位确认。")
    if inp.difficult_birth or inp.babies > 1:
        sheet.warn(f"奖励假{reward}天是否因难产、多胞胎而增加，条文没有规定；本计算按一次{reward}天。")
    sheet.warn("奖励假以“符合法律、法规规定生育子女”为条件；假期内照发工资，不影响福利待遇和全勤评奖。")
    return total


def _miscarriage(inp: MaternityLeaveInput, sheet: Worksheet) -> int:
    national = sheet.rate(NATIONAL_TABLE, inp.event_date).values
    sheet.cite("article/女职工劳动保护特别规定/7", "article/女职工劳动保护特别规定/5")
    months = inp.pregnancy_full_months
    measures = _gd_measures(inp, sheet)
    if measures is None:
        total = national["miscarriage_4_months_or_more_days" if months >= 4 else "miscarriage_under_4_months_days"]
        sheet.step(f"怀孕{'满' if months >= 4 else '未满'}4个月流产（已满 {months} 个月），产假 {total} 天。")
        return total
    v = measures.values
    if months >= 7:
        total = v["miscarriage_7_months_or_more_days"]
        sheet.step(f"怀孕满7个月以上流产（已满 {months} 个月），广东产假 {total} 天。")
    elif months >= 4:
        total = v["miscarriage_4_to_7_months_days"]
        sheet.step(f"怀孕满4个月不满7个月流产（已满 {months} 个月），产假 {total} 天。")
    else:
        low, high = v["miscarriage_under_4_months_min_days"], v["miscarriage_under_4_months_max_days"]
        total = inp.advised_days or low
        sheet.step(f"怀孕未满4个月流产（满 {months} 个月），广东按医疗机构的意见休 {low} 至 {high} 天："
                   + (f"医疗机构意见 {total} 天。" if inp.advised_days else f"没有填医疗机构意见，按最少的 {low} 天计算。"))
        if not inp.advised_days:
            sheet.warn(f"医疗机构意见可以给到 {high} 天，请以医疗机构开具的证明为准。")
    return total


def _paternity(inp: MaternityLeaveInput, sheet: Worksheet) -> int:
    gd = sheet.rate(GD_TABLE, inp.event_date).values
    sheet.cite("article/广东省人口与计划生育条例/30")
    total = gd["paternity_leave_days"]
    sheet.step(f"男方陪产假 {total} 天（符合法律、法规规定生育子女的）。")
    return total


_CASES = {"生育": (_birth, "产假合计"), "流产": (_miscarriage, "流产产假"), "陪产假": (_paternity, "陪产假")}


def compute(inp: MaternityLeaveInput, sheet: Worksheet) -> None:
    count, name = _CASES[inp.case]
    total = count(inp, sheet)
    start = inp.leave_start_date or inp.event_date
    end = start + timedelta(days=total - 1)
    sheet.step(f"假期按连续的日历天数计算，开始当日计入：{start.isoformat()} 起 {total} 天，"
               f"最后一天为 {end.isoformat()}（{start.isoformat()} + {total - 1} 天）。")
    sheet.figure(name, total, "天")
    sheet.figure("假期最后一天", end, "日期")
    if inp.case != "流产":
        childcare = sheet.rate(GD_TABLE, inp.event_date).values["childcare_leave_days_per_year"]
        sheet.figure("育儿假（子女三周岁以内，父母每年各）", childcare, "天")
    sheet.warn("假期按连续日历天数计算；遇法定节假日是否顺延，本库法规条文没有规定，请以当地人社部门口径为准。")


CALCULATOR = Calculator.worked(
    name="maternity_leave",
    title="产假与陪产假（广东）",
    purpose="按生育情形算产假、流产假或陪产假天数，给出假期最后一天",
    input_model=MaternityLeaveInput,
    compute=compute,
)
