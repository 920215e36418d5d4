"""Write the app-to-app import graph into docs/architecture.md, between its markers (issue 26 step 2).

    .venv/bin/python bench/import_diagram.py           # rewrite the diagram in place
    .venv/bin/python bench/import_diagram.py --check   # exit 1 when the diagram is out of date

The edges come from the source (bench/import_counts.py reads every import with `ast`): an arrow
`a --> b` means modules of app a import modules of app b, labelled with how many import statements do.
`config` (imports every app) and `core` (imported by every app) are left out to keep the picture readable.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_counts import APPS, ROOT, collect, cross_app  # noqa: E402

DOC = ROOT / "docs" / "architecture.md"
BEGIN = "<!-- import-graph:begin (bench/import_diagram.py writes this block; do not edit by hand) -->"
END = "<!-- import-graph:end -->"


def diagram() -> str:
    edges = Counter((str(r["source_app"]), str(r["target_app"])) for r in cross_app(collect()))
    lines = ["```mermaid", "graph TD"]
    lines += [f"    {app}" for app in APPS]
    for (source, target), count in sorted(
        edges.items(), key=lambda e: (APPS.index(e[0][0]), APPS.index(e[0][1]))
    ):
        lines.append(f"    {source} -->|{count}| {target}")
    lines.append("```")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when docs/architecture.md is out of date"
    )
    args = parser.parse_args()
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    new = text[:start] + "\n" + diagram() + "\n" + text[end:]
    if args.check:
        if new != text:
            print("docs/architecture.md: the import graph is out of date; run bench/import_diagram.py")
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    print(f"wrote the import graph into {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
