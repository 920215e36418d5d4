"""A search source that ``settings.PORTAL_SEARCH_SOURCES`` names but that cannot be used stops the start
(``manage.py check``, ``migrate``, ``runserver`` run the system checks) instead of leaving its records out of the
search without a word (registered in PortalConfig.ready)."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.dispatch import Signal
from django.utils.translation import gettext as _

from ..models import DocumentKind


def hint() -> str:
    return _(
        "检查 PORTAL_SEARCH_SOURCES 设置（环境变量）中的模块路径，或补齐该模块（见 portal/search/documents.py）。"
    )


def problems(path: str) -> list[str]:
    """What is wrong with the search source module ``path``, in words; empty when it can be registered."""
    try:
        module = importlib.import_module(path)
    except Exception as exc:  # noqa: BLE001 - any import failure is the finding, named in the message
        return [
            _("搜索数据源 {path} 无法导入：{error}").format(path=path, error=f"{type(exc).__name__}: {exc}")
        ]
    found = []
    kind = getattr(module, "KIND", None)
    if kind is None:
        found.append(_("搜索数据源 {path} 缺少 KIND（文档类型）。").format(path=path))
    elif kind not in DocumentKind.values:
        found.append(
            _("搜索数据源 {path} 的 KIND「{kind}」不是已知的文档类型（{known}）。").format(
                path=path, kind=kind, known="、".join(DocumentKind.values)
            )
        )
    if not callable(getattr(module, "documents", None)):
        found.append(_("搜索数据源 {path} 缺少可调用的 documents(keys)。").format(path=path))
    changed = getattr(module, "changed", None)
    if changed is not None and not isinstance(changed, Signal):
        found.append(_("搜索数据源 {path} 的 changed 不是信号（django.dispatch.Signal）。").format(path=path))
    return found


@register()
def search_sources_check(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """portal.E001: every module of PORTAL_SEARCH_SOURCES imports and has the shape of a search source."""
    return [
        Error(message, hint=hint(), id="portal.E001")
        for path in getattr(settings, "PORTAL_SEARCH_SOURCES", ())
        for message in problems(path)
    ]
