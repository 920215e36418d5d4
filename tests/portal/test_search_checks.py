"""A search source named in settings.PORTAL_SEARCH_SOURCES that cannot be used stops the start: the system check
portal.E001 (portal/search/checks.py) names it in Chinese, and ``manage.py check`` (run by migrate and runserver
too) fails on it, instead of the records silently missing from the search."""

from __future__ import annotations

import sys
import types

import pytest
from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from portal.search import checks


def test_the_configured_sources_pass():
    assert checks.search_sources_check(None) == []


@override_settings(PORTAL_SEARCH_SOURCES=["foi.search_source", "foi.no_such_source"])
def test_a_missing_source_is_an_error_in_chinese():
    (error,) = checks.search_sources_check(None)
    assert isinstance(error, Error) and error.id == "portal.E001"
    assert "搜索数据源 foi.no_such_source 无法导入" in error.msg and "PORTAL_SEARCH_SOURCES" in error.hint


@pytest.fixture
def broken_module(monkeypatch):
    module = types.ModuleType("tests_broken_search_source")
    module.KIND = "letters"  # not a DocumentKind, and no documents()
    module.changed = object()
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return module.__name__


def test_a_source_of_the_wrong_shape_is_an_error(broken_module):
    with override_settings(PORTAL_SEARCH_SOURCES=[broken_module]):
        messages = [e.msg for e in checks.search_sources_check(None)]
    assert len(messages) == 3
    assert any("不是已知的文档类型" in m for m in messages)
    assert any("documents(keys)" in m for m in messages)
    assert any("不是信号" in m for m in messages)


@override_settings(PORTAL_SEARCH_SOURCES=["foi.no_such_source"])
def test_manage_py_check_fails_on_it():
    with pytest.raises(SystemCheckError, match="foi.no_such_source"):
        call_command("check")
