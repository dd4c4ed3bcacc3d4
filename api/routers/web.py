"""The web page for workers: server-rendered HTML over the answer, search, library and calculator
contracts. No logic of its own beyond turning those contracts into pages and HTML forms into JSON."""

import json
import re
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.routers.library import article_out, case_out
from legalqa.answer import build_answer
from legalqa.calculation import (
    CalculationError,
    CalculatorInfo,
    list_calculators,
    run_calculator,
)
from legalqa.library import Library
from legalqa.schemas import AnswerSentence
from legalqa.search import article_url
from legalqa.settings import PROJECT_ROOT, Settings
from legalqa.validation import validate_query

WEB_DIR = PROJECT_ROOT / "web"
HOTLINE = "12351"
NOTICE = "本页内容为法律信息，不构成针对具体案件的律师意见。"
# (link text, the search it runs)
TOPICS = [("辞职", "辞职"), ("工资/加班", "拖欠工资 加班费"), ("工伤", "工伤认定 工伤待遇"),
          ("社保", "社保"), ("高温", "高温津贴"), ("女职工", "女职工 产假")]
_LIST_SPLIT = re.compile(r"[,，、;；\s]+")
_NON_WEB_PREFIXES = ("/api", "/static", "/healthz", "/docs", "/redoc", "/openapi.json")

templates = Jinja2Templates(directory=WEB_DIR / "templates")
_ARTICLE_NUMBER = re.compile(r"[0-9]{1,6}")  # ASCII digits only: isdigit() accepts "²"
_ROW_INDEX = re.compile(r"[0-9]{1,3}")
router = APIRouter(include_in_schema=False)


_ENGLISH_HALF = re.compile(r"\s*/\s+(?=[A-Za-z\[])")


def zh(message: str | None) -> str:
    """The Chinese half of a "中文 / English" message (a slash inside 元/月 stays)."""
    return _ENGLISH_HALF.split(message or "", maxsplit=1)[0].strip()


def highlight(text: str, terms: list[str]) -> Markup:
    """`text` escaped, with each occurrence of a query word wrapped in <mark>. Single characters
    are left alone: marking every 病 or 因 would hide the words that matter."""
    words = sorted({t for t in terms if len(t.strip()) > 1}, key=len, reverse=True)
    if not words:
        return escape(text)
    parts, pos = [], 0
    for m in re.finditer("|".join(map(re.escape, words)), text):
        parts += [escape(text[pos:m.start()]), Markup("<mark>%s</mark>") % m.group()]
        pos = m.end()
    parts.append(escape(text[pos:]))
    return Markup("").join(parts)


def figure(value: float | int | str, unit: str) -> str:
    """Money with two decimals and thousands separators; other figures as the calculator gave them."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and unit.startswith("元"):
        return f"{value:,.2f}"
    return str(value)


def plain(value: Any) -> str:
    """A rate table value as a reader sees it: lists and tables as JSON, without Python quoting."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)


templates.env.trim_blocks = templates.env.lstrip_blocks = True
templates.env.filters["highlight"] = highlight
templates.env.filters["plain"] = plain
templates.env.filters["figure"] = figure
templates.env.filters["zh"] = zh
templates.env.globals.update(hotline=HOTLINE, notice=NOTICE)


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


# ---- calculator forms from input JSON schemas ------------------------------------------------

ROWS = 5  # rows offered for a list of records (e.g. months); one more appears below the last filled


@dataclass
class FormField:
    name: str  # the form name; inside a list of records "months.0.month"
    title: str
    help: str
    kind: str  # text | number | integer | date | checkbox | select | list | records
    required: bool
    options: list[str] = field(default_factory=list)
    option_labels: dict[str, str] = field(default_factory=dict)  # from the schema's x-enum-labels
    value: str = ""  # as typed (or prefilled)
    checked: bool = False
    errors: list[str] = field(default_factory=list)
    rows: list[list["FormField"]] = field(default_factory=list)  # records: the sub-fields of each row
    where: str = ""  # inside a list of records: "逐月情况 第1项 "

    @property
    def dom(self) -> str:
        return self.name.replace(".", "-")


def _resolve(prop: dict, defs: dict) -> dict:
    if "$ref" in prop:
        return defs.get(prop["$ref"].rsplit("/", 1)[-1], {})
    return prop


def _variants(prop: dict, defs: dict) -> list[dict]:
    prop = _resolve(prop, defs)
    return [v for v in (_resolve(p, defs) for p in prop.get("anyOf", [prop])) if v.get("type") != "null"]


def _record_schema(prop: dict, defs: dict) -> dict | None:
    """The item schema of a list of records (objects), else None."""
    for v in _variants(prop, defs):
        if v.get("type") == "array":
            item = _resolve(v.get("items", {}), defs)
            if "properties" in item:
                return item
    return None


def _field_kind(prop: dict, defs: dict) -> tuple[str, list[str]]:
    variants = _variants(prop, defs)
    if any("enum" in p for p in variants):
        return "select", [str(v) for p in variants for v in p.get("enum", [])]
    if variants and all("const" in p for p in variants):
        return "select", [str(p["const"]) for p in variants]
    types = {p.get("type") for p in variants}
    if "boolean" in types:
        return "checkbox", []
    if any(p.get("format") == "date" for p in variants):
        return "date", []
    if "array" in types:
        return ("records" if _record_schema(prop, defs) else "list"), []
    if "number" in types:  # Decimal fields are number|string in the schema
        return "number", []
    if "integer" in types:
        return "integer", []
    return "text", []


def form_fields(schema: dict, values: dict[str, str], submitted: bool = False, defs: dict | None = None,
                prefix: str = "", where: str = "") -> list[FormField]:
    """The fields of an input JSON schema holding `values` (flat, keyed by form name). A submitted
    form sends only the boxes that are ticked; a query string may prefill a box with true/1."""
    defs = schema.get("$defs", {}) if defs is None else defs
    required = set(schema.get("required", []))
    out = []
    for key, prop in schema.get("properties", {}).items():
        name = prefix + key
        kind, options = _field_kind(prop, defs)
        f = FormField(name=name, title=prop.get("title") or key, help=prop.get("description", ""),
                      kind=kind, required=key in required, options=options, where=where,
                      option_labels=prop.get("x-enum-labels", {}))
        raw = values.get(name)
        if kind == "records":
            used = [int(i) for i in (k[len(name) + 1:].split(".", 1)[0]
                                     for k, v in values.items() if k.startswith(name + ".") and str(v).strip())
                    if _ROW_INDEX.fullmatch(i)]
            rows = max(ROWS, max(used, default=-1) + 2)
            f.rows = [form_fields(_record_schema(prop, defs), values, submitted, defs, f"{name}.{i}.",
                                  f"{f.title} 第{i + 1}项 ") for i in range(rows)]
        elif kind == "checkbox":
            if submitted:
                f.checked = raw is not None
            else:
                f.checked = str(raw).lower() in {"true", "1", "on", "yes"} if raw is not None else bool(prop.get("default"))
        elif raw is not None:
            f.value = str(raw)
        out.append(f)
    return out


def all_fields(fields: list[FormField]):
    for f in fields:
        yield f
        for row in f.rows:
            yield from all_fields(row)


def form_payload(fields: list[FormField]) -> tuple[dict[str, Any], dict[str, str]]:
    """What the form says, as calculator input: empty means absent, a checkbox is a boolean, a
    list is split on commas, empty rows of records are left out; every other value stays a string
    for pydantic to convert. Also returns, for records, payload row path -> form row name, so that
    an error about months.1 lands on the form row it came from."""
    payload: dict[str, Any] = {}
    rows_at: dict[str, str] = {}
    for f in fields:
        key = f.name.rsplit(".", 1)[-1]
        if f.kind == "records":
            items = []
            for i, row in enumerate(f.rows):
                item, _ = form_payload(row)
                if any(v is not False for v in item.values()):
                    rows_at[f"{f.name}.{len(items)}"] = f"{f.name}.{i}"
                    items.append(item)
            if items:
                payload[key] = items
        elif f.kind == "checkbox":
            payload[key] = f.checked
        elif f.kind == "list":
            items = [v for v in _LIST_SPLIT.split(f.value) if v]
            if items:
                payload[key] = items
        elif f.value.strip():
            payload[key] = f.value.strip()
    return payload, rows_at


def attach_errors(fields: list[FormField], exc: CalculationError, rows_at: dict[str, str]) -> list[str]:
    """Puts each error's Chinese message on its field (or the nearest enclosing one); returns
    the errors that belong to no field (the input as a whole, a rate not covered)."""
    by_name = {f.name: f for f in all_fields(fields)}
    general = []
    for err in exc.errors or [{"field": "(input)", "message": exc.message}]:
        path = str(err.get("field", ""))
        for row, form_row in rows_at.items():
            if path == row or path.startswith(row + "."):
                path = form_row + path[len(row):]
                break
        parts = path.split(".")
        target = next((by_name[".".join(parts[:i])] for i in range(len(parts), 0, -1)
                       if ".".join(parts[:i]) in by_name), None)
        (target.errors if target else general).append(zh(err.get("message")))
    return general


def _by_source(sentences: list[AnswerSentence]) -> list[list[AnswerSentence]]:
    """Consecutive sentences from one source, quoted together under one citation."""
    groups: list[list[AnswerSentence]] = []
    for s in sentences:
        if groups and groups[-1][0].source_id == s.source_id:
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
def home(request: Request):
    return _page(request, "home.html", topics=TOPICS, calculators=list_calculators(),
                 max_chars=request.app.state.settings.max_query_chars)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = ""):
    settings: Settings = request.app.state.settings
    problem = validate_query(q, 10, settings)
    if problem:
        return _page(request, "results.html", status_code=422, q=q, error=zh(problem),
                     max_chars=settings.max_query_chars)
    service = request.app.state.service
    answer = build_answer(service, q)
    results = answer.search.results
    offer_fields = []
    if answer.calculator:
        titles = _calculator(answer.calculator.name).input_schema.get("properties", {})
        offer_fields = [(titles.get(k, {}).get("title", k), v) for k, v in answer.calculator.prefilled.items()]
    return _page(request, "results.html", q=q, answer=answer, search=answer.search,
                 quotes=_by_source(answer.answer), offer_fields=offer_fields,
                 cases=[r for r in results if r.kind == "case"],
                 articles=[r for r in results if r.kind == "article"],
                 max_chars=settings.max_query_chars)


@router.get("/cases/{slug:path}", response_class=HTMLResponse)
def case_page(request: Request, slug: str):
    library = request.app.state.service.library
    try:
        case = case_out(library, slug.removeprefix("case/"))
    except HTTPException as exc:
        return _not_found(request, exc.detail)
    return _page(request, "case.html", case=case, cites=[link(library, a) for a in case.cites],
                 related=[link(library, c) for c in case.related])


@router.get("/articles/{law}/{n}", response_class=HTMLResponse)
def article_page(request: Request, law: str, n: str):
    library = request.app.state.service.library
    if not _ARTICLE_NUMBER.fullmatch(n):
        return _not_found(request, f"「{law}」没有第{n[:20]}条")
    try:
        art = article_out(library, law, int(n))
    except HTTPException as exc:
        return _not_found(request, exc.detail)
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
async def calculator_run(request: Request, name: str):
    try:
        info = _calculator(name)
    except HTTPException as exc:
        return _not_found(request, exc.detail)
    form = await request.form()
    fields = form_fields(info.input_schema, {k: v for k, v in form.items() if isinstance(v, str)}, submitted=True)
    payload, rows_at = form_payload(fields)
    try:
        result = run_calculator(name, payload, request.app.state.settings)
    except CalculationError as exc:
        general = attach_errors(fields, exc, rows_at)
        return _page(request, "calculator.html", status_code=422, calc=info, fields=fields,
                     invalid=[f for f in all_fields(fields) if f.errors], general_errors=general)
    library = request.app.state.service.library
    return _page(request, "calculator.html", calc=info, fields=fields, result=result,
                 basis=[link(library, a) for a in result.legal_basis.articles])


def mount(app: FastAPI, settings: Settings) -> None:
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    app.include_router(router)

    async def friendly_404(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404 and not request.url.path.startswith(_NON_WEB_PREFIXES):
            return _not_found(request, "没有找到这个页面")
        return await http_exception_handler(request, exc)

    app.add_exception_handler(StarletteHTTPException, friendly_404)
