"""The house rules of docs/architecture.md that a reader can check by reading the code."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_FUNCTION_LINES = 80


def project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {".venv", "tests", "bench", "staticfiles", "media"} or "migrations" in rel.parts:
            continue
        if any(part.startswith(".") for part in rel.parts):
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def test_the_scan_reads_every_app():
    seen = {rel.parts[0] for rel, _tree in project_modules()}
    assert {"config", "core", "portal", "catalog", "publishing", "organizations", "workdays"} <= seen


def long_functions():
    for rel, tree in project_modules():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    yield f"{rel}:{node.lineno} {node.name}() is {length} lines"


def test_no_function_is_longer_than_80_lines():
    assert list(long_functions()) == []


def test_the_length_check_sees_a_long_function():
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    node = ast.parse(f"def f():\n{body}\n").body[0]
    assert node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES


def untranslated_raises(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            for arg in node.exc.args:
                if isinstance(arg, (ast.Constant, ast.JoinedStr)) and CJK.search(ast.unparse(arg)):
                    yield node.lineno


def test_every_chinese_error_message_goes_through_gettext():
    found = [f"{rel}:{line}" for rel, tree in project_modules() for line in untranslated_raises(tree)]
    assert found == []


@pytest.mark.parametrize(
    ("source", "count"),
    [
        ('raise ValueError("无效")', 1),
        ('raise ValueError(f"无效{x}")', 1),
        ('raise ValueError(_("无效"))', 0),
        ('raise ValueError("invalid")', 0),
    ],
)
def test_the_gettext_check_tells_wrapped_from_bare(source, count):
    assert len(list(untranslated_raises(ast.parse(source)))) == count
