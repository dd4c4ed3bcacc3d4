"""Shared dependencies: the settings and the search service held on the app."""

from typing import Annotated

from fastapi import Depends, Request

from legalqa.service import SearchService
from legalqa.settings import Settings


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_service(request: Request) -> SearchService:
    return request.app.state.service


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
ServiceDep = Annotated[SearchService, Depends(get_service)]
