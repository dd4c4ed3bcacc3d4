"""The one input vocabulary of the calculators: one name and one range per meaning, so a figure a
worker gives once fits every calculator that needs it. Every number has a realistic upper bound and
non-finite numbers (NaN, inf) are refused (Decimal fields do both); every list is capped; a choice
accepts its code or its Chinese label.

Names used across calculators (keep to them in new ones):
  hire_date               入职日期（用工之日）
  employment_end_date     劳动关系解除或终止之日（最后一天）
  monthly_wage            劳动者本人月工资（元/月），各计算器在说明里写明口径
  local_minimum_wage      当地月最低工资标准（元/月），填了城市时可不填
  city                    用人单位所在的广东省地级以上市
  total_work_years        参加工作以来的累计工作年限（年）
  employer_years/_months  在本单位的工作年限（年、整年以外的月数）
  on_date                 决定适用哪一期标准的日期
"""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field

MAX_ITEMS = 50  # rows of a list (former employers, dependants, months): more is a typing error or an attack
MAX_MONTHLY_WAGE = Decimal(1_000_000)  # 元/月
MAX_SUM = Decimal(100_000_000)  # 元: any single sum a worker's claim can involve
MAX_WORK_YEARS = 80
MAX_HEADCOUNT = 10_000_000  # workers of one employer
EARLIEST_DAY = date(1950, 1, 1)  # before any labour rule a calculator applies; earlier is a typing error
LATEST_DAY = date(2100, 12, 31)  # far enough ahead for any deadline or period a worker asks about

MonthlyWage = Annotated[Decimal, Field(gt=0, le=MAX_MONTHLY_WAGE)]
Money = Annotated[Decimal, Field(ge=0, le=MAX_SUM)]
WorkYears = Annotated[Decimal, Field(ge=0, le=MAX_WORK_YEARS)]
Percent = Annotated[Decimal, Field(ge=0, le=100)]
Headcount = Annotated[int, Field(ge=0, le=MAX_HEADCOUNT)]
Day = Annotated[date, Field(ge=EARLIEST_DAY, le=LATEST_DAY)]

# The 21 prefecture-level cities of Guangdong: geography, not a rate.
GUANGDONG_CITIES = (
    "广州", "深圳", "珠海", "汕头", "佛山", "韶关", "河源", "梅州", "惠州", "汕尾", "东莞",
    "中山", "江门", "阳江", "湛江", "茂名", "肇庆", "清远", "潮州", "揭阳", "云浮",
)


def normalise_city(value: str | None) -> str | None:
    """"广州市" → "广州"; a name outside Guangdong's 21 cities is a validation error (the message does
    not repeat what was typed)."""
    if value is None:
        return None
    city = value.strip().removesuffix("市")
    if city not in GUANGDONG_CITIES:
        raise ValueError(f"城市不是广东省的地级以上市（可填：{'、'.join(GUANGDONG_CITIES)}） / "
                         "city must be one of Guangdong's 21 prefecture-level cities")
    return city


City = Annotated[str, Field(max_length=20), AfterValidator(normalise_city)]


def choice(labels: dict[str, str]) -> Any:
    """A choice among codes, each with the Chinese label a person reads: the input may be the code or
    the label; the form shows the labels (x-enum-labels). Where the code is Chinese already, the
    label may be the code itself."""
    by_label = {label: code for code, label in labels.items()}

    def to_code(value: Any) -> Any:
        return by_label.get(value.strip(), value.strip()) if isinstance(value, str) else value

    return Annotated[Literal[tuple(labels)], BeforeValidator(to_code),  # type: ignore[valid-type]
                     Field(json_schema_extra={"x-enum-labels": labels})]
