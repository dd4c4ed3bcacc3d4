"""The claim sheet (仲裁请求): each claim computed by its calculator from one set of facts, worded
the way an arbitration commission expects, cited for a filing, with one total.

Which amount of a result becomes which claim is data (claim_lines.yaml). A request the commissions
do not hear (that the employer enrol the worker in social insurance or pay its contributions:
粤高法〔2012〕284号 纪要 第1条) is refused with where to go instead; 劳动合同法 第八十五条 加付赔偿金
only where the facts say the labour administration's order to pay was ignored, and never on the
第八十七条 award."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import cn2an
import yaml
from pydantic import BaseModel

from legalqa.calculators import get_calculator, run_calculator
from legalqa.calculators.base import CalcResult
from legalqa.calculators.money import plain, yuan
from legalqa.errors import NotFound, UserError
from legalqa.regulations import Statutes, load_statutes
from legalqa.schemas import ClaimFacts, ClaimLine, ClaimRequestItem, ClaimSheet
from legalqa.settings import Settings

CLAIM_LINES_FILE = Path(__file__).with_name("claim_lines.yaml")
CLAIM_PREFIX = "请求裁决被申请人支付"  # + what is owed, e.g. 违法解除劳动合同赔偿金36000元
ARREARS = "wage_arrears"  # 第八十五条 加付赔偿金
UNLAWFUL_TERMINATION_AWARD = "违法解除或终止赔偿金"  # 第八十七条
_ARTICLE_LABEL_RE = re.compile(r"^第.+条$")
WITH_DOC_NUMBER = {"规范性文件", "司法解释"}  # kinds cited with their 文号; laws and regulations by title alone


@dataclass(frozen=True)
class LineRule:
    amounts: tuple[str, ...]
    claim: str
    warning: str | None
    inspection: bool  # labour inspection can order it paid (劳动保障监察条例 第二十六条)


@dataclass(frozen=True)
class NotArbitrable:
    words: tuple[str, ...]
    except_: tuple[str, ...]
    reason: str
    articles: tuple[str, ...]

    def matches(self, text: str) -> bool:
        return any(w in text for w in self.words) and not any(w in text for w in self.except_)


@dataclass(frozen=True)
class ClaimRules:
    lines: dict[str, tuple[LineRule, ...]]
    not_claims: dict[str, str]
    not_arbitrable: tuple[NotArbitrable, ...]


@lru_cache(maxsize=1)
def claim_rules() -> ClaimRules:
    data = yaml.safe_load(CLAIM_LINES_FILE.read_text("utf-8"))
    return ClaimRules(
        lines={name: tuple(LineRule(tuple(r["amounts"]), r["claim"], r.get("warning"), bool(r.get("inspection"))) for r in rules)
               for name, rules in data["claims"].items()},
        not_claims=dict(data["not_claims"]),
        not_arbitrable=tuple(NotArbitrable(tuple(r["words"]), tuple(r.get("except", [])), r["reason"],
                                           tuple(r["articles"])) for r in data["not_arbitrable"]))


@lru_cache(maxsize=2)
def statutes_in(regulations_dir: Path) -> Statutes:
    """The statutes the citations are formatted from, read once per directory."""
    return load_statutes(regulations_dir)


def _citation_parts(article_id: str, statutes: Statutes) -> tuple[str, str]:
    """(《title》 with the 文号 where the kind is cited with one, the article as cited)."""
    _, law_name, number = article_id.split("/", 2)
    law = statutes.laws.get(law_name)
    article = statutes.articles.get(article_id)
    title = f"《{law.title}》" if law else f"《{law_name}》"
    if law and law.doc_number and law.meta.get("kind") in WITH_DOC_NUMBER:
        title += f"（{law.doc_number}）"
    if article is not None and not _ARTICLE_LABEL_RE.match(article.label):
        return title, article.label.rstrip("、")
    return title, f"第{cn2an.an2cn(number) if number.isdigit() else number}条"


def format_citation(article_id: str, statutes: Statutes) -> str:
    """article/劳动合同法/87 → 《中华人民共和国劳动合同法》第八十七条; a notice's item keeps its printed
    label (《…通知》（人社部发〔2025〕2号）二); a notice or a judicial interpretation has its 文号 after the title."""
    return "".join(_citation_parts(article_id, statutes))


def cite_together(article_ids: list[str], statutes: Statutes) -> str:
    """Several articles for a sentence, each title once: 《中华人民共和国劳动合同法》第四十七条、第八十七条、
    《中华人民共和国劳动合同法实施条例》第二十七条 (in the order the titles first appear)."""
    by_title: dict[str, list[str]] = {}
    for article_id in article_ids:
        title, article = _citation_parts(article_id, statutes)
        by_title.setdefault(title, []).append(article)
    return "、".join(title + "、".join(articles) for title, articles in by_title.items())


def _shown(value: Any, labels: dict[str, str] | None) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    if labels and isinstance(value, str):
        return labels.get(value, value)
    if isinstance(value, list):
        return "；".join(_shown_record(item) if isinstance(item, BaseModel) else _shown(item, None) for item in value)
    return str(value)


def _shown_record(record: BaseModel) -> str:
    """A row of a list input (a month, a dependant …) by its fields' Chinese titles."""
    return "，".join(f"{info.title or name} {_shown(getattr(record, name), None)}"
                    for name, info in type(record).model_fields.items() if getattr(record, name) is not None)


def facts_assumed(name: str, inputs: dict[str, Any]) -> list[str]:
    """The calculator's input as a person reads it, e.g. 月工资：6000; a value the caller left to its
    default is marked so."""
    calc = get_calculator(name)
    inp = calc.input_model.model_validate(inputs)
    properties = calc.input_model.model_json_schema().get("properties", {})
    out = []
    for field, info in calc.input_model.model_fields.items():
        value = getattr(inp, field)
        if value is None or (isinstance(value, list) and not value):
            continue
        prop = properties.get(field, {})
        labels = prop.get("x-enum-labels") or next(
            (v["x-enum-labels"] for v in prop.get("anyOf", []) if "x-enum-labels" in v), None)
        default = "" if field in inp.model_fields_set else "（未填，按默认）"
        out.append(f"{info.title or field}：{_shown(value, labels)}{default}")
    return out


def _refuse(index: int, message: str, field: str = "calculator") -> UserError:
    return UserError(message, [{"field": f"claims.{index}.{field}", "message": message}])


def _check_words(index: int, text: str) -> None:
    for rule in claim_rules().not_arbitrable:
        if rule.matches(text):
            raise _refuse(index, rule.reason, "claim")


def _run(index: int, item: ClaimRequestItem, settings: Settings) -> CalcResult:
    try:
        return run_calculator(item.calculator or "", item.inputs, settings)
    except UserError as exc:
        # a whole-input error ("(input)", "(rates)") is the claim's inputs
        errors = [{**e, "field": f"claims.{index}.inputs" + ("" if e["field"].startswith("(") else f".{e['field']}")}
                  for e in exc.errors] or [{"field": f"claims.{index}.calculator", "message": exc.message}]
        raise type(exc)(exc.message, errors) from None


def _computed_lines(index: int, item: ClaimRequestItem, facts: ClaimFacts, settings: Settings,
                    statutes: Statutes) -> tuple[list[ClaimLine], list[str], set[str]]:
    """The claim lines of one calculated claim, the warnings they carry and the names of the result's
    amounts (元)."""
    rules = claim_rules()
    name = item.calculator or ""
    try:
        get_calculator(name)
    except NotFound as exc:  # a field of the body, not a missing resource: 422
        raise _refuse(index, exc.message) from None
    if name in rules.not_claims:
        raise _refuse(index, f"计算器「{name}」的结果不写进仲裁请求：{rules.not_claims[name]}")
    if name not in rules.lines:
        raise _refuse(index, f"计算器「{name}」还没有对应的仲裁请求写法 / no claim wording for '{name}'")
    if name == ARREARS and not facts.order_to_pay_ignored:
        raise _refuse(index, "加付赔偿金（劳动合同法第八十五条）只在劳动行政部门已责令用人单位限期支付、用人单位逾期仍未支付时"
                             "才能请求：请先向劳动保障监察（12333）投诉；有了责令限期支付的文书而单位仍不支付的，"
                             "在事实里勾选 order_to_pay_ignored。")
    result = _run(index, item, settings)
    money = {a.name: Decimal(str(a.value)) for a in result.amounts if a.unit == "元"}
    lines, warnings = [], list(result.warnings)
    citations = [format_citation(a, statutes) for a in result.legal_basis.articles]
    assumed = facts_assumed(name, item.inputs)
    for rule in rules.lines[name]:
        found = next((money[a] for a in rule.amounts if a in money), None)
        if found is None or found <= 0:
            continue
        lines.append(ClaimLine(claim=f"{CLAIM_PREFIX}{rule.claim}{plain(yuan(found))}元", calculator=name,
                               amount=float(yuan(found)), formula=result.steps,
                               source_ids=result.legal_basis.articles, citations=citations,
                               rates=result.legal_basis.rates, facts_assumed=assumed, inspection=rule.inspection))
        if rule.warning:
            warnings.append(rule.warning)
    if not lines:
        what = "、".join(r.claim for r in rules.lines[name])
        raise _refuse(index, f"按这些输入，「{name}」算出的{what}为零或没有确定的数额，不能写成仲裁请求"
                             + ("（加付赔偿金请填写劳动行政部门责令的比例 percent）" if name == ARREARS else ""),
                      "inputs")
    return lines, warnings, set(money)


def _words_line(index: int, item: ClaimRequestItem) -> ClaimLine:
    text = (item.claim or "").strip()
    _check_words(index, text)
    if re.search(r"\d", text) and "元" in text:
        raise _refuse(index, "写了数额的请求请用计算器算出（calculator 和 inputs），文字请求只用于没有数额的请求，"
                             "如出具解除劳动合同的证明", "claim")
    return ClaimLine(claim=text if text.startswith("请求") else f"请求裁决{text}", calculator=None, amount=None,
                     formula=[], source_ids=[], citations=[], rates=[], facts_assumed=[])


def build_claims(facts: ClaimFacts, claims: list[ClaimRequestItem], settings: Settings) -> ClaimSheet:
    """The claim sheet; UserError (422) names the claim that cannot be on it and why."""
    statutes = statutes_in(settings.regulations_dir)
    lines: list[ClaimLine] = []
    warnings: dict[str, None] = {}
    amounts: set[str] = set()
    for index, item in enumerate(claims):
        if (item.calculator is None) == (item.claim is None):
            raise _refuse(index, "每条请求要么给 calculator 和 inputs（有数额的），要么给 claim（没有数额的文字请求） / "
                                 "give either calculator (with inputs) or claim")
        if item.calculator is None:
            lines.append(_words_line(index, item))
            continue
        new, notes, names = _computed_lines(index, item, facts, settings, statutes)
        lines.extend(new)
        warnings.update(dict.fromkeys(notes))
        amounts |= names
    if UNLAWFUL_TERMINATION_AWARD in amounts:
        arrears = next((i for i, item in enumerate(claims) if item.calculator == ARREARS), None)
        if arrears is not None and claims[arrears].inputs.get("unpaid_severance"):
            raise _refuse(arrears, "加付赔偿金（劳动合同法第八十五条）不适用于违法解除劳动合同赔偿金（第八十七条）："
                                   "同一次解除不能既请求赔偿金、又就经济补偿请求加付赔偿金。", "inputs.unpaid_severance")
    total = sum((Decimal(str(line.amount)) for line in lines if line.amount is not None), Decimal(0))
    return ClaimSheet(lines=lines, total=float(yuan(total)), warnings=list(warnings))


CSV_COLUMNS = ("请求", "金额（元）", "计算过程", "依据", "标准（费率表）", "假定的事实")


def claim_sheet_csv(sheet: ClaimSheet) -> str:
    """The sheet as CSV with a byte-order mark, so that Excel reads the Chinese as UTF-8: one row per
    claim, then the total and the warnings."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for line in sheet.lines:
        rates = [f"{r.title}（{r.region + '，' if r.region else ''}自{r.start_date.isoformat()}起；{r.source}）"
                 for r in line.rates]
        writer.writerow([line.claim, "" if line.amount is None else plain(yuan(Decimal(str(line.amount)))),
                         "\n".join(line.formula), "\n".join(line.citations), "\n".join(rates),
                         "\n".join(line.facts_assumed)])
    writer.writerow(["合计", plain(yuan(Decimal(str(sheet.total)))), "", "", "", ""])
    for warning in sheet.warnings:
        writer.writerow(["提示", "", warning, "", "", ""])
    return "\ufeff" + out.getvalue()


def owed(line: ClaimLine) -> str:
    """What a money claim asks for, without the arbitration wording: 违法解除劳动合同赔偿金36000元."""
    return line.claim.removeprefix(CLAIM_PREFIX)
