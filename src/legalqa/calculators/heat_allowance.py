"""广东省高温津贴：6月至10月，露天岗位或作业场所不能降到33℃以下（不含33℃），按月标准或按天折算；
起止日期里不满整月的月份按该部分的工作日折算。"""

import calendar
import re
from datetime import date, timedelta
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import MAX_ITEMS
from legalqa.calculators.money import show
from legalqa.holiday_calendar import rest_day

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
MAX_PERIOD_DAYS = 50 * 366  # a working life; longer ranges are typing errors (and cost seconds of CPU)


class HeatMonth(BaseModel):
    model_config = ConfigDict(extra="forbid")

    month: str = Field(title="月份", description="YYYY-MM，例如 2024-07")
    heat_days: int | None = Field(
        None, ge=0, le=31, title="高温岗位工作天数",
        description="不是整月在高温岗位工作、需要按天折算的，填该月实际工作天数；整月的留空")

    @field_validator("month")
    @classmethod
    def _month_format(cls, v: str) -> str:
        m = _MONTH_RE.match(v.strip())
        if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1:
            raise ValueError(f"月份应为 YYYY-MM 格式（收到 {v!r}） / month must be YYYY-MM, got {v!r}")
        return v.strip()

    @model_validator(mode="after")
    def _days_in_month(self) -> "HeatMonth":
        if self.heat_days is not None:
            year, month = self.year_month
            last = calendar.monthrange(year, month)[1]
            if not 0 <= self.heat_days <= last:
                raise ValueError(f"{self.month} 的高温岗位工作天数应在0到{last}之间 / "
                                 f"heat_days for {self.month} must be between 0 and {last}")
        return self

    @property
    def year_month(self) -> tuple[int, int]:
        y, m = self.month.split("-")
        return int(y), int(m)


class HeatAllowanceInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outdoor: bool = Field(title="露天岗位", description="从事露天岗位工作的请勾选")
    workplace_temp_c: Decimal | None = Field(
        None, ge=-30, le=70, title="作业场所温度（℃）",
        description="室内作业场所采取措施后的温度；非露天岗位必填。33℃及以上（不能降到33℃以下）才有高温津贴")
    months: list[HeatMonth] = Field(
        default_factory=list, max_length=MAX_ITEMS, title="逐月情况",
        description="每个月一项；整月在高温岗位的天数留空，按天折算的填天数")
    start_date: date | None = Field(
        None, title="开始日期",
        description="也可以只填在高温岗位工作的起止日期：整月按月计，不满整月的月份按其中的工作日折算")
    end_date: date | None = Field(None, title="结束日期", description="在高温岗位工作的最后一天")

    @model_validator(mode="after")
    def _period(self) -> "HeatAllowanceInput":
        if not self.outdoor and self.workplace_temp_c is None:
            raise ValueError("非露天岗位请填写作业场所温度 / workplace_temp_c is required when outdoor is false")
        has_range = self.start_date is not None or self.end_date is not None
        if self.months and has_range:
            raise ValueError("逐月情况和起止日期只填一种 / give either months or start_date/end_date, not both")
        if not self.months and not has_range:
            raise ValueError("请填写逐月情况或起止日期 / give months or start_date and end_date")
        if has_range:
            if self.start_date is None or self.end_date is None:
                raise ValueError("开始日期和结束日期都要填写 / both start_date and end_date are required")
            if self.end_date < self.start_date:
                raise ValueError("结束日期不能早于开始日期 / end_date must not be before start_date")
            if (self.end_date - self.start_date).days > MAX_PERIOD_DAYS:
                raise ValueError(f"起止日期最长{MAX_PERIOD_DAYS // 366}年，请分段计算 / "
                                 f"the period may span at most {MAX_PERIOD_DAYS // 366} years")
        seen = [m.month for m in self.months]
        if len(seen) != len(set(seen)):
            raise ValueError("同一个月份填了两次 / a month appears twice in months")
        return self


def _month_list(inp: HeatAllowanceInput) -> list[tuple[HeatMonth, bool]]:
    """(month, whole month inside the period?) for every calendar month asked about; a part month of a
    date range carries the working days of the part as its heat days."""
    if inp.start_date is None:
        return [(m, True) for m in sorted(inp.months, key=lambda x: x.year_month)]
    out = []
    y, m = inp.start_date.year, inp.start_date.month
    while (y, m) <= (inp.end_date.year, inp.end_date.month):
        first, last = date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if inp.start_date <= first and last <= inp.end_date:
            out.append((HeatMonth(month=f"{y:04d}-{m:02d}"), True))
        else:
            out.append((HeatMonth(month=f"{y:04d}-{m:02d}",
                                  heat_days=_working_days(max(first, inp.start_date), min(last, inp.end_date))), False))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _working_days(first: date, last: date) -> int:
    """Working days from first to last, both included, by the State Council holiday schedules."""
    return sum(1 for n in range((last - first).days + 1) if rest_day(first + timedelta(days=n)) is None)


def compute(inp: HeatAllowanceInput, sheet: Worksheet) -> None:
    sheet.cite("article/广东省人力资源和社会保障厅关于做好高温天气劳动权益维护有关工作的通知/1",
               "article/广东省高温天气劳动保护办法/1", "article/防暑降温措施管理办法/17")
    if inp.start_date is not None:
        sheet.step(f"期间 {inp.start_date.isoformat()} 至 {inp.end_date.isoformat()}：完整月份按月标准计算，"
                   "不满整月的月份按其中的工作日（国务院放假安排）按天折算")

    total = Decimal(0)
    eligible: bool | None = None
    capped_any = part_months = False
    for hm, whole in _month_list(inp):
        year, month = hm.year_month
        row = sheet.rates.row_on("heat_allowance", date(year, month, 1))
        rule = row.values
        first, last = rule["season_first_month"], rule["season_last_month"]
        if not first <= month <= last:
            sheet.step(f"{hm.month}：不在每年{first}月至{last}月之间，不发高温津贴")
            continue
        sheet.use(row)
        if eligible is None:
            threshold = rule["workplace_temp_threshold_celsius"]
            if inp.outdoor:
                eligible = True
                sheet.step(f"露天岗位工作：每年{first}月至{last}月应按月发放高温津贴")
            else:
                eligible = inp.workplace_temp_c >= threshold
                sheet.step(f"作业场所温度 {show(inp.workplace_temp_c)}℃："
                           + (f"不能降到{threshold}℃以下（不含{threshold}℃），应发高温津贴" if eligible
                              else f"已降到{threshold}℃以下，不属于应发高温津贴的情形，不计算金额"))
        if not eligible:
            continue
        monthly, daily = Decimal(str(rule["monthly_yuan"])), Decimal(str(rule["daily_yuan"]))
        if hm.heat_days is None:
            value = monthly
            sheet.step(f"{hm.month}：整月，适用{row.start_date.isoformat()}起的标准 {show(monthly)} 元/月")
        else:
            by_day = daily * hm.heat_days
            value = min(by_day, monthly)
            what = "期间内的工作日" if not whole else "按天折算"
            part_months = part_months or not whole
            line = (f"{hm.month}：{what} {hm.heat_days} 天 × {show(daily)} 元/天（{row.start_date.isoformat()}起的标准）"
                    f" = {show(by_day)} 元")
            if by_day > monthly:
                capped_any = True
                line += f"，超过月标准，按月标准 {show(monthly)} 元"
            sheet.step(line)
        total += value
        sheet.money(f"{hm.month} 高温津贴", value)

    rounded = sheet.money("高温津贴合计", total)
    sheet.step(f"高温津贴合计 {rounded} 元")
    if capped_any:
        sheet.warn("日标准由月标准折算而来（约为月标准 ÷ 21.75），本计算器假定一个月按天折算后不超过月标准；"
                   "若该月实际上整月在高温岗位工作，请按整月填写。")
    if part_months:
        sheet.warn("不满整月的月份按其中的工作日折算；休息日也在高温岗位工作的，请改用逐月填写实际天数。")
    if eligible:
        sheet.warn("用人单位提供的清凉饮料不能充抵高温津贴（粤人社函〔2022〕219号；防暑降温措施管理办法第十一条）。")
        sheet.warn("高温津贴不计入最低工资，也不属于正常工作时间工资：扣除高温津贴后的工资仍不得低于最低工资标准"
                   "（最低工资规定第十二条；广东省工资支付条例第六十二条）。")
        sheet.warn("高温津贴应按月发放并在工资清单中列明。什么情况下按天折算，以省人社部门的发放办法为准；"
                   "该办法（粤人社发〔2012〕117号）原文不在法规库中。")
        sheet.warn("广东的规定不以当天气温达到35℃为条件：6月至10月从事露天岗位即应发放；"
                   "国家《防暑降温措施管理办法》第十七条以35℃以上高温天气为条件，广东的规定对劳动者更有利。")
        sheet.warn("用人单位未足额发放高温津贴，劳动者以此为由解除劳动合同并要求经济补偿的，广东裁审口径不予支持"
                   "（粤高法〔2012〕284号第27条）；可以投诉或申请仲裁追讨。")
        sheet.cite("article/防暑降温措施管理办法/11", "article/最低工资规定/12", "article/广东省工资支付条例/62",
                   "article/广东省高级人民法院、广东省劳动人事争议仲裁委员会关于审理劳动人事争议案件若干问题的座谈会纪要/27")
    elif eligible is None:
        sheet.warn("所填月份都不在6月至10月之间，没有高温津贴。")
    else:
        sheet.warn("作业场所温度指用人单位采取降温措施后的实际温度；如有争议，请保留测温记录、照片、同事证言等证据。")


CALCULATOR = Calculator.worked(
    name="heat_allowance",
    title="高温津贴",
    purpose="按广东省标准计算6月至10月露天岗位或高温作业场所应发的高温津贴（整月按月、不满整月按天折算）",
    input_model=HeatAllowanceInput,
    compute=compute,
)
