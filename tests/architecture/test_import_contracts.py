"""The import contracts of pyproject.toml stay complete (docs/architecture.md, "What the contracts enforce").

Each app has a `forbidden` contract listing its modules that other apps may not import; a module added to an
app must land either in that list or, by a deliberate change here and in pyproject, among the public ones.
"""

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _import_counts():
    """bench/import_counts.py, whose APPS, PUBLIC and SHARED are the one list of the public modules."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("import_counts", ROOT / "bench" / "import_counts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_COUNTS = _import_counts()
APPS, PUBLIC, SHARED = _COUNTS.APPS, set(_COUNTS.PUBLIC), set(_COUNTS.SHARED)


def contracts():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def top_level_modules(app):
    for path in (ROOT / app).iterdir():
        if path.suffix == ".py" and path.stem != "__init__":
            yield f"{app}.{path.stem}"
        elif path.is_dir() and (path / "__init__.py").exists():
            yield f"{app}.{path.name}"


@pytest.mark.parametrize("app", APPS)
def test_every_internal_module_is_forbidden_to_the_other_apps(app):
    (contract,) = [
        c for c in contracts() if c["name"] == f"Other apps import {app} only through its public modules"
    ]
    assert contract["type"] == "forbidden"
    assert set(contract["source_modules"]) == set(APPS) - {app}
    internal = {m for m in top_level_modules(app) if m.split(".")[1] not in PUBLIC and m not in SHARED}
    assert internal - set(contract["forbidden_modules"]) == set(), "add the new module to the app's contract"
