"""The API's error responses: the core's UserError and FastAPI's own validation errors as the one
4xx body, {detail, errors: [{field, message}]} with each reason in Chinese and English."""

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from legalqa.errors import UserError, field_errors

_WHERE = ("query", "path", "body")  # the first part of a FastAPI error location: not part of the field name


def _field_loc(loc: tuple) -> tuple:
    return loc[1:] if loc and loc[0] in _WHERE else loc


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{**err, "loc": _field_loc(tuple(err.get("loc", ())))} for err in exc.errors()]
    return await user_error_handler(request, UserError.invalid(field_errors(errors)))


async def user_error_handler(request: Request, exc: UserError) -> JSONResponse:
    return JSONResponse(status_code=exc.status, content=exc.as_json())
