"""广东最低工资标准：按城市和日期查月最低工资、非全日制小时最低工资，并判断工资是否低于标准。"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import MAX_MONTHLY_WAGE, City
from legalqa.calculators.money import plain, yuan
from legalqa.rates import RateBook, RateRow

MAX_HOURLY_WAGE = 10_000  # 元/小时
CITY_CLASS_TABLE = "minimum_wage_gd_city_class"
WAGE_TABLE = "minimum_wage_gd"


@dataclass(frozen=True)
class LocalMinimumWage:
    city: str
    wage_region: str  # 一类…四类, or a city with its own standard (深圳; 珠海 2013–2018)
    monthly: Decimal
    hourly: Decimal
    class_row: RateRow
    wage_row: RateRow
    on: date

    def describe(self) -> str:
        region = self.wage_region if self.wage_region != self.city else "本市标准"
        return (f"{self.city}（{region}）自{self.wage_row.start_date.isoformat()}起执行的最低工资标准："
                f"月{plain(self.monthly)}元，非全日制小时{plain(self.hourly)}元")

    def record(self, sheet: Worksheet) -> None:
        """Adds the two rows to the worksheet, and a warning where a newer standard may apply."""
        sheet.use(self.class_row)
        sheet.use(self.wage_row)
        newer = self.wage_row.values.get("newer_standard_from")
        if newer is not None and self.on >= newer:
            sheet.warn(f"{newer.isoformat()}起广东调整了部分城市的最低工资标准（{self.wage_row.values['newer_standard']}），"
                       f"{self.city}的新标准未查得，本计算仍用{self.wage_row.start_date.isoformat()}起的标准；"
                       "可能已有更高的新标准，请向当地人力资源社会保障部门核实。")


def local_minimum_wage(rates: RateBook, city: str, on: date) -> LocalMinimumWage:
    """The Guangdong minimum wage in force in `city` on `on` (raises RateNotCovered if none)."""
    class_row = rates.row_on(CITY_CLASS_TABLE, on, city)
    region = class_row.values["wage_region"]
    wage_row = rates.row_on(WAGE_TABLE, on, region)
    return LocalMinimumWage(
        city=city,
        wage_region=region,
        monthly=Decimal(str(wage_row.values["monthly_yuan"])),
        hourly=Decimal(str(wage_row.values["hourly_yuan"])),
        class_row=class_row,
        wage_row=wage_row,
        on=on,
    )


def monthly_minimum(sheet: Worksheet, city: str | None, given: Decimal | None, on: date) -> Decimal | None:
    """The monthly minimum wage another calculator checks against: the city's standard on `on` from the
    rate tables (with its rows and warnings recorded), else the figure the user gave, else None."""
    if city:
        found = local_minimum_wage(sheet.rates, city, on)
        found.record(sheet)
        sheet.step(found.describe() + "。")
        return found.monthly
    if given is not None:
        sheet.step(f"当地月最低工资标准（输入）：{plain(given)} 元。")
        return given
    return None


def _until(row: RateRow) -> str:
    return row.end_date.isoformat() if row.end_date else "现行"


class MinimumWageInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    city: City = Field(title="城市", description="用人单位所在的广东省地级以上市，如“广州”“湛江”")
    on_date: date = Field(title="日期", description="工资所属期间内的日期，用来确定适用哪一期最低工资标准")
    part_time: bool = Field(False, title="非全日制", description="是否为非全日制用工（按小时计酬）")
    monthly_wage: Decimal | None = Field(
        None, ge=0, le=MAX_MONTHLY_WAGE, title="月工资",
        description="全日制：当月正常工作时间工资（元），已剔除加班工资、中班夜班高温等特殊津贴和法定福利")
    hourly_wage: Decimal | None = Field(None, ge=0, le=MAX_HOURLY_WAGE, title="小时工资",
                                        description="非全日制：小时工资（元/小时）")

    @model_validator(mode="after")
    def _wage_matches_kind(self) -> "MinimumWageInput":
        if self.part_time and self.monthly_wage is not None:
            raise ValueError("非全日制用工请填写小时工资，不填月工资 / part_time: give hourly_wage, not monthly_wage")
        if not self.part_time and self.hourly_wage is not None:
            raise ValueError("全日制用工请填写月工资，不填小时工资 / full-time: give monthly_wage, not hourly_wage")
        return self


def compute(inp: MinimumWageInput, sheet: Worksheet) -> None:
    mw = local_minimum_wage(sheet.rates, inp.city, inp.on_date)
    mw.record(sheet)
    sheet.step(f"{inp.on_date.isoformat()}，{inp.city}适用的最低工资类别：{mw.wage_region}"
               f"（该期起止：{mw.class_row.start_date.isoformat()} 至 {_until(mw.class_row)}）。")
    sheet.step(mw.describe() + "。")
    sheet.figure("月最低工资标准（全日制）", mw.monthly, "元/月")
    sheet.figure("小时最低工资标准（非全日制）", mw.hourly, "元/小时")
    sheet.cite("article/最低工资规定/3", "article/最低工资规定/5", "article/广东省工资支付条例/3")

    wage, minimum, unit, label = (
        (inp.hourly_wage, mw.hourly, "元/小时", "小时工资") if inp.part_time
        else (inp.monthly_wage, mw.monthly, "元/月", "月工资")
    )
    if wage is None:
        return
    shortfall = max(minimum - wage, Decimal(0))
    below = wage < minimum
    if below:
        sheet.step(f"{label} {plain(wage)} 元 < 最低工资标准 {plain(minimum)} 元，"
                   f"差额 = {plain(minimum)} − {plain(wage)} = {yuan(shortfall)} 元。")
    else:
        sheet.step(f"{label} {plain(wage)} 元 ≥ 最低工资标准 {plain(minimum)} 元，未低于标准。")
    sheet.figure("是否低于最低工资标准", "是" if below else "否", "判断")
    sheet.money("低于最低工资标准的差额", shortfall, unit)
    if inp.part_time:
        sheet.cite("article/劳动合同法/72")
    else:
        sheet.cite("article/最低工资规定/12", "article/广东省工资支付条例/4")
        sheet.warn("比较前应从工资中剔除延长工作时间工资，中班、夜班、高温、低温、井下、有毒有害等特殊"
                   "工作环境、条件下的津贴，以及法律、法规和国家规定的福利待遇（最低工资规定第十二条）；"
                   "劳动者因本人原因未提供正常劳动的月份不适用。")


CALCULATOR = Calculator.worked(
    name="minimum_wage",
    title="最低工资标准查询",
    purpose="按广东城市和日期查月最低工资、非全日制小时最低工资，并判断工资是否低于标准、差多少",
    input_model=MinimumWageInput,
    compute=compute,
)
