"""Count the import cycles between graphkit's modules, imports inside functions included.

import-linter checks the layers; this script also reads every ``import`` statement wherever it
stands (module level, inside functions, under ``if TYPE_CHECKING``), so a cycle hidden in a
function-level import is counted too.

    python tests/import_cycles.py [PACKAGE_FOLDER]   # prints each cycle, exits 1 when there is any
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import networkx as nx

PACKAGE = "graphkit"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Module name -> file, for every .py file of the package."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules ``name`` imports, anywhere in its file."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                targets.add(submodule if submodule in known else source)
    found = set()
    for target in targets:
        while target and target not in known:  # "graphkit.x.y" where y is a name: its module
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)
    return found


def import_graph(root: Path = ROOT) -> nx.DiGraph:
    files = modules(root)
    graph = nx.DiGraph()
    graph.add_nodes_from(files)
    for name, path in files.items():
        graph.add_edges_from((name, target) for target in imports(name, path, set(files)))
    return graph


def cycles(root: Path = ROOT) -> list[list[str]]:
    """Every elementary import cycle, each from its first module in name order, shortest first."""
    found = []
    for cycle in nx.simple_cycles(import_graph(root)):
        start = cycle.index(min(cycle))
        found.append(cycle[start:] + cycle[:start])
    return sorted(found, key=lambda c: (len(c), c))


if __name__ == "__main__":
    found = cycles(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT)
    for cycle in found:
        print(" -> ".join([*cycle, cycle[0]]))
    print(f"{len(found)} import cycle(s) in {PACKAGE}/")
    sys.exit(1 if found else 0)
