"""Documents drafted from the worker's facts and the claim sheet: the 劳动人事争议仲裁申请书 (addressed
to the competent commission, its 仲裁请求 the claim sheet, its 事实与理由 the calculators' steps and
citations, its 证据清单 the guide's evidence list), the 被迫解除劳动合同通知书 naming its 第三十八条
grounds, the 劳动保障监察投诉书 (the claims labour inspection can order paid), the 辞职信 and the request
to withdraw a resignation. A document is data (title, addressee, sections of paragraphs); the page and the DOCX
are two renderings of it. The facts are used for one request: nothing here stores or logs them."""

import io
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from pydantic import BaseModel, ConfigDict, Field

from legalqa.claims import build_claims, cite_together, owed, statutes_in
from legalqa.errors import NotFound, UserError
from legalqa.library import Library
from legalqa.offices import Commission, load_offices
from legalqa.schemas import ClaimFacts, ClaimRequestItem, ClaimSheet
from legalqa.settings import Settings

BLANK = "＿＿＿＿＿＿"  # a field the worker fills in by hand
WITHDRAWAL_CASE = "case/gdgy-000-0e3332-1"  # the magazine's lawyer: withdrawal needs the employer's consent
CN_ORDINALS = "一二三四五六七八九十"
GROUNDS_FILE = Path(__file__).with_name("resignation_grounds.yaml")


@lru_cache(maxsize=1)
def resignation_grounds() -> dict[str, dict]:
    """The 第三十八条 grounds by code (resignation_grounds.yaml)."""
    return {g["code"]: g for g in yaml.safe_load(GROUNDS_FILE.read_text("utf-8"))["grounds"]}


class DocumentRequest(BaseModel):
    """The body of POST /documents/{kind}: the same as /claims; the claims may be left out of a
    resignation letter or a withdrawal."""

    model_config = ConfigDict(extra="forbid")

    facts: ClaimFacts = Field(default_factory=ClaimFacts)
    claims: list[ClaimRequestItem] = Field(default_factory=list, max_length=20)


class Section(BaseModel):
    heading: str | None = None
    paragraphs: list[str]


class DraftedDocument(BaseModel):
    kind: str
    title: str
    sections: list[Section] = Field(description="the document's text, in order")
    addressed_to: str | None = Field(description="the body the document goes to")
    office: Commission | None = Field(description="the competent commission found for facts.city, with its source")
    claim_sheet: ClaimSheet | None
    sources: list[str] = Field(description="article and case ids the document rests on")
    warnings: list[str] = Field(description="what to check before signing and handing it in")


def _or_blank(value: object) -> str:
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value) if value not in (None, "") else BLANK


def _ordinal(n: int) -> str:
    return CN_ORDINALS[n - 1] if n <= len(CN_ORDINALS) else str(n)


def _signature(role: str) -> Section:
    return Section(paragraphs=[f"{role}（签名）：", "日期：    年    月    日"])


def _city(name: str, settings: Settings) -> str:
    """The city's short name (东莞市松山湖 → 东莞); a name outside Guangdong's 21 cities is a 422 on facts.city."""
    try:
        return load_offices(settings.offices_dir).city(name)[0].city
    except NotFound as exc:
        raise UserError(exc.message, [{"field": "facts.city", "message": exc.message}]) from None


def _commission(facts: ClaimFacts, settings: Settings) -> tuple[Commission | None, list[str]]:
    """The office named for facts.city (the district's where one is given and known), and what to check."""
    if not facts.city:
        return None, ["没有填写城市：请填写劳动合同履行地或用人单位所在地（劳动争议调解仲裁法第二十一条），或拨打 12333 询问管辖的仲裁机构。"]
    _city(facts.city, settings)
    found = load_offices(settings.offices_dir).lookup(facts.city)
    city_level = [c for c in found.commissions if c.level == "city"]
    chosen = (found.commissions[0] if found.district and found.commissions
              else (city_level or found.commissions or [None])[0])
    notes = [found.jurisdiction.rule, found.case_level, *found.warnings]
    if found.missing:
        notes.append(found.missing)
    return chosen, notes


def _application(facts: ClaimFacts, sheet: ClaimSheet, settings: Settings,
                 library: Library) -> DraftedDocument:
    office, notes = _commission(facts, settings)
    addressed_to = office.name if office else f"{BLANK}劳动人事争议仲裁委员会"
    statutes = statutes_in(settings.regulations_dir)
    procedure = ["article/劳动争议调解仲裁法/2", "article/劳动争议调解仲裁法/21", "article/劳动争议调解仲裁法/28"]

    applicant = Section(heading="申请人", paragraphs=[
        f"姓名：{_or_blank(facts.worker_name)}    性别：{_or_blank(facts.worker_gender)}    "
        f"出生日期：{_or_blank(facts.worker_birth_date)}",
        f"公民身份号码：{_or_blank(facts.worker_id_number)}",
        f"住址（送达地址）：{_or_blank(facts.worker_address)}    联系电话：{_or_blank(facts.worker_phone)}"])
    respondent = Section(heading="被申请人", paragraphs=[
        f"名称：{_or_blank(facts.employer_name)}",
        f"住所：{_or_blank(facts.employer_address)}",
        f"法定代表人（主要负责人）：{_or_blank(facts.employer_representative)}    "
        f"统一社会信用代码：{_or_blank(facts.employer_credit_code)}"])
    requests = [f"{_ordinal(i)}、{line.claim}；" for i, line in enumerate(sheet.lines, 1)]
    requests.append(f"以上金额合计{_money(sheet.total)}元。")

    story = [f"申请人于{_or_blank(facts.hire_date)}入职被申请人处"
             + (f"，担任{facts.job}" if facts.job else "")
             + (f"，双方劳动关系于{_or_blank(facts.end_date)}解除（终止）" if facts.end_date else "") + "。"]
    if facts.narrative:
        story.append(facts.narrative.strip())
    for line in sheet.lines:
        if line.calculator is None:
            continue
        story.append(f"关于{owed(line)}：" + "；".join(line.formula) + "。"
                     + (f"依据{cite_together(line.source_ids, statutes)}。" if line.source_ids else ""))
    story.append("综上，为维护申请人的合法权益，根据" + cite_together(procedure, statutes)
                 + "的规定，特向贵委申请仲裁，请求依法裁决。")

    guide = library.guide(facts.guide) if facts.guide else None
    evidence = ([f"{i}. {item}" for i, item in enumerate(guide.evidence, 1)] if guide
                else ["1. " + BLANK, "2. " + BLANK, "3. " + BLANK])
    warnings = [*sheet.warnings, *notes,
                "仲裁申请书按被申请人人数提交副本（劳动争议调解仲裁法第二十八条），证据交复印件、带原件核对。",
                "申请仲裁的时效期间为一年，从知道或者应当知道权利被侵害之日起计算（劳动争议调解仲裁法第二十七条）。",
                "有的城市网上预申请不等于立案：以书面申请递交仲裁机构之日为准，请保留递交凭证。"]
    if facts.guide and guide is None:
        warnings.append(f"没有名为「{facts.guide}」的纠纷指南，证据清单请自己填写。")
    where = [f"提交地点：{office.name}" + (f"，{office.address}" if office.address else "")
             + (f"，电话 {office.phone}" if office.phone else "")] if office else []
    return DraftedDocument(
        kind="arbitration_application", title="劳动人事争议仲裁申请书",
        sections=[applicant, respondent, Section(heading="仲裁请求", paragraphs=requests),
                  Section(heading="事实与理由", paragraphs=story),
                  Section(heading="证据清单", paragraphs=evidence),
                  Section(paragraphs=["此致", addressed_to, *where]), _signature("申请人")],
        addressed_to=addressed_to, office=office, claim_sheet=sheet,
        sources=[*procedure, *dict.fromkeys(a for line in sheet.lines for a in line.source_ids)],
        warnings=list(dict.fromkeys(warnings)))


def _money(value: float) -> str:
    return f"{value:.2f}".removesuffix(".00")


def _resignation(facts: ClaimFacts, sheet: ClaimSheet | None, settings: Settings,
                 library: Library) -> DraftedDocument:
    employer = _or_blank(facts.employer_name)
    body = [f"本人{_or_blank(facts.worker_name)}，于{_or_blank(facts.hire_date)}入职贵单位"
            + (f"，担任{facts.job}" if facts.job else "") + "。因个人原因，现依据《中华人民共和国劳动合同法》第三十七条的规定，"
            "提前三十日以书面形式通知贵单位解除劳动合同（试用期内提前三日通知），"
            f"本人的最后工作日为{_or_blank(facts.last_working_day)}。",
            "请贵单位安排工作交接，结清工资，出具解除劳动合同的证明，并在十五日内为本人办理档案和社会保险关系转移手续"
            "（《中华人民共和国劳动合同法》第五十条）。"]
    if sheet and sheet.lines:
        body.append("另，贵单位尚应支付本人：" + "；".join(
            owed(line) for line in sheet.lines) + "，请于离职时一并结清。")
    body.append("此致")
    return DraftedDocument(
        kind="resignation_letter", title="辞职信",
        sections=[Section(heading=f"{employer}：", paragraphs=body), _signature("辞职人")],
        addressed_to=employer, office=None, claim_sheet=sheet,
        sources=["article/劳动合同法/37", "article/劳动合同法/50"],
        warnings=["辞职信送达单位后即生效，不能单方撤回；请确定后再交，并让单位签收或用能证明送达的方式（如邮寄、企业微信）交付。",
                  "按第三十七条辞职没有经济补偿。单位拖欠工资、不缴社保等的，应写《被迫解除劳动合同通知书》（第三十八条），"
                  "写明理由，才能请求经济补偿（第四十六条第一项）。"])


def _withdrawal(facts: ClaimFacts, sheet: ClaimSheet | None, settings: Settings,
                library: Library) -> DraftedDocument:
    employer = _or_blank(facts.employer_name)
    body = [f"本人{_or_blank(facts.worker_name)}于{_or_blank(facts.resignation_date)}向贵单位提出辞职。经慎重考虑，"
            "本人希望撤回该辞职申请，继续在贵单位" + (f"担任{facts.job}" if facts.job else "工作") + "。",
            "本人知道，辞职通知送达贵单位后即已生效，撤回辞职须经贵单位同意。恳请贵单位同意本人撤回辞职申请、继续履行劳动合同，"
            "并在本申请上签署意见后交还本人一份。",
            "此致"]
    return DraftedDocument(
        kind="withdraw_resignation", title="撤回辞职申请书",
        sections=[Section(heading=f"{employer}：", paragraphs=body), _signature("申请人"),
                  Section(heading="用人单位意见", paragraphs=["□ 同意撤回辞职，劳动合同继续履行    □ 不同意",
                                                         "用人单位（盖章）：", "日期：    年    月    日"])],
        addressed_to=employer, office=None, claim_sheet=sheet,
        sources=["article/劳动合同法/37", WITHDRAWAL_CASE],
        warnings=["辞职一经送达用人单位即生效，劳动者不能单方撤回；只有用人单位同意，双方就恢复劳动关系重新达成一致，"
                  "劳动关系才得以恢复（广东胜伦律师事务所律师的意见，见案例 case/gdgy-000-0e3332-1）。",
                  "请尽早交给单位，并请单位书面写明同意与否；单位不同意的，辞职照样生效。"])


def _forced_resignation(facts: ClaimFacts, sheet: ClaimSheet | None, settings: Settings,
                        library: Library) -> DraftedDocument:
    known = resignation_grounds()
    unknown = [g for g in facts.resignation_grounds if g not in known]
    if not facts.resignation_grounds or unknown:
        message = (f"请写明被迫解除的理由（劳动合同法第三十八条），可选：{'、'.join(known)} / "
                   "give resignation_grounds from that list")
        raise UserError(message, [{"field": "facts.resignation_grounds", "message": message}])
    grounds = [known[g] for g in dict.fromkeys(facts.resignation_grounds)]
    employer = _or_blank(facts.employer_name)
    listed = [f"{_ordinal(i)}、{g['text']}（第三十八条{g['clause']}）；" for i, g in enumerate(grounds, 1)]
    body = [f"本人{_or_blank(facts.worker_name)}，于{_or_blank(facts.hire_date)}入职贵单位"
            + (f"，担任{facts.job}" if facts.job else "") + "。贵单位存在以下情形：", *listed]
    if facts.grounds_detail:
        body.append(f"具体情况：{facts.grounds_detail.strip()}")
    body += [f"根据《中华人民共和国劳动合同法》第三十八条的规定，本人于{_or_blank(facts.end_date)}解除与贵单位的劳动合同。",
             "请贵单位依照《中华人民共和国劳动合同法》第四十六条第一项、第四十七条支付经济补偿，"
             "出具解除劳动合同的证明，并在十五日内为本人办理档案和社会保险关系转移手续（第五十条）。"]
    if sheet and sheet.lines:
        body.append("贵单位尚应支付本人：" + "；".join(owed(line) for line in sheet.lines) + "。")
    body.append("此致")
    warnings = ["通知书要写明上面的理由，并送达单位（当面交给单位签收，或用EMS寄到单位住所并保留凭证和签收记录）；"
                "写“个人原因”或只是口头说走的，仲裁时可能按一般辞职处理，没有经济补偿。",
                "请保留证明这些情形的证据（工资条或银行流水、社保缴费记录、考勤记录、聊天记录等），仲裁时由你举证。"]
    if not any(g.get("immediate") for g in grounds):
        warnings.append("第三十八条第一款的情形可以随时通知解除，不需提前三十日；解除之日就是通知送达之日。")
    return DraftedDocument(
        kind="forced_resignation_notice", title="被迫解除劳动合同通知书",
        sections=[Section(heading=f"{employer}：", paragraphs=body), _signature("通知人")],
        addressed_to=employer, office=None, claim_sheet=sheet,
        sources=["article/劳动合同法/38", "article/劳动合同法/46", "article/劳动合同法/47", "article/劳动合同法/50"],
        warnings=warnings + (sheet.warnings if sheet else []))


def _inspection_complaint(facts: ClaimFacts, sheet: ClaimSheet | None, settings: Settings,
                          library: Library) -> DraftedDocument:
    lines = [line for line in sheet.lines if line.inspection] if sheet else []
    left_out = [owed(line) for line in sheet.lines if not line.inspection] if sheet else []
    matters = [f"责令被投诉单位支付{owed(line)}" for line in lines]
    if facts.social_insurance_unpaid:
        matters.append("责令被投诉单位依法为投诉人参加社会保险、缴纳社会保险费")
    if not matters:
        message = ("投诉书至少要有一项劳动保障监察可以处理的事项：拖欠工资、加班工资、低于最低工资的差额、解除劳动合同的经济补偿，"
                   "或单位没有缴纳社会保险费（facts.social_insurance_unpaid） / nothing labour inspection can order")
        raise UserError(message, [{"field": "claims", "message": message}])
    city = _city(facts.city, settings) + "市" if facts.city else BLANK
    addressed_to = f"{city}人力资源和社会保障局（劳动保障监察）"
    complainant = Section(heading="投诉人", paragraphs=[
        f"姓名：{_or_blank(facts.worker_name)}    公民身份号码：{_or_blank(facts.worker_id_number)}",
        f"联系电话：{_or_blank(facts.worker_phone)}    住址：{_or_blank(facts.worker_address)}"])
    respondent = Section(heading="被投诉单位", paragraphs=[
        f"名称：{_or_blank(facts.employer_name)}", f"地址：{_or_blank(facts.employer_address)}",
        f"法定代表人（主要负责人）：{_or_blank(facts.employer_representative)}"])
    story = [f"投诉人于{_or_blank(facts.hire_date)}入职被投诉单位" + (f"，担任{facts.job}" if facts.job else "") + "。"]
    if facts.narrative:
        story.append(facts.narrative.strip())
    story += [f"{owed(line)}：" + "；".join(line.formula) + "。" for line in lines]
    story.append("被投诉单位的行为违反了劳动保障法律、法规，请依照《劳动保障监察条例》第十一条、第十八条、第二十六条的规定调查处理。")
    warnings = ["劳动保障监察由用工所在地的县级或者设区的市级人力资源和社会保障部门管辖（劳动保障监察条例第十三条）；"
                "可以拨打12333询问投诉地点，或在当地人社部门的网上投诉渠道提交。",
                "违法行为在2年内未被发现、也未被举报投诉的，不再查处（劳动保障监察条例第二十条）；"
                "仲裁时效是一年，投诉不等于申请仲裁，也不能代替仲裁。"]
    if left_out:
        warnings.append("下列请求不属于劳动保障监察责令支付的事项，没有写进投诉书，请申请仲裁："
                        + "；".join(left_out) + "。")
    return DraftedDocument(
        kind="inspection_complaint", title="劳动保障监察投诉书",
        sections=[complainant, respondent, Section(heading="投诉事项", paragraphs=[
                      f"{_ordinal(i)}、{m}；" for i, m in enumerate(matters, 1)]),
                  Section(heading="事实与理由", paragraphs=story),
                  Section(paragraphs=["此致", addressed_to]), _signature("投诉人")],
        addressed_to=addressed_to, office=None, claim_sheet=sheet,
        sources=["article/劳动保障监察条例/11", "article/劳动保障监察条例/13", "article/劳动保障监察条例/18",
                 "article/劳动保障监察条例/20", "article/劳动保障监察条例/26",
                 *dict.fromkeys(a for line in lines for a in line.source_ids)],
        warnings=warnings + (sheet.warnings if sheet else []))


DRAFTERS: dict[str, Callable[..., DraftedDocument]] = {
    "arbitration_application": _application,
    "resignation_letter": _resignation,
    "withdraw_resignation": _withdrawal,
    "forced_resignation_notice": _forced_resignation,
    "inspection_complaint": _inspection_complaint,
}


def draft_document(kind: str, request: DocumentRequest, settings: Settings, library: Library) -> DraftedDocument:
    """The document of `kind` drafted from the facts and the claim sheet it computes; UserError (422)
    for a claim that cannot be on the sheet or an application without claims."""
    drafter = DRAFTERS.get(kind)
    if drafter is None:
        message = f"没有「{kind}」这种文书，可用的有：{'、'.join(DRAFTERS)} / unknown document kind"
        raise UserError(message, [{"field": "kind", "message": message}])
    if kind == "arbitration_application" and not request.claims:
        message = "仲裁申请书至少要有一项仲裁请求 / an arbitration application needs at least one claim"
        raise UserError(message, [{"field": "claims", "message": message}])
    sheet = build_claims(request.facts, request.claims, settings) if request.claims else None
    return drafter(request.facts, sheet, settings, library)


def to_docx(document: DraftedDocument) -> bytes:
    """The document as a DOCX: the title centred, each section's heading bold, then its paragraphs."""
    out = DocxDocument()
    style = out.styles["Normal"]
    style.font.size = Pt(12)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    title = out.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(document.title)
    run.bold, run.font.size = True, Pt(18)
    for section in document.sections:
        if section.heading:
            out.add_paragraph().add_run(section.heading).bold = True
        for paragraph in section.paragraphs:
            out.add_paragraph(paragraph)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
