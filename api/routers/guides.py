"""Dispute guides as JSON: the list, and one guide whole."""

from typing import Annotated

from fastapi import APIRouter, Path

from api.deps import ServiceDep
from legalqa.schemas import GuideOut, GuideSummary
from legalqa.views import guide_summary, guide_view

router = APIRouter(tags=["guides"])


@router.get("/guides", response_model=list[GuideSummary], summary="All dispute guides")
def list_guides(service: ServiceDep) -> list[GuideSummary]:
    return [guide_summary(g) for g in service.library.guides.values()]


@router.get("/guides/{slug:path}", response_model=GuideOut, summary="One dispute guide: answer variants, facts, steps")
def get_guide(service: ServiceDep,
              slug: Annotated[str, Path(max_length=200, description="slug or guide/<slug>",
                                        examples=["dismissal-pregnancy"])]) -> GuideOut:
    return guide_view(service.library, slug)
