"""Figures of the package layout: import cycles (imports inside functions included), the biggest
modules, the command line's size, and lines per package.

    .venv/bin/python benchmarks/layout.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from import_cycles import ROOT as PACKAGE  # noqa: E402
from import_cycles import cycles  # noqa: E402


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def main() -> None:
    sizes = {p.relative_to(PACKAGE.parent).as_posix(): lines(p) for p in PACKAGE.rglob("*.py")}
    per_package: Counter = Counter()
    for path, n in sizes.items():
        parts = path.split("/")
        per_package[parts[1] if len(parts) > 2 else "graphkit/__init__"] += n
    found = cycles()
    print(f"import cycles: {len(found)}")
    for cycle in found:
        print("  " + " -> ".join([*cycle, cycle[0]]))
    print(f"modules: {len(sizes)}, over 400 lines: {sum(n > 400 for n in sizes.values())}")
    for path, n in sorted(sizes.items(), key=lambda item: -item[1])[:5]:
        print(f"  {n:5d}  {path}")
    cli = {p: n for p, n in sizes.items() if p.startswith("graphkit/cli/")}
    print(f"command line: {sum(cli.values())} lines in {len(cli)} files")
    print("lines per package:")
    for package, n in sorted(per_package.items()):
        print(f"  {n:5d}  {package}")


if __name__ == "__main__":
    main()
