"""经济补偿（劳动合同法第四十六、四十七条）与违法解除赔偿金（第八十七条），含2008年前工作年限的处理。

Everything that depends on why the employment ended (who pays what, the notice pay of 第四十条, the
rules for service before 2008 under 劳部发〔1994〕481号) is one table: termination_reasons.yaml."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import City, MonthlyWage, WorkYears, choice
from legalqa.calculators.minimum_wage import local_minimum_wage
from legalqa.calculators.money import show
from legalqa.calculators.periods import add_months
from legalqa.rates import RateNotCovered

LAW_START = date(2008, 1, 1)  # 劳动合同法 第九十八条
MINUTES = "article/广东省高级人民法院、广东省劳动人事争议仲裁委员会关于审理劳动人事争议案件若干问题的座谈会纪要"
REASONS_FILE = Path(__file__).with_name("termination_reasons.yaml")


@dataclass(frozen=True)
class Before2008:
    pays: bool
    articles: tuple[str, ...]
    capped: bool = False  # 481号 第五、七条: 最多不超过十二个月


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    explanation: str
    pays: str  # severance | damages | nothing
    articles: tuple[str, ...]
    notice_pay: bool
    before_2008: Before2008 | None


@lru_cache(maxsize=1)
def reasons() -> dict[str, Reason]:
    raw = yaml.safe_load(REASONS_FILE.read_text(encoding="utf-8"))["reasons"]
    out = {}
    for r in raw:
        before = r.get("before_2008")
        out[r["code"]] = Reason(
            code=r["code"], label=r["label"], explanation=r["explanation"], pays=r["pays"],
            articles=tuple(r["articles"]), notice_pay=r["notice_pay"],
            before_2008=Before2008(pays=before["pays"], articles=tuple(before["articles"]),
                                   capped=before.get("capped", False)) if before else None)
    return out


ReasonCode = choice({code: r.label for code, r in reasons().items()})


class SeveranceInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: ReasonCode = Field(title="解除或终止的原因", description="劳动合同是因为什么解除或终止的")
    hire_date: date | None = Field(None, title="入职日期", description="用工之日（YYYY-MM-DD）")
    employment_end_date: date | None = Field(
        None, title="解除或终止日期", description="劳动合同解除或终止之日（YYYY-MM-DD）")
    employer_years: WorkYears | None = Field(
        None, title="本单位工作年限（年）",
        description="不知道具体日期时，填在本单位工作的年数（可填3.5这样的半年），与下面的月数一起使用")
    employer_months: int | None = Field(None, ge=0, le=11, title="本单位工作年限（整年以外的月数）",
                                        description="整年以外的月数，0–11")
    monthly_wage: MonthlyWage = Field(
        title="月工资", description="解除或终止前十二个月的平均应得工资（元/月），含计时或计件工资以及奖金、津贴和补贴；"
                                  "不满十二个月按实际月数平均")
    city: City | None = Field(
        None, title="用人单位所在城市", description="例如 广州、深圳；用来查当地上年度职工月平均工资（三倍封顶）和最低工资")
    local_avg_monthly_wage: MonthlyWage | None = Field(
        None, title="当地上年度职工月平均工资",
        description="用人单位所在设区的市公布的上年度职工月平均工资（元/月），用于三倍封顶；不填时按城市查表，查不到的不封顶并提示")
    local_minimum_wage: MonthlyWage | None = Field(
        None, title="当地月最低工资标准", description="元/月；月平均工资低于它时按最低工资标准计算；填了城市和日期时可不填")
    no_notice: bool = Field(
        False, title="用人单位未提前三十日书面通知",
        description="只适用于第四十条解除：用人单位没有提前三十日书面通知的，另付一个月工资")
    last_month_wage: MonthlyWage | None = Field(
        None, title="上一个月工资", description="第四十条解除未提前通知时，额外支付的一个月工资按上一个月的工资标准（元）")

    @model_validator(mode="after")
    def _consistent(self) -> "SeveranceInput":
        has_dates = self.hire_date is not None or self.employment_end_date is not None
        has_span = self.employer_years is not None or self.employer_months is not None
        if has_dates and has_span:
            raise ValueError("起止日期和工作年限只填一种 / give either hire_date/employment_end_date or employer_years")
        if not has_dates and not has_span:
            raise ValueError("请填写入职和解除日期，或本单位工作年限 / give hire_date and employment_end_date, "
                             "or employer_years")
        if has_dates:
            if self.hire_date is None or self.employment_end_date is None:
                raise ValueError("入职日期和解除或终止日期都要填写 / both hire_date and employment_end_date are required")
            if self.employment_end_date < self.hire_date:
                raise ValueError("解除或终止日期不能早于入职日期 / employment_end_date must not be before hire_date")
            if self.employment_end_date < LAW_START:
                raise ValueError("本计算器只计算2008年1月1日劳动合同法施行后解除或终止的情形 / "
                                 "employment_end_date must be on or after 2008-01-01")
        elif (self.employer_years or 0) * 12 % 1:
            raise ValueError("工作年限请填整年或半年（如3.5），其余按月填写 / employer_years must be whole months "
                             "(e.g. 3.5); give the rest in employer_months")
        reason = reasons()[self.reason]
        if (self.no_notice or self.last_month_wage is not None) and not reason.notice_pay:
            raise ValueError("“未提前三十日书面通知”和上一个月工资只适用于第四十条解除 / no_notice and last_month_wage "
                             "apply only to reasons employer_40_1/2/3")
        if self.no_notice and self.last_month_wage is None:
            raise ValueError("未提前三十日书面通知的，请填写上一个月工资 / last_month_wage is required with no_notice")
        return self

    @property
    def service_months(self) -> int | None:
        """Whole months of service when given as years and months (no dates)."""
        if self.employer_years is None and self.employer_months is None:
            return None
        return int((self.employer_years or 0) * 12) + (self.employer_months or 0)


def _span(start: date, end_exclusive: date) -> tuple[int, int]:
    """(whole months, remaining days) from start up to, not including, end_exclusive."""
    if end_exclusive <= start:
        return 0, 0
    months = (end_exclusive.year - start.year) * 12 + end_exclusive.month - start.month
    while months > 0 and add_months(start, months) > end_exclusive:
        months -= 1
    return months, (end_exclusive - add_months(start, months)).days


def _describe(months: int, days: int) -> str:
    text = f"{months // 12}年{months % 12}个月"
    return text + (f"{days}天" if days else "")


def _comp_months(months: int, days: int, rule: dict) -> tuple[Decimal, str]:
    """Months of pay for a length of service, 劳动合同法 第四十七条第一款."""
    years, rest = divmod(months, 12)
    base = Decimal(years) * Decimal(str(rule["months_per_full_year"]))
    if rest == 0 and days == 0:
        return base, f"满{years}年，{show(base)}个月"
    rest_text = _describe(rest, days).removeprefix("0年")
    if rest >= rule["remainder_threshold_months"]:
        extra = Decimal(str(rule["months_for_remainder_at_or_above_threshold"]))
        return base + extra, (f"满{years}年计{show(base)}个月；余下{rest_text}，六个月以上不满一年按一年计"
                              f"{show(extra)}个月；共{show(base + extra)}个月")
    extra = Decimal(str(rule["months_for_remainder_below_threshold"]))
    return base + extra, (f"满{years}年计{show(base)}个月；余下{rest_text}，不满六个月计{show(extra)}个月；"
                          f"共{show(base + extra)}个月")


def _average_wage(inp: SeveranceInput, sheet: Worksheet) -> tuple[Decimal, str] | None:
    """The local average monthly wage for the 3× cap: typed, or from the city table; None if neither."""
    if inp.local_avg_monthly_wage is not None:
        return inp.local_avg_monthly_wage, f"用户输入的当地上年度职工月平均工资 {show(inp.local_avg_monthly_wage)} 元"
    if inp.city is None or inp.employment_end_date is None:
        return None
    try:
        row = sheet.rate("city_avg_monthly_wage", inp.employment_end_date, inp.city)
    except RateNotCovered:
        return None
    v = row.values
    if "monthly_yuan" in v:
        avg = Decimal(str(v["monthly_yuan"]))
        text = f"{inp.city}{v['data_year']}年职工月平均工资 {show(avg)} 元（{v['statistic']}）"
    else:
        avg = Decimal(str(v["annual_yuan"])) / 12
        text = f"{inp.city}{v['data_year']}年职工年平均工资 {show(Decimal(str(v['annual_yuan'])))} 元 ÷ 12 = {show(avg)} 元（{v['statistic']}）"
    sheet.warn("“当地上年度职工月平均工资”应以用人单位所在设区的市人民政府公布的数字为准；本计算用的是统计部门公布的"
               f"{v['statistic']}，当地公布用于第四十七条的口径可能不同，请向当地人社部门核实。")
    return avg, text


def _wage_base(inp: SeveranceInput, rule: dict, sheet: Worksheet) -> tuple[Decimal, bool]:
    """The monthly wage the months are paid at (minimum-wage floor, 3× cap), and whether the cap applied."""
    wage = inp.monthly_wage
    sheet.step(f"月工资：解除或终止前十二个月平均工资 {show(wage)} 元")
    minimum, minimum_text = inp.local_minimum_wage, "当地最低工资标准（用户输入）"
    if minimum is None and inp.city is not None and inp.employment_end_date is not None:
        try:
            mw = local_minimum_wage(sheet.rates, inp.city, inp.employment_end_date)
        except RateNotCovered:
            mw = None
        if mw is not None and wage < mw.monthly:
            mw.record(sheet)
            minimum, minimum_text = mw.monthly, mw.describe()
    if minimum is not None and wage < minimum:
        wage = minimum
        sheet.step(f"低于{minimum_text}，按最低工资标准 {show(wage)} 元计算")
        sheet.cite("article/劳动合同法实施条例/27")

    multiple = rule["high_wage_cap_multiple"]
    average = _average_wage(inp, sheet)
    if average is None:
        sheet.step(f"没有当地上年度职工月平均工资：按月工资 {show(wage)} 元计算，未核对{multiple}倍封顶")
        sheet.warn(f"没有核对{multiple}倍封顶（劳动合同法第四十七条第二款）：月工资高于用人单位所在地上年度职工月平均工资"
                   f"{multiple}倍的，按{multiple}倍计算、年限最多{rule['high_wage_max_years']}年。"
                   + ("所填城市在该年度没有收录的平均工资；" if inp.city else "")
                   + "填写“当地上年度职工月平均工资”即可按封顶规则计算。")
        return wage, False
    avg, avg_text = average
    cap = avg * Decimal(str(multiple))
    if wage > cap:
        sheet.step(f"{avg_text} × {multiple} = {show(cap)} 元；月工资高于{multiple}倍，按 {show(cap)} 元计，"
                   f"年限最多{rule['high_wage_max_years']}年")
        return cap, True
    sheet.step(f"{avg_text} × {multiple} = {show(cap)} 元；月工资未超过，按 {show(wage)} 元计")
    return wage, False


def _counted_months(inp: SeveranceInput, reason: Reason, rule: dict, sheet: Worksheet) -> tuple[Decimal, Decimal]:
    """(months of pay for the counted service, of which the months for service after 2007)."""
    if inp.hire_date is None:
        months = inp.service_months
        sheet.step(f"工作年限：{_describe(months, 0)}（用户输入）")
        sheet.warn("未填写入职日期：按2008年1月1日以后入职计算；如有2008年前的工作年限，请改填起止日期。")
        comp, how = _comp_months(months, 0, rule)
        sheet.step(f"经济补偿月数：{how}")
        return comp, comp

    end_excl = inp.employment_end_date + timedelta(days=1)
    months, days = _span(inp.hire_date, end_excl)
    sheet.step(f"工作年限：{inp.hire_date.isoformat()} 至 {inp.employment_end_date.isoformat()}，{_describe(months, days)}")
    count_from = inp.hire_date
    if inp.hire_date < LAW_START and reason.pays == "damages":
        sheet.cite(f"{MINUTES}/33")
        sheet.step("赔偿金的计算年限自用工之日起计算，包括2008年前的工作年限（实施条例第二十五条；粤高法〔2012〕284号第33条）")
    elif inp.hire_date < LAW_START:
        before = reason.before_2008
        sheet.cite("article/劳动合同法/97", f"{MINUTES}/32", *before.articles)
        if not before.pays:
            count_from = LAW_START
            sheet.step("2008年前的工作年限：按当时规定（原劳动法第二十八条、劳部发〔1994〕481号），这种原因解除或终止不支付"
                       "经济补偿，工作年限自2008-01-01起计算（劳动合同法第九十七条第三款；粤高法〔2012〕284号第32条第一项）")
        else:
            max_years = sheet.rate("severance_pre2008_rule", inp.employment_end_date).values[
                "pre2008_max_years_mutual_or_incompetence"]
            sheet.step("2008年前的工作年限：按当时规定（劳部发〔1994〕481号）这种原因解除也应支付经济补偿，"
                       "工作年限自用工之日起计算（粤高法〔2012〕284号第32条第二项）")
            pre_months, _ = _span(inp.hire_date, LAW_START)
            if before.capped and pre_months > max_years * 12:
                count_from = add_months(LAW_START, -max_years * 12)
                sheet.step(f"这种原因当时规定最多不超过{max_years}个月（481号），2008年前计发年限最多{max_years}年，"
                           f"从 {count_from.isoformat()} 起计算")
            sheet.warn("2008年前的年限按劳动合同法第四十七条的“六个月”规则与2008年后连续计算（粤高法〔2012〕284号"
                       "第32条“工作年限自用工之日起计算”）；481号本身按“每满一年”计发，仲裁或法院的算法可能不同，请核对。")
            if reason.code == "employer_40_1":
                sheet.warn("481号第六条对医疗期满解除另规定了不低于六个月工资的医疗补助费；2008年后解除是否仍应支付，"
                           "本计算器没有计算，请咨询律师。")
        months, days = _span(count_from, end_excl)
        sheet.step(f"计发经济补偿的年限：{count_from.isoformat()} 至 {inp.employment_end_date.isoformat()}，"
                   f"{_describe(months, days)}")
    comp, how = _comp_months(months, days, rule)
    sheet.step(f"经济补偿月数：{how}")
    post_months, post_days = _span(max(count_from, LAW_START), end_excl)
    post_comp, _ = _comp_months(post_months, post_days, rule)
    return comp, post_comp


def compute(inp: SeveranceInput, sheet: Worksheet) -> None:
    reason = reasons()[inp.reason]
    rule = sheet.rate("severance_rule", inp.employment_end_date or LAW_START).values
    sheet.cite(*reason.articles)
    sheet.step(f"解除或终止原因：{reason.explanation}")

    if reason.pays == "nothing":
        sheet.cite("article/劳动合同法/47")
        sheet.step("经济补偿 0 元")
        sheet.money("经济补偿", Decimal(0))
        sheet.warn("如果实际上是用人单位拖欠工资、未缴社保等迫使劳动者离职，应按第三十八条解除并书面写明理由，"
                   "才有经济补偿；请核对离职的真实原因和书面材料。")
        if reason.code == "mutual_worker_proposed":
            sheet.warn("双方都无法证明是谁提出解除的，广东裁审口径视为用人单位提出、协商一致解除，应支付经济补偿"
                       "（粤高法〔2012〕284号第29条）。")
            sheet.cite(f"{MINUTES}/29")
        return

    base, high_wage = _wage_base(inp, rule, sheet)
    comp, post_comp = _counted_months(inp, reason, rule, sheet)
    if high_wage:
        max_months = Decimal(rule["high_wage_max_years"]) * Decimal(str(rule["months_per_full_year"]))
        if reason.pays == "damages" or inp.hire_date is None or inp.hire_date >= LAW_START:
            limited = min(comp, max_months)
        else:  # 纪要 第32条: the 12-year limit of 第四十七条 binds the years after 2008 only
            limited = comp - max(post_comp - max_months, Decimal(0))
        if limited < comp:
            sheet.step(f"月工资高于三倍，年限最多{rule['high_wage_max_years']}年：{show(comp)}个月 → {show(limited)}个月")
            comp = limited
    sheet.figure("计发月数", comp, "个月")
    sheet.money("月工资基数", base, "元/月")
    sheet.cite("article/劳动合同法/47")

    severance = base * comp
    sheet.step(f"经济补偿 = {show(base)} × {show(comp)} = {show(severance)} 元")
    if reason.pays == "damages":
        multiple = Decimal(str(rule["unlawful_termination_multiple"]))
        total = sheet.money("违法解除或终止赔偿金", severance * multiple)
        sheet.step(f"违法解除赔偿金 = 经济补偿标准 {show(severance)} × {show(multiple)} = {show(severance * multiple)} 元"
                   f" → {total} 元")
        sheet.warn("支付了赔偿金的，不再支付经济补偿（实施条例第二十五条）。劳动者也可以选择要求继续履行劳动合同（第四十八条）。")
    else:
        total = sheet.money("经济补偿", severance)
        sheet.step(f"经济补偿 {show(severance)} 元 → {total} 元（四舍五入到分）")
        sheet.warn("如果用人单位的解除或终止违法，劳动者可以改为主张二倍的赔偿金（第八十七条）。")

    if reason.notice_pay:
        sheet.cite("article/劳动合同法实施条例/20")
        if inp.no_notice:
            notice_pay = sheet.money("代通知金（额外一个月工资）", inp.last_month_wage)
            sheet.step(f"未提前三十日书面通知：另付一个月工资，按上一个月工资 {show(inp.last_month_wage)} 元")
            total += notice_pay
            sheet.step(f"合计 {total} 元")
            sheet.money("合计", total)
        else:
            sheet.warn("第四十条解除须提前三十日书面通知，或者额外支付一个月工资（按上一个月工资标准）；"
                       "没有提前通知的，请勾选“用人单位未提前三十日书面通知”。")

    sheet.warn("月工资按劳动者应得工资计算，包括计时或计件工资以及奖金、津贴和补贴等货币性收入（实施条例第二十七条），"
               "不是合同约定的基本工资。")
    if inp.hire_date is not None:
        sheet.warn("劳动者非因本人原因从原用人单位被安排到新用人单位工作的，原单位的工作年限合并计算（实施条例第十条）；"
                   "如有此情形，入职日期请填原单位的用工之日。")
    sheet.cite("article/劳动合同法实施条例/27", "article/劳动合同法实施条例/10", f"{MINUTES}/31")


CALCULATOR = Calculator.worked(
    name="severance",
    title="经济补偿和违法解除赔偿金",
    purpose="按工作年限和离职前十二个月平均工资计算经济补偿（含三倍、十二年封顶和2008年前年限），或违法解除的二倍赔偿金",
    input_model=SeveranceInput,
    compute=compute,
)
