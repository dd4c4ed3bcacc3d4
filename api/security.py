"""Optional API keys and a per-key rate limit for integrations, and the CORS origins setting.

With LEGALQA_API_KEYS unset the API is open and not limited (the web page does not call it);
with keys set, every /api/* request needs one, and each key may make
LEGALQA_RATE_LIMIT_PER_MINUTE requests in any 60 seconds, counted by the `limits` library in this
process's memory, or in the Redis that LEGALQA_RATE_LIMIT_STORAGE names (redis://host:6379/0), so
that every worker and replica counts one limit together. Every response to a keyed request says
where the key stands, so a bot can pace itself (IETF draft "RateLimit header fields"):
`RateLimit-Limit` (requests per 60 s), `RateLimit-Remaining` (left in the window now) and
`RateLimit-Reset` (seconds until the oldest counted request leaves the window, so one more is
free; 0 when the window is empty). A client address that sent WRONG_KEYS_PER_MINUTE wrong or
missing keys within 60 seconds gets 429 for every request until the oldest of them is a minute old
(behind a reverse proxy the client's, when uvicorn trusts the proxy: FORWARDED_ALLOW_IPS).
"""

import hashlib
import hmac
import math
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from limits import RateLimitItemPerMinute
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from legalqa.settings import Settings

STORAGE_TIMEOUT_SECONDS = 2  # a Redis that does not answer within this is reported (503), not waited for
WRONG_KEYS_PER_MINUTE = 20  # from one client address, then 429 until the oldest is a minute old: no guessing

_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <key>")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="X-API-Key: <key>")


def split_setting(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class SlidingWindowLimiter:
    """At most `limit` requests per key in any 60 seconds: the `limits` library's moving window,
    counted in `storage` (this process's memory by default; a Redis shared by every worker and
    replica when LEGALQA_RATE_LIMIT_STORAGE names one). Keys are stored as hashes, never as given."""

    def __init__(self, limit: int, storage: Storage | None = None, namespace: str = "requests"):
        self.limit = limit
        self._item = RateLimitItemPerMinute(limit, namespace=namespace)
        self._window = MovingWindowRateLimiter(storage or MemoryStorage())

    def hit(self, key: str) -> float | None:
        """Records a request; None when allowed, else the seconds until the next one would be."""
        if self._window.hit(self._item, _stored_name(key)):
            return None
        return self.usage(key).reset

    def usage(self, key: str) -> "Usage":
        """How many requests of `key` the window holds now, and when the oldest of them leaves it."""
        stats = self._window.get_window_stats(self._item, _stored_name(key))
        used = self.limit - stats.remaining
        return Usage(self.limit, used, max(0.0, stats.reset_time - time.time()) if used else 0.0)


def _stored_name(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Usage:
    limit: int
    used: int
    reset: float  # seconds until the oldest counted request leaves the window; 0 when there is none

    @property
    def exhausted(self) -> bool:
        return self.used >= self.limit

    def headers(self) -> dict[str, str]:
        return {"RateLimit-Limit": str(self.limit), "RateLimit-Remaining": str(max(0, self.limit - self.used)),
                "RateLimit-Reset": str(math.ceil(self.reset))}


def _retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def require_api_key(request: Request,
                    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
                    header_key: Annotated[str | None, Depends(_header)]) -> None:
    settings: Settings = request.app.state.settings
    keys = split_setting(settings.api_keys)
    if not keys:
        return
    wrong_keys: SlidingWindowLimiter = request.app.state.wrong_keys
    failures = wrong_keys.usage(client_address(request))
    if failures.exhausted:
        raise HTTPException(
            status_code=429, headers={"Retry-After": _retry_after(failures.reset)},
            detail=(f"错误的 API 密钥太多：每个地址每分钟最多 {failures.limit} 次，请 {_retry_after(failures.reset)} "
                    f"秒后再试。 / Too many wrong API keys: at most {failures.limit} per minute from one address; "
                    f"retry after {_retry_after(failures.reset)} seconds."))
    given = header_key or (bearer.credentials if bearer else None)
    if not given or not any(hmac.compare_digest(given.encode(), k.encode()) for k in keys):
        wrong_keys.hit(client_address(request))
        raise HTTPException(
            status_code=401, headers={"WWW-Authenticate": "Bearer"},
            detail=("需要有效的 API 密钥：请在请求头加上 Authorization: Bearer <密钥> 或 X-API-Key: <密钥>。"
                    "密钥向部署本服务的工会管理员申请。 / A valid API key is required: send "
                    "`Authorization: Bearer <key>` or `X-API-Key: <key>`; ask the operator of this service for one."))
    limiter: SlidingWindowLimiter | None = request.app.state.rate_limiter
    if limiter is None:
        return
    wait = limiter.hit(given)
    request.state.rate_limit = limiter.usage(given)  # sent on the response by RateLimitHeadersMiddleware
    if wait is not None:
        seconds = _retry_after(wait)
        raise HTTPException(
            status_code=429, headers={"Retry-After": seconds},
            detail=(f"请求太频繁：每个密钥每分钟最多 {limiter.limit} 次，请 {seconds} 秒后再试。 / "
                    f"Too many requests: at most {limiter.limit} per minute for each key; "
                    f"retry after {seconds} seconds."))


def rate_limit_storage_unreachable(request: Request, exc: Exception) -> JSONResponse:
    """503 while the shared rate-limit store (Redis) does not answer: keyed requests cannot be
    counted, so they are not served; the web page and /healthz do not need it."""
    return JSONResponse(status_code=503, headers={"Retry-After": "10"}, content={"detail": (
        "限流计数服务暂时无法连接，请稍后再试。 / The rate-limit store (LEGALQA_RATE_LIMIT_STORAGE) "
        f"does not answer; retry shortly. ({type(getattr(exc, 'storage_error', exc)).__name__})")})


class RateLimitHeadersMiddleware:
    """RateLimit-Limit/-Remaining/-Reset on the response to every request whose key was counted
    (require_api_key leaves its Usage in the request state), whatever the endpoint answered."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        state = scope.setdefault("state", {})  # the dict behind request.state, however the scope is copied

        async def send_with_headers(message: Message) -> None:
            usage: Usage | None = state.get("rate_limit")
            if message["type"] == "http.response.start" and usage is not None:
                extra = [(k.lower().encode(), v.encode()) for k, v in usage.headers().items()]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI, settings: Settings) -> None:
    """The rate limiter and wrong-key throttle for this app, their headers, and CORS for the
    configured origins only."""
    storage = storage_from_string(settings.rate_limit_storage, key_prefix="legalqa", wrap_exceptions=True,
                                  socket_timeout=STORAGE_TIMEOUT_SECONDS,
                                  socket_connect_timeout=STORAGE_TIMEOUT_SECONDS)
    limit = settings.rate_limit_per_minute
    app.state.rate_limiter = SlidingWindowLimiter(limit, storage, "requests") if limit > 0 else None
    app.state.wrong_keys = SlidingWindowLimiter(WRONG_KEYS_PER_MINUTE, storage, "wrong-keys")
    app.add_exception_handler(StorageError, rate_limit_storage_unreachable)
    app.add_middleware(RateLimitHeadersMiddleware)
    origins = split_setting(settings.cors_origins)
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "X-API-Key", "Content-Type"],
                           expose_headers=["Retry-After", *Usage(0, 0, 0).headers()])


ApiKeyDep = Depends(require_api_key)
