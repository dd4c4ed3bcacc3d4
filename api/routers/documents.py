from typing import Annotated, Literal

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import Response

from api.deps import ServiceDep, SettingsDep
from api.routers.claims import EXAMPLE
from api.templating import templates
from legalqa.documents import DRAFTERS, DocumentRequest, DraftedDocument, draft_document, to_docx
from legalqa.schemas import ErrorOut

router = APIRouter(tags=["documents"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.post("/documents/{kind}", response_model=DraftedDocument,
             summary="Draft a document from the facts and the claim sheet: JSON, a printable A4 page or DOCX",
             description="The body is the same as POST /claims (the document computes its claim sheet itself; "
                         "claims may be left out of a resignation letter or a withdrawal). The facts are used "
                         "for this request only, neither stored nor logged.",
             responses={200: {"content": {"text/html": {}, DOCX: {}}},
                        422: {"model": ErrorOut, "description": "unknown kind, or a claim that cannot be filed"}})
def document(request: Request, service: ServiceDep, settings: SettingsDep,
             kind: Annotated[str, Path(description="the document", examples=list(DRAFTERS))],
             body: Annotated[DocumentRequest, Body(openapi_examples={"dongguan": {"summary": "仲裁申请书",
                                                                                 "value": EXAMPLE}})],
             format: Annotated[Literal["json", "html", "docx"], Query(description="json (default), html or docx")]
             = "json") -> DraftedDocument | Response:
    drafted = draft_document(kind, body, settings, service.library)
    if format == "docx":
        return Response(to_docx(drafted), media_type=DOCX,
                        headers={"Content-Disposition": f'attachment; filename="{kind}.docx"'})
    if format == "html":
        return templates.TemplateResponse(request, "document.html", {"document": drafted})
    return drafted
