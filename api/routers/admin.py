"""Admin actions over HTTP: rebuild the index and swap the new service in; ingest a magazine
issue into cases/. Off (404) unless LEGALQA_ADMIN_TOKEN is set, then they need
`Authorization: Bearer <token>`. Separate from the integrations' API keys on purpose: a key
that may search may not rewrite the corpus."""

import hashlib
import hmac
import tempfile
import threading
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from api.deps import ServiceDep, SettingsDep
from legalqa.index import IndexUnusable
from legalqa.ingest import NO_COLUMN_MESSAGE, ingest_issue
from legalqa.service import open_service

_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <LEGALQA_ADMIN_TOKEN>")
_rebuilding = threading.Lock()
_ISSUE_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"


AdminCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _admin_secret(request: Request) -> str:
    token = request.app.state.settings.admin_token
    return token.get_secret_value() if token else ""


def holds_admin_token(request: Request, credentials: HTTPAuthorizationCredentials | None) -> bool:
    secret = _admin_secret(request)
    return bool(secret) and credentials is not None and hmac.compare_digest(
        credentials.credentials.encode(), secret.encode())


def require_admin(request: Request, credentials: AdminCredentials) -> None:
    if not _admin_secret(request):
        raise HTTPException(status_code=404, detail=(
            "管理接口未开启：服务器设置 LEGALQA_ADMIN_TOKEN 后才能使用。 / "
            "Admin endpoints are off: set LEGALQA_ADMIN_TOKEN on the server to turn them on."))
    if not holds_admin_token(request, credentials):
        raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"}, detail=(
            "需要管理令牌：请求头 Authorization: Bearer <LEGALQA_ADMIN_TOKEN>。 / "
            "Admin token required: send `Authorization: Bearer <LEGALQA_ADMIN_TOKEN>`."))


router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(require_admin)],
                   responses={401: {"description": "no admin token, or a wrong one"},
                              404: {"description": "admin endpoints are off (LEGALQA_ADMIN_TOKEN not set)"}})


class RebuildOut(BaseModel):
    rebuilt: bool = Field(description="false when the index already matched the corpus and model")
    log: list[str] = Field(description="what the rebuild did, line by line")
    units: int
    corpus_hash: str
    built_at: str
    skipped_files: list[str] = Field(description="broken case or statute files left out, with path and line")


class IngestOut(BaseModel):
    written: list[str] = Field(description="case ids written or replaced (case/<slug>)")
    message: str


@router.post("/rebuild-index", response_model=RebuildOut,
             summary="Rebuild the index if the corpus changed, then serve the new one",
             description="Reloads cases and statutes from disk, rebuilds the index when stale and swaps the "
                         "new service in. With several server workers or replicas on one index directory the "
                         "worker answering this request switches at once, the others on their next request "
                         "(they watch the index manifest, at most once a second).",
             responses={409: {"description": "a rebuild is already running"},
                        503: {"description": "the rebuild failed; the previous index is still served"}})
def rebuild_index(request: Request, settings: SettingsDep, service: ServiceDep) -> RebuildOut:
    if not _rebuilding.acquire(blocking=False):
        raise HTTPException(status_code=409, detail="索引正在重建，请稍后 / a rebuild is already running")
    try:
        lines: list[str] = []
        # the loaded model is reused: the rebuild costs the embedding, not a second model load
        new = open_service(settings, embedder=service.embedder, build=True, log=lines.append)
    except (IndexUnusable, OSError, ValueError) as exc:
        raise HTTPException(status_code=503, detail=(
            f"重建失败，仍在使用原来的索引 / rebuild failed, the previous index is still served: {exc}")) from None
    finally:
        _rebuilding.release()
    request.app.state.service = new
    m = new.index.manifest
    # the whole manifest, not built_at alone: a rebuild within the second of the last build has the same built_at
    return RebuildOut(rebuilt=m != service.index.manifest, log=lines,
                      units=m["units"], corpus_hash=m["corpus_hash"], built_at=m["built_at"],
                      skipped_files=new.library.errors)


@router.post("/ingest-issue", response_model=IngestOut, summary="Extract the 案例 columns of a raw issue into cases/",
             description="The body is the issue's raw text (UTF-8). Then call rebuild-index to serve the new cases.",
             openapi_extra={"requestBody": {"required": True,
                                            "content": {"text/plain": {"schema": {"type": "string"}}}}},
             responses={413: {"description": "body over LEGALQA_MAX_BODY_BYTES"},
                        422: {"description": "empty, not UTF-8, or not a readable issue; nothing written"}})
async def ingest(request: Request, settings: SettingsDep,
                 filename: Annotated[str | None, Query(
                     max_length=100, pattern=_ISSUE_NAME,
                     description="the dump's file name, e.g. 004_1db0249e67e079a6.txt: it names the case "
                                 "slugs; by default derived from the text, so the same text gives the same files")
                 ] = None) -> IngestOut:
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(status_code=422, detail="正文不是 UTF-8 文本 / the body is not UTF-8 text") from None
    if not text.strip():
        raise HTTPException(status_code=422, detail="正文为空 / the body is empty")
    name = filename or f"issue-{hashlib.sha256(raw).hexdigest()[:12]}.txt"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(raw)
        try:
            written = await run_in_threadpool(ingest_issue, path, settings.cases_dir)
        except ValueError as exc:
            raise HTTPException(status_code=422, detail=(
                f"无法解析该期杂志，未写入任何文件 / could not read the issue, nothing written: {exc}")) from None
    if not written:
        return IngestOut(written=[], message=NO_COLUMN_MESSAGE)
    return IngestOut(written=[f"case/{p.stem}" for p in written],
                     message=f"已写入 {len(written)} 个案例，调用 rebuild-index 后生效 / "
                             f"wrote {len(written)} case(s); POST /api/v1/admin/rebuild-index to serve them")
