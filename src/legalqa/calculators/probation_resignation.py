"""试用期与辞职：法定试用期上限、违法约定试用期的赔偿金、试用期工资下限，辞职通知期届满日（或为想离职的
日子倒推最晚的通知日），以及辞职通知送达后不能单方撤回。"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import City, MonthlyWage
from legalqa.calculators.minimum_wage import monthly_minimum
from legalqa.calculators.money import plain, yuan
from legalqa.rates import RateRow

RULE_TABLE = "probation_rule"
MAX_MONTHS = 1200  # a hundred years of contract: anything longer is a typing error


class ProbationResignationInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on_date: date | None = Field(
        None, title="劳动合同订立日", description="用来确定适用的规定；不填时用辞职通知送达日或想离职的日子")
    contract_type: Literal["固定期限", "无固定期限", "以完成一定工作任务为期限"] | None = Field(
        None, title="劳动合同类型", description="固定期限、无固定期限，或以完成一定工作任务为期限")
    contract_term_months: int | None = Field(
        None, ge=1, le=MAX_MONTHS, title="劳动合同期限（月）", description="固定期限劳动合同的期限，按月计，如两年填24")
    agreed_probation_months: Decimal | None = Field(
        None, ge=0, le=120, title="约定的试用期（月）", description="劳动合同约定的试用期月数")
    repeated_probation: bool = Field(
        False, title="再次约定试用期", description="同一用人单位与同一劳动者已约定过试用期、本次是第二次或以上的请勾选")
    probation_served_months: Decimal | None = Field(
        None, ge=0, le=120, title="已履行的试用期（月）", description="违法约定的试用期已经实际履行的月数")
    post_probation_monthly_wage: MonthlyWage | None = Field(
        None, title="试用期满月工资（劳动合同约定的工资）",
        description="劳动者试用期满后的月工资（元/月）：赔偿金按此标准；试用期工资不得低于它的80%")
    probation_monthly_wage: MonthlyWage | None = Field(
        None, title="试用期月工资", description="试用期内实际的月工资（元/月），用来判断是否低于试用期工资下限")
    same_post_lowest_wage: MonthlyWage | None = Field(
        None, title="本单位相同岗位最低档工资", description="元/月；试用期工资不得低于它的80%（实施条例第十五条）")
    city: City | None = Field(None, title="用人单位所在城市", description="用来查当地最低工资标准（试用期工资下限）")
    local_minimum_wage: MonthlyWage | None = Field(
        None, title="当地月最低工资标准", description="元/月；填了城市时不用填")
    resignation_notice_date: date | None = Field(
        None, title="辞职通知送达日", description="劳动者的辞职通知送达用人单位之日")
    wanted_leaving_date: date | None = Field(
        None, title="想离职的日子", description="想在哪一天离职（劳动合同最后一天）；算出最晚哪天要把辞职通知送到单位")
    in_probation: bool = Field(False, title="在试用期内", description="提出辞职时在试用期内的请勾选（提前三日通知）")

    @model_validator(mode="after")
    def _consistent(self) -> "ProbationResignationInput":
        if self.contract_type is None and self.resignation_notice_date is None and self.wanted_leaving_date is None \
                and not self.wants_wage_floor:
            raise ValueError("请填写劳动合同类型（算试用期）、试用期工资，或辞职通知送达日、想离职的日子（算辞职日期） / "
                             "give contract_type, a probation wage, or resignation_notice_date / wanted_leaving_date")
        if self.on_date is None:
            self.on_date = self.resignation_notice_date or self.wanted_leaving_date
            if self.on_date is None:
                raise ValueError("须填写劳动合同订立日 / on_date is required")
        if self.contract_type == "固定期限" and self.contract_term_months is None:
            raise ValueError("固定期限劳动合同须填写合同期限 / contract_term_months is required for 固定期限")
        if self.probation_served_months is not None:
            if self.post_probation_monthly_wage is None:
                raise ValueError("计算赔偿金须填写试用期满月工资 / post_probation_monthly_wage is required with "
                                 "probation_served_months")
            if self.contract_type is None:
                raise ValueError("计算赔偿金须填写劳动合同类型 / contract_type is required for the compensation")
        return self

    @property
    def wants_wage_floor(self) -> bool:
        """Asked about the probation wage: a probation wage, a same-post wage, or the agreed wage with the
        local minimum wage."""
        return (self.probation_monthly_wage is not None or self.same_post_lowest_wage is not None
                or (self.post_probation_monthly_wage is not None
                    and (self.city is not None or self.local_minimum_wage is not None)
                    and self.probation_served_months is None))


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


def _probation(inp: ProbationResignationInput, rule: RateRow, sheet: Worksheet) -> None:
    sheet.cite("article/劳动合同法/19")
    cap, what = _max_probation(inp, rule)
    sheet.step(f"{what}：试用期最长 {cap} 个月" + ("，即不得约定试用期。" if cap == 0 else "。"))
    sheet.figure("法定试用期上限", cap, "个月")
    if inp.repeated_probation:
        sheet.step("同一用人单位与同一劳动者只能约定一次试用期：本次约定的试用期整体违法。")
    if inp.agreed_probation_months is not None:
        if inp.repeated_probation or inp.agreed_probation_months > cap:
            sheet.warn(f"约定的试用期 {plain(inp.agreed_probation_months)} 个月违反劳动合同法第十九条"
                       + ("（重复约定）" if inp.repeated_probation else f"（上限 {cap} 个月）")
                       + "，由劳动行政部门责令改正；已经履行的，用人单位应支付赔偿金（第八十三条）。")
        else:
            sheet.step(f"约定的试用期 {plain(inp.agreed_probation_months)} 个月，未超过上限。")

    if inp.probation_served_months is not None:
        sheet.cite("article/劳动合同法/83")
        served, wage = inp.probation_served_months, inp.post_probation_monthly_wage
        if inp.repeated_probation or cap == 0:
            illegal = served
            sheet.step(f"违法约定的试用期已履行 {plain(served)} 个月，全部属于违法期间。")
        else:
            illegal = max(served - cap, Decimal(0))
            sheet.step(f"已履行的试用期 {plain(served)} 个月，超过法定试用期的期间 = max({plain(served)} − {cap}, 0)"
                       f" = {plain(illegal)} 个月。")
        compensation = sheet.money("违法约定试用期赔偿金", illegal * wage)
        sheet.step(f"赔偿金 = 试用期满月工资 {plain(wage)} × {plain(illegal)} 个月 = {compensation} 元。")


def _wage_floor(inp: ProbationResignationInput, rule: RateRow, sheet: Worksheet) -> None:
    """劳动合同法 第二十条; 实施条例 第十五条: 80 % of the same post's lowest grade or of the agreed wage,
    and never below the local minimum wage."""
    sheet.cite("article/劳动合同法/20", "article/劳动合同法实施条例/15")
    pct = Decimal(str(rule.values["probation_wage_floor_percent"]))
    by_wage = []
    for label, wage in (("劳动合同约定工资", inp.post_probation_monthly_wage),
                        ("本单位相同岗位最低档工资", inp.same_post_lowest_wage)):
        if wage is not None:
            share = wage * pct / 100
            sheet.step(f"{label} {plain(wage)} × {plain(pct)}% = {yuan(share)} 元。")
            by_wage.append(share)
    floor = min(by_wage) if by_wage else Decimal(0)
    if len(by_wage) == 2:
        sheet.step(f"条文是“相同岗位最低档工资或者劳动合同约定工资的{plain(pct)}%”，两者满足其一即可，按较低的 {yuan(floor)} 元。")
    minimum = monthly_minimum(sheet, inp.city, inp.local_minimum_wage, inp.on_date)
    if minimum is None:
        sheet.warn("试用期工资还不得低于用人单位所在地的最低工资标准；填写城市可以一并核对。")
    if minimum is not None and minimum > floor:
        sheet.step(f"不得低于当地最低工资标准 {plain(minimum)} 元，下限取 {plain(minimum)} 元。")
        floor = minimum
    floor = sheet.money("试用期工资下限", floor, "元/月")
    if inp.probation_monthly_wage is not None:
        short = max(floor - inp.probation_monthly_wage, Decimal(0))
        sheet.step(f"试用期月工资 {plain(inp.probation_monthly_wage)} 元"
                   + (f" < 下限 {floor} 元，每月少发 {yuan(short)} 元。" if short else f" ≥ 下限 {floor} 元，未低于下限。"))
        sheet.money("试用期工资每月差额", short, "元/月")


def _resignation(inp: ProbationResignationInput, rule: RateRow, sheet: Worksheet) -> None:
    sheet.cite("article/劳动合同法/37", "article/民法典/201")
    key = "probation_resignation_notice_days" if inp.in_probation else "resignation_notice_days"
    days = rule.values[key]
    if inp.in_probation:
        sheet.step(f"试用期内，劳动者提前 {days} 日通知用人单位，可以解除劳动合同。")
    else:
        sheet.step(f"劳动者提前 {days} 日以书面形式通知用人单位，可以解除劳动合同。")
    if inp.resignation_notice_date is not None:
        sent = inp.resignation_notice_date
        effective = sent + timedelta(days=days)
        sheet.step(f"通知于 {sent.isoformat()} 送达，开始的当日不计入（民法典第二百零一条），"
                   f"通知期最后一日 = {sent.isoformat()} + {days} 日 = {effective.isoformat()}；期满劳动合同解除。")
        sheet.figure("通知期届满日（辞职生效）", effective, "日期")
    if inp.wanted_leaving_date is not None:
        latest = inp.wanted_leaving_date - timedelta(days=days)
        sheet.step(f"想在 {inp.wanted_leaving_date.isoformat()} 离职：通知期从送达的次日算起（民法典第二百零一条），"
                   f"最晚在 {inp.wanted_leaving_date.isoformat()} − {days} 日 = {latest.isoformat()} 送达辞职通知。")
        sheet.figure("最晚送达辞职通知的日子", latest, "日期")
    sheet.warn("辞职不需要用人单位同意或批准。工会律师的意见是：辞职通知一经送达用人单位即产生效力，"
               "劳动者不能单方撤回；想继续留任的，须与用人单位协商一致恢复劳动关系"
               "（劳动合同法第三十七条；见案例：职工提出辞职后，可以撤回吗？）。")
    if not inp.in_probation:
        sheet.warn("请保留书面通知及送达的证据（如签收、邮寄或电子送达记录），送达日决定通知期从哪天起算。")


def compute(inp: ProbationResignationInput, sheet: Worksheet) -> None:
    rule = sheet.rate(RULE_TABLE, inp.on_date)
    if inp.contract_type is not None:
        _probation(inp, rule, sheet)
    if inp.wants_wage_floor:
        _wage_floor(inp, rule, sheet)
    if inp.resignation_notice_date is not None or inp.wanted_leaving_date is not None:
        _resignation(inp, rule, sheet)


CALCULATOR = Calculator.worked(
    name="probation_resignation",
    title="试用期与辞职",
    purpose="按劳动合同期限算法定试用期上限、违法试用期赔偿金和试用期工资下限；按辞职通知送达日算通知期届满日，"
            "或按想离职的日子倒推最晚的通知日",
    input_model=ProbationResignationInput,
    compute=compute,
)
