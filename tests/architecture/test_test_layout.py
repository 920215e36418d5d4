"""Tests move with the code (issue 26 step 5): a test file of an app's folder is named after the module it
tests, ``tests/<app>/test_<module>[_<topic>].py``, so the next engineer finds a module's tests by its name.

<module> is a top-level module or package of the app (``services`` and the submodules of a services package
count), ``management`` for its commands, or ``templates``/``static`` for what is not Python. Folders that
test the flow across apps (api, architecture, browser, scale, security) are exempt. Files named before the
rule are listed in LEGACY by name: shrink the list, never add to it.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
FLOW_FOLDERS = {"api", "architecture", "browser", "scale", "security", "factories"}
NOT_PYTHON = ("templates", "static", "management")

LEGACY = {
    "catalog/test_corpus.py",
    "catalog/test_import_job.py",
    "catalog/test_import_preview_task.py",
    "catalog/test_import_queries.py",
    "foi/test_attachments.py",
    "foi/test_letter_mail.py",
    "foi/test_personal_data_at_rest.py",
}


def _modules(package: Path) -> set[str]:
    names = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    names |= {p.name for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    for sub in ("services",):
        if (package / sub).is_dir():
            names |= {f"{sub}_{p.stem}" for p in (package / sub).glob("*.py") if p.stem != "__init__"}
    return names | set(NOT_PYTHON)


def _misnamed() -> set[str]:
    found = set()
    for folder in sorted(p for p in TESTS.iterdir() if p.is_dir() and p.name not in FLOW_FOLDERS):
        package = ROOT / folder.name
        if not (package / "__init__.py").exists():
            continue
        modules = _modules(package)
        for test in folder.glob("test_*.py"):
            name = test.stem.removeprefix("test_")
            if not any(name == m or name.startswith(f"{m}_") for m in modules):
                found.add(f"{folder.name}/{test.name}")
    return found


def test_every_test_file_is_named_after_the_module_it_tests():
    new = _misnamed() - LEGACY
    assert not new, (
        "name these tests after the module they test (tests/<app>/test_<module>[_<topic>].py): "
        + ", ".join(sorted(new))
    )


def test_the_legacy_list_only_shrinks():
    stale = LEGACY - _misnamed()
    assert not stale, "renamed or gone, take them off LEGACY: " + ", ".join(sorted(stale))
