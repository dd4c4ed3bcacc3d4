"""医疗期 (劳部发〔1994〕479号 第三、四条, table in RATES.md §8) and the sick-pay floor
(广东省工资支付条例 第二十四条: 80 % of the local minimum wage), on fixture rates."""

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from legalqa.calculators.medical_period import CALCULATOR, MedicalPeriodInput
from legalqa.rates import RateBook, RateNotCovered

RATES = RateBook.from_dir(Path(__file__).parent / "fixtures" / "rates")
run = CALCULATOR.run
ON = date(2025, 6, 1)


def amount(result, name):
    return next(a.value for a in result.amounts if a.name == name)


# (实际工作年限, 本单位工作年限) → (医疗期月数, 累计病休计算期月数); both sides of every boundary.
@pytest.mark.parametrize(
    ("total", "employer", "months", "window"),
    [
        (3, 1, 3, 6),
        (9.99, 4.99, 3, 6),
        (9.99, 5, 6, 12),
        (8, 8, 6, 12),
        (10, 4.99, 6, 12),
        (10, 0, 6, 12),
        (20, 5, 9, 15),
        (20, 9.99, 9, 15),
        (20, 10, 12, 18),
        (20, 14.99, 12, 18),
        (25, 15, 18, 24),
        (25, 19.99, 18, 24),
        (25, 20, 24, 30),
        (40, 35, 24, 30),
        (0, 0, 3, 6),
    ],
)
def test_medical_period_months_and_window(total, employer, months, window):
    result = run(MedicalPeriodInput(total_work_years=total, employer_years=employer, on_date=ON), RATES)
    assert (amount(result, "医疗期"), amount(result, "累计病休计算期")) == (months, window)


# calc_dev lexeval-3_5-002: 最低工资 3300, 5 days, 30 days a month → 3300 × 80% ÷ 30 × 5 = 440.
def test_calc_dev_sick_pay_minimum():
    inp = MedicalPeriodInput(total_work_years=1, employer_years=0.75, on_date=date(2022, 10, 1),
                             local_minimum_wage=3300, sick_days=5, days_per_month=30)
    assert amount(run(inp, RATES), "病休5天病假工资下限") == 440


@pytest.mark.parametrize(
    ("city", "on", "floor"),
    [
        ("广州", "2025-02-28", 1840),  # 2300 × 80%
        ("广州", "2025-03-01", 2000),  # 2500 × 80%
        ("湛江", "2021-11-30", 1128),  # 1410 × 80% (四类)
        ("湛江", "2021-12-01", 1376),  # 1720 × 80% (三类)
        ("深圳", "2025-03-01", 2016),  # 2520 × 80%
    ],
)
def test_sick_pay_monthly_floor_from_minimum_wage_table(city, on, floor):
    inp = MedicalPeriodInput(total_work_years=5, employer_years=2, on_date=date.fromisoformat(on), city=city)
    assert amount(run(inp, RATES), "病假工资月下限") == floor


def test_sick_pay_daily_with_21_75_rounds_half_up():
    # 2500 × 80% ÷ 21.75 × 3 = 275.862… → 275.86
    inp = MedicalPeriodInput(total_work_years=5, employer_years=2, on_date=date(2025, 3, 1), city="广州",
                             sick_days=3, days_per_month=21.75)
    assert amount(run(inp, RATES), "病休3天病假工资下限") == 275.86


def test_sick_pay_rule_not_guessed_before_its_source():
    inp = MedicalPeriodInput(total_work_years=5, employer_years=2, on_date=date(2016, 9, 28),
                             local_minimum_wage=1895)
    with pytest.raises(RateNotCovered):
        run(inp, RATES)


def test_boundary_years_warn():
    result = run(MedicalPeriodInput(total_work_years=10, employer_years=3, on_date=ON), RATES)
    assert any("分界点" in w for w in result.warnings)


def test_steps_show_the_arithmetic():
    inp = MedicalPeriodInput(total_work_years=1, employer_years=1, on_date=date(2022, 10, 1),
                             local_minimum_wage=3300, sick_days=5, days_per_month=30)
    assert "3300 × 80% ÷ 30 × 5 = 440.00 元" in run(inp, RATES).steps[-1]


def test_no_article_id_for_the_479_rule():
    result = run(MedicalPeriodInput(total_work_years=3, employer_years=1, on_date=ON), RATES)
    assert result.legal_basis.articles == ["article/劳动合同法/42", "article/劳动合同法/40"]


@pytest.mark.parametrize(
    ("inp", "message"),
    [
        (dict(total_work_years=-1, employer_years=0), "total_work_years\n  Input should be greater than or equal to 0"),
        (dict(total_work_years=3, employer_years=5), "employer_years must not exceed total_work_years"),
        (dict(total_work_years=3, employer_years=1, city="澳门"), "city must be one of Guangdong"),
        (dict(total_work_years=3, employer_years=1, local_minimum_wage=-3300), "local_minimum_wage\n  Input should be greater than 0"),
        (dict(total_work_years=3, employer_years=1, local_minimum_wage=3300, sick_days=5), "days_per_month is required"),
        (dict(total_work_years=3, employer_years=1, sick_days=5, days_per_month=30), "city or local_minimum_wage is required"),
        (dict(total_work_years=3, employer_years=1, local_minimum_wage=3300, sick_days=5, days_per_month=0), "days_per_month\n  Input should be greater than 0"),
    ],
)
def test_invalid_input(inp, message):
    with pytest.raises(ValidationError, match=message):
        MedicalPeriodInput(on_date=ON, **inp)
