from typing import Annotated, Any

from fastapi import APIRouter, Body, Path

from api.deps import ServiceDep, SettingsDep
from legalqa.tools import ToolDefinition, call_tool, tool_definitions

router = APIRouter(prefix="/tools", tags=["tools"])

_CALL_EXAMPLES = {
    "search_cases_and_law": {"summary": "search_cases_and_law",
                             "value": {"q": "我辞职信都交了，新公司不要我了，能撤回辞职吗", "k": 5}},
    "answer_question": {"summary": "answer_question", "value": {"q": "公司不发高温补贴怎么办"}},
    "get_article": {"summary": "get_article", "value": {"law": "劳动合同法", "article": 37}},
    "get_case": {"summary": "get_case", "value": {"case_id": "case/gdgy-000-0e3332-1"}},
    "list_calculators": {"summary": "list_calculators", "value": {}},
    "calc_severance": {"summary": "calc_severance (a choice by its Chinese label)",
                       "value": {"reason": "单位违法解除或终止（要赔偿金，不要求复工）", "hire_date": "2020-03-01",
                                 "employment_end_date": "2024-02-29", "monthly_wage": 8000, "city": "广州"}},
    "run_calculator": {"summary": "run_calculator",
                       "value": {"name": "death_benefit", "inputs": {"death_date": "2023-10-05", "contribution_years": 12}}},
}


@router.get("", response_model=list[ToolDefinition], summary="Tool definitions for LLM function calling",
            description="OpenAI-style `[{type: function, function: {name, description, parameters, strict}}]`, one "
                        "tool per calculator (`calc_<name>`) among them; the parameters are the JSON schemas of "
                        "the argument models that POST /tools/{name} and the MCP server (`legalqa mcp`) validate "
                        "against, in OpenAI's strict mode (optional fields nullable: null means the default).")
def tools(settings: SettingsDep) -> list[ToolDefinition]:
    return tool_definitions(settings)


@router.post("/{name}", summary="Call a tool with JSON arguments (the same dispatcher as the MCP server)",
             responses={200: {"description": "the tool's JSON result", "content": {"application/json": {
                            "example": {"query": "…", "k": 5, "confidence": "high", "terms": [], "results": []}}}},
                        404: {"description": "unknown tool, or no such case or article"},
                        422: {"description": "arguments do not match the tool's parameters"}})
def call(service: ServiceDep, settings: SettingsDep,
         name: Annotated[str, Path(description="tool name", examples=list(_CALL_EXAMPLES))],
         arguments: Annotated[dict[str, Any] | None, Body(openapi_examples=_CALL_EXAMPLES)] = None) -> Any:
    return call_tool(name, arguments, service, settings)
