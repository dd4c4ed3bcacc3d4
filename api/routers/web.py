"""The web page for workers: server-rendered HTML over the answer, search, library and calculator
contracts. No logic of its own beyond turning those contracts into pages (api.templating) and HTML
forms into calculator input (api.forms)."""

import re
from datetime import date
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.claim_form import claim_link
from api.deps import ServiceDep, SettingsDep
from api.forms import all_fields, attach_errors, form_fields, form_payload
from api.routers import claims_web
from api.templating import WEB_DIR, templates, zh
from legalqa.answer import build_answer, parse_facts
from legalqa.procedure import arbitration_timeline
from legalqa.calculators import CalculatorInfo, list_calculators, run_calculator
from legalqa.errors import NotFound, UserError
from legalqa.library import Library
from legalqa.schemas import AnswerSentence
from legalqa.service import article_url
from legalqa.settings import Settings
from legalqa.validation import validate_query
from legalqa.views import article_view, case_view, guide_view

# (link text, the search it runs)
TOPICS = [("辞职", "辞职"), ("工资/加班", "拖欠工资 加班费"), ("工伤", "工伤认定 工伤待遇"),
          ("社保", "社保"), ("高温", "高温津贴"), ("女职工", "女职工 产假")]
_NON_WEB_PREFIXES = ("/api", "/static", "/healthz", "/docs", "/redoc", "/openapi.json")
_ARTICLE_NUMBER = re.compile(r"[0-9]{1,6}")  # ASCII digits only: isdigit() accepts "²"
router = APIRouter(include_in_schema=False)


@dataclass
class Link:
    title: str
    url: str | None


def link(library: Library, target: str) -> Link:
    """Title and page of a case/<slug> or article/<law>/<n> id (url None when not in the library)."""
    kind, _, rest = target.partition("/")
    if kind == "case":
        case = library.case(target)
        return Link(case.title, f"/cases/{case.slug}") if case else Link(target, None)
    law, _, number = rest.rpartition("/")
    art = library.article(law, int(number)) if _ARTICLE_NUMBER.fullmatch(number) else None
    return Link(f"{art.law} {art.label}", article_url(art.law, art.number)) if art else Link(rest, None)


def _by_source(sentences: list[AnswerSentence]) -> list[list[AnswerSentence]]:
    """Consecutive sentences from one source, quoted together under one citation; a guide's
    sentences form one group, each with its own citations."""
    groups: list[list[AnswerSentence]] = []
    for s in sentences:
        last = groups[-1][0] if groups else None
        if last is not None and (last.from_guide and s.from_guide or not s.from_guide and last.source_id == s.source_id):
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


def _calculator(name: str) -> CalculatorInfo:
    info = next((c for c in list_calculators() if c.name == name), None)
    if info is None:
        raise HTTPException(status_code=404, detail=f"没有名为「{name}」的计算器")
    return info


# ---- pages ------------------------------------------------------------------------------------

def _page(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def _not_found(request: Request, message: str) -> HTMLResponse:
    return _page(request, "not_found.html", status_code=404, message=zh(message))


@router.get("/", response_class=HTMLResponse)
def home(request: Request, settings: SettingsDep):
    return _page(request, "home.html", topics=TOPICS, calculators=list_calculators(),
                 max_chars=settings.max_query_chars)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, service: ServiceDep, settings: SettingsDep, q: str = "",
                fact: Annotated[list[str], Query()] = []):  # noqa: B006 - FastAPI copies the default
    problem = validate_query(q, 10, settings)
    try:
        facts = parse_facts(fact)
    except UserError as exc:
        problem = problem or exc.message
    if problem:
        return _page(request, "results.html", status_code=422, q=q, error=zh(problem),
                     max_chars=settings.max_query_chars)
    answer = build_answer(service, q, facts=facts)
    quotes = _by_source(answer.answer)
    shown_guide = f"guide/{answer.guide.slug}" if answer.guide else None  # in the answer card already
    results = answer.search.results
    offer_fields = []
    if answer.calculator:
        titles = _calculator(answer.calculator.name).input_schema.get("properties", {})
        offer_fields = [(titles.get(k, {}).get("title", k), v) for k, v in answer.calculator.prefilled.items()]
    return _page(request, "results.html", q=q, answer=answer, search=answer.search,
                 guide_quotes=[g for g in quotes if g[0].from_guide],
                 case_quotes=[g for g in quotes if not g[0].from_guide and g[0].source_id.startswith("case/")],
                 article_quotes=[g for g in quotes if not g[0].from_guide and g[0].source_id.startswith("article/")],
                 offer_fields=offer_fields,
                 claim_link=claim_link(answer.calculator.name, answer.calculator.prefilled) if answer.calculator else None,
                 guides=[r for r in results if r.kind == "guide" and r.id != shown_guide],
                 cases=[r for r in results if r.kind == "case"],
                 articles=[r for r in results if r.kind == "article"],
                 max_chars=settings.max_query_chars)


@router.get("/cases/{slug:path}", response_class=HTMLResponse)
def case_page(request: Request, service: ServiceDep, slug: str):
    library = service.library
    try:
        case = case_view(library, slug)
    except NotFound as exc:
        return _not_found(request, exc.message)
    return _page(request, "case.html", case=case, cites=[link(library, a) for a in case.cites],
                 related=[link(library, c) for c in case.related])


@router.get("/guides/{slug:path}", response_class=HTMLResponse)
def guide_page(request: Request, service: ServiceDep, slug: str):
    library = service.library
    try:
        guide = guide_view(library, slug)
    except NotFound as exc:
        return _not_found(request, exc.message)
    calculators = {c.name: c for c in list_calculators()}
    offers = [Link(calculators[c.name].title, f"/calculators/{c.name}" + (f"?{urlencode(c.inputs)}" if c.inputs else ""))
              for c in guide.calculators if c.name in calculators]
    return _page(request, "guide.html", guide=guide, calculators=offers,
                 related=[link(library, c) for c in guide.related_cases],
                 fact_questions={f.key: f.question for f in guide.facts},
                 guide_titles={g.slug: g.title for g in library.guides.values()})


@router.get("/articles/{law}/{n}", response_class=HTMLResponse)
def article_page(request: Request, service: ServiceDep, law: str, n: str):
    library = service.library
    if not _ARTICLE_NUMBER.fullmatch(n):
        return _not_found(request, f"「{law}」没有第{n[:20]}条")
    try:
        art = article_view(library, law, int(n))
    except NotFound as exc:
        return _not_found(request, exc.message)
    return _page(request, "article.html", article=art, neighbours=[link(library, a) for a in art.neighbours],
                 cited_by=[link(library, c) for c in art.cited_by])


@router.get("/calculators", response_class=HTMLResponse)
def calculators_page(request: Request):
    return _page(request, "calculators.html", calculators=list_calculators())


@router.get("/calculators/{name}", response_class=HTMLResponse)
def calculator_form(request: Request, name: str):
    try:
        info = _calculator(name)
    except HTTPException as exc:
        return _not_found(request, exc.detail)
    fields = form_fields(info.input_schema, dict(request.query_params))
    return _page(request, "calculator.html", calc=info, fields=fields)


@router.post("/calculators/{name}", response_class=HTMLResponse)
async def calculator_run(request: Request, service: ServiceDep, settings: SettingsDep, name: str):
    try:
        info = _calculator(name)
    except HTTPException as exc:
        return _not_found(request, exc.detail)
    form = await request.form()
    fields = form_fields(info.input_schema, {k: v for k, v in form.items() if isinstance(v, str)}, submitted=True)
    payload, rows_at = form_payload(fields)
    try:
        result = run_calculator(name, payload, settings)
    except UserError as exc:
        general = attach_errors(fields, exc.errors, rows_at) if exc.errors else [exc.message]
        return _page(request, "calculator.html", status_code=422, calc=info, fields=fields,
                     invalid=[f for f in all_fields(fields) if f.errors], general_errors=general)
    return _page(request, "calculator.html", calc=info, fields=fields, result=result,
                 basis=[link(service.library, a) for a in result.legal_basis.articles],
                 claim_link=claim_link(name, payload), timeline=_timeline(name, payload, result))


def _timeline(name: str, payload: dict, result) -> list | None:
    """The procedure with the computed last day, under the deadline calculator's result."""
    if name != "arbitration_deadline":
        return None
    last = next((a.value for a in result.amounts if a.unit == "日期"), None)
    day = lambda v: date.fromisoformat(str(v)) if v else None  # noqa: E731
    return arbitration_timeline(day(payload.get("known_date")), day(last), day(payload.get("as_of")) or date.today())


def mount(app: FastAPI, settings: Settings) -> None:
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    app.include_router(router)
    app.include_router(claims_web.router)

    async def friendly_404(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404 and not request.url.path.startswith(_NON_WEB_PREFIXES):
            return _not_found(request, "没有找到这个页面")
        return await http_exception_handler(request, exc)

    app.add_exception_handler(StarletteHTTPException, friendly_404)
