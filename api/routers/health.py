"""/healthz: liveness and the facts of the served index for anyone; the details (each skipped
file's message, why the index is stale) only with the admin token. Paths are shown relative to
the data directory: nothing about the server's file system beyond the project's own layout."""

from fastapi import APIRouter, Request

from api.deps import ServiceDep, SettingsDep
from api.routers.admin import AdminCredentials, holds_admin_token
from legalqa.settings import DATA_PATHS, Settings

router = APIRouter(tags=["health"])


def relative_paths(text: str, settings: Settings) -> str:
    """`text` with the data directory (or the folder holding a data directory set elsewhere) cut
    from the paths in it: /srv/legalqa/cases/x.md → cases/x.md."""
    roots = {settings.data_dir, *(getattr(settings, name).parent for name in DATA_PATHS)}
    for root in sorted((str(r).rstrip("/") + "/" for r in roots), key=len, reverse=True):
        text = text.replace(root, "")
    return text


def _location(error: str) -> str:
    """The file (and line) of a skipped-file message, "cases/x.md:3: bad YAML …" → "cases/x.md:3"."""
    return error.partition(": ")[0]


@router.get("/healthz", summary="Liveness and index facts (details with the admin token)")
def healthz(request: Request, service: ServiceDep, settings: SettingsDep, credentials: AdminCredentials) -> dict:
    m = service.index.manifest
    skipped = [relative_paths(error, settings) for error in service.library.errors]
    body = {"status": "ok", "model": m.get("model"), "units": m.get("units"),
            "corpus_hash": m.get("corpus_hash"), "built_at": m.get("built_at"),
            "index_stale": service.stale is not None,
            "articles": len(service.library.statutes.articles), "cases": len(service.library.cases),
            "skipped_files": [_location(error) for error in skipped]}
    if holds_admin_token(request, credentials):
        body["details"] = {"skipped_files": skipped,
                           "index_stale_reason": service.stale and relative_paths(service.stale, settings)}
    return body
