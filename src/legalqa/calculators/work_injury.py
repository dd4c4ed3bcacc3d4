"""广东工伤待遇：停工留薪期的工资；伤残（1–10级）的一次性伤残补助金、伤残津贴、5–10级一次性工伤医疗补助金和
伤残就业补助金；因工死亡的丧葬补助金、一次性工亡补助金和供养亲属抚恤金（各人每月数额、合计封顶，未满18周岁的
领到年满18周岁的合计——与未参保单位谈一次性和解时用来比较）。"""

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import MAX_ITEMS, City, MonthlyWage
from legalqa.calculators.minimum_wage import local_minimum_wage
from legalqa.calculators.money import plain, yuan
from legalqa.calculators.periods import add_months
from legalqa.rates import RateRow

RULE_TABLE = "work_injury_gd_rule"
INCOME_TABLE = "national_urban_disposable_income"

# Which articles set each benefit: national 工伤保险条例 and the Guangdong regulation.
_ARTICLES_BY_GRADE = {
    range(1, 5): ["article/工伤保险条例/35", "article/广东省工伤保险条例/28"],
    range(5, 7): ["article/工伤保险条例/36", "article/广东省工伤保险条例/30"],
    range(7, 11): ["article/工伤保险条例/37", "article/广东省工伤保险条例/32"],
}
_OWN_WAGE_ARTICLES = ["article/工伤保险条例/64", "article/广东省工伤保险条例/64"]


class Dependant(BaseModel):
    model_config = ConfigDict(extra="forbid")

    relation: Literal["配偶", "子女", "其他亲属"] = Field(
        title="与死者关系", description="配偶、子女，或父母、祖父母、孙子女、兄弟姐妹等其他供养亲属")
    birth_date: date | None = Field(
        None, title="出生日期", description="未满18周岁的子女、孙子女、兄弟姐妹填写：抚恤金领到年满18周岁")
    orphan_or_lone_elder: bool = Field(False, title="孤寡老人或孤儿", description="孤寡老人或孤儿请勾选（加发10%）")

    @model_validator(mode="after")
    def _child_has_a_birth_date(self) -> "Dependant":
        if self.relation == "子女" and self.birth_date is None:
            raise ValueError("子女须填写出生日期 / birth_date is required for 子女")
        return self


class WorkInjuryInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case: Literal["停工留薪期", "伤残", "因工死亡"] = Field(
        title="情形", description="停工留薪期的工资、因工致残（伤残）的待遇，或因工死亡的待遇")
    event_date: date = Field(
        title="计发日期",
        description="因工死亡：死亡日期；伤残：劳动能力鉴定结论作出日（终结工伤保险关系的，为解除或终止劳动关系日）；"
                    "停工留薪期：受伤日期")
    monthly_wage: MonthlyWage | None = Field(
        None, title="原工资", description="停工留薪期：受伤前的月工资福利待遇（元/月），停工留薪期内不变，由用人单位按月支付")
    paid_leave_months: Decimal | None = Field(
        None, gt=0, le=60, title="停工留薪期（月）", description="劳动能力鉴定委员会确认（或医嘱）的停工留薪期月数")
    own_wage_12m_avg: MonthlyWage | None = Field(
        None, title="本人工资",
        description="受伤或患职业病前12个月平均月缴费工资（元/月），未缴足12个月的按实际月数平均")
    provincial_avg_monthly_wage: MonthlyWage | None = Field(
        None, title="全省上年度职工月平均工资",
        description="全省上年度职工月平均工资（元/月）；用人单位所在地级以上市的职工月平均工资高于全省的，填该市的。"
                    "用于本人工资60%–300%的上下限和丧葬补助金")
    disability_grade: int | None = Field(None, ge=1, le=10, title="伤残等级", description="劳动能力鉴定的伤残等级，1至10级")
    work_arranged: bool = Field(
        False, title="已安排工作", description="5–6级：用人单位已安排适当工作的请勾选（难以安排的，按月发伤残津贴）")
    employment_ends: bool = Field(
        False, title="解除或终止劳动关系",
        description="5–6级本人提出解除或终止劳动关系；7–10级劳动合同终止或依法解除（领取一次性工伤医疗补助金和伤残就业补助金）")
    wage_12m_before_termination: MonthlyWage | None = Field(
        None, title="解除前12个月平均月缴费工资",
        description="解除或终止劳动关系前本人12个月平均月缴费工资（元/月）；高于本人工资的，按它计发两项补助金")
    city: City | None = Field(None, title="城市", description="广东省地级以上市，用来查当地最低工资标准（伤残津贴补足差额）")
    local_minimum_wage: MonthlyWage | None = Field(
        None, title="当地月最低工资标准", description="直接输入当地月最低工资标准（元/月）；填了城市时不用填")
    dependants: list[Dependant] = Field(
        default_factory=list, max_length=MAX_ITEMS, title="供养亲属", description="因工死亡：由死者生前提供主要生活来源、无劳动能力的亲属")
    died_after_leave_grade_1_to_4: bool = Field(
        False, title="一至四级伤残、停工留薪期满后死亡",
        description="一至四级伤残职工在停工留薪期满后死亡的请勾选：只有丧葬补助金和供养亲属抚恤金（广东省工伤保险条例第三十五条第三款）")

    @model_validator(mode="after")
    def _consistent(self) -> "WorkInjuryInput":
        if self.case == "停工留薪期":
            if self.monthly_wage is None or self.paid_leave_months is None:
                raise ValueError("停工留薪期须填写原工资和停工留薪期月数 / monthly_wage and paid_leave_months are required")
        elif self.case == "伤残":
            if self.disability_grade is None:
                raise ValueError("伤残待遇须填写伤残等级 / disability_grade is required for 伤残")
            if self.own_wage_12m_avg is None:
                raise ValueError("伤残待遇须填写本人工资 / own_wage_12m_avg is required for 伤残")
            if self.pays_allowance and not self.city and self.local_minimum_wage is None:
                raise ValueError("计算伤残津贴须填写城市或当地月最低工资标准（低于最低工资的补足差额） / "
                                 "city or local_minimum_wage is required for the disability allowance")
        else:
            if self.provincial_avg_monthly_wage is None:
                raise ValueError("因工死亡须填写全省上年度职工月平均工资（丧葬补助金基数） / "
                                 "provincial_avg_monthly_wage is required for 因工死亡")
            if self.dependants and self.own_wage_12m_avg is None:
                raise ValueError("计算供养亲属抚恤金须填写本人工资 / own_wage_12m_avg is required with dependants")
        return self

    @property
    def pays_allowance(self) -> bool:
        """1–4级 always; 5–6级 while employed and no suitable work is arranged."""
        g = self.disability_grade
        return g is not None and (g <= 4 or (g <= 6 and not self.work_arranged and not self.employment_ends))


def _dec(v) -> Decimal:
    return Decimal(str(v))


def _bounded(wage: Decimal, label: str, inp: WorkInjuryInput, rule: RateRow, sheet: Worksheet) -> Decimal:
    """本人工资 within 60 %–300 % of the provincial (or higher city) average wage."""
    if inp.provincial_avg_monthly_wage is None:
        sheet.warn("未输入全省上年度职工月平均工资：本人工资没有按其60%–300%核定上下限，直接按输入数计算。")
        sheet.step(f"{label}：{plain(wage)} 元（未核定上下限）。")
        return wage
    avg = inp.provincial_avg_monthly_wage
    floor_pct = _dec(rule.values["own_wage_floor_percent_of_avg_wage"])
    cap_pct = _dec(rule.values["own_wage_cap_percent_of_avg_wage"])
    floor, cap = avg * floor_pct / 100, avg * cap_pct / 100
    low = f"下限（{plain(avg)} × {plain(floor_pct)}% = {plain(floor)} 元）"
    high = f"上限（{plain(avg)} × {plain(cap_pct)}% = {plain(cap)} 元）"
    if wage < floor:
        sheet.step(f"{label} {plain(wage)} 元低于{low}，按下限 {plain(floor)} 元计算。")
        return floor
    if wage > cap:
        sheet.step(f"{label} {plain(wage)} 元高于{high}，按上限 {plain(cap)} 元计算。")
        return cap
    sheet.step(f"{label} {plain(wage)} 元不低于{low}、不高于{high}，按 {plain(wage)} 元计算。")
    return wage


def _disability(inp: WorkInjuryInput, rule: RateRow, sheet: Worksheet) -> None:
    grade = inp.disability_grade
    sheet.cite(*next(a for r, a in _ARTICLES_BY_GRADE.items() if grade in r), *_OWN_WAGE_ARTICLES)
    own = _bounded(inp.own_wage_12m_avg, "本人工资", inp, rule, sheet)
    months = rule.values["disability_subsidy_months"][grade]
    subsidy = own * months
    sheet.step(f"一次性伤残补助金 = {months} 个月 × {plain(own)} = {yuan(subsidy)} 元（{grade}级）。")
    sheet.money("本人工资（核定后）", own, "元/月")
    sheet.money("一次性伤残补助金", subsidy)

    if inp.pays_allowance:
        pct = _dec(rule.values["disability_allowance_percent"][grade])
        allowance = own * pct / 100
        sheet.step(f"伤残津贴 = {plain(own)} × {plain(pct)}% = {yuan(allowance)} 元/月"
                     + ("（工伤保险基金按月支付）。" if grade <= 4 else "（用人单位难以安排工作，由用人单位按月发给）。"))
        if inp.city:
            mw = local_minimum_wage(sheet.rates, inp.city, inp.event_date)
            minimum = mw.monthly
            mw.record(sheet)
            sheet.step(mw.describe() + "。")
        else:
            minimum = inp.local_minimum_wage
            sheet.step(f"当地月最低工资标准（输入）：{plain(minimum)} 元。")
        if allowance < minimum:
            sheet.step(f"伤残津贴 {yuan(allowance)} 元低于当地最低工资标准 {plain(minimum)} 元，"
                         f"补足差额 {yuan(minimum - allowance)} 元，按 {yuan(minimum)} 元/月发给。")
            allowance = minimum
        else:
            sheet.step(f"伤残津贴不低于当地最低工资标准 {plain(minimum)} 元，无需补足。")
        sheet.money("伤残津贴", allowance, "元/月")
        sheet.warn("伤残津贴按月发放，每年按省人民政府规定调整，补足差额以每月当时的最低工资标准为准；"
                        "本结果按计发日期的标准计算。")
    elif grade <= 6 and inp.work_arranged:
        sheet.step("用人单位已安排适当工作，不发伤残津贴（按岗位领取工资）。")

    if grade >= 5 and inp.employment_ends:
        sheet.cite(*(["article/广东省工伤保险条例/31"] if grade <= 6 else []), "article/广东省工伤保险条例/33")
        before = inp.wage_12m_before_termination
        if before is not None and before > inp.own_wage_12m_avg:
            base = _bounded(before, "解除前12个月平均月缴费工资（高于本人工资，作为两项补助金基数）",
                            inp, rule, sheet)
        else:
            base = own
            sheet.step(f"两项补助金以本人工资 {plain(own)} 元为基数。")
        medical_m = rule.values["injury_medical_subsidy_months"][grade]
        employ_m = rule.values["disability_employment_subsidy_months"][grade]
        medical, employ = base * medical_m, base * employ_m
        sheet.step(f"一次性工伤医疗补助金 = {medical_m} 个月 × {plain(base)} = {yuan(medical)} 元（工伤保险基金支付）。")
        sheet.step(f"一次性伤残就业补助金 = {employ_m} 个月 × {plain(base)} = {yuan(employ)} 元（用人单位支付）。")
        sheet.money("一次性工伤医疗补助金", medical)
        sheet.money("一次性伤残就业补助金", employ)
    elif grade <= 4 and inp.employment_ends:
        sheet.warn("1–4级伤残没有一次性工伤医疗补助金和伤残就业补助金；本人要求退出工作岗位、终止劳动关系的，"
                        "办理伤残退休手续（广东省工伤保险条例第二十八条）。")


def _death(inp: WorkInjuryInput, rule: RateRow, sheet: Worksheet) -> None:
    sheet.cite("article/工伤保险条例/39", "article/广东省工伤保险条例/35")
    months = rule.values["funeral_subsidy_months_of_avg_wage"]
    funeral = inp.provincial_avg_monthly_wage * months
    sheet.step(f"丧葬补助金 = {months} 个月 × 全省上年度职工月平均工资 {plain(inp.provincial_avg_monthly_wage)} = {yuan(funeral)} 元。")
    sheet.money("丧葬补助金", funeral)
    if inp.died_after_leave_grade_1_to_4:
        sheet.step("一至四级伤残职工在停工留薪期满后死亡：近亲属享受丧葬补助金和供养亲属抚恤金，没有一次性工亡补助金"
                   "（广东省工伤保险条例第三十五条第三款）。")
    else:
        _lump_sum(inp, rule, sheet)
    if inp.dependants:
        _dependants(inp, rule, sheet)


def _lump_sum(inp: WorkInjuryInput, rule: RateRow, sheet: Worksheet) -> None:
    income_row = sheet.rate(INCOME_TABLE, inp.event_date)
    income = _dec(income_row.values["annual_yuan"])
    times = rule.values["work_death_lump_sum_times_national_income"]
    lump = income * times
    sheet.step(f"一次性工亡补助金 = {income_row.values['data_year']}年度全国城镇居民人均可支配收入 {plain(income)} × "
                 f"{times} = {yuan(lump)} 元（死亡年份 {inp.event_date.year}）。")
    if inp.event_date.month == 1:
        sheet.warn("死亡发生在1月：国家统计局通常在1月中旬公布上一年度数字，应按哪一年度的数字计发，所读来源没有说明，"
                        "请向社会保险经办机构核实。")
    sheet.money("一次性工亡补助金", lump)


def _dependants(inp: WorkInjuryInput, rule: RateRow, sheet: Worksheet) -> None:
    sheet.cite(*_OWN_WAGE_ARTICLES, "article/因工死亡职工供养亲属范围规定/3", "article/因工死亡职工供养亲属范围规定/4")
    own = _bounded(inp.own_wage_12m_avg, "本人工资", inp, rule, sheet)
    pct = rule.values["dependant_pension_percent"]
    total = Decimal(0)
    until_18 = []
    for i, d in enumerate(inp.dependants, 1):
        p = _dec(pct["spouse"] if d.relation == "配偶" else pct["other_relative"])
        extra = _dec(pct["orphan_or_lone_elder_extra"]) if d.orphan_or_lone_elder else Decimal(0)
        monthly = own * (p + extra) / 100
        total += monthly
        label = d.relation + ("，孤寡老人或孤儿" if d.orphan_or_lone_elder else "")
        formula = f"({plain(p)}% + {plain(extra)}%)" if extra else f"{plain(p)}%"
        sheet.step(f"供养亲属{i}（{label}）抚恤金 = {plain(own)} × {formula} = {yuan(monthly)} 元/月。")
        sheet.money(f"供养亲属{i}（{label}）抚恤金", monthly, "元/月")
        if d.birth_date is not None:
            until_18.append((i, label, d.birth_date, monthly))
    capped = total > own
    if capped:
        sheet.step(f"各供养亲属抚恤金合计 {yuan(total)} 元高于本人工资 {plain(own)} 元，按 {yuan(own)} 元/月封顶。")
        sheet.warn("抚恤金合计已按本人工资封顶；封顶后在各供养亲属之间如何分配，由社会保险经办机构核定。")
        total = own
    else:
        sheet.step(f"各供养亲属抚恤金合计 {yuan(total)} 元/月，不高于本人工资 {plain(own)} 元。")
    sheet.money("供养亲属抚恤金合计", total, "元/月")
    for i, label, born, monthly in until_18:
        adult = add_months(born, 18 * 12)
        months = _whole_months(inp.event_date, adult)
        sheet.step(f"供养亲属{i}（{label}）{born.isoformat()} 出生，{adult.isoformat()} 年满18周岁：从死亡之日算起 {months} 个整月，"
                   f"{yuan(monthly)} × {months} = {yuan(monthly * months)} 元"
                   + ("（未计封顶）。" if capped else "。"))
        sheet.money(f"供养亲属{i}（{label}）领到年满18周岁的抚恤金合计", monthly * months)
    if until_18:
        sheet.warn("领到年满18周岁的合计按今天的标准计算；抚恤金每年按省人民政府规定调整（广东省工伤保险条例第三十五条第四款），"
                   "年满18周岁但完全丧失劳动能力的可以继续领取。与未参加工伤保险的用人单位商谈一次性和解时，"
                   "可以用这些数字比较，但应请律师核实。")
    sheet.warn("供养亲属的范围和条件见因工死亡职工供养亲属范围规定第二、三条，资格由社会保险经办机构核定；"
               "就业、参军、配偶再婚、被收养等情形停止领取（第四条）。抚恤金每年按省人民政府规定调整。")


def _whole_months(start: date, end: date) -> int:
    """Whole months from start up to end (0 when end is not after start)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return months


def _paid_leave(inp: WorkInjuryInput, rule: RateRow, sheet: Worksheet) -> None:
    """工伤保险条例 第三十三条; 广东省工伤保险条例 第二十五条: the original pay, paid by the employer, at most 24 months."""
    sheet.cite("article/工伤保险条例/33", "article/广东省工伤保险条例/25")
    longest = Decimal(rule.values["max_paid_leave_months"])
    months = inp.paid_leave_months
    if months > longest:
        sheet.step(f"停工留薪期 {plain(months)} 个月超过最长 {plain(longest)} 个月，按 {plain(longest)} 个月计算。")
        sheet.warn(f"停工留薪期最长不超过{plain(longest)}个月（广东省工伤保险条例第二十五条）；期满后仍需治疗的，继续享受工伤医疗待遇，"
                   "工资待遇按评残后的规定。")
        months = longest
    wage = sheet.money("停工留薪期每月工资（原工资福利待遇）", inp.monthly_wage, "元/月")
    pay = inp.monthly_wage * months
    sheet.step(f"停工留薪期内原工资福利待遇不变，由所在单位按月支付：{plain(inp.monthly_wage)} × {plain(months)} 个月 = "
               f"{yuan(pay)} 元。")
    sheet.money("停工留薪期工资合计", pay)
    sheet.figure("停工留薪期", months, "个月")
    sheet.warn(f"停工留薪期根据医疗终结期确定，由劳动能力鉴定委员会确认；每月 {wage} 元是受伤前的工资福利待遇，"
               "不是本人工资60%–300%的缴费基数。停工留薪期满后评定伤残等级的，按伤残待遇计算。")


def compute(inp: WorkInjuryInput, sheet: Worksheet) -> None:
    rule = sheet.rate(RULE_TABLE, inp.event_date)
    if inp.case == "停工留薪期":
        _paid_leave(inp, rule, sheet)
        return
    if inp.case == "伤残":
        _disability(inp, rule, sheet)
    else:
        _death(inp, rule, sheet)
    sheet.warn("广东以全省上年度职工月平均工资为基数（广东省工伤保险条例第六十四条、第三十五条），"
               "与国务院工伤保险条例的“统筹地区”表述不同；该平均工资由使用者输入，请以社会保险经办机构公布的数字为准。")


CALCULATOR = Calculator.worked(
    name="work_injury",
    title="工伤待遇（广东）",
    purpose="按伤残等级或因工死亡，算一次性伤残补助金、伤残津贴、一次性工伤医疗和伤残就业补助金、丧葬补助金、"
            "一次性工亡补助金和供养亲属抚恤金",
    input_model=WorkInjuryInput,
    compute=compute,
)
