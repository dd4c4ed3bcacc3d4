"""The worker's web flow from a calculation to a claim: a form of the facts and the claims
(/claims/new), the claim sheet it gives, and the 仲裁申请书 drafted from the same facts as a DOCX
download or a printable page (/claims/document). Plain HTML forms: nothing needs JavaScript. The
facts travel in the form posts only, used once; nothing stores or logs them."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.claim_form import ClaimForm, build_form, document_request, invalid_fields, place_errors, prefill
from api.deps import ServiceDep, SettingsDep
from api.routers.documents import DOCX
from api.templating import templates
from legalqa.documents import draft_document, to_docx
from legalqa.errors import UserError
from legalqa.offices import load_offices
from legalqa.settings import Settings

router = APIRouter(include_in_schema=False)
KIND = "arbitration_application"


def _form_page(request: Request, form: ClaimForm, status_code: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, "claims.html", {"form": form, **context}, status_code=status_code)


async def _submitted(request: Request, settings: Settings) -> ClaimForm:
    values = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    return build_form(values, load_offices(settings.offices_dir), submitted=True)


def _form_again(request: Request, form: ClaimForm, error: UserError) -> HTMLResponse:
    """The form once more, each error next to its field and the input kept (422)."""
    general = place_errors(form, error.errors) if error.errors else [error.message]
    return _form_page(request, form, 422, invalid=invalid_fields(form), general_errors=general)


@router.get("/claims/new", response_class=HTMLResponse)
def claims_form(request: Request, settings: SettingsDep):
    offices = load_offices(settings.offices_dir)
    return _form_page(request, build_form(prefill(dict(request.query_params), offices), offices))


@router.post("/claims/new", response_class=HTMLResponse)
async def claims_sheet(request: Request, service: ServiceDep, settings: SettingsDep):
    form = await _submitted(request, settings)
    try:
        drafted = draft_document(KIND, document_request(form), settings, service.library)
    except UserError as exc:
        return _form_again(request, form, exc)
    return _form_page(request, form, document=drafted, sheet=drafted.claim_sheet)


@router.post("/claims/document")
async def claims_document(request: Request, service: ServiceDep, settings: SettingsDep,
                          format: Annotated[Literal["docx", "html"], Query()] = "docx"):
    form = await _submitted(request, settings)
    try:
        drafted = draft_document(KIND, document_request(form), settings, service.library)
    except UserError as exc:
        return _form_again(request, form, exc)
    if format == "docx":
        return Response(to_docx(drafted), media_type=DOCX,
                        headers={"Content-Disposition": f'attachment; filename="{KIND}.docx"'})
    return templates.TemplateResponse(request, "document.html", {"document": drafted})
