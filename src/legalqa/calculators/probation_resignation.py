"""试用期与辞职：法定试用期上限、违法约定试用期的赔偿金、辞职通知期届满日，以及辞职通知送达后不能单方撤回。"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from legalqa.calculators import Calculator
from legalqa.calculators.base import Amount, CalcResult, LegalBasis
from legalqa.calculators.fields import not_negative
from legalqa.calculators.money import plain, yuan
from legalqa.rates import RateBook, RateRow

RULE_TABLE = "probation_rule"


class ProbationResignationInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on_date: date | None = Field(
        None, title="劳动合同订立日", description="用来确定适用的规定；不填时用辞职通知送达日")
    contract_type: Literal["固定期限", "无固定期限", "以完成一定工作任务为期限"] | None = Field(
        None, title="劳动合同类型", description="固定期限、无固定期限，或以完成一定工作任务为期限")
    contract_term_months: int | None = Field(
        None, title="劳动合同期限（月）", description="固定期限劳动合同的期限，按月计，如两年填24")
    agreed_probation_months: Decimal | None = Field(
        None, title="约定的试用期（月）", description="劳动合同约定的试用期月数")
    repeated_probation: bool = Field(
        False, title="再次约定试用期", description="同一用人单位与同一劳动者是否已约定过试用期（本次为第二次或以上）")
    probation_served_months: Decimal | None = Field(
        None, title="已履行的试用期（月）", description="违法约定的试用期已经实际履行的月数")
    post_probation_monthly_wage: Decimal | None = Field(
        None, title="试用期满月工资", description="劳动者试用期满后的月工资（元/月），赔偿金按此标准")
    resignation_notice_date: date | None = Field(
        None, title="辞职通知送达日", description="劳动者的辞职通知送达用人单位之日")
    in_probation: bool = Field(False, title="在试用期内", description="提出辞职时是否在试用期内（提前三日通知）")

    _not_negative = field_validator("agreed_probation_months", "probation_served_months", "post_probation_monthly_wage")(not_negative)

    @field_validator("contract_term_months")
    @classmethod
    def _term(cls, v: int | None) -> int | None:
        if v is not None and v < 1:
            raise ValueError("劳动合同期限至少为1个月 / contract_term_months must be at least 1")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "ProbationResignationInput":
        if self.contract_type is None and self.resignation_notice_date is None:
            raise ValueError("请填写劳动合同类型（算试用期）或辞职通知送达日（算辞职生效日） / "
                             "give contract_type or resignation_notice_date")
        if self.on_date is None:
            if self.resignation_notice_date is None:
                raise ValueError("须填写劳动合同订立日 / on_date is required")
            self.on_date = self.resignation_notice_date
        if self.contract_type == "固定期限" and self.contract_term_months is None:
            raise ValueError("固定期限劳动合同须填写合同期限 / contract_term_months is required for 固定期限")
        if (self.probation_served_months is None) != (self.post_probation_monthly_wage is None):
            raise ValueError("计算赔偿金须同时填写已履行的试用期和试用期满月工资 / "
                             "probation_served_months and post_probation_monthly_wage go together")
        if self.probation_served_months is not None and self.contract_type is None:
            raise ValueError("计算赔偿金须填写劳动合同类型 / contract_type is required for the compensation")
        return self


def _max_probation(inp: ProbationResignationInput, rule: RateRow) -> tuple[int, str]:
    if inp.contract_type == "无固定期限":
        return rule.values["open_ended_max_probation_months"], "无固定期限劳动合同"
    if inp.contract_type == "以完成一定工作任务为期限":
        return rule.values["task_based_max_probation_months"], "以完成一定工作任务为期限的劳动合同"
    term = inp.contract_term_months
    tier = next(t for t in rule.values["fixed_term_tiers"]
                if term >= t["term_months_from"] and (t["term_months_below"] is None or term < t["term_months_below"]))
    low, high = tier["term_months_from"], tier["term_months_below"]
    band = (f"不满{high}个月" if low == 0 else f"{low}个月以上" if high is None else f"{low}个月以上不满{high}个月")
    return tier["max_probation_months"], f"期限 {term} 个月的固定期限劳动合同（{band}）"


def _probation(inp: ProbationResignationInput, rule: RateRow, steps: list[str], warnings: list[str],
               amounts: list[Amount], articles: list[str]) -> None:
    articles.append("article/劳动合同法/19")
    cap, what = _max_probation(inp, rule)
    steps.append(f"{what}：试用期最长 {cap} 个月" + ("，即不得约定试用期。" if cap == 0 else "。"))
    amounts.append(Amount(name="法定试用期上限", value=cap, unit="个月"))
    if inp.repeated_probation:
        steps.append("同一用人单位与同一劳动者只能约定一次试用期：本次约定的试用期整体违法。")
    if inp.agreed_probation_months is not None:
        if inp.repeated_probation or inp.agreed_probation_months > cap:
            warnings.append(f"约定的试用期 {plain(inp.agreed_probation_months)} 个月违反劳动合同法第十九条"
                            + ("（重复约定）" if inp.repeated_probation else f"（上限 {cap} 个月）")
                            + "，由劳动行政部门责令改正；已经履行的，用人单位应支付赔偿金（第八十三条）。")
        else:
            steps.append(f"约定的试用期 {plain(inp.agreed_probation_months)} 个月，未超过上限。")

    if inp.probation_served_months is not None:
        articles.append("article/劳动合同法/83")
        served, wage = inp.probation_served_months, inp.post_probation_monthly_wage
        if inp.repeated_probation or cap == 0:
            illegal = served
            steps.append(f"违法约定的试用期已履行 {plain(served)} 个月，全部属于违法期间。")
        else:
            illegal = max(served - cap, Decimal(0))
            steps.append(f"已履行的试用期 {plain(served)} 个月，超过法定试用期的期间 = max({plain(served)} − {cap}, 0)"
                         f" = {plain(illegal)} 个月。")
        compensation = illegal * wage
        steps.append(f"赔偿金 = 试用期满月工资 {plain(wage)} × {plain(illegal)} 个月 = {yuan(compensation)} 元。")
        amounts.append(Amount(name="违法约定试用期赔偿金", value=float(yuan(compensation)), unit="元"))


def _resignation(inp: ProbationResignationInput, rule: RateRow, steps: list[str], warnings: list[str],
                 amounts: list[Amount], articles: list[str]) -> None:
    articles += ["article/劳动合同法/37", "article/民法典/201"]
    key = "probation_resignation_notice_days" if inp.in_probation else "resignation_notice_days"
    days = rule.values[key]
    sent = inp.resignation_notice_date
    effective = sent + timedelta(days=days)
    if inp.in_probation:
        steps.append(f"试用期内，劳动者提前 {days} 日通知用人单位，可以解除劳动合同。")
    else:
        steps.append(f"劳动者提前 {days} 日以书面形式通知用人单位，可以解除劳动合同。")
    steps.append(f"通知于 {sent.isoformat()} 送达，开始的当日不计入（民法典第二百零一条），"
                 f"通知期最后一日 = {sent.isoformat()} + {days} 日 = {effective.isoformat()}；期满劳动合同解除。")
    amounts.append(Amount(name="通知期届满日（辞职生效）", value=effective.isoformat(), unit="日期"))
    warnings.append("辞职不需要用人单位同意或批准。工会律师的意见是：辞职通知一经送达用人单位即产生效力，"
                    "劳动者不能单方撤回；想继续留任的，须与用人单位协商一致恢复劳动关系"
                    "（劳动合同法第三十七条；见案例：职工提出辞职后，可以撤回吗？）。")
    if not inp.in_probation:
        warnings.append("请保留书面通知及送达的证据（如签收、邮寄或电子送达记录），送达日决定通知期从哪天起算。")


def run(inp: ProbationResignationInput, rates: RateBook) -> CalcResult:
    rule = rates.row_on(RULE_TABLE, inp.on_date)
    steps: list[str] = []
    warnings: list[str] = []
    amounts: list[Amount] = []
    articles: list[str] = []
    if inp.contract_type is not None:
        _probation(inp, rule, steps, warnings, amounts, articles)
    if inp.resignation_notice_date is not None:
        _resignation(inp, rule, steps, warnings, amounts, articles)
    return CalcResult(
        calculator="probation_resignation",
        amounts=amounts,
        steps=steps,
        legal_basis=LegalBasis(articles=articles, rates=[rule.as_used()]),
        warnings=warnings,
    )


CALCULATOR = Calculator(
    name="probation_resignation",
    title="试用期与辞职",
    purpose="按劳动合同期限算法定试用期上限和违法试用期赔偿金，按辞职通知送达日算通知期届满日",
    input_model=ProbationResignationInput,
    run=run,
)
