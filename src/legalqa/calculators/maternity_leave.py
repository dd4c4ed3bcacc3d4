"""广东产假、流产假、陪产假：天数和结束日期。"""

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Amount, CalcResult, LegalBasis
from legalqa.rates import RateBook

NATIONAL_TABLE = "maternity_leave_national"
GD_TABLE = "maternity_leave_gd_rule"


class MaternityLeaveInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case: Literal["生育", "流产", "陪产假"] = Field(
        title="情形", description="女职工生育、女职工流产，或男方陪产假")
    event_date: date = Field(title="生育或流产日期", description="分娩（或流产）的日期，决定适用哪一期规定")
    leave_start_date: date | None = Field(
        None, title="假期开始日期", description="假期第一天；不填则为生育或流产当日。生育的产前假最多15天")
    babies: int = Field(1, title="婴儿数", description="本次分娩的婴儿数，多胞胎每多1个增加产假")
    difficult_birth: bool = Field(False, title="难产", description="是否难产")
    pregnancy_full_months: int | None = Field(
        None, title="怀孕满几个月", description="流产时已怀孕满几个月（未满4个月、满4个月产假不同）")

    @model_validator(mode="after")
    def _consistent(self) -> "MaternityLeaveInput":
        if self.babies < 1:
            raise ValueError("婴儿数至少为1 / babies must be at least 1")
        if self.case == "流产":
            if self.pregnancy_full_months is None:
                raise ValueError("流产须填写怀孕满几个月 / pregnancy_full_months is required for 流产")
            if self.pregnancy_full_months < 0:
                raise ValueError("怀孕月数不能为负数 / pregnancy_full_months must not be negative")
        if self.case == "生育" and self.leave_start_date and self.leave_start_date > self.event_date:
            raise ValueError("产假开始日期不能晚于生育日期 / leave_start_date must not be after event_date")
        if self.case != "生育" and self.leave_start_date and self.leave_start_date < self.event_date:
            raise ValueError("假期开始日期不能早于生育或流产日期 / leave_start_date must not be before event_date")
        return self


def _birth(inp: MaternityLeaveInput, rates: RateBook, out: dict) -> int:
    national = rates.row_on(NATIONAL_TABLE, inp.event_date)
    gd = rates.row_on(GD_TABLE, inp.event_date)
    v = national.values
    out["used"] += [national.as_used(), gd.as_used()]
    out["articles"] += ["article/女职工劳动保护特别规定/7", "article/广东省人口与计划生育条例/30",
                        "article/女职工劳动保护特别规定/5"]
    steps, warnings = out["steps"], out["warnings"]
    parts = [v["maternity_leave_days"]]
    steps.append(f"国家产假 {parts[0]} 天（其中产前可休 {v['prenatal_leave_max_days']} 天）。")
    if inp.difficult_birth:
        parts.append(v["difficult_birth_extra_days"])
        steps.append(f"难产，增加 {parts[-1]} 天。")
    if inp.babies > 1:
        parts.append(v["extra_baby_days"] * (inp.babies - 1))
        steps.append(f"一次生育 {inp.babies} 个婴儿，每多1个增加 {v['extra_baby_days']} 天：{v['extra_baby_days']} × "
                     f"{inp.babies - 1} = {parts[-1]} 天。")
    reward = gd.values["reward_leave_days"]
    parts.append(reward)
    steps.append(f"广东奖励假 {reward} 天（符合法律、法规规定生育子女的）。")
    total = sum(parts)
    steps.append(f"合计 {' + '.join(str(p) for p in parts)} = {total} 天。")
    prenatal = (inp.event_date - (inp.leave_start_date or inp.event_date)).days
    if prenatal > v["prenatal_leave_max_days"]:
        warnings.append(f"假期开始日距生育日 {prenatal} 天，超过产前可休的 {v['prenatal_leave_max_days']} 天；"
                        "超出部分是否计入产假，请与用人单位确认。")
    if inp.difficult_birth or inp.babies > 1:
        warnings.append(f"奖励假{reward}天是否因难产、多胞胎而增加，条文没有规定；本计算按一次{reward}天。")
    warnings.append("奖励假以“符合法律、法规规定生育子女”为条件；假期内照发工资，不影响福利待遇和全勤评奖。")
    out["extra"].append(Amount(name="育儿假（子女三周岁以内，父母每年各）",
                               value=gd.values["childcare_leave_days_per_year"], unit="天"))
    return total


def _miscarriage(inp: MaternityLeaveInput, rates: RateBook, out: dict) -> int:
    national = rates.row_on(NATIONAL_TABLE, inp.event_date)
    out["used"].append(national.as_used())
    out["articles"] += ["article/女职工劳动保护特别规定/7", "article/女职工劳动保护特别规定/5"]
    if inp.pregnancy_full_months >= 4:
        total = national.values["miscarriage_4_months_or_more_days"]
        out["steps"].append(f"怀孕满4个月流产（已满 {inp.pregnancy_full_months} 个月），产假 {total} 天。")
    else:
        total = national.values["miscarriage_under_4_months_days"]
        out["steps"].append(f"怀孕未满4个月流产（满 {inp.pregnancy_full_months} 个月），产假 {total} 天。")
    return total


def _paternity(inp: MaternityLeaveInput, rates: RateBook, out: dict) -> int:
    gd = rates.row_on(GD_TABLE, inp.event_date)
    out["used"].append(gd.as_used())
    out["articles"].append("article/广东省人口与计划生育条例/30")
    total = gd.values["paternity_leave_days"]
    out["steps"].append(f"男方陪产假 {total} 天（符合法律、法规规定生育子女的）。")
    out["extra"].append(Amount(name="育儿假（子女三周岁以内，父母每年各）",
                               value=gd.values["childcare_leave_days_per_year"], unit="天"))
    return total


_CASES = {"生育": (_birth, "产假合计"), "流产": (_miscarriage, "流产产假"), "陪产假": (_paternity, "陪产假")}


def run(inp: MaternityLeaveInput, rates: RateBook) -> CalcResult:
    out: dict = {"steps": [], "warnings": [], "articles": [], "used": [], "extra": []}
    compute, name = _CASES[inp.case]
    total = compute(inp, rates, out)
    start = inp.leave_start_date or inp.event_date
    end = start + timedelta(days=total - 1)
    out["steps"].append(f"假期按连续的日历天数计算，开始当日计入：{start.isoformat()} 起 {total} 天，"
                        f"最后一天为 {end.isoformat()}（{start.isoformat()} + {total - 1} 天）。")
    out["warnings"].append("假期按连续日历天数计算；遇法定节假日是否顺延，本库法规条文没有规定，"
                           "请以当地人社部门口径为准。")
    return CalcResult(
        calculator="maternity_leave",
        amounts=[Amount(name=name, value=total, unit="天"),
                 Amount(name="假期最后一天", value=end.isoformat(), unit="日期")] + out["extra"],
        steps=out["steps"],
        legal_basis=LegalBasis(articles=out["articles"], rates=out["used"]),
        warnings=out["warnings"],
    )


CALCULATOR = Calculator(
    name="maternity_leave",
    title="产假与陪产假（广东）",
    purpose="按生育情形算产假、流产假或陪产假天数，给出假期最后一天",
    input_model=MaternityLeaveInput,
    run=run,
)
