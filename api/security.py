"""Optional API keys and a per-key rate limit for integrations, and the CORS origins setting.

With LEGALQA_API_KEYS unset the API is open and not limited (the web page does not call it);
with keys set, every /api/* request needs one, and each key may make
LEGALQA_RATE_LIMIT_PER_MINUTE requests in any 60 seconds.
"""

import hmac
import math
import threading
import time
from collections import deque
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from legalqa.settings import Settings

WINDOW_SECONDS = 60.0

_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <key>")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="X-API-Key: <key>")


def split_setting(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class SlidingWindowLimiter:
    """At most `limit` requests per key in any window of `window` seconds (kept in memory)."""

    def __init__(self, limit: int, window: float = WINDOW_SECONDS, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> float | None:
        """Records a request; None when allowed, else the seconds until the next one would be."""
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return hits[0] + self.window - now
            hits.append(now)
            return None


def require_api_key(request: Request,
                    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
                    header_key: Annotated[str | None, Depends(_header)]) -> None:
    settings: Settings = request.app.state.settings
    keys = split_setting(settings.api_keys)
    if not keys:
        return
    given = header_key or (bearer.credentials if bearer else None)
    if not given or not any(hmac.compare_digest(given.encode(), k.encode()) for k in keys):
        raise HTTPException(
            status_code=401, headers={"WWW-Authenticate": "Bearer"},
            detail=("需要有效的 API 密钥：请在请求头加上 Authorization: Bearer <密钥> 或 X-API-Key: <密钥>。"
                    "密钥向部署本服务的工会管理员申请。 / A valid API key is required: send "
                    "`Authorization: Bearer <key>` or `X-API-Key: <key>`; ask the operator of this service for one."))
    limiter: SlidingWindowLimiter | None = request.app.state.rate_limiter
    wait = limiter.hit(given) if limiter is not None else None
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        raise HTTPException(
            status_code=429, headers={"Retry-After": str(seconds)},
            detail=(f"请求太频繁：每个密钥每分钟最多 {limiter.limit} 次，请 {seconds} 秒后再试。 / "
                    f"Too many requests: at most {limiter.limit} per minute for each key; "
                    f"retry after {seconds} seconds."))


def install(app: FastAPI, settings: Settings) -> None:
    """The rate limiter for this app, and CORS for the configured origins only."""
    limit = settings.rate_limit_per_minute
    app.state.rate_limiter = SlidingWindowLimiter(limit) if limit > 0 else None
    origins = split_setting(settings.cors_origins)
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "X-API-Key", "Content-Type"],
                           expose_headers=["Retry-After"])


ApiKeyDep = Depends(require_api_key)
