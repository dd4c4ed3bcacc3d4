from typing import Annotated

from fastapi import APIRouter, Path

from api.deps import ServiceDep
from legalqa.schemas import ArticleOut, CaseOut
from legalqa.views import article_view, case_view

router = APIRouter(tags=["library"])


@router.get("/cases/{slug:path}", response_model=CaseOut, summary="One case with its sections and citations")
def get_case(service: ServiceDep, slug: Annotated[str, Path(max_length=200, description="slug or case/<slug>")]):
    return case_view(service.library, slug)


@router.get("/articles/{law}/{n}", response_model=ArticleOut, summary="One statute article")
def get_article(service: ServiceDep,
                law: Annotated[str, Path(max_length=200, description="short law name", examples=["劳动合同法"])],
                n: Annotated[int, Path(ge=1, le=100000, description="article number", examples=[47])]):
    return article_view(service.library, law, n)
