"""劳动争议仲裁时效：申请仲裁的最后一天（劳动争议调解仲裁法第二十七条，期间按民法典第二百零一至二百零三条计算，
最后一日遇法定休假日按国务院公布的放假安排顺延）。"""

import calendar
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import Day, choice
from legalqa.holiday_calendar import FALLBACK_ARTICLES, rest_period, schedule_published

RULE_TABLE = "arbitration_rule"
_MEETING_MINUTES = "广东省高级人民法院、广东省劳动人事争议仲裁委员会关于审理劳动人事争议案件若干问题的座谈会纪要"

GENERAL, UNPAID_WAGES, DOUBLE_WAGE = "general", "unpaid_wages", "double_wage"
ClaimType = choice({GENERAL: "一般劳动争议", UNPAID_WAGES: "拖欠劳动报酬", DOUBLE_WAGE: "未订立书面劳动合同二倍工资"})


class ArbitrationDeadlineInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claim_type: ClaimType = Field(
        title="争议类型",
        description="拖欠劳动报酬：劳动关系存续期间拖欠工资等劳动报酬；二倍工资：未订立书面劳动合同的二倍工资差额；其余为一般劳动争议")
    known_date: Day | None = Field(
        None, title="知道权利被侵害之日",
        description="劳动者知道或者应当知道其权利被侵害之日（一般劳动争议、二倍工资必填）")
    employment_ended: bool = Field(False, title="劳动关系已终止", description="劳动关系是否已经解除或终止")
    employment_end_date: Day | None = Field(
        None, title="劳动关系终止日", description="劳动关系解除或终止之日（拖欠劳动报酬且劳动关系已终止时必填）")
    interruption_date: Day | None = Field(
        None, title="时效中断之日",
        description="最近一次时效中断之日：向对方主张权利、向有关部门请求权利救济，或对方同意履行义务之日")
    as_of: Day = Field(default_factory=date.today, title="今天的日期",
                       description="用来判断最后一天是否已经过去的日期，不填为今天")

    @model_validator(mode="after")
    def _consistent(self) -> "ArbitrationDeadlineInput":
        if self.claim_type != UNPAID_WAGES and self.known_date is None:
            raise ValueError("须填写知道或者应当知道权利被侵害之日 / known_date is required")
        if self.claim_type == UNPAID_WAGES and self.employment_ended and self.employment_end_date is None:
            raise ValueError("劳动关系已终止的，须填写终止日 / employment_end_date is required when employment_ended")
        if self.employment_end_date is not None and not self.employment_ended:
            raise ValueError("填写了劳动关系终止日，请同时勾选劳动关系已终止 / "
                             "employment_end_date given but employment_ended is false")
        start = self.period_start
        if self.interruption_date is not None and start is not None and self.interruption_date < start:
            raise ValueError("时效中断之日不能早于时效起算日 / interruption_date must not be before the start of the period")
        return self

    @property
    def period_start(self) -> date | None:
        """The day the one-year period first runs from (None: unpaid wages while still employed)."""
        if self.claim_type == UNPAID_WAGES:
            return self.employment_end_date
        return self.known_date


def add_years(start: date, years: int) -> date:
    """民法典第二百零二条: the corresponding day of the expiry month; month end where there is none."""
    year = start.year + years
    return date(year, start.month, min(start.day, calendar.monthrange(year, start.month)[1]))


def after_rest_days(last: date) -> tuple[date, str, list[int]]:
    """民法典第二百零三条: a period whose last day is a day off ends on the day after the days off.
    Returns the last day, the step that says why, and the years whose days off were estimated
    (their official schedule not yet known)."""
    period = rest_period(last)
    end = period[-1].day + timedelta(days=1) if period else last
    years = sorted({last.year, end.year})
    estimated = [y for y in years if not schedule_published(y)]
    if estimated:
        schedule = "全国年节及纪念日放假办法第二条、第六条推算"
    else:
        schedule = "、".join(f"国务院办公厅关于{y}年部分节假日安排的通知" for y in years)
    if not period:
        return last, f"{last.isoformat()} 是工作日（按{schedule}），就是期间的最后一日（民法典第二百零三条）。", estimated
    name = next(r.name for r in period if r.day == last)
    step = (f"{last.isoformat()}（{name}）在 {period[0].day.isoformat()} 至 {period[-1].day.isoformat()} "
            f"的连续休假内（按{schedule}）；期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日"
            f"（民法典第二百零三条）：{end.isoformat()}。")
    return end, step, estimated


def may_have_passed(inp: ArbitrationDeadlineInput, last: date) -> str:
    """Why a last day before today may still not have passed: 第二十七条第二至四款."""
    wages = ("" if inp.claim_type == UNPAID_WAGES else
             "（三）请求里属于劳动关系存续期间拖欠劳动报酬的部分，劳动关系未终止的不受一年限制，"
             "已终止的自终止之日起一年内提出（第四款）。")
    return (f"按以上计算，申请仲裁的最后一天 {last.isoformat()} 早于 {inp.as_of.isoformat()}，仲裁时效可能已经届满，"
            "但不一定：（一）时效中断（劳动争议调解仲裁法第二十七条第二款）：期间内向单位主张过权利（如书面催讨）、"
            "向劳动监察、工会、调解组织等有关部门请求权利救济，或者单位同意履行义务的，从中断时起重新计算一年，"
            "请填写最近一次中断之日再算；（二）时效中止（第三款）：因不可抗力或者有其他正当理由不能申请仲裁的，"
            f"从中止时效的原因消除之日起继续计算。{wages}是否已过时效由仲裁委员会根据证据认定，请尽快咨询。")


def compute(inp: ArbitrationDeadlineInput, sheet: Worksheet) -> None:
    sheet.cite("article/劳动争议调解仲裁法/27")
    base = inp.period_start

    if base is None:  # unpaid wages, employment continuing
        sheet.step("劳动关系存续期间因拖欠劳动报酬发生争议的，劳动者申请仲裁不受一年仲裁时效期间的限制"
                   "（劳动争议调解仲裁法第二十七条第四款）。")
        sheet.step("劳动关系终止后，应当自终止之日起一年内提出。")
        sheet.figure("申请仲裁最后一天", "劳动关系存续期间不受一年时效限制", "说明")
        sheet.warn("劳动关系一旦解除或终止，一年时效从终止之日起计算，请及时申请。")
        return

    years = sheet.rate(RULE_TABLE, base).values["limitation_years"]
    if inp.claim_type == UNPAID_WAGES:
        sheet.step(f"拖欠劳动报酬，劳动关系已于 {base.isoformat()} 终止：自终止之日起 {years} 年内提出"
                   "（劳动争议调解仲裁法第二十七条第四款）。")
    else:
        sheet.step(f"仲裁时效期间为 {years} 年，从知道或者应当知道权利被侵害之日 {base.isoformat()} 起计算"
                   "（劳动争议调解仲裁法第二十七条第一款）。")
    start = base
    if inp.interruption_date is not None:
        start = inp.interruption_date
        sheet.step(f"时效于 {start.isoformat()} 中断，从中断时起重新计算 {years} 年（第二十七条第二款）。")
    last = add_years(start, years)
    sheet.step(f"期间开始的当日不计入，自下一日开始计算；按年计算的，到期月的对应日为最后一日，没有对应日的为月末日"
               f"（民法典第二百零一条、第二百零二条）：{start.isoformat()} + {years} 年 → {last.isoformat()}。")
    sheet.cite("article/民法典/201", "article/民法典/202", "article/民法典/203")
    last, step, estimated = after_rest_days(last)
    sheet.step(step)
    sheet.figure("申请仲裁最后一天", last, "日期")
    if last < inp.as_of:
        sheet.warn(may_have_passed(inp, last))
    if estimated:
        sheet.cite(*FALLBACK_ARTICLES)
        sheet.warn(f"{'、'.join(map(str, estimated))}年的国务院放假安排尚未收录（通常在上一年11月公布），本结果按周末"
                   "和全国年节及纪念日放假办法规定的节日推算；官方安排会调休，最后一日可能不同，"
                   "稳妥起见请在推算的日期之前申请。")
    if last >= inp.as_of:
        sheet.step(f"到 {inp.as_of.isoformat()} 为止，离最后一天还有 {(last - inp.as_of).days} 天。")
        sheet.warn("时效中止：因不可抗力或者有其他正当理由不能在时效期间申请仲裁的，时效中止，从中止的原因消除之日起"
                   "继续计算（第二十七条第三款）。有中止情形的，最后一天相应后延，本结果没有计入。")
    sheet.warn("最后一日的截止时间为二十四时；到仲裁委员会窗口递交的，以其停止办公的时间为截止"
               "（民法典第二百零三条第二款）。有的城市网上预申请不算提交申请，以书面申请递交之日为准。")
    sheet.warn("“知道或者应当知道”由仲裁委员会根据证据认定；如对起算日有争议，请按较早的日期准备。")
    if inp.claim_type == DOUBLE_WAGE:
        sheet.cite(f"article/{_MEETING_MINUTES}/15")
        sheet.warn("广东裁审口径：二倍工资差额从劳动者主张权利之日起往前倒推一年，按月计算，超过一年的部分不予支持"
                   "（粤高法〔2012〕284号座谈会纪要第15条）。")


CALCULATOR = Calculator.worked(
    name="arbitration_deadline",
    title="劳动争议仲裁时效",
    purpose="按劳动争议调解仲裁法第二十七条算申请劳动仲裁的最后一天，并提示中断、中止和拖欠工资的特别规则",
    input_model=ArbitrationDeadlineInput,
    compute=compute,
)
