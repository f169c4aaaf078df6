"""Collaborators handed to routes through ``Annotated[..., Depends(...)]`` aliases."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request

from api.errors import Unauthorized
from qa import Service, Settings
from qa.errors import ModelUnavailable


def get_service(request: Request) -> Service:
    service: Service | None = getattr(request.app.state, "service", None)
    if service is None:
        raise ModelUnavailable("the service is still starting; retry in a few seconds")
    return service


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


ServiceDep = Annotated[Service, Depends(get_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def require_key(request: Request, settings: SettingsDep) -> None:
    """Writes need ``Authorization: Bearer <QA_API_KEY>`` when a key is configured."""
    if settings.api_key is None:
        return
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip(), settings.api_key):
        raise Unauthorized("this endpoint needs 'Authorization: Bearer <key>' with the server's QA_API_KEY")


WriteAccess = Depends(require_key)
