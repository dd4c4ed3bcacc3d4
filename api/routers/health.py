from fastapi import APIRouter

from api.deps import ServiceDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness and index facts")
def healthz(service: ServiceDep) -> dict:
    m = service.index.manifest
    return {"status": "ok", "model": m.get("model"), "units": m.get("units"),
            "corpus_hash": m.get("corpus_hash"), "built_at": m.get("built_at"),
            "articles": len(service.library.statutes.articles), "cases": len(service.library.cases),
            "skipped_files": service.library.errors}
