"""The FastAPI app: JSON API under /api/v1 (unversioned /api aliases), the web page at /,
health at /healthz."""

from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError

from api.errors import user_error_handler, validation_error_handler
from api.index_generation import IndexGeneration
from api.middleware import install as install_middleware
from api.routers import (admin, answer, calculators, claims, documents, guides, health, library, offices, search, tools,
                         web)
from api.routers import api_docs
from api.security import ApiKeyDep
from api.security import install as install_security
from legalqa.errors import UserError
from legalqa.schemas import ErrorOut
from legalqa.service import SearchService
from legalqa.settings import Settings, get_settings

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, service: SearchService | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if getattr(app.state, "service", None) is None:
            from legalqa.service import open_service

            app.state.service = open_service(settings, build=True)
        yield

    # FastAPI's own /docs and /redoc load from a CDN (a third-party request the CSP blocks): /docs
    # is served from packaged files instead (api/routers/api_docs.py); the schema is at /openapi.json
    # no slash redirects: a redirect's Location is built from the Host header, which a client
    # chooses; no response depends on that header (README, Reliability)
    app = FastAPI(title="legalqa", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  redirect_slashes=False,
                  description="广东职工维权法律问答：律师案例、法条、计算器 / Guangdong worker-rights legal Q&A")
    app.state.settings = settings
    app.state.service = service
    app.state.index_generation = IndexGeneration(settings)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(UserError, user_error_handler)
    install_security(app, settings)
    api_routers = [answer.make_router(settings), search.make_router(settings), library.router,
                   calculators.router, tools.router, offices.router, guides.router, claims.router,
                   documents.router]
    for router in api_routers:
        app.include_router(router, prefix=API_PREFIX, dependencies=[ApiKeyDep],
                           responses={422: {"model": ErrorOut, "description": "invalid input, with the reasons"}})
        # unversioned aliases, kept for early integrations; not repeated in the OpenAPI schema
        app.include_router(router, prefix="/api", include_in_schema=False, dependencies=[ApiKeyDep])
    app.include_router(health.router)
    api_docs.mount(app)
    app.include_router(admin.router, prefix=API_PREFIX)  # its own token, not the API keys
    install_middleware(app, settings)  # security headers, size limits, masked request log
    web.mount(app, settings)
    return app
