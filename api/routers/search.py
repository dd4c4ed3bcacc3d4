from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ServiceDep
from legalqa.schemas import SearchResponse
from legalqa.settings import Settings
from legalqa.validation import check_query


def make_router(settings: Settings) -> APIRouter:
    """The search endpoint, its limits the settings' (LEGALQA_MAX_QUERY_CHARS, LEGALQA_MAX_K)."""
    router = APIRouter(tags=["search"])

    @router.get("/search", response_model=SearchResponse, summary="Search lawyer cases and statute articles",
                responses={422: {"description": "empty or over-long query, or k out of range"}})
    def search(service: ServiceDep,
               q: Annotated[str, Query(min_length=1, max_length=settings.max_query_chars,
                                       description="the worker's question", examples=["公司不发高温补贴怎么办"])],
               k: Annotated[int, Query(ge=1, le=settings.max_k, description="how many results")] = 10,
               ) -> SearchResponse:
        check_query(q, k, settings)
        return service.search(q, k=k)

    return router
