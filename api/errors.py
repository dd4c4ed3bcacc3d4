"""Error responses a person can read: 422 with the field and the reason in Chinese and English."""

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from legalqa.calculation import CalculationError

_FIELD_ZH = {"q": "问题", "k": "结果数量 k", "n": "条号", "law": "法律名称", "slug": "案例编号"}
_REASON_ZH = {
    "missing": "必须填写",
    "string_too_short": "不能为空",
    "string_too_long": "太长了",
    "greater_than_equal": "太小了",
    "less_than_equal": "太大了",
    "int_parsing": "必须是整数",
    "json_invalid": "不是合法的 JSON",
    "model_attributes_type": "格式不对",
}


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        field = ".".join(loc) or "(input)"
        zh = f"{_FIELD_ZH.get(field, field)}{_REASON_ZH.get(err.get('type', ''), '输入有误')}"
        ctx = err.get("ctx") or {}
        limit = ctx.get("max_length") or ctx.get("le") or ctx.get("min_length") or ctx.get("ge")
        if limit is not None:
            zh += f"（限制：{limit}）"
        errors.append({"field": field, "message": f"{zh} / {err.get('msg')}"})
    return JSONResponse(status_code=422, content={"detail": "；".join(e["message"] for e in errors),
                                                  "errors": errors})


async def calculation_error_handler(request: Request, exc: CalculationError) -> JSONResponse:
    return JSONResponse(status_code=exc.status, content=exc.as_json())
