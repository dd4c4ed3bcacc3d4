"""Prefill: the calculator is picked by topic words and figures land in its input fields.

Fixture calculators with the field names of the real ones keep these tests independent of
which calculators are registered at the moment."""

from datetime import date
from decimal import Decimal

import pytest
from pydantic import BaseModel, Field

from legalqa.calculators import all_calculators
from legalqa.calculators import Calculator
from legalqa.prefill import parse_number, pick_calculator, prefill, read_inputs


class DeathInput(BaseModel):
    death_date: date = Field(title="死亡日期")
    contribution_years: float = Field(0, title="累计缴费年限")
    monthly_income_override: float | None = Field(None, title="本省上一年度城镇居民月人均可支配收入")


class SeveranceInput(BaseModel):
    start_date: date = Field(title="入职日期")
    end_date: date = Field(title="离职日期")
    years_of_service: Decimal | None = Field(None, title="工作年限")
    monthly_wage: Decimal = Field(title="月工资")
    avg_monthly_wage: Decimal | None = Field(None, title="当地上年度职工月平均工资")
    city: str | None = Field(None, title="城市")


class InjuryInput(BaseModel):
    event_date: date = Field(title="计发日期")
    disability_grade: int | None = Field(None, title="伤残等级")
    own_wage_12m_avg: Decimal | None = Field(None, title="本人工资")


def _calc(name: str, title: str, model: type[BaseModel]) -> Calculator:
    return Calculator(name=name, title=title, purpose="测试", input_model=model, run=lambda inp, rates: None)


FAKE = {c.name: c for c in [_calc("death_benefit", "非因工死亡抚恤", DeathInput),
                             _calc("severance", "经济补偿", SeveranceInput),
                             _calc("work_injury", "工伤待遇", InjuryInput)]}


@pytest.mark.parametrize("question, name", [
    ("我爸去世了，单位给多少抚恤金", "death_benefit"),
    ("职工非因工死亡，丧葬费怎么算", "death_benefit"),
    ("工伤鉴定七级伤残能赔多少", "work_injury"),
    ("因工死亡有什么待遇", "work_injury"),
    ("公司裁员给多少经济补偿", "severance"),
    ("被辞退了怎么办", "severance"),
])
def test_calculator_is_picked_by_topic_words(question, name):
    assert pick_calculator(question, FAKE).name == name


def test_only_registered_calculators_are_offered():
    assert prefill("公司不给高温津贴", FAKE) is None  # heat_allowance is not among FAKE
    assert prefill("红烧肉怎么做才好吃", FAKE) is None


@pytest.mark.parametrize("question, name, expected", [
    ("我丈夫2023年10月5日去世了，交了十二年社保", "death_benefit",
     {"death_date": "2023-10-05", "contribution_years": 12}),
    ("社保交了12.5年，老公病故了", "death_benefit", {"contribution_years": 12.5}),
    ("缴费年限十五年，父亲2024-03-01因病死亡", "death_benefit",
     {"contribution_years": 15, "death_date": "2024-03-01"}),
    ("在深圳工作了3年，月薪8000，被辞退", "severance",
     {"years_of_service": 3, "monthly_wage": 8000, "city": "深圳"}),
    ("干了三年半，工资8000元，公司裁员", "severance", {"years_of_service": 3.5, "monthly_wage": 8000}),
    ("月薪1.2万被辞退", "severance", {"monthly_wage": 12000}),
    ("每月两万，公司要开除我", "severance", {"monthly_wage": 20000}),
    ("2020年3月1日入职，2024年6月30日被辞退，要经济补偿", "severance",
     {"start_date": "2020-03-01", "end_date": "2024-06-30"}),
    ("工伤七级伤残，工资6000元/月", "work_injury", {"disability_grade": 7, "own_wage_12m_avg": 6000}),
    ("伤残十级，2024年1月2日鉴定", "work_injury", {"disability_grade": 10, "event_date": "2024-01-02"}),
])
def test_figures_are_read_into_the_calculators_fields(question, name, expected):
    offer = prefill(question, FAKE)
    assert (offer.name, offer.prefilled) == (name, expected)


def test_a_wage_is_not_taken_for_an_average_wage_field():
    inputs = read_inputs("工资8000元被辞退", SeveranceInput.model_json_schema())
    assert "avg_monthly_wage" not in inputs and inputs["monthly_wage"] == 8000


def test_contribution_years_are_not_years_of_service():
    assert read_inputs("交了十二年社保", SeveranceInput.model_json_schema()) == {}


def test_no_figures_no_prefill():
    offer = prefill("公司裁员给多少经济补偿", FAKE)
    assert (offer.prefilled, offer.url) == ({}, "/calculators/severance")


def test_url_carries_the_prefilled_figures():
    offer = prefill("我丈夫2023年10月5日去世了，交了十二年社保", FAKE)
    assert offer.url == "/calculators/death_benefit?death_date=2023-10-05&contribution_years=12"
    assert offer.title == "非因工死亡抚恤"


def test_prefilled_inputs_are_valid_for_the_input_model():
    offer = prefill("在广州工作了3年，月薪8000，2020年3月1日入职，2023年3月1日被辞退", FAKE)
    SeveranceInput.model_validate(offer.prefilled)


@pytest.mark.parametrize("text, value", [
    ("12", 12), ("12.5", 12.5), ("十二", 12), ("两万", 20000), ("一万二", 12000), ("三千五百", 3500),
    ("四千五", 4500), ("五千八", 5800), ("1.2万", 12000),  # everyday speech drops the last unit
])
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_registered_death_benefit_calculator_gets_contribution_years():
    offer = prefill("我老公2023年10月5日去世，交了十二年社保，能拿多少抚恤金", all_calculators())
    assert offer.name == "death_benefit"
    assert offer.prefilled == {"contribution_years": 12, "death_date": "2023-10-05"}


@pytest.mark.parametrize("question, expected", [
    ("在深圳干了三年七个月，月薪四千五，公司违法辞退我",
     {"employer_years": 3, "employer_months": 7, "monthly_wage": 4500, "city": "深圳"}),
    ("干了三年半，工资五千八，被辞退", {"employer_years": 3.5, "monthly_wage": 5800}),
    ("工作了3年零7个月被裁员，月薪6500", {"employer_years": 3, "employer_months": 7, "monthly_wage": 6500}),
])
def test_registered_severance_calculator_reads_years_months_and_everyday_wages(question, expected):
    offer = prefill(question, all_calculators())
    assert (offer.name, offer.prefilled) == ("severance", expected)
    all_calculators()["severance"].input_model.model_validate({"reason": "layoff_41", **offer.prefilled})


def test_months_become_a_fraction_of_a_year_where_the_calculator_has_no_months_field():
    assert prefill("在本单位工作了三年七个月，医疗期有多久", all_calculators()).prefilled == {"employer_years": 3.58}
