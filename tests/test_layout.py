"""The package layout keeps its promises: no import cycles, small modules, a thin command line.

The layers themselves are import-linter's contract (pyproject.toml, run by ``make test``); these
checks cover what it does not: cycles through imports inside functions, and sizes.
"""

from __future__ import annotations

from pathlib import Path

from import_cycles import ROOT, cycles, import_graph

MAX_MODULE_LINES = 400
#: the CLI declares only the options that are no BuildSettings field (graphkit.pipeline.settings.setting),
#: and the reading commands' own (--json, --limit, --cache...): what they do is graphkit.explore's
MAX_CLI_LINES = 330


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_import_cycles_even_through_imports_inside_functions():
    assert cycles() == []


def test_the_cycle_counter_sees_imports_inside_functions(tmp_path):
    package = tmp_path / "graphkit"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .b import x\n")
    (package / "b.py").write_text("def x():\n    from . import a\n    return a\n")
    assert cycles(package) == [["graphkit.a", "graphkit.b"]]
    assert ("graphkit.b", "graphkit.a") in import_graph(package).edges


def test_no_module_over_400_lines():
    sizes = {str(p.relative_to(ROOT.parent)): lines(p) for p in ROOT.rglob("*.py")}
    assert {p: n for p, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test_the_command_line_is_thin():
    assert sum(lines(p) for p in (ROOT / "cli").glob("*.py")) < MAX_CLI_LINES


def test_every_package_is_installed():
    """pyproject.toml finds graphkit and its sub-packages; the explorer's templates go with exports."""
    import tomllib

    project = tomllib.loads((ROOT.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["tool"]["setuptools"]["packages"]["find"]["include"] == ["graphkit", "graphkit.*"]
    assert project["tool"]["setuptools"]["package-data"]["graphkit.exports"] == ["templates/*"]
    assert all((p.parent / "__init__.py").exists() for p in ROOT.rglob("*.py"))
    assert sorted(p.name for p in (ROOT / "exports" / "templates").iterdir()) == [
        "curation.css",
        "curation.html",
        "curation.js",
        "curation_file.js",
        "curation_names.js",
        "curation_panel.js",
        "curation_wording.js",
        "explorer.css",
        "explorer.html",
        "explorer.js",
        "explorer_map.js",
        "explorer_relations.js",
        "explorer_timeline.css",
        "explorer_timeline.js",
    ]
