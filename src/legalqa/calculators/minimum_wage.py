"""广东最低工资标准：按城市和日期查月最低工资、非全日制小时最低工资，并判断工资是否低于标准。"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

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

# The 21 prefecture-level cities of Guangdong: geography, not a rate. Which class a city is in,
# and when, is data (rates/minimum_wage_gd_city_class.yaml).
GUANGDONG_CITIES = (
    "广州", "深圳", "珠海", "汕头", "佛山", "韶关", "河源", "梅州", "惠州", "汕尾", "东莞",
    "中山", "江门", "阳江", "湛江", "茂名", "肇庆", "清远", "潮州", "揭阳", "云浮",
)

CITY_CLASS_TABLE = "minimum_wage_gd_city_class"
WAGE_TABLE = "minimum_wage_gd"


def normalise_city(value: str | None) -> str | None:
    """"广州市" → "广州"; a name outside Guangdong's 21 cities is a validation error."""
    if value is None:
        return None
    city = value.strip().removesuffix("市")
    if city not in GUANGDONG_CITIES:
        raise ValueError(
            f"城市“{value}”不是广东省的地级以上市（可填：{'、'.join(GUANGDONG_CITIES)}） / "
            f"city must be one of Guangdong's 21 prefecture-level cities, got {value!r}"
        )
    return city


@dataclass(frozen=True)
class LocalMinimumWage:
    city: str
    wage_region: str  # 一类…四类, or a city with its own standard (深圳; 珠海 2013–2018)
    monthly: Decimal
    hourly: Decimal
    class_row: RateRow
    wage_row: RateRow

    def describe(self) -> str:
        region = self.wage_region if self.wage_region != self.city else "单列标准"
        return (f"{self.city}（{region}）自{self.wage_row.start_date.isoformat()}起执行的最低工资标准："
                f"月{plain(self.monthly)}元，非全日制小时{plain(self.hourly)}元")


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
    )


def _until(row: RateRow) -> str:
    return row.end_date.isoformat() if row.end_date else "现行"


class MinimumWageInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    city: str = Field(title="城市", description="用人单位所在的广东省地级以上市，如“广州”“湛江”")
    on_date: date = Field(title="日期", description="工资所属期间内的日期，用来确定适用哪一期最低工资标准")
    part_time: bool = Field(False, title="非全日制", description="是否为非全日制用工（按小时计酬）")
    monthly_wage: Decimal | None = Field(
        None, title="月工资",
        description="全日制：当月正常工作时间工资（元），已剔除加班工资、中班夜班高温等特殊津贴和法定福利")
    hourly_wage: Decimal | None = Field(None, title="小时工资", description="非全日制：小时工资（元/小时）")

    @field_validator("city")
    @classmethod
    def _known_city(cls, v: str) -> str:
        return normalise_city(v)

    _not_negative = field_validator("monthly_wage", "hourly_wage")(not_negative)

    @model_validator(mode="after")
    def _wage_matches_kind(self) -> "MinimumWageInput":
        if self.part_time and self.monthly_wage is not None:
            raise ValueError("非全日制用工请填写小时工资，不填月工资 / part_time: give hourly_wage, not monthly_wage")
        if not self.part_time and self.hourly_wage is not None:
            raise ValueError("全日制用工请填写月工资，不填小时工资 / full-time: give monthly_wage, not hourly_wage")
        return self


def run(inp: MinimumWageInput, rates: RateBook) -> CalcResult:
    mw = local_minimum_wage(rates, inp.city, inp.on_date)
    steps = [
        f"{inp.on_date.isoformat()}，{inp.city}适用的最低工资类别：{mw.wage_region}"
        f"（该期起止：{mw.class_row.start_date.isoformat()} 至 {_until(mw.class_row)}）。",
        mw.describe() + "。",
    ]
    amounts = [
        Amount(name="月最低工资标准（全日制）", value=float(mw.monthly), unit="元/月"),
        Amount(name="小时最低工资标准（非全日制）", value=float(mw.hourly), unit="元/小时"),
    ]
    articles = ["article/最低工资规定/3", "article/最低工资规定/5", "article/广东省工资支付条例/3"]
    warnings: list[str] = []

    wage, minimum, unit, label = (
        (inp.hourly_wage, mw.hourly, "元/小时", "小时工资") if inp.part_time
        else (inp.monthly_wage, mw.monthly, "元/月", "月工资")
    )
    if wage is not None:
        shortfall = max(minimum - wage, Decimal(0))
        below = wage < minimum
        if below:
            steps.append(f"{label} {plain(wage)} 元 < 最低工资标准 {plain(minimum)} 元，"
                         f"差额 = {plain(minimum)} − {plain(wage)} = {yuan(shortfall)} 元。")
        else:
            steps.append(f"{label} {plain(wage)} 元 ≥ 最低工资标准 {plain(minimum)} 元，未低于标准。")
        amounts += [
            Amount(name="是否低于最低工资标准", value="是" if below else "否", unit="判断"),
            Amount(name="低于最低工资标准的差额", value=float(yuan(shortfall)), unit=unit),
        ]
        if inp.part_time:
            articles.append("article/劳动合同法/72")
        else:
            articles += ["article/最低工资规定/12", "article/广东省工资支付条例/4"]
            warnings.append("比较前应从工资中剔除延长工作时间工资，中班、夜班、高温、低温、井下、有毒有害等特殊"
                            "工作环境、条件下的津贴，以及法律、法规和国家规定的福利待遇（最低工资规定第十二条）；"
                            "劳动者因本人原因未提供正常劳动的月份不适用。")
    return CalcResult(
        calculator="minimum_wage",
        amounts=amounts,
        steps=steps,
        legal_basis=LegalBasis(articles=articles, rates=[mw.class_row.as_used(), mw.wage_row.as_used()]),
        warnings=warnings,
    )


CALCULATOR = Calculator(
    name="minimum_wage",
    title="最低工资标准查询",
    purpose="按广东城市和日期查月最低工资、非全日制小时最低工资，并判断工资是否低于标准、差多少",
    input_model=MinimumWageInput,
    run=run,
)
