"""HTML forms from a calculator's input JSON schema, and back: the fields to show (holding what was
typed), the calculator input a submitted form says, and each validation error put on the field it
is about. Plain data in and out; the templates draw the fields."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

ROWS = 5  # rows offered for a list of records (e.g. months); one more appears below the last filled
_LIST_SPLIT = re.compile(r"[,，、;；\s]+")
_ROW_INDEX = re.compile(r"[0-9]{1,3}")
_TICKED = {"true", "1", "on", "yes"}  # how a query string may prefill a checkbox


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
    errors: list[str] = field(default_factory=list)  # the messages as the calculator gave them
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


def _option_labels(prop: dict, defs: dict) -> dict[str, str]:
    """The schema's x-enum-labels (code -> Chinese label), also inside an optional field's variants."""
    labels = dict(_resolve(prop, defs).get("x-enum-labels", {}))
    for v in _variants(prop, defs):
        labels.update(v.get("x-enum-labels", {}))
    return labels


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


def _row_count(name: str, values: dict[str, str]) -> int:
    """Rows to offer for the records `name`: ROWS, or one empty row below the last filled one."""
    filled = [key[len(name) + 1:].split(".", 1)[0] for key, value in values.items()
              if key.startswith(name + ".") and str(value).strip()]
    last = max((int(i) for i in filled if _ROW_INDEX.fullmatch(i)), default=-1)
    return max(ROWS, last + 2)


def form_fields(schema: dict, values: dict[str, str], submitted: bool = False) -> list[FormField]:
    """The fields of an input JSON schema holding `values` (flat, keyed by form name). A submitted
    form sends only the boxes that are ticked; a query string may prefill a box with true/1."""
    return _fields(schema, values, submitted, schema.get("$defs", {}), prefix="", where="")


def _fields(schema: dict, values: dict[str, str], submitted: bool, defs: dict, prefix: str,
            where: str) -> list[FormField]:
    required = set(schema.get("required", []))
    out = []
    for key, prop in schema.get("properties", {}).items():
        name = prefix + key
        kind, options = _field_kind(prop, defs)
        f = FormField(name=name, title=prop.get("title") or key, help=prop.get("description", ""),
                      kind=kind, required=key in required, options=options, where=where,
                      option_labels=_option_labels(prop, defs))
        raw = values.get(name)
        if kind == "records":
            f.rows = [_fields(_record_schema(prop, defs), values, submitted, defs, f"{name}.{i}.",
                              f"{f.title} 第{i + 1}项 ") for i in range(_row_count(name, values))]
        elif kind == "checkbox":
            if submitted:
                f.checked = raw is not None
            else:
                f.checked = str(raw).lower() in _TICKED if raw is not None else bool(prop.get("default"))
        elif raw is not None:
            f.value = str(raw)
        out.append(f)
    return out


def all_fields(fields: list[FormField]) -> Iterator[FormField]:
    """Every field, the sub-fields of each row of records after their list."""
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
                if any(v is not False for v in item.values()):  # an unticked box alone is an empty row
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


def attach_errors(fields: list[FormField], errors: list[dict], rows_at: dict[str, str]) -> list[str]:
    """Puts each {field, message} error on its field (or the nearest enclosing one), a payload row
    translated back to its form row through `rows_at`; returns the messages that belong to no field
    (the input as a whole, a rate not covered)."""
    by_name = {f.name: f for f in all_fields(fields)}
    general = []
    for err in errors:
        path = str(err.get("field", ""))
        for row, form_row in rows_at.items():
            if path == row or path.startswith(row + "."):
                path = form_row + path[len(row):]
                break
        parts = path.split(".")
        target = next((by_name[".".join(parts[:i])] for i in range(len(parts), 0, -1)
                       if ".".join(parts[:i]) in by_name), None)
        (target.errors if target else general).append(err.get("message") or "")
    return general
