"""Shared dependencies: the settings and the search service held on the app (the newest index
generation on disk, api/index_generation.py)."""

from typing import Annotated

from fastapi import Depends, Request

from legalqa.service import SearchService
from legalqa.settings import Settings


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_service(request: Request) -> SearchService:
    request.app.state.index_generation.follow(request.app)  # a newer index another worker built
    return request.app.state.service


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
ServiceDep = Annotated[SearchService, Depends(get_service)]
