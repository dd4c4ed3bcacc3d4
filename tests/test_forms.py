"""The form engine on its own: JSON schema + submitted values -> fields, fields -> calculator
input, errors -> the fields they are about. Schemas written out here cover every kind of field;
the registered calculators' schemas check the shapes they really use (coded choices with Chinese
labels, lists of records, booleans, dates)."""

import ast
import sys
from pathlib import Path

import pytest

from api import forms
from api.forms import all_fields, attach_errors, form_fields, form_payload
from legalqa.calculators import list_calculators, run_calculator
from legalqa.errors import UserError

CALCULATORS = {c.name: c.input_schema for c in list_calculators()}

# the shapes pydantic writes: $ref to an enum, Literal as const variants, Decimal as number|string,
# optional values as anyOf [..., null], a list of records as an array of $ref objects
SCHEMA = {
    "$defs": {
        "Shift": {"enum": ["白班", "夜班"], "type": "string"},
        "Row": {"type": "object", "required": ["month"], "properties": {
            "month": {"type": "string", "title": "月份"},
            "days": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": None, "title": "天数"},
            "outdoor": {"type": "boolean", "default": False, "title": "露天"},
        }},
    },
    "required": ["start", "hours"],
    "properties": {
        "start": {"type": "string", "format": "date", "title": "开始日期", "description": "加班开始的日期"},
        "end": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}], "default": None},
        "hours": {"anyOf": [{"type": "number"}, {"type": "string"}], "title": "加班小时数"},
        "days": {"type": "integer", "title": "天数"},
        "shift": {"$ref": "#/$defs/Shift", "title": "班次"},
        "city": {"anyOf": [{"const": "广州"}, {"const": "深圳"}, {"type": "null"}], "title": "城市"},
        "reason": {"type": "string", "enum": ["a1", "b2"], "x-enum-labels": {"a1": "甲", "b2": "乙"}},
        "holiday": {"type": "boolean", "default": False, "title": "法定节假日"},
        "insured": {"type": "boolean", "default": True, "title": "已参保"},
        "note": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "备注"},
        "years": {"type": "array", "items": {"type": "number"}, "title": "其他单位年限"},
        "rows": {"type": "array", "items": {"$ref": "#/$defs/Row"}, "title": "逐月情况"},
    },
}


def by_name(fields: list[forms.FormField]) -> dict[str, forms.FormField]:
    return {f.name: f for f in all_fields(fields)}


# ---- schema -> fields -----------------------------------------------------------------------

def test_field_kinds_options_titles_and_required_follow_the_schema():
    fields = by_name(form_fields(SCHEMA, {}))
    assert {name: f.kind for name, f in fields.items() if "." not in name} == {
        "start": "date", "end": "date", "hours": "number", "days": "integer", "shift": "select", "city": "select",
        "reason": "select", "holiday": "checkbox", "insured": "checkbox", "note": "text", "years": "list",
        "rows": "records"}
    assert fields["shift"].options == ["白班", "夜班"]
    assert fields["city"].options == ["广州", "深圳"]
    assert fields["reason"].option_labels == {"a1": "甲", "b2": "乙"}
    assert fields["start"].title == "开始日期" and fields["start"].help == "加班开始的日期"
    assert fields["end"].title == "end"  # no title: the property name
    assert [f.name for f in fields.values() if f.required] == ["start", "hours", "rows.0.month", "rows.1.month",
                                                              "rows.2.month", "rows.3.month", "rows.4.month"]


def test_records_are_rows_of_sub_fields_named_by_row():
    rows = by_name(form_fields(SCHEMA, {}))["rows"].rows
    assert len(rows) == forms.ROWS
    assert [(f.name, f.kind, f.where) for f in rows[1]] == [
        ("rows.1.month", "text", "逐月情况 第2项 "), ("rows.1.days", "integer", "逐月情况 第2项 "),
        ("rows.1.outdoor", "checkbox", "逐月情况 第2项 ")]
    assert rows[1][0].dom == "rows-1-month"


@pytest.mark.parametrize("filled, rows", [([], forms.ROWS), ([2], forms.ROWS), ([3], forms.ROWS),
                                          ([4], forms.ROWS + 1), ([0, 9], 11)])
def test_one_empty_row_is_offered_below_the_last_filled_one(filled, rows):
    values = {f"rows.{i}.month": "2024-07" for i in filled}
    assert len(by_name(form_fields(SCHEMA, values))["rows"].rows) == rows


def test_blank_or_malformed_row_names_do_not_add_rows():
    values = {"rows.7.month": "  ", "rows.9999.month": "2024-07", "rows.x.month": "2024-07", "rowsy.8": "1"}
    assert len(by_name(form_fields(SCHEMA, values))["rows"].rows) == forms.ROWS


def test_values_are_kept_as_typed():
    fields = by_name(form_fields(SCHEMA, {"start": "2024-07-01", "hours": " 2.5 ", "note": "<b>备注</b>",
                                          "rows.2.days": "31"}, submitted=True))
    assert [fields[n].value for n in ("start", "hours", "note")] == ["2024-07-01", " 2.5 ", "<b>备注</b>"]
    assert fields["rows.2.days"].value == "31"


@pytest.mark.parametrize("raw, ticked", [("true", True), ("True", True), ("1", True), ("on", True), ("yes", True),
                                         ("false", False), ("0", False), ("", False)])
def test_a_query_string_prefills_a_checkbox(raw, ticked):
    assert by_name(form_fields(SCHEMA, {"holiday": raw, "insured": raw}))["holiday"].checked is ticked
    assert by_name(form_fields(SCHEMA, {"holiday": raw, "insured": raw}))["insured"].checked is ticked


def test_an_unprefilled_checkbox_shows_the_schema_default_but_a_submitted_one_only_what_was_ticked():
    shown = by_name(form_fields(SCHEMA, {}))
    assert (shown["holiday"].checked, shown["insured"].checked) == (False, True)
    sent = by_name(form_fields(SCHEMA, {"holiday": "true"}, submitted=True))
    assert (sent["holiday"].checked, sent["insured"].checked) == (True, False)


# ---- fields -> calculator input --------------------------------------------------------------

def test_payload_leaves_out_empty_values_and_converts_checkboxes_and_lists():
    fields = form_fields(SCHEMA, {"start": "2024-07-01", "hours": " 3 ", "note": "  ", "city": "",
                                  "years": "1， 2、3;4 5", "holiday": "true"}, submitted=True)
    payload, rows_at = form_payload(fields)
    assert payload == {"start": "2024-07-01", "hours": "3", "holiday": True, "insured": False,
                       "years": ["1", "2", "3", "4", "5"]}
    assert rows_at == {}


def test_empty_rows_are_not_counted_and_each_row_remembers_its_form_row():
    values = {"rows.1.month": "2024-07", "rows.1.days": "31", "rows.2.outdoor": "true",
              "rows.3.days": "", "rows.4.month": "2024-08"}
    payload, rows_at = form_payload(form_fields(SCHEMA, values, submitted=True))
    assert payload["rows"] == [{"month": "2024-07", "days": "31", "outdoor": False},
                               {"outdoor": True},
                               {"month": "2024-08", "outdoor": False}]
    assert rows_at == {"rows.0": "rows.1", "rows.1": "rows.2", "rows.2": "rows.4"}


def test_a_list_of_records_with_no_filled_row_is_absent():
    payload, _ = form_payload(form_fields(SCHEMA, {"rows.0.month": " "}, submitted=True))
    assert "rows" not in payload


# ---- errors -> fields ------------------------------------------------------------------------

def test_errors_are_kept_next_to_their_fields_and_the_rest_returned():
    fields = form_fields(SCHEMA, {"rows.1.month": "2024-07", "rows.3.month": "2024-08", "rows.3.days": "40"},
                         submitted=True)
    _, rows_at = form_payload(fields)
    general = attach_errors(fields, [
        {"field": "hours", "message": "必填项未填写 / Field required"},
        {"field": "rows.1.days", "message": "数值太大"},  # the second row sent: form row 3
        {"field": "rows.0", "message": "整行有误"},  # no field of its own: the list it is in
        {"field": "rows.0.month.extra", "message": "月份有误"},  # deeper than a field: that field
        {"field": "(rates)", "message": "费率表没有 2030 年的数字"},
    ], rows_at)
    fields = by_name(fields)
    assert fields["hours"].errors == ["必填项未填写 / Field required"]  # as given; the page shows the Chinese half
    assert fields["rows.3.days"].errors == ["数值太大"] and fields["rows.1.days"].errors == []
    assert fields["rows"].errors == ["整行有误"]
    assert fields["rows.1.month"].errors == ["月份有误"]
    assert general == ["费率表没有 2030 年的数字"]
    assert [f.name for f in fields.values() if f.errors] == ["hours", "rows", "rows.1.month", "rows.3.days"]


# ---- the registered calculators' schemas -----------------------------------------------------

def test_coded_choices_carry_their_chinese_labels():
    reason = by_name(form_fields(CALCULATORS["severance"], {}))["reason"]
    assert reason.kind == "select" and reason.required
    assert "layoff_41" in reason.options and reason.option_labels["layoff_41"] == "经济性裁员"
    assert set(reason.option_labels) == set(reason.options)


def test_nested_records_hold_selects_checkboxes_and_dates():
    fields = by_name(form_fields(CALCULATORS["work_injury"], {"dependants.0.relation": "配偶"}))
    assert fields["dependants"].kind == "records" and fields["event_date"].kind == "date"
    relation = fields["dependants.0.relation"]
    assert (relation.kind, relation.options, relation.value, relation.required) == (
        "select", ["配偶", "子女", "其他亲属"], "配偶", True)
    assert fields["dependants.0.orphan_or_lone_elder"].kind == "checkbox"
    assert fields["dependants.0.orphan_or_lone_elder"].where == "供养亲属 第1项 "


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_every_registered_schema_becomes_fields_with_titles(name):
    fields = list(all_fields(form_fields(CALCULATORS[name], {})))
    assert fields and all(f.title for f in fields)
    assert {f.name for f in fields if "." not in f.name} == set(CALCULATORS[name]["properties"])


def test_a_real_calculator_error_lands_on_the_form_row_it_came_from(fake_settings):
    values = {"outdoor": "true", "months.0.month": "2024-07", "months.2.month": "2024-08",
              "months.2.heat_days": "abc"}
    fields = form_fields(CALCULATORS["heat_allowance"], values, submitted=True)
    payload, rows_at = form_payload(fields)
    assert payload["months"] == [{"month": "2024-07"}, {"month": "2024-08", "heat_days": "abc"}]
    with pytest.raises(UserError) as caught:
        run_calculator("heat_allowance", payload, fake_settings)
    assert attach_errors(fields, caught.value.errors, rows_at) == []
    invalid = {f.name: f.errors for f in all_fields(fields) if f.errors}
    assert list(invalid) == ["months.2.heat_days"] and "整数" in invalid["months.2.heat_days"][0]


# ---- layering --------------------------------------------------------------------------------

def test_the_form_engine_imports_only_the_standard_library():
    tree = ast.parse(Path(forms.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {m.split(".")[0] for m in imported} <= sys.stdlib_module_names
