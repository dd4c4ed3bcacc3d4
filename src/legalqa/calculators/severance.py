"""经济补偿（劳动合同法第四十六、四十七条）与违法解除赔偿金（第八十七条），含2008年前工作年限的处理。"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Amount, CalcResult, LegalBasis
from legalqa.calculators.money import show, yuan
from legalqa.calculators.periods import add_months
from legalqa.rates import RateBook, RateNotCovered

LAW_START = date(2008, 1, 1)  # 劳动合同法 第九十八条
MINUTES = "article/广东省高级人民法院、广东省劳动人事争议仲裁委员会关于审理劳动人事争议案件若干问题的座谈会纪要"

Reason = Literal[
    "worker_resigns_38", "mutual_employer_proposed", "employer_40_1", "employer_40_2", "employer_40_3",
    "layoff_41", "fixed_term_expiry", "employer_bankrupt_or_closed", "task_completed",
    "unlawful_termination",
    "mutual_worker_proposed", "fixed_term_expiry_worker_refused", "worker_resigns", "employer_39",
]

# reason -> (说明, articles); reasons with None as the first article entitle no severance
_REASONS: dict[str, tuple[str, list[str]]] = {
    "worker_resigns_38": ("劳动者因用人单位未及时足额支付劳动报酬、未依法缴纳社会保险费等依第三十八条解除（第四十六条第一项）",
                          ["article/劳动合同法/38", "article/劳动合同法/46"]),
    "mutual_employer_proposed": ("用人单位提出、双方协商一致解除（第四十六条第二项）",
                                 ["article/劳动合同法/36", "article/劳动合同法/46"]),
    "employer_40_1": ("劳动者医疗期满不能从事原工作也不能从事另行安排的工作，用人单位依第四十条第一项解除（第四十六条第三项）",
                      ["article/劳动合同法/40", "article/劳动合同法/46"]),
    "employer_40_2": ("劳动者不能胜任工作、经培训或调岗仍不能胜任，用人单位依第四十条第二项解除（第四十六条第三项）",
                      ["article/劳动合同法/40", "article/劳动合同法/46"]),
    "employer_40_3": ("客观情况发生重大变化、协商不成，用人单位依第四十条第三项解除（第四十六条第三项）",
                      ["article/劳动合同法/40", "article/劳动合同法/46"]),
    "layoff_41": ("经济性裁员（第四十一条第一款，第四十六条第四项）", ["article/劳动合同法/41", "article/劳动合同法/46"]),
    "fixed_term_expiry": ("固定期限劳动合同期满终止，用人单位不续订或降低条件续订（第四十四条第一项，第四十六条第五项）",
                          ["article/劳动合同法/44", "article/劳动合同法/46"]),
    "employer_bankrupt_or_closed": ("用人单位被宣告破产、吊销营业执照、责令关闭、撤销或决定提前解散（第四十四条第四、五项，第四十六条第六项）",
                                    ["article/劳动合同法/44", "article/劳动合同法/46"]),
    "task_completed": ("以完成一定工作任务为期限的劳动合同因任务完成而终止（实施条例第二十二条）",
                       ["article/劳动合同法实施条例/22"]),
    "unlawful_termination": ("用人单位违法解除或终止劳动合同，劳动者不要求继续履行（第四十八条、第八十七条）",
                             ["article/劳动合同法/48", "article/劳动合同法/87", "article/劳动合同法实施条例/25"]),
    "mutual_worker_proposed": ("劳动者提出、双方协商一致解除：第四十六条第二项只包括用人单位提出的情形，没有经济补偿",
                               ["article/劳动合同法/36", "article/劳动合同法/46"]),
    "fixed_term_expiry_worker_refused": ("用人单位维持或提高条件续订、劳动者不同意续订而期满终止：第四十六条第五项排除此情形，没有经济补偿",
                                         ["article/劳动合同法/44", "article/劳动合同法/46"]),
    "worker_resigns": ("劳动者提前三十日书面通知辞职（第三十七条）：不属于第四十六条的情形，没有经济补偿",
                       ["article/劳动合同法/37", "article/劳动合同法/46"]),
    "employer_39": ("劳动者有第三十九条过失情形被解除：不属于第四十六条的情形，没有经济补偿",
                    ["article/劳动合同法/39", "article/劳动合同法/46"]),
}
_NOT_ENTITLED = {"mutual_worker_proposed", "fixed_term_expiry_worker_refused", "worker_resigns", "employer_39"}
_PRE2008_CAPPED = {"mutual_employer_proposed", "employer_40_2"}  # 纪要 第32条: 协商一致、不能胜任


class SeveranceInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start_date: date | None = Field(None, title="入职日期", description="用工之日（YYYY-MM-DD）")
    end_date: date | None = Field(None, title="解除或终止日期", description="劳动合同解除或终止之日（YYYY-MM-DD）")
    service_years: int | None = Field(
        None, title="工作年限（年）", description="不知道具体日期时，可填在本单位工作的整年数，与 service_months 一起使用")
    service_months: int | None = Field(None, title="工作年限（月）", description="整年以外的月数，0–11")
    reason: Reason = Field(
        title="解除或终止的原因",
        json_schema_extra={"x-enum-labels": {code: text.split("（")[0].split("：")[0]
                                             for code, (text, _) in _REASONS.items()}},
        description="worker_resigns_38 劳动者依第三十八条解除；mutual_employer_proposed 用人单位提出协商一致解除；"
                    "employer_40_1/2/3 用人单位依第四十条第一、二、三项解除；layoff_41 经济性裁员；"
                    "fixed_term_expiry 合同期满用人单位不续订或降低条件续订；employer_bankrupt_or_closed 用人单位破产、关闭、解散；"
                    "task_completed 以完成一定工作任务为期限的合同因任务完成终止；unlawful_termination 用人单位违法解除或终止（赔偿金）；"
                    "mutual_worker_proposed 劳动者提出协商一致解除；fixed_term_expiry_worker_refused 单位维持或提高条件续订、劳动者不同意；"
                    "worker_resigns 劳动者主动辞职；employer_39 劳动者过失被解除")
    monthly_wage: float = Field(
        title="月工资", description="解除或终止前十二个月的平均应得工资（元/月），含计时或计件工资以及奖金、津贴和补贴；不满十二个月按实际月数平均")
    local_avg_monthly_wage: float | None = Field(
        None, title="当地上年度职工月平均工资",
        description="用人单位所在设区的市人民政府公布的本地区上年度职工月平均工资（元/月），用于三倍封顶；费率表没有时必填")
    city: str | None = Field(None, title="用人单位所在城市", description="例如 广州市、深圳市，用于查当地上年度职工月平均工资")
    local_minimum_wage: float | None = Field(
        None, title="当地最低工资标准", description="元/月；月平均工资低于它时按最低工资标准计算（可不填）")
    pre2008_entitled: bool | None = Field(
        None, title="2008年前按当时规定是否也应支付经济补偿",
        description="入职早于2008-01-01时必填：按当时规定（原劳动部《违反和解除劳动合同的经济补偿办法》）本次解除也应支付经济补偿的填 true")
    notice_given: bool | None = Field(
        None, title="是否提前三十日书面通知", description="第四十条解除时填写：未提前三十日书面通知的，另付一个月工资")
    last_month_wage: float | None = Field(
        None, title="上一个月工资", description="第四十条解除未提前通知时，额外支付的一个月工资按上一个月的工资标准（元）")

    @field_validator("monthly_wage", "local_avg_monthly_wage", "local_minimum_wage", "last_month_wage")
    @classmethod
    def _money(cls, v: float | None, info) -> float | None:
        title = cls.model_fields[info.field_name].title
        if v is not None and v < 0:
            raise ValueError(f"{title}不能为负数 / {info.field_name} must not be negative")
        if v is not None and v == 0 and info.field_name != "monthly_wage":
            raise ValueError(f"{title}必须大于0 / {info.field_name} must be greater than 0")
        return v

    @field_validator("service_years")
    @classmethod
    def _years(cls, v: int | None) -> int | None:
        if v is not None and not 0 <= v <= 70:
            raise ValueError("工作年限（年）应在0到70之间 / service_years must be between 0 and 70")
        return v

    @field_validator("service_months")
    @classmethod
    def _months(cls, v: int | None) -> int | None:
        if v is not None and not 0 <= v <= 11:
            raise ValueError("工作年限（月）应在0到11之间 / service_months must be between 0 and 11")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "SeveranceInput":
        has_dates = self.start_date is not None or self.end_date is not None
        has_span = self.service_years is not None or self.service_months is not None
        if has_dates and has_span:
            raise ValueError("起止日期和工作年限只填一种 / give either start_date/end_date or service_years/months")
        if not has_dates and not has_span:
            raise ValueError("请填写入职和解除日期，或工作年限 / give start_date and end_date, or service_years")
        if has_dates:
            if self.start_date is None or self.end_date is None:
                raise ValueError("入职日期和解除或终止日期都要填写 / both start_date and end_date are required")
            if self.end_date < self.start_date:
                raise ValueError("解除或终止日期不能早于入职日期 / end_date must not be before start_date")
            if self.end_date < LAW_START:
                raise ValueError("本计算器只计算2008年1月1日劳动合同法施行后解除或终止的情形 / "
                                 "end_date must be on or after 2008-01-01")
            if (self.start_date < LAW_START and self.reason != "unlawful_termination"
                    and self.reason not in _NOT_ENTITLED and self.pre2008_entitled is None):
                raise ValueError(
                    "入职早于2008-01-01：2008年前的工作年限是否计发经济补偿取决于当时规定（原劳动部《违反和解除劳动合同的"
                    "经济补偿办法》，本法规库未收录），请确认后填写 pre2008_entitled / start_date is before 2008-01-01: "
                    "set pre2008_entitled (whether the rules before 2008 also required severance for this ending)")
        if self.reason in {"employer_40_1", "employer_40_2", "employer_40_3"}:
            if self.notice_given is False and self.last_month_wage is None:
                raise ValueError("未提前三十日书面通知的，请填写上一个月工资 / last_month_wage is required when "
                                 "notice_given is false")
        elif self.notice_given is not None or self.last_month_wage is not None:
            raise ValueError("是否提前通知、上一个月工资只在第四十条解除时填写 / notice_given and last_month_wage apply "
                             "only to reasons employer_40_1/2/3")
        return self


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
    if rest >= rule["remainder_threshold_months"]:
        extra = Decimal(str(rule["months_for_remainder_at_or_above_threshold"]))
        return base + extra, (f"满{years}年计{show(base)}个月；余下{_describe(rest, days).removeprefix('0年')}，"
                              f"六个月以上不满一年按一年计{show(extra)}个月；共{show(base + extra)}个月")
    extra = Decimal(str(rule["months_for_remainder_below_threshold"]))
    return base + extra, (f"满{years}年计{show(base)}个月；余下{_describe(rest, days).removeprefix('0年')}，"
                          f"不满六个月计{show(extra)}个月；共{show(base + extra)}个月")


def run(inp: SeveranceInput, rates: RateBook) -> CalcResult:
    steps: list[str] = []
    warnings: list[str] = []
    amounts: list[Amount] = []
    on = inp.end_date or LAW_START
    rule_row = rates.row_on("severance_rule", on)
    rule = rule_row.values
    used = [rule_row.as_used()]
    description, articles = _REASONS[inp.reason]
    articles = list(articles) + ["article/劳动合同法/47"]
    steps.append(f"解除或终止原因：{description}")

    if inp.reason in _NOT_ENTITLED:
        steps.append("经济补偿 0 元")
        amounts.append(Amount(name="经济补偿", value=0, unit="元"))
        warnings.append("如果实际上是用人单位拖欠工资、未缴社保等迫使劳动者离职，应按第三十八条解除并书面写明理由，"
                        "才有经济补偿；请核对离职的真实原因和书面材料。")
        if inp.reason == "mutual_worker_proposed":
            warnings.append("双方都无法证明是谁提出解除的，广东裁审口径视为用人单位提出、协商一致解除，应支付经济补偿"
                            "（粤高法〔2012〕284号第29条）。")
            articles.append(f"{MINUTES}/29")
        return CalcResult(calculator="severance", amounts=amounts, steps=steps,
                          legal_basis=LegalBasis(articles=articles, rates=used), warnings=warnings)

    damages = inp.reason == "unlawful_termination"

    # 1. monthly wage base, floor and cap
    wage = Decimal(str(inp.monthly_wage))
    steps.append(f"月工资：解除或终止前十二个月平均工资 {show(wage)} 元")
    if inp.local_minimum_wage is not None and wage < Decimal(str(inp.local_minimum_wage)):
        wage = Decimal(str(inp.local_minimum_wage))
        steps.append(f"低于当地最低工资标准，按最低工资标准 {show(wage)} 元计算")
        articles.append("article/劳动合同法实施条例/27")
    if inp.local_avg_monthly_wage is not None:
        avg = Decimal(str(inp.local_avg_monthly_wage))
        avg_text = f"用户输入的当地上年度职工月平均工资 {show(avg)} 元"
    else:
        if inp.end_date is None:
            raise RateNotCovered("请填写当地上年度职工月平均工资（local_avg_monthly_wage），用于判断是否适用三倍封顶 / "
                                 "local_avg_monthly_wage is needed to check the 3x cap when no dates are given")
        try:
            avg_row = rates.row_on("city_avg_monthly_wage", inp.end_date, inp.city)
        except RateNotCovered as exc:
            raise RateNotCovered(f"{exc}. 请填写 local_avg_monthly_wage（用人单位所在市公布的上年度职工月平均工资，元/月），"
                                 "用于判断是否适用三倍封顶 / enter local_avg_monthly_wage") from None
        used.append(avg_row.as_used())
        avg = Decimal(str(avg_row.values["monthly_yuan"]))
        avg_text = f"{avg_row.region or ''}上年度职工月平均工资 {show(avg)} 元（费率表）"
    cap = avg * Decimal(str(rule["high_wage_cap_multiple"]))
    high_wage = wage > cap
    if high_wage:
        steps.append(f"{avg_text} × {rule['high_wage_cap_multiple']} = {show(cap)} 元；月工资高于三倍，"
                     f"按 {show(cap)} 元计，年限最多{rule['high_wage_max_years']}年")
        base = cap
    else:
        steps.append(f"{avg_text} × {rule['high_wage_cap_multiple']} = {show(cap)} 元；月工资未超过，按 {show(wage)} 元计")
        base = wage

    # 2. years of service that count
    max_months = Decimal(rule["high_wage_max_years"]) * Decimal(str(rule["months_per_full_year"]))
    if inp.start_date is None:
        months, days = inp.service_years * 12 + (inp.service_months or 0), 0
        steps.append(f"工作年限：{_describe(months, 0)}（用户输入）")
        comp, how = _comp_months(months, days, rule)
        warnings.append("未填写入职日期：按2008年1月1日以后入职计算；如有2008年前的工作年限，请改填起止日期。")
        post_comp = comp
    else:
        end_excl = inp.end_date + timedelta(days=1)
        months, days = _span(inp.start_date, end_excl)
        steps.append(f"工作年限：{inp.start_date.isoformat()} 至 {inp.end_date.isoformat()}，{_describe(months, days)}")
        count_from = inp.start_date
        if inp.start_date < LAW_START and not damages:
            articles += ["article/劳动合同法/97", f"{MINUTES}/32"]
            pre_row = rates.row_on("severance_pre2008_rule", inp.end_date)
            if not inp.pre2008_entitled:
                count_from = LAW_START
                steps.append("2008年前按当时规定不需支付经济补偿：工作年限自2008-01-01起计算"
                             "（劳动合同法第九十七条第三款；粤高法〔2012〕284号第32条第一项）")
            else:
                used.append(pre_row.as_used())
                steps.append("2008年前按当时规定也需支付经济补偿：工作年限自用工之日起计算（粤高法〔2012〕284号第32条第二项）")
                cap_years = pre_row.values["pre2008_max_years_mutual_or_incompetence"]
                pre_months, _ = _span(inp.start_date, LAW_START)
                if inp.reason in _PRE2008_CAPPED and pre_months > cap_years * 12:
                    count_from = add_months(LAW_START, -cap_years * 12)
                    steps.append(f"协商一致解除或不能胜任解除：2008年前计发年限最多{cap_years}年，"
                                 f"从 {count_from.isoformat()} 起计算")
                warnings.append("2008年前的年限按劳动合同法第四十七条的“六个月”规则与2008年后连续计算（粤高法〔2012〕284号"
                                "第32条只规定“自用工之日起计算”）；原劳动部《违反和解除劳动合同的经济补偿办法》"
                                "（劳部发〔1994〕481号）不在法规库中，当时的计算方法未能核对，"
                                "请律师对照当时规定复核。")
            months, days = _span(count_from, end_excl)
            steps.append(f"计发经济补偿的年限：{count_from.isoformat()} 至 {inp.end_date.isoformat()}，{_describe(months, days)}")
        elif inp.start_date < LAW_START:
            articles.append(f"{MINUTES}/33")
            steps.append("赔偿金的计算年限自用工之日起计算，包括2008年前的工作年限（实施条例第二十五条；粤高法〔2012〕284号第33条）")
        comp, how = _comp_months(months, days, rule)
        post_months, post_days = _span(max(count_from, LAW_START), end_excl)
        post_comp, _ = _comp_months(post_months, post_days, rule)
    steps.append(f"经济补偿月数：{how}")

    if high_wage:
        if damages or inp.start_date is None or inp.start_date >= LAW_START:
            limited = min(comp, max_months)
        else:  # 纪要 第32条: the 12-year limit of 第四十七条 binds the years after 2008 only
            limited = comp - max(post_comp - max_months, Decimal(0))
        if limited < comp:
            steps.append(f"月工资高于三倍，年限最多{rule['high_wage_max_years']}年：{show(comp)}个月 → {show(limited)}个月")
            comp = limited
    amounts.append(Amount(name="计发月数", value=float(comp), unit="个月"))
    amounts.append(Amount(name="月工资基数", value=float(yuan(base)), unit="元/月"))

    severance = base * comp
    steps.append(f"经济补偿 = {show(base)} × {show(comp)} = {show(severance)} 元")
    total = Decimal(0)
    if damages:
        multiple = Decimal(str(rule["unlawful_termination_multiple"]))
        value = severance * multiple
        steps.append(f"违法解除赔偿金 = 经济补偿标准 {show(severance)} × {show(multiple)} = {show(value)} 元 → {yuan(value)} 元")
        amounts.append(Amount(name="违法解除或终止赔偿金", value=float(yuan(value)), unit="元"))
        warnings.append("支付了赔偿金的，不再支付经济补偿（实施条例第二十五条）。劳动者也可以选择要求继续履行劳动合同（第四十八条）。")
        total += value
    else:
        steps.append(f"经济补偿 {show(severance)} 元 → {yuan(severance)} 元（四舍五入到分）")
        amounts.append(Amount(name="经济补偿", value=float(yuan(severance)), unit="元"))
        total += severance
        warnings.append("如果用人单位的解除或终止违法，劳动者可以改为主张二倍的赔偿金（第八十七条）。")

    if inp.reason in {"employer_40_1", "employer_40_2", "employer_40_3"}:
        articles += ["article/劳动合同法实施条例/20"]
        if inp.notice_given is False:
            notice_pay = Decimal(str(inp.last_month_wage))
            steps.append(f"未提前三十日书面通知：另付一个月工资，按上一个月工资 {show(notice_pay)} 元")
            amounts.append(Amount(name="代通知金（额外一个月工资）", value=float(yuan(notice_pay)), unit="元"))
            total += notice_pay
        elif inp.notice_given is None:
            warnings.append("第四十条解除须提前三十日书面通知，或者额外支付一个月工资（按上一个月工资标准）；"
                            "请填写是否已提前通知。")
    if sum(1 for a in amounts if a.unit == "元") > 1:
        steps.append(f"合计 {show(total)} 元 → {yuan(total)} 元")
        amounts.append(Amount(name="合计", value=float(yuan(total)), unit="元"))

    warnings.append("月工资按劳动者应得工资计算，包括计时或计件工资以及奖金、津贴和补贴等货币性收入（实施条例第二十七条），"
                    "不是合同约定的基本工资。")
    warnings.append("“当地上年度职工月平均工资”应以用人单位所在设区的市人民政府公布的数字为准；"
                    "请向当地人社部门核实用的是哪一个统计口径。")
    if inp.start_date is not None:
        warnings.append("劳动者非因本人原因从原用人单位被安排到新用人单位工作的，原单位的工作年限合并计算（实施条例第十条）；"
                        "如有此情形，入职日期请填原单位的用工之日。")
    articles += ["article/劳动合同法实施条例/27", "article/劳动合同法实施条例/10", f"{MINUTES}/31"]
    return CalcResult(
        calculator="severance",
        amounts=amounts,
        steps=steps,
        legal_basis=LegalBasis(articles=list(dict.fromkeys(articles)), rates=used),
        warnings=warnings,
    )


CALCULATOR = Calculator(
    name="severance",
    title="经济补偿和违法解除赔偿金",
    purpose="按工作年限和离职前十二个月平均工资计算经济补偿（含三倍、十二年封顶和2008年前年限），或违法解除的二倍赔偿金",
    input_model=SeveranceInput,
    run=run,
)
