"""Schemathesis against the app's own OpenAPI schema, in process with the fake embedder:
no input a client can send gives a server error, and every response matches the schema.
Bounded (25 examples per operation, 5 in `make test-fast`) so it runs with every `pytest`; for a longer run:
`LEGALQA_FUZZ_EXAMPLES=500 .venv/bin/python -m pytest tests/test_fuzz.py`."""

import json
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.main import create_app
from legalqa.calculators import list_calculators
from legalqa.calculators.base import CalcResult
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
fuzz_settings = settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE, database=None,
                         suppress_health_check=list(HealthCheck))


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
