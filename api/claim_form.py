"""The web form of the claim sheet (仲裁请求) and the 仲裁申请书: the worker's facts and the two claims
most workers need — 违法解除劳动合同赔偿金 and unpaid wages for days worked — each ticked to be
included. Turned into the body of POST /api/v1/claims (facts and claim items); each error of the
sheet put back on the field it is about. The facts are used for one request: nothing here keeps them."""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from pydantic import ValidationError

from api.forms import FormField, all_fields, attach_errors, form_fields, form_payload
from legalqa.calculators import get_calculator
from legalqa.documents import DocumentRequest
from legalqa.errors import NotFound, UserError, field_errors
from legalqa.offices import Offices
from legalqa.schemas import ClaimFacts

# the worker's facts asked on the form, in order (ClaimFacts gives their titles and limits)
FACTS = ("worker_name", "worker_id_number", "worker_phone", "city", "employer_name", "hire_date", "end_date",
         "job", "narrative")
CITY_HELP = "劳动合同履行地或用人单位所在地的市（劳动争议调解仲裁法第二十一条），用来找受理的仲裁机构"
NONE_TICKED = "请至少勾选一项请求"


@dataclass(frozen=True)
class ClaimChoice:
    """A claim offered on the form: its calculator, the inputs fixed for it, the inputs it takes from
    the worker's facts (calculator input → fact) and the inputs asked next to it."""

    calculator: str
    title: str
    how: str
    fixed: dict[str, str] = field(default_factory=dict)
    from_facts: dict[str, str] = field(default_factory=dict)
    asked: tuple[str, ...] = ()


CHOICES = (
    ClaimChoice("severance", "违法解除劳动合同赔偿金",
                "单位没有合法理由辞退你：按经济补偿的二倍赔偿（劳动合同法第八十七条）；入职日期、解除日期和城市用上面填的",
                fixed={"reason": "unlawful_termination"},
                from_facts={"hire_date": "hire_date", "employment_end_date": "end_date", "city": "city"},
                asked=("monthly_wage",)),
    ClaimChoice("unpaid_wages", "拖欠的工资",
                "上了班、单位没发工资的天数：月工资÷21.75×天数",
                asked=("monthly_wage", "days_worked", "month")),
)


@dataclass
class ClaimBlock:
    choice: ClaimChoice
    include: FormField  # the box that puts the claim on the sheet
    fields: list[FormField]


@dataclass
class ClaimForm:
    facts: list[FormField]
    claims: list[ClaimBlock]

    def every_field(self) -> list[FormField]:
        return [*self.facts, *(f for b in self.claims for f in (b.include, *b.fields))]

    def ticked(self) -> list[ClaimBlock]:
        """The claims put on the sheet, in order: claims.N of the request is the Nth of them."""
        return [b for b in self.claims if b.include.checked]

    def hidden(self) -> list[tuple[str, str]]:
        """The form's values as (name, value), to send the same facts on to the document."""
        out = [(f.name, f.value) for f in self.every_field() if f.kind != "checkbox" and f.value.strip()]
        return out + [(f.name, "true") for f in self.every_field() if f.kind == "checkbox" and f.checked]


def _subschema(schema: dict, names: tuple[str, ...]) -> dict:
    props = schema.get("properties", {})
    return {"properties": {n: props[n] for n in names}, "required": [n for n in schema.get("required", []) if n in names],
            "$defs": schema.get("$defs", {})}


def build_form(values: dict[str, str], offices: Offices, submitted: bool = False) -> ClaimForm:
    """The form holding `values` (flat, keyed by form name)."""
    facts = form_fields(_subschema(ClaimFacts.model_json_schema(), FACTS), values, submitted)
    for f in facts:
        if f.name == "city":
            f.kind, f.options, f.help = "select", [c.city for c in offices.cities], CITY_HELP
        elif f.name == "narrative":
            f.kind = "textarea"
    blocks = []
    for choice in CHOICES:
        include = FormField(name=choice.calculator, title=f"请求{choice.title}", help=choice.how, kind="checkbox",
                            required=False, checked=values.get(choice.calculator) is not None if submitted
                            else values.get(choice.calculator) == "true")
        schema = get_calculator(choice.calculator).input_model.model_json_schema()
        sub = {k.removeprefix(f"{choice.calculator}."): v for k, v in values.items()
               if k.startswith(f"{choice.calculator}.")}
        fields = form_fields(_subschema(schema, choice.asked), sub, submitted)
        for f in fields:
            f.name = f"{choice.calculator}.{f.name}"
        blocks.append(ClaimBlock(choice, include, fields))
    return ClaimForm(facts, blocks)


def prefill(query: dict[str, str], offices: Offices) -> dict[str, str]:
    """Form values from a calculator's inputs in a query string (the link from a calculator result or
    an answer's offer): the calculator named by `calculator` is ticked where its fixed inputs agree."""
    values: dict[str, str] = {}
    for choice in CHOICES:
        for name, fact in choice.from_facts.items():
            if query.get(name):
                values.setdefault(fact, query[name])
        for name in choice.asked:
            if query.get(name):
                values[f"{choice.calculator}.{name}"] = query[name]
        if query.get("calculator") == choice.calculator and all(query.get(k, v) == v for k, v in choice.fixed.items()):
            values[choice.calculator] = "true"
    if values.get("city"):
        try:
            values["city"] = offices.city(values["city"])[0].city
        except NotFound:
            del values["city"]
    return values


def claim_link(calculator: str, inputs: dict[str, Any]) -> str | None:
    """/claims/new prefilled from a calculator's inputs; None for a calculator the form does not offer."""
    choice = next((c for c in CHOICES if c.calculator == calculator), None)
    if choice is None:
        return None
    known = {*choice.fixed, *choice.from_facts, *choice.asked}
    kept = {k: str(v) for k, v in inputs.items() if k in known and v not in (None, "")}
    return "/claims/new?" + urlencode({"calculator": calculator, **kept})


def document_request(form: ClaimForm) -> DocumentRequest:
    """The body of /claims and /documents the form says; UserError for facts that are not valid or
    no claim ticked."""
    facts_payload, _ = form_payload(form.facts)
    try:
        facts = ClaimFacts.model_validate(facts_payload)
    except ValidationError as exc:
        raise UserError.invalid(field_errors(exc.errors(include_url=False))) from None
    ticked = form.ticked()
    if not ticked:
        raise UserError(NONE_TICKED, [{"field": b.include.name, "message": NONE_TICKED} for b in form.claims])
    items = []
    for block in ticked:
        inputs, _ = form_payload(block.fields)  # keyed by the calculator's input names
        inputs |= {name: facts_payload[fact] for name, fact in block.choice.from_facts.items() if fact in facts_payload}
        items.append({"calculator": block.choice.calculator, "inputs": {**block.choice.fixed, **inputs}})
    return DocumentRequest.model_validate({"facts": facts, "claims": items})


def place_errors(form: ClaimForm, errors: list[dict]) -> list[str]:
    """Puts each error of the sheet (facts.X, claims.N.inputs.Y …) on its form field; returns the
    messages that belong to none."""
    placed, ticked = [], form.ticked()
    for err in errors:
        parts = str(err.get("field", "")).split(".")
        name = ".".join(parts)
        if parts[0] == "facts":
            name = ".".join(parts[1:])
        elif parts[0] == "claims" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(ticked):
            choice = ticked[int(parts[1])].choice
            inp = parts[3] if len(parts) > 3 and parts[2] == "inputs" else None
            name = (choice.from_facts.get(inp) or (f"{choice.calculator}.{inp}" if inp in choice.asked else None)
                    or choice.calculator)
        placed.append({**err, "field": name})
    return attach_errors(form.every_field(), placed, {})


def invalid_fields(form: ClaimForm) -> list[FormField]:
    return [f for f in all_fields(form.every_field()) if f.errors]
