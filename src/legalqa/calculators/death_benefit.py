"""非因工死亡：丧葬补助金与抚恤金（人社部发〔2021〕18号；粤人社规〔2023〕17号第十条；深圳单列规则）。"""

import math
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legalqa.calculators import Calculator
from legalqa.calculators.base import Worksheet
from legalqa.calculators.fields import MAX_ITEMS, MonthlyWage
from legalqa.calculators.money import show, yuan
from legalqa.rates import RateNotCovered

MAX_YEARS = 80  # no working life or pension is longer; larger numbers are typing errors


class DeathBenefitInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    death_date: date = Field(title="死亡日期", description="职工（含退休人员）因病或非因工死亡的日期，YYYY-MM-DD")
    contribution_years: Decimal = Field(
        Decimal(0), ge=0, le=MAX_YEARS, title="累计缴费年限",
        description="基本养老保险缴费年限，含实际缴费年限和视同缴费年限，单位：年，可填小数（如12.8）")
    is_retiree: bool = Field(False, title="退休人员", description="死亡时已退休并领取基本养老金的请勾选")
    pension_years_drawn: Decimal = Field(
        Decimal(0), ge=0, le=MAX_YEARS, title="已领取基本养老金年数",
        description="退休人员死亡前领取基本养老金的年数；每满1年减发1个月抚恤金")
    insured_in_shenzhen: bool = Field(
        False, title="在深圳参保", description="参加深圳市基本养老保险的请勾选，按深圳市的规则计算")
    dependant_count: int | None = Field(
        None, ge=0, le=30, title="供养亲属人数", description="死亡时符合供养条件的供养亲属人数；深圳参保人员必填")
    monthly_income_override: MonthlyWage | None = Field(
        None, title="本省上一年度城镇居民月人均可支配收入",
        description="元/月；费率表没有死亡日期适用的数字时必须填写，填写后以此为准")
    shenzhen_monthly_wage_override: MonthlyWage | None = Field(
        None, title="深圳市上年度在岗职工月平均工资",
        description="元/月；深圳参保人员适用，费率表没有该年度数字时必须填写，填写后以此为准")
    never_insured: bool = Field(
        False, title="从未参加职工基本养老保险",
        description="在职死亡、从未参加职工基本养老保险的请勾选：丧葬补助金由死亡时所在用人单位支付")
    uninsured_years_current_employer: Decimal = Field(
        Decimal(0), ge=0, le=MAX_YEARS, title="死亡时所在用人单位应参保未参保年限",
        description="单位：年；用人单位应当按这些年限参照18号文标准支付抚恤金")
    uninsured_years_former_employers: list[Annotated[Decimal, Field(gt=0, le=MAX_YEARS)]] = Field(
        default_factory=list, max_length=MAX_ITEMS, title="其他曾任职单位应参保未参保年限",
        description=f"每个单位一项，单位：年，每项大于0且不超过{MAX_YEARS}，最多{MAX_ITEMS}项；家属可要求这些单位赔偿抚恤金损失")

    @model_validator(mode="after")
    def _consistent(self) -> "DeathBenefitInput":
        if self.pension_years_drawn and not self.is_retiree:
            raise ValueError("只有退休人员才有已领取基本养老金年数 / pension_years_drawn needs is_retiree = true")
        if self.never_insured and (self.contribution_years or self.is_retiree or self.insured_in_shenzhen):
            raise ValueError("从未参保的，缴费年限应为0、且不是退休人员或深圳参保人员 / never_insured contradicts "
                             "contribution_years, is_retiree or insured_in_shenzhen")
        if not self.never_insured and self.contribution_years == 0:
            raise ValueError("请填写累计缴费年限；从未参保的请勾选“从未参加职工基本养老保险” / contribution_years is 0: "
                             "give the years of contribution or set never_insured")
        if self.is_retiree and self.uninsured_years_current_employer:
            raise ValueError("退休人员死亡不适用“死亡时所在用人单位未参保”的规定 / "
                             "uninsured_years_current_employer applies to deaths in employment, not retirees")
        if self.insured_in_shenzhen and self.dependant_count is None:
            raise ValueError("深圳参保人员请填写供养亲属人数 / dependant_count is required when insured_in_shenzhen")
        return self


def _months_for_years(rule: dict, years: Decimal) -> tuple[int, str]:
    """Months of 抚恤金 for a number of contribution years (18号 第五条), with the reasoning."""
    given = years
    cap_years = Decimal(rule["contribution_years_cap"])
    counted = min(given, cap_years)
    how = f"{show(given)}年"
    if counted < given:
        how += f"，{cap_years}年以上按{cap_years}年计"
    above = Decimal(rule["extra_months_above_years"])
    bands = sorted(rule["survivor_pension_months_by_contribution_years"], key=lambda b: b["from_years"])
    i = max(k for k, b in enumerate(bands) if Decimal(str(b["from_years"])) <= counted)
    band = bands[i]
    if counted > above:
        extra_years = math.floor(counted - above)
        months = band["months"] + extra_years * rule["extra_months_per_full_year"]
        how += (f"，{above}年以上每多缴费1年加{rule['extra_months_per_full_year']}个月："
                f"{band['months']} + {extra_years} = {months}个月")
    else:
        start = band["from_years"]
        if i + 1 < len(bands):
            label = f"不满{bands[i + 1]['from_years']}年" if start == 0 else f"满{start}年不满{bands[i + 1]['from_years']}年"
        else:
            label = f"满{start}年不超过{above}年（含{above}年）"
        months = band["months"]
        how += f"，属于“{label}”，{months}个月"
    capped = min(months, rule["survivor_pension_max_months"])
    if capped < months:
        how += f"，最高{capped}个月"
    return capped, how


class _Claim:
    """The figures of one death: the provincial monthly base and the 18号 rule, each read once."""

    def __init__(self, inp: DeathBenefitInput, sheet: Worksheet):
        self.inp, self.sheet = inp, sheet
        self._base: Decimal | None = None
        self.items: list[tuple[str, Decimal]] = []

    @property
    def rule(self) -> dict:
        return self.sheet.rate("survivor_benefit_rule", self.inp.death_date).values

    @property
    def base(self) -> Decimal:
        if self._base is None:
            inp, sheet = self.inp, self.sheet
            if inp.monthly_income_override is not None:
                self._base = inp.monthly_income_override
                sheet.step(f"基数：用户输入的本省上一年度城镇居民月人均可支配收入 {show(self._base)} 元/月")
            else:
                try:
                    row = sheet.rate("gd_urban_disposable_income", inp.death_date)
                except RateNotCovered as exc:
                    raise RateNotCovered(f"{exc}. 请填写“本省上一年度城镇居民月人均可支配收入”（元/月） / "
                                         "enter monthly_income_override") from None
                annual = Decimal(str(row.values["annual_yuan"]))
                self._base = annual / 12
                sheet.step(f"基数：死亡日期 {inp.death_date.isoformat()} 的上一年度（{row.values['data_year']}年）"
                           f"广东省城镇居民人均可支配收入 {show(annual)} 元 ÷ 12 = {show(self._base)} 元/月")
            sheet.cite("article/企业职工基本养老保险遗属待遇暂行办法/4", "article/企业职工基本养老保险遗属待遇暂行办法/5")
        return self._base

    def add(self, name: str, value: Decimal) -> None:
        self.items.append((name, value))
        self.sheet.money(name, value)


def _shenzhen(inp: DeathBenefitInput, claim: _Claim, sheet: Worksheet) -> None:
    sz = sheet.rate("shenzhen_death_benefit_rule", inp.death_date).values
    if inp.shenzhen_monthly_wage_override is not None:
        sz_base = inp.shenzhen_monthly_wage_override
        sheet.step(f"基数：用户输入的深圳市上年度在岗职工月平均工资 {show(sz_base)} 元/月")
    else:
        try:
            wage_row = sheet.rate("shenzhen_on_post_avg_wage", inp.death_date)
        except RateNotCovered as exc:
            raise RateNotCovered(f"{exc}. 请填写“深圳市上年度在岗职工月平均工资”（元/月） / "
                                 "enter shenzhen_monthly_wage_override") from None
        annual = Decimal(str(wage_row.values["annual_yuan"]))
        sz_base = annual / 12
        sheet.step(f"基数：深圳市{wage_row.values['data_year']}年在岗职工年平均工资 {show(annual)} 元 ÷ 12 = "
                   f"{show(sz_base)} 元/月")
    funeral = sz_base * sz["funeral_grant_months"]
    sheet.step(f"丧葬补助金（深圳）= {sz['funeral_grant_months']} × {show(sz_base)} = {show(funeral)} 元")
    claim.add("丧葬补助金（深圳，基本养老保险基金支付）", funeral)
    bands = [b for b in sz["survivor_pension_months_by_dependants"] if b["from_dependants"] <= inp.dependant_count]
    if bands:
        months = max(bands, key=lambda b: b["from_dependants"])["months"]
        pension = sz_base * months
        sheet.step(f"抚恤金（深圳）：供养亲属 {inp.dependant_count} 人，{months} 个月 × {show(sz_base)} = {show(pension)} 元")
        claim.add("抚恤金（深圳，基本养老保险基金支付）", pension)
        sheet.figure("抚恤金发放月数", months, "个月")
    else:
        sheet.step("抚恤金（深圳）：没有符合供养条件的供养亲属，深圳规则不发抚恤金")
        sheet.warn("深圳规则的抚恤金按供养亲属人数发放；没有供养亲属时是否另有待遇，请向深圳社保经办机构核实。")
    sheet.warn("深圳规则取自深圳市人社局问答页面，页面未标日期；"
               "二手来源称须在深圳实际缴费累计满六个月，请向深圳社保经办机构核实现行口径。")


def _provincial(inp: DeathBenefitInput, claim: _Claim, sheet: Worksheet) -> None:
    base, rule = claim.base, claim.rule
    funeral = base * rule["funeral_grant_months"]
    sheet.step(f"丧葬补助金 = {rule['funeral_grant_months']} × {show(base)} = {show(funeral)} 元")
    claim.add("丧葬补助金（基本养老保险基金支付）", funeral)
    months, how = _months_for_years(rule, inp.contribution_years)
    sheet.step(f"抚恤金发放月数：缴费年限 {how}")
    if inp.is_retiree:
        drawn = math.floor(inp.pension_years_drawn)
        floor_months = min(rule["retiree_min_months"], months)
        reduced = max(months - drawn * rule["retiree_months_reduced_per_year_drawn"], floor_months)
        sheet.step(f"退休人员：已领取基本养老金满 {drawn} 年，每满1年减{rule['retiree_months_reduced_per_year_drawn']}个月，"
                   f"{months} − {drawn} = {months - drawn}，最低{floor_months}个月 → {reduced} 个月")
        months = reduced
    pension = base * months
    sheet.step(f"抚恤金 = {months} × {show(base)} = {show(pension)} 元")
    claim.add("抚恤金（基本养老保险基金支付）", pension)
    sheet.figure("抚恤金发放月数", months, "个月")
    if inp.contribution_years < 5:
        sheet.warn("累计缴费不足5年的，有地方经办口径规定遗属待遇不超过个人缴费之和（威海市人社局答复），"
                   "本计算器未作此限制，请向社保经办机构核实。")


def compute(inp: DeathBenefitInput, sheet: Worksheet) -> None:
    sheet.cite("article/社会保险法/17", "article/广东省职工假期待遇和死亡抚恤待遇规定/10")
    claim = _Claim(inp, sheet)
    if inp.never_insured:
        base, months = claim.base, claim.rule["funeral_grant_months"]
        funeral = base * months
        sheet.step(f"从未参加职工基本养老保险：丧葬补助金由死亡时所在用人单位参照18号文标准支付 = "
                   f"{months} × {show(base)} = {show(funeral)} 元")
        claim.add("用人单位应支付的丧葬补助金", funeral)
    elif inp.insured_in_shenzhen:
        _shenzhen(inp, claim, sheet)
    else:
        _provincial(inp, claim, sheet)

    if inp.uninsured_years_current_employer:
        months, how = _months_for_years(claim.rule, inp.uninsured_years_current_employer)
        owed = claim.base * months
        sheet.step(f"死亡时所在用人单位应参保未参保 {show(inp.uninsured_years_current_employer)} 年：按未参保年限"
                   f"参照18号文标准，{how}；{months} × {show(claim.base)} = {show(owed)} 元，由该单位支付")
        claim.add("用人单位按未参保年限应支付的抚恤金", owed)
    for i, years in enumerate(inp.uninsured_years_former_employers, start=1):
        months, how = _months_for_years(claim.rule, years)
        owed = claim.base * months
        sheet.step(f"第{i}家曾任职单位应参保未参保 {show(years)} 年：{how}；"
                   f"{months} × {show(claim.base)} = {show(owed)} 元，家属可要求该单位赔偿")
        claim.add(f"第{i}家曾任职单位应赔偿的抚恤金损失", owed)
    if inp.uninsured_years_current_employer or inp.uninsured_years_former_employers:
        sheet.warn("用人单位未参保部分按粤人社规〔2023〕17号第十条字面规定（以未参保年限参照18号文标准）计算；"
                   "经办和裁审机构是否另有口径（例如按合并年限补差），请核实。")
        if inp.insured_in_shenzhen:
            sheet.warn("深圳参保人员的用人单位未参保部分仍按18号文标准（广东省城镇居民人均可支配收入）计算，请核实深圳口径。")

    total = sum((v for _, v in claim.items), Decimal(0))
    for name, value in claim.items:
        sheet.step(f"{name}：{show(value)} 元 → {yuan(value)} 元（四舍五入到分）")
    if len(claim.items) > 1:
        rounded = sheet.money("合计", total)
        sheet.step("合计 = " + " + ".join(show(v) for _, v in claim.items) + f" = {show(total)} 元 → {rounded} 元")
    sheet.warn("月人均可支配收入按年度数 ÷ 12 计算，未作中间取整；经办机构公布的月数如已取整，结果可能相差几角。")
    sheet.warn("本计算只含丧葬补助金和抚恤金；个人账户余额可以继承，另行办理。因工死亡适用工伤保险条例，不用本计算器。")
    sheet.warn("用人单位可以给予优于规定标准的死亡抚恤待遇（粤人社规〔2023〕17号第十一条），请查看劳动合同和单位制度。")
    sheet.cite("article/广东省职工假期待遇和死亡抚恤待遇规定/11")


CALCULATOR = Calculator.worked(
    name="death_benefit",
    title="非因工死亡丧葬补助金和抚恤金",
    purpose="职工或退休人员因病或非因工死亡，计算遗属可领的丧葬补助金、抚恤金和用人单位未参保应承担的部分",
    input_model=DeathBenefitInput,
    compute=compute,
)
