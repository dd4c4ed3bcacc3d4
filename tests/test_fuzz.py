"""Schemathesis against the app's own OpenAPI schema, in process with the fake embedder:
no input a client can send gives a server error, and every response matches the schema; and
hypothesis sending every calculator the probe's hostile input (lone surrogates, NaN and 1e308,
lists over the cap), each refused at once naming the field.
Bounded (25 examples per operation, 5 in `make test-fast`) so it runs with every `pytest`; for a longer run:
`LEGALQA_FUZZ_EXAMPLES=500 .venv/bin/python -m pytest tests/test_fuzz.py`."""

import json
import os
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from httpx import Response
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from starlette.testclient import TestClient

from api.main import create_app
from legalqa.calculators import list_calculators
from legalqa.calculators.base import CalcResult
from legalqa.calculators.fields import MAX_ITEMS
from legalqa.settings import Settings

CI_EXAMPLES = 25
EXAMPLES = int(os.environ.get("LEGALQA_FUZZ_EXAMPLES", str(CI_EXAMPLES)))
# the same examples on every run (`make test-fast` asks for fewer) unless a longer, random run is asked for
DERANDOMIZE = EXAMPLES <= CI_EXAMPLES
CHECKS = [not_a_server_error, response_schema_conformance]
# Schemathesis reads the schema at import (its fixture-based loader does not run under this
# pytest), so the app starts with a placeholder service and gets the fake one before any call.
app = create_app(Settings(model="fake-bigram-64"), service=object())
api_schema = schemathesis.openapi.from_asgi("/openapi.json", app)
# `make test-fast` asks for fewer examples and skips the schemas' own examples (they are most of the
# time: each calculator's documented inputs, sent one by one); `make test` and CI run them all
PHASES = list(Phase) if EXAMPLES >= CI_EXAMPLES else [Phase.generate]
fuzz_settings = settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE, database=None,
                         suppress_health_check=list(HealthCheck), phases=PHASES)


@pytest.fixture(autouse=True, scope="module")
def _fake_service(fake_settings, fake_service):
    app.state.settings, app.state.service = fake_settings, fake_service


@api_schema.parametrize()
@fuzz_settings
def test_no_server_error_and_responses_match_the_schema(case):
    case.call_and_validate(checks=CHECKS)

def calculator_document() -> dict:
    """One operation per calculator, its body that calculator's input schema: the API schema
    says only "a JSON object", which seldom gets past the name to a calculator's own checks."""
    result = CalcResult.model_json_schema()
    components = result.pop("$defs", {})
    paths = {}
    for calc in list_calculators():
        body = dict(calc.input_schema)
        components.update(body.pop("$defs", {}))
        paths[f"/api/v1/calculators/{calc.name}"] = {"post": {
            "operationId": calc.name,
            "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
            "responses": {"200": {"description": "the result", "content": {"application/json": {"schema": result}}},
                          "422": {"description": "invalid input, or a date no rate table covers"}}}}
    document = {"openapi": "3.1.0", "info": {"title": "legalqa calculators", "version": "1"}, "paths": paths,
                "components": {"schemas": components}}
    return json.loads(json.dumps(document).replace('"#/$defs/', '"#/components/schemas/'))


calculator_schema = schemathesis.openapi.from_dict(calculator_document())
calculator_schema.app = app


@calculator_schema.parametrize()
@fuzz_settings
def test_calculators_never_fail_on_generated_input(case):
    case.call_and_validate(checks=CHECKS)


# Hostile input the generated cases above seldom reach (issue 15's probe): a lone surrogate in any
# string, a non-finite or astronomically large figure in every number field, an over-long list in
# every list field. Each is sent to every calculator, directly and through the run_calculator tool,
# and must be refused at once in the one error body, naming the field.
ROUTES = ("calculator", "tool")
MAX_REFUSAL_BYTES = 16_384  # the probe got 38 MB back for one list; a refusal does not grow with the input
LONE_SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)  # text() never yields one
SURROGATE_TEXT = st.tuples(st.text(max_size=8), LONE_SURROGATES, st.text(max_size=8)).map("".join)
# beyond every field's bounds (no figure of a worker's claim reaches 10⁹), as JSON numbers and as strings
BAD_NUMBERS = st.one_of(
    st.sampled_from([float("nan"), float("inf"), float("-inf"), 1e308, -1e308, "NaN", "Infinity", "-Infinity", "1e308"]),
    st.floats(min_value=1e9, allow_nan=False), st.floats(max_value=-1e9, allow_nan=False),
    st.integers(min_value=10**9, max_value=10**30), st.integers(min_value=-(10**30), max_value=-(10**9)))
LIST_ITEMS = st.one_of(st.none(), st.integers(0, 100), st.text(max_size=4), st.just({}))


def _variants(prop: dict, defs: dict) -> list[dict]:
    """The alternatives a property's schema allows ($refs resolved)."""
    while "$ref" in prop:
        prop = defs[prop["$ref"].rsplit("/", 1)[-1]]
    return [defs[v["$ref"].rsplit("/", 1)[-1]] if "$ref" in v else v for v in prop.get("anyOf", [prop])]


def input_paths(schema: dict, defs: dict, prefix: tuple = ()) -> Iterator[tuple[str, tuple]]:
    """("field" | "number" | "list", path) for every property of an input schema, a list's first item
    standing for all of them: ("months", 0, "heat_days")."""
    for key, prop in schema.get("properties", {}).items():
        path = (*prefix, key)
        yield "field", path
        for variant in _variants(prop, defs):
            if variant.get("type") in ("number", "integer"):
                yield "number", path
            elif variant.get("type") == "array":
                yield "list", path
                for item in _variants(variant.get("items", {}), defs):
                    if item.get("type") in ("number", "integer"):
                        yield "number", (*path, 0)
                    elif item.get("type") == "object":
                        yield from input_paths(item, defs, (*path, 0))


PATHS = {calc.name: sorted(set(input_paths(calc.input_schema, calc.input_schema.get("$defs", {}))))
         for calc in list_calculators()}


def paths_of(kind: str) -> dict:
    """parametrize's argvalues and ids: each calculator with its paths of that kind."""
    cases = {name: [p for k, p in found if k == kind] for name, found in PATHS.items()}
    return {"argvalues": [(name, paths) for name, paths in cases.items() if paths],
            "ids": [name for name, paths in cases.items() if paths]}


def inputs_with(values: dict[tuple, object]) -> dict:
    """A calculator input holding each value at its path (index 0 of a list: its first item)."""
    body: dict = {}
    for path, value in values.items():
        node: dict | list = body
        for part, following in zip(path, path[1:]):
            empty = [{}] if isinstance(following, int) else {}
            node = node.setdefault(part, empty) if isinstance(node, dict) else node[part]
        node[path[-1]] = value
    return body


@pytest.fixture(scope="module")
def client():
    """One client for the module: a fresh one starts an event loop thread per request (~3 ms each)."""
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def post(client: TestClient, route: str, name: str, inputs: dict) -> Response:
    """The answer; JSON as a client sends it (NaN, Infinity and \\ud800 escapes)."""
    url, body = ((f"/api/v1/calculators/{name}", inputs) if route == "calculator"
                 else ("/api/v1/tools/run_calculator", {"name": name, "inputs": inputs}))
    return client.post(url, content=json.dumps(body), headers={"content-type": "application/json"})


def refused_fields(response: Response) -> list[str]:
    """The fields a 4xx names in its one error body, which does not grow with the input (the probe's
    100,000-item list came back as 38 MB; not timed here: wall-clock limits fail on a busy machine)."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:500])
    assert len(response.content) < MAX_REFUSAL_BYTES, len(response.content)
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["errors"], body
    return [e["field"] for e in body["errors"]]


def named(field: str, fields: list[str]) -> bool:
    return any(f == field or f.startswith(field + ".") for f in fields)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(("name", "paths"), **paths_of("field"))
@fuzz_settings
@given(data=st.data())
def test_a_lone_surrogate_in_any_field_is_a_422_naming_it(client, route, name, paths, data):
    path = data.draw(st.sampled_from(paths))
    response = post(client, route, name, inputs_with({path: data.draw(SURROGATE_TEXT)}))
    fields = refused_fields(response)
    assert response.status_code == 422
    assert fields == [("inputs." if route == "tool" else "") + ".".join(map(str, path))]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(("name", "paths"), **paths_of("number"))
@fuzz_settings
@given(data=st.data())
def test_non_finite_and_huge_numbers_are_refused_in_every_number_field(client, route, name, paths, data):
    values = {path: data.draw(BAD_NUMBERS, label=".".join(map(str, path))) for path in paths}
    fields = refused_fields(post(client, route, name, inputs_with(values)))
    assert all(named(".".join(map(str, path)), fields) for path in paths), fields


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(("name", "paths"), **paths_of("list"))
@fuzz_settings
@given(data=st.data())
def test_lists_over_the_cap_are_refused_in_every_list_field(client, route, name, paths, data):
    values = {path: [data.draw(LIST_ITEMS)] * data.draw(st.integers(MAX_ITEMS + 1, 5_000), label=".".join(map(str, path)))
              for path in paths}
    fields = refused_fields(post(client, route, name, inputs_with(values)))
    assert all(named(".".join(map(str, path)), fields) for path in paths), fields
