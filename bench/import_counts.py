"""Cross-app imports by the kind of module they reach, and function-local imports (issue 26 step 2).

Reads the source with `ast` (nothing is imported), so the figures are reproducible on any checkout:

    .venv/bin/python bench/import_counts.py            # the table
    .venv/bin/python bench/import_counts.py --list other   # every import of one kind, file:line

An import is cross-app when a module of one app (migrations left out: they are generated) names a module
of another app. `config` is the project's wiring and may import anything; `core` is the shared library
every app may import: both are counted apart. The kinds follow docs/architecture.md: an app's public
modules are `models`, `selectors`, `services` (module or package), `signals`, `tasks` (Celery task names),
plus the named shared modules of SHARED; anything else is "other internals".
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "portal",
    "opendata",
    "assessment",
    "foi",
    "participation",
    "opinion",
    "interaction",
    "consultation",
    "pilot",
    "boards",
    "publishing",
    "catalog",
    "domains",
    "workdays",
    "translations",
    "organizations",
)
PUBLIC = ("models", "selectors", "services", "signals", "tasks")
# Modules of an app that other apps may import besides PUBLIC (the list in pyproject's contracts).
SHARED = (
    "catalog.timelimits",
    "catalog.subjects",
    "workdays.engine",
    "organizations.permissions",
    "organizations.admin_scope",
    "organizations.sectors",
)
KINDS = (*PUBLIC, "shared", "other")


def _modules() -> list[tuple[str, Path]]:
    found = []
    for package in (*APPS, "config", "core"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found.append((dotted.removesuffix(".__init__"), path))
    return found


def _targets(node: ast.Import | ast.ImportFrom) -> list[str]:
    """The dotted modules an import statement names (absolute imports only)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level or not node.module:
        return []  # relative: same package
    if node.module in APPS or node.module == "core":
        # `from publishing import models` names publishing.models
        return [f"{node.module}.{alias.name}" for alias in node.names]
    return [node.module]


def kind_of(target: str) -> str:
    parts = target.split(".")
    if len(parts) < 2:
        return "other"  # the package itself (its __init__)
    if parts[1] in PUBLIC:
        return parts[1]
    if any(target == name or target.startswith(name + ".") for name in SHARED):
        return "shared"
    return "other"


def _local_imports(tree: ast.Module) -> set[int]:
    """ids of import nodes inside a function body."""
    local: set[int] = set()
    for func in ast.walk(tree):
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(func):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    local.add(id(node))
    return local


def _type_checking_imports(tree: ast.Module) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    found.add(id(inner))
    return found


def collect() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for dotted, path in _modules():
        source_app = dotted.split(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        local = _local_imports(tree)
        typing_only = _type_checking_imports(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _targets(node):
                target_app = target.split(".")[0]
                if target_app not in (*APPS, "core"):
                    target_app = ""
                rows.append(
                    {
                        "source": dotted,
                        "source_app": source_app,
                        "target": target,
                        "target_app": target_app,
                        "where": f"{path.relative_to(ROOT)}:{node.lineno}",
                        "local": id(node) in local,
                        "typing": id(node) in typing_only,
                    }
                )
    return rows


def cross_app(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    return [
        r
        for r in rows
        if r["source_app"] in APPS and r["target_app"] in APPS and r["source_app"] != r["target_app"]
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", choices=(*KINDS, "local"), help="list the cross-app imports of one kind")
    args = parser.parse_args()
    rows = collect()
    cross = cross_app(rows)
    if args.list:
        for r in cross:
            if (args.list == "local" and r["local"]) or kind_of(str(r["target"])) == args.list:
                print(f"{r['where']:48} {r['source']} -> {r['target']}{' (local)' if r['local'] else ''}")
        return 0
    by_kind = Counter(kind_of(str(r["target"])) for r in cross)
    print("cross-app imports (app -> another app, migrations left out), by the kind of module reached")
    for kind in KINDS:
        print(f"  {kind:10} {by_kind[kind]:5}")
    print(f"  {'total':10} {len(cross):5}")
    local_cross = sum(1 for r in cross if r["local"])
    print(
        f"  of them inside a function body: {local_cross}; under TYPE_CHECKING: {sum(1 for r in cross if r['typing'])}"
    )
    in_project = [r for r in rows if r["target_app"]]
    print("function-local imports of project modules (apps and core, config left out)")
    print(f"  same app   {sum(1 for r in in_project if r['local'] and r['source_app'] == r['target_app']):5}")
    print(f"  cross-app  {local_cross:5}")
    print(
        f"  of core    {sum(1 for r in in_project if r['local'] and r['target_app'] == 'core' and r['source_app'] != 'core'):5}"
    )
    print(f"  all imports inside a function body (any module): {sum(1 for r in rows if r['local'])}")
    print(f"apps -> core: {sum(1 for r in rows if r['source_app'] in APPS and r['target_app'] == 'core')}")
    print(
        f"config -> apps: {sum(1 for r in rows if r['source_app'] == 'config' and r['target_app'] in APPS)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
