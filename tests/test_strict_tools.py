"""Every published tool schema is valid under OpenAI's strict mode (checked by the rules of its
"Supported schemas" guide, written out here independently of legalqa.tools), and every calculator
tool answers a worked example — sent as a strict-mode client sends it, every optional field null —
exactly as run_calculator does."""

import json

import jsonschema
import pytest

from legalqa.calculators import all_calculators, run_calculator
from legalqa.errors import UserError
from legalqa.tools import CALCULATOR_TOOL_PREFIX, call_tool, strict_schema, tool_definitions, tools
from test_calculators import SAMPLES

TYPES = {"string", "number", "integer", "boolean", "object", "array", "null"}
KEYWORDS = {"type", "title", "description", "properties", "required", "additionalProperties", "items", "anyOf",
            "enum", "const", "pattern", "format", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
            "exclusiveMinimum", "minItems", "maxItems"}
FORMATS = {"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"}
MAX_PROPERTIES, MAX_DEPTH, MAX_ENUM_VALUES, MAX_STRING_CHARS = 5000, 10, 1000, 120_000


def strict_violations(schema: dict) -> list[str]:
    """What makes a function's parameters invalid in strict mode (empty when valid)."""
    found: list[str] = []
    totals = {"properties": 0, "enum": 0, "chars": 0}

    def check(node: dict, path: str, depth: int) -> None:
        if unknown := set(node) - KEYWORDS:
            found.append(f"{path}: keywords not supported in strict mode {sorted(unknown)}")
        types = node.get("type", [])
        types = set(types if isinstance(types, list) else [types])
        if not types and "anyOf" not in node and "enum" not in node and "const" not in node:
            found.append(f"{path}: no type")
        if types - TYPES:
            found.append(f"{path}: unknown types {sorted(types - TYPES)}")
        if "format" in node and node["format"] not in FORMATS:
            found.append(f"{path}: format {node['format']!r}")
        if "object" in types or "properties" in node:
            properties = node.get("properties")
            if properties is None:
                found.append(f"{path}: an object without properties")
                properties = {}
            if node.get("additionalProperties") is not False:
                found.append(f"{path}: additionalProperties is not false")
            if set(node.get("required", ())) != set(properties):
                found.append(f"{path}: not every property is required")
            if depth > MAX_DEPTH:
                found.append(f"{path}: nested deeper than {MAX_DEPTH}")
            totals["properties"] += len(properties)
            totals["chars"] += sum(map(len, properties))
            for name, sub in properties.items():
                check(sub, f"{path}.{name}", depth + 1)
        if "items" in node:
            check(node["items"], f"{path}[]", depth)
        for i, sub in enumerate(node.get("anyOf", ())):
            check(sub, f"{path}|{i}", depth)
        totals["enum"] += len(node.get("enum", ()))
        totals["chars"] += sum(len(str(v)) for v in node.get("enum", ()))

    if schema.get("type") != "object" or "anyOf" in schema:
        found.append("the root is not an object")
    check(schema, "$", 1)
    if totals["properties"] > MAX_PROPERTIES or totals["enum"] > MAX_ENUM_VALUES or totals["chars"] > MAX_STRING_CHARS:
        found.append(f"over the size limits: {totals}")
    return found


def test_the_checker_finds_what_strict_mode_refuses():
    assert strict_violations({"type": "object", "properties": {"a": {"type": "string", "default": "x"}},
                              "required": ["a"], "additionalProperties": False}) == [
        "$.a: keywords not supported in strict mode ['default']"]
    assert len(strict_violations({"type": "object", "properties": {"a": {"type": "object"}}})) == 4
    assert strict_violations({"type": "object", "properties": {"d": {"type": "string", "format": "decimal"}},
                              "required": ["d"], "additionalProperties": False}) == ["$.d: format 'decimal'"]


def test_every_published_tool_schema_is_strict(fake_settings):
    definitions = tool_definitions(fake_settings)
    assert {d.function.name for d in definitions} == set(tools(fake_settings))
    for definition in definitions:
        assert definition.function.strict is True
        assert strict_violations(definition.function.parameters) == [], definition.function.name


def test_strict_schema_makes_optional_fields_nullable_and_keeps_labels():
    schema = strict_schema(all_calculators()["severance"].input_model.model_json_schema())
    assert schema["properties"]["no_notice"]["type"] == ["boolean", "null"]
    assert "(null: false)" in schema["properties"]["no_notice"]["description"]
    assert {"unlawful_termination", "单位违法解除或终止（要赔偿金，不要求复工）"} <= set(schema["properties"]["reason"]["enum"])
    assert schema["properties"]["monthly_wage"]["anyOf"][0]["type"] == "number"  # required: not nullable
    assert {"type": "null"} not in schema["properties"]["monthly_wage"]["anyOf"]


def test_there_is_one_tool_per_calculator(fake_settings):
    known = tools(fake_settings)
    for name, calc in all_calculators().items():
        assert known[CALCULATOR_TOOL_PREFIX + name].arguments is calc.input_model


def strict_form(value, schema: dict):
    """The value as a strict-mode client sends it: every property present, the ones not given null."""
    object_branch = next((b for b in schema.get("anyOf", ()) if "properties" in b or "items" in b), schema)
    if isinstance(value, dict):
        props = object_branch["properties"]
        return {name: strict_form(value[name], sub) if name in value else None for name, sub in props.items()}
    if isinstance(value, list):
        return [strict_form(item, object_branch.get("items", {})) for item in value]
    return value


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_calculator_tool_answers_like_run_calculator(fake_service, fake_settings, name):
    example = json.loads(json.dumps(SAMPLES[name][0], default=str))
    tool = tools(fake_settings)[CALCULATOR_TOOL_PREFIX + name]
    schema = strict_schema(tool.arguments.model_json_schema())
    sent = strict_form(example, schema)
    jsonschema.validate(sent, schema)  # what a strict-mode model may send
    expected = run_calculator(name, example, fake_settings).model_dump(mode="json")
    assert call_tool(tool.name, sent, fake_service, fake_settings) == expected
    assert call_tool(tool.name, example, fake_service, fake_settings) == expected


def test_severance_tool_takes_the_chinese_label(fake_service, fake_settings):
    schema = strict_schema(all_calculators()["severance"].input_model.model_json_schema())
    arguments = strict_form({"reason": "单位违法解除或终止（要赔偿金，不要求复工）", "employer_years": 3, "monthly_wage": 6000},
                            schema)
    jsonschema.validate(arguments, schema)
    by_label = call_tool("calc_severance", arguments, fake_service, fake_settings)
    by_code = call_tool("calc_severance", {"reason": "unlawful_termination", "employer_years": 3, "monthly_wage": 6000},
                        fake_service, fake_settings)
    assert by_label == by_code and by_label["amounts"]


def test_calculator_tool_errors_name_the_field(fake_service, fake_settings):
    with pytest.raises(UserError) as caught:
        call_tool("calc_severance", {"reason": "illegal_dismissal", "employer_years": 3, "monthly_wage": 6000},
                  fake_service, fake_settings)
    assert caught.value.errors[0]["field"] == "reason"
    with pytest.raises(UserError):  # null for a required field is not "left out"
        call_tool("calc_severance", {"reason": "layoff_41", "employer_years": 3, "monthly_wage": None},
                  fake_service, fake_settings)


def test_free_form_objects_come_as_json_strings_and_nulls_mean_defaults(fake_service, fake_settings):
    question = "公司不发高温补贴怎么办"
    strict = call_tool("answer_question", {"q": question, "k": None, "facts": '{"sex": "女"}', "compact": None},
                       fake_service, fake_settings)
    assert strict == call_tool("answer_question", {"q": question, "facts": {"sex": "女"}}, fake_service, fake_settings)
    inputs = {"death_date": "2023-10-05", "contribution_years": 12}
    assert call_tool("run_calculator", {"name": "death_benefit", "inputs": json.dumps(inputs)}, fake_service,
                     fake_settings) == call_tool("calc_death_benefit", inputs, fake_service, fake_settings)
