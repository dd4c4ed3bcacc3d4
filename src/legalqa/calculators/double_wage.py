"""未订立书面劳动合同的二倍工资差额（劳动合同法第八十二条；实施条例第六、七条；广东裁审口径）。"""

import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import MonthlyWage
from legalqa.calculators.money import show
from legalqa.calculators.periods import add_months

LAW_START = date(2008, 1, 1)
MINUTES = "article/广东省高级人民法院、广东省劳动人事争议仲裁委员会关于审理劳动人事争议案件若干问题的座谈会纪要"


class DoubleWageInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    hire_date: date = Field(title="入职日期", description="用工之日（YYYY-MM-DD）")
    contract_signed_date: date | None = Field(
        None, title="补订书面劳动合同日期", description="后来补签书面劳动合同的日期；一直没签的留空")
    employment_end_date: date | None = Field(
        None, title="劳动关系结束日期", description="一直没签书面合同时，离职或计算截止的日期")
    monthly_wage: MonthlyWage = Field(
        title="月工资", description="劳动者当月应得工资（元/月），不含季度奖、年终奖等支付周期超过一个月的报酬和一次性奖金")
    claim_date: date | None = Field(
        None, title="申请仲裁日期", description="可不填；填写后只计算申请之日往前一年内的部分（广东裁审口径）")

    @model_validator(mode="after")
    def _dates(self) -> "DoubleWageInput":
        if self.contract_signed_date is None and self.employment_end_date is None:
            raise ValueError("请填写补订书面劳动合同日期或劳动关系结束日期 / give contract_signed_date or "
                             "employment_end_date")
        for name, title in (("contract_signed_date", "补订书面劳动合同日期"), ("employment_end_date", "劳动关系结束日期"),
                            ("claim_date", "申请仲裁日期")):
            value = getattr(self, name)
            if value is not None and value < self.hire_date:
                raise ValueError(f"{title}不能早于入职日期 / {name} must not be before hire_date")
        if self.hire_date < LAW_START:
            raise ValueError("2008年1月1日前建立劳动关系的，应自2008年1月1日起一个月内订立书面合同（劳动合同法第九十七条第二款），"
                             "本计算器不计算这种情形 / hire_date before 2008-01-01 is not covered")
        return self


def _months_between(start: date, last_day: date) -> tuple[int, int, int]:
    """(whole months, remaining days, length in days of the month the remaining days fall in), last_day included."""
    end_excl = last_day + timedelta(days=1)
    months = (end_excl.year - start.year) * 12 + end_excl.month - start.month
    while months > 0 and add_months(start, months) > end_excl:
        months -= 1
    month_start = add_months(start, months)
    return months, (end_excl - month_start).days, (add_months(start, months + 1) - month_start).days


def _anniversary(hire: date) -> date:
    """满一年的当日: the corresponding day a year on, or the month's last day where there is none
    (民法典 第二百零二条; hired on 29 February)."""
    year = hire.year + 1
    return date(year, hire.month, min(hire.day, calendar.monthrange(year, hire.month)[1]))


def compute(inp: DoubleWageInput, sheet: Worksheet) -> None:
    rule = sheet.rate("double_wage_rule", inp.hire_date).values
    sheet.cite("article/劳动合同法/10", "article/劳动合同法/82", "article/劳动合同法实施条例/6",
               "article/劳动合同法实施条例/7", f"{MINUTES}/14")

    start = add_months(inp.hire_date, rule["grace_months"])
    anniversary = _anniversary(inp.hire_date)
    year_end = anniversary - timedelta(days=1)
    sheet.step(f"入职 {inp.hire_date.isoformat()}：自用工之日起满{rule['grace_months']}个月的次日 {start.isoformat()} 起算，"
               f"满一年的当日是 {anniversary.isoformat()}，最长至其前一日 {year_end.isoformat()}"
               f"（最多{rule['max_months']}个月）")
    ends = [("满一年的前一日", year_end)]
    if inp.contract_signed_date is not None:
        ends.append(("补订书面劳动合同的前一日", inp.contract_signed_date - timedelta(days=1)))
    if inp.employment_end_date is not None:
        ends.append(("劳动关系结束之日", inp.employment_end_date))
    end_label, end = min(ends, key=lambda e: e[1])
    sheet.step(f"截止日：{end_label} {end.isoformat()}")

    if inp.claim_date is not None:
        sheet.cite(f"{MINUTES}/15", "article/劳动争议调解仲裁法/27")
        limit = add_months(inp.claim_date, -12)
        if limit > start:
            sheet.step(f"仲裁时效：从申请仲裁之日 {inp.claim_date.isoformat()} 往前倒推一年至 {limit.isoformat()}，"
                       f"此前的部分不予支持；起算日改为 {limit.isoformat()}")
            start = limit

    wage = inp.monthly_wage
    extra_multiple = Decimal(str(rule["wage_multiple"])) - 1
    days = 0
    if end < start:
        sheet.step("截止日早于起算日：没有应付的二倍工资差额")
        share = Decimal(0)
    else:
        months, days, month_len = _months_between(start, end)
        share = Decimal(months) + (Decimal(days) / Decimal(month_len) if days else Decimal(0))
        sheet.step(f"期间 {start.isoformat()} 至 {end.isoformat()}：{months}个月"
                   + (f"又{days}天，不足一个月的部分按 {days} ÷ {month_len} 天折算，共 {show(share)} 个月" if days else ""))
    owed = wage * extra_multiple * share
    rounded = sheet.money("应补二倍工资差额", owed)
    sheet.step(f"二倍工资差额 = 月工资 {show(wage)} × ({rule['wage_multiple']} − 1) × {show(share)} = {show(owed)} 元"
               f" → {rounded} 元")
    sheet.figure("计算月数", share.quantize(Decimal("0.0001"), ROUND_HALF_UP), "个月")
    sheet.figure("起算日", start, "日期")
    sheet.figure("截止日", end, "日期")

    sheet.warn("以上是正常工资以外应补的另一倍（二倍工资差额）；正常工资未发的，另行主张。")
    if days:
        sheet.warn("不足一个月的部分按该计算月的日历天数折算，是本计算器的处理；有的裁审机构按 月工资 ÷ 21.75 × 实际工作日 计算，"
                   "请按当地口径核对。")
    sheet.warn("起算日、截止日按“入职日的次月对应日”计算；各地对首尾一天的算法可能相差一天。")
    if end_label == "满一年的前一日":
        sheet.warn("用工满一年仍未订立书面劳动合同的，视为自满一年的当日已订立无固定期限劳动合同，此后不再支付二倍工资"
                   "（实施条例第七条；粤高法〔2012〕284号第14条）。")
    if inp.claim_date is None:
        sheet.warn("二倍工资差额的仲裁时效：广东裁审口径从劳动者主张权利之日起往前倒推一年、按月计算，超过一年的部分不予支持"
                   "（粤高法〔2012〕284号第15条）。填写申请仲裁日期可以按此计算。")
        sheet.cite(f"{MINUTES}/15")
    sheet.warn("劳动合同期满后继续工作、超过一个月仍未续订的，同样可以主张二倍工资（粤高法〔2012〕284号第14条），"
               "但本计算器按首次入职计算，续订的情形请咨询律师。用人单位书面通知签订而劳动者无正当理由拒签的，"
               "用人单位可以终止劳动关系（实施条例第五条、第六条），请保留通知和签订的证据。")
    sheet.cite("article/劳动合同法实施条例/5")


CALCULATOR = Calculator.worked(
    name="double_wage",
    title="未签书面劳动合同二倍工资",
    purpose="入职超过一个月未签书面劳动合同，计算从第二个月起最多十一个月的二倍工资差额",
    input_model=DoubleWageInput,
    compute=compute,
)
