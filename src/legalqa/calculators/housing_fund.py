"""住房公积金：每月缴存额（住房公积金管理条例第十六条：职工本人上一年度月平均工资 × 缴存比例，单位和职工
各自不低于5%，第十八条）和欠缴的数额；欠缴的由住房公积金管理中心责令限期缴存（第三十八条），不是劳动仲裁。"""

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import MonthlyWage, Percent
from legalqa.calculators.money import show


class HousingFundInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    monthly_wage: MonthlyWage = Field(title="月工资", description="职工本人上一年度月平均工资（元/月），新参加工作的填当月工资")
    employer_percent: Percent = Field(title="单位缴存比例（%）", description="当地住房公积金管理委员会定的比例，不得低于5%")
    worker_percent: Percent | None = Field(None, title="职工缴存比例（%）", description="不填时与单位缴存比例相同")
    unpaid_months: int | None = Field(None, ge=1, le=600, title="欠缴的月数", description="用人单位没有缴存的月数")
    on_date: date = Field(default_factory=date.today, title="日期", description="缴存所属期间的日期，不填为今天")


def compute(inp: HousingFundInput, sheet: Worksheet) -> None:
    minimum = Decimal(str(sheet.rate("housing_fund_rule", inp.on_date).values["min_contribution_percent"]))
    sheet.cite("article/住房公积金管理条例/16", "article/住房公积金管理条例/18", "article/住房公积金管理条例/20")
    worker_pct = inp.worker_percent if inp.worker_percent is not None else inp.employer_percent
    for who, pct in (("单位", inp.employer_percent), ("职工", worker_pct)):
        if pct < minimum:
            raise ValueError(f"{who}缴存比例不得低于{show(minimum)}%（住房公积金管理条例第十八条） / "
                             f"the contribution rate must be at least {show(minimum)} %")
    employer = inp.monthly_wage * inp.employer_percent / 100
    worker = inp.monthly_wage * worker_pct / 100
    sheet.step(f"单位每月缴存 = {show(inp.monthly_wage)} × {show(inp.employer_percent)}% = {show(employer)} 元；"
               f"职工每月缴存 = {show(inp.monthly_wage)} × {show(worker_pct)}% = {show(worker)} 元（由单位从工资中代扣代缴）。")
    sheet.money("单位每月缴存额", employer, "元/月")
    sheet.money("职工每月缴存额", worker, "元/月")
    sheet.money("每月合计存入个人账户", employer + worker, "元/月")
    if inp.unpaid_months is not None:
        owed = (employer + worker) * inp.unpaid_months
        sheet.step(f"欠缴 {inp.unpaid_months} 个月：({show(employer)} + {show(worker)}) × {inp.unpaid_months} = {show(owed)} 元。")
        sheet.money("欠缴的住房公积金", owed)
        sheet.cite("article/住房公积金管理条例/38")
        sheet.warn("单位逾期不缴或者少缴住房公积金的，向当地住房公积金管理中心投诉，由其责令限期缴存，逾期仍不缴存的可以申请"
                   "人民法院强制执行（住房公积金管理条例第三十八条）；这不是劳动争议仲裁的事项。")
    sheet.warn("缴存比例和缴存基数的上下限由当地住房公积金管理委员会规定，请以当地公布的为准。")


CALCULATOR = Calculator.worked(
    name="housing_fund",
    title="住房公积金缴存额与欠缴",
    purpose="按上一年度月平均工资和缴存比例（不低于5%）算单位和职工每月缴存额，以及欠缴的数额",
    input_model=HousingFundInput,
    compute=compute,
)
