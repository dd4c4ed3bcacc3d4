"""法定退休年龄（渐进式延迟以后）：按出生年月和原法定退休年龄，算出延迟几个月、几岁几个月到龄、哪一天到龄，
弹性提前和弹性延迟退休的范围，以及到龄那年按月领取基本养老金的最低缴费年限。

规则取自《国务院关于渐进式延迟法定退休年龄的办法》第一条至第三条（rates/retirement_age_rule.yaml）：从2025年1月1日起，
原法定退休年龄在这一天以后才到的职工，按原来到龄的月份逐月推算，男职工和原五十五周岁退休的女职工每四个月延迟一个月，
原五十周岁退休的女职工每二个月延迟一个月，到各自的上限为止。"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.periods import months_between, months_on_same_day

TABLE = "retirement_age_rule"
# the three groups of article 1, by the keys of their columns in the rate table
GROUPS = {"男职工": "men", "女职工（原五十五周岁退休）": "women_55", "女职工（原五十周岁退休）": "women_50"}


class RetirementAgeInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    birth_date: date = Field(ge=date(1930, 1, 1), le=date(2020, 12, 31), title="出生日期",
                             description="身份证上的出生日期；延迟按出生年月推算")
    group: Literal["男职工", "女职工（原五十五周岁退休）", "女职工（原五十周岁退休）"] = Field(
        title="原法定退休年龄", description="男职工原为六十周岁；女职工原为五十五周岁（一般是管理、技术岗位）"
                                     "或五十周岁（一般是生产、工人岗位），按原来适用的退休年龄选")
    on_date: date | None = Field(None, title="计算日期",
                                 description="按哪一天有效的规定计算，不填为今天（规定自2025年1月1日起施行）")


def age_text(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{years}周岁" + (f"{rest}个月" if rest else "")


def compute(inp: RetirementAgeInput, sheet: Worksheet) -> None:
    on = inp.on_date or sheet.today
    row = sheet.rate(TABLE, on)
    rule, reform = row.values, row.start_date  # the delay starts the day the rule does (第一条)
    key = GROUPS[inp.group]
    original, target, step = rule[f"{key}_original_age"], rule[f"{key}_target_age"], rule[f"{key}_step_months"]
    sheet.cite("article/国务院关于渐进式延迟法定退休年龄的办法/1", "article/国务院关于渐进式延迟法定退休年龄的办法/3")
    original_date = months_on_same_day(inp.birth_date, original * 12)
    sheet.step(f"{inp.group}原法定退休年龄 {original} 周岁：原来 {original_date.isoformat()} 到龄"
               f"（出生日期 {inp.birth_date.isoformat()} + {original} 年）。")
    if original_date < reform:
        delay = 0
        sheet.step(f"原来到龄的日子在 {reform.isoformat()} 以前：不延迟，仍按 {original} 周岁退休。")
    else:
        since = months_between(reform, original_date)
        most = (target - original) * 12
        delay = min(since // step + 1, most)
        sheet.step(f"从 {reform.year}年{reform.month}月 到原到龄的 {original_date.year}年{original_date.month}月 相隔 "
                   f"{since} 个月，每 {step} 个月延迟一个月，这个月本身也延迟一个月：{since} ÷ {step} 取整 + 1 = "
                   f"{since // step + 1} 个月" + (f"，超过上限 {most} 个月（到 {target} 周岁为止），按 {most} 个月。"
                                              if since // step + 1 > most else "。"))
    age_months = original * 12 + delay
    due = months_on_same_day(inp.birth_date, age_months)
    sheet.step(f"法定退休年龄 {original} 周岁 + {delay} 个月 = {age_text(age_months)}，"
               f"{due.isoformat()} 到龄（出生日期 + {age_text(age_months)}）。")
    flexible = rule["flexible_max_years"] * 12
    earliest_months = max(original * 12, age_months - flexible)
    earliest, latest = months_on_same_day(inp.birth_date, earliest_months), months_on_same_day(inp.birth_date, age_months + flexible)
    sheet.step(f"弹性提前退休最多提前 {rule['flexible_max_years']} 年、不得早于原法定退休年龄 {original} 周岁："
               f"最早 {age_text(earliest_months)}（{earliest.isoformat()}），要达到最低缴费年限、由你自愿选择；"
               f"弹性延迟退休要和单位协商一致，最多延迟 {rule['flexible_max_years']} 年：最晚 {latest.isoformat()}。")
    sheet.figure("原法定退休年龄", original, "周岁")
    sheet.figure("延迟", delay, "个月")
    sheet.figure("法定退休年龄", age_text(age_months), "")
    sheet.figure("到龄日期", due, "日期")
    sheet.figure("最早可弹性提前退休的日期", earliest, "日期")
    sheet.figure("协商一致最晚可弹性延迟到", latest, "日期")
    _minimum_contribution(rule, due, sheet)
    sheet.warn("按办法第一条的规则逐月推算；官方附件《延迟退休年龄对照表》本库未收录，请以社保经办机构的查询结果为准。"
               "从事井下、高空、高温、特别繁重体力劳动等特殊工种的，符合条件可以申请提前退休（第八条）；国家另有规定的，从其规定。")
    sheet.warn("还没到法定退休年龄的，单位不能以“到了退休年龄”为由终止劳动合同；任何人不得违背你的意愿强制或者变相强制你选择退休年龄（第三条）。")


def _minimum_contribution(rule: dict, due: date, sheet: Worksheet) -> None:
    """Article 2: the minimum years of contribution for a monthly pension, in the year the worker is due."""
    sheet.cite("article/国务院关于渐进式延迟法定退休年龄的办法/2")
    base, top = rule["min_contribution_years"], rule["min_contribution_target_years"]
    start = date.fromisoformat(str(rule["min_contribution_raise_start"]))
    per_year = rule["min_contribution_raise_months_per_year"]
    raised = 0 if due < start else min((due.year - start.year + 1) * per_year, (top - base) * 12)
    months = base * 12 + raised
    sheet.step(f"按月领取基本养老金的最低缴费年限：{start.isoformat()} 以前 {base} 年，此后每年提高 {per_year} 个月、"
               f"到 {top} 年为止；{due.year} 年到龄，为 {age_text(months).replace('周岁', '年')}。")
    sheet.figure("到龄那年的最低缴费年限", round(months / 12, 1), "年")
    sheet.warn("缴费不满最低缴费年限的，可以按规定延长缴费或者一次性缴费，达到后按月领取基本养老金（第二条）。")


CALCULATOR = Calculator.worked(
    name="retirement_age",
    title="法定退休年龄（延迟退休以后）",
    purpose="按出生年月和原法定退休年龄，算延迟以后几岁几个月、哪一天到法定退休年龄，弹性提前和延迟的范围，以及最低缴费年限",
    input_model=RetirementAgeInput,
    compute=compute,
)
