from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import ServiceDep, SettingsDep
from legalqa.schemas import SearchResponse
from legalqa.validation import validate_query

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchResponse, summary="Search lawyer cases and statute articles",
            responses={422: {"description": "empty or over-long query, or k out of range"}})
def search(service: ServiceDep, settings: SettingsDep,
           q: Annotated[str, Query(min_length=1, max_length=500, description="the worker's question",
                                   examples=["公司不发高温补贴怎么办"])],
           k: Annotated[int, Query(ge=1, le=50, description="how many results")] = 10) -> SearchResponse:
    problem = validate_query(q, k, settings)
    if problem:
        raise HTTPException(status_code=422, detail=problem)
    return service.search(q, k=k)
