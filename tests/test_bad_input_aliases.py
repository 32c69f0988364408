"""Case 12: an alias file (--aliases) with a syntax error stops the run at once with the file and the
line in the message, exit code 1 and no traceback; nothing is extracted and no output is written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import SEEDS

from graphkit.cli import main


@pytest.fixture(autouse=True)
def no_model(monkeypatch):
    # The alias file is read before the long part: a bad one never gets as far as loading spaCy.
    monkeypatch.setattr("graphkit.extraction.runners.load_pipeline", lambda *a, **k: pytest.fail("model loaded"))


def build_with(tmp_path, aliases):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(SEEDS), "-o", str(out), "--aliases", str(aliases)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    return result


@pytest.mark.parametrize(
    "name, text, message",
    [
        # PyYAML notices the unclosed "[" of line 3 where line 4 starts a new key
        (
            "aliases.yaml",
            "aliases:\n  Kim Jong-un: Kim Jong Un\n  DPRK: [North Korea\ndrop: [State]\n",
            "Error: aliases.yaml line 4: not valid YAML",
        ),
        (
            "aliases.csv",
            'canonical,alias\nKim Jong Un,Kim Jong-un\n"North Korea,DPRK\n',
            "Error: aliases.csv line 3: not valid CSV",
        ),
        # one name typed twice (the last one won, silently; a surface given twice is an error)
        (
            "aliases.yaml",
            "types:\n  Kursk: LOC\n  Pyongyang: GPE\n  kursk: org\n",
            "Error: aliases.yaml line 4: 'kursk' is typed ORG here and LOC at line 2 ('Kursk': the same name "
            "to the build); keep one of the two entries.",
        ),
        # a name of no letter or digit (the page let one through; the message called it empty)
        (
            "aliases.yaml",
            'aliases:\n  Kim Jong-un: "~"\n',
            "Error: aliases.yaml line 2: canonical name '~' has no letter or digit, which the build matches names by.",
        ),
        ("aliases.yaml", 'types:\n  "[": ORG\n', "Error: aliases.yaml line 2: name '[' has no letter or digit"),
    ],
)
def test_syntax_error_names_file_and_line(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = build_with(tmp_path, path)
    assert result.exit_code == 1
    assert message in result.output


def test_missing_alias_file(tmp_path):
    result = build_with(tmp_path, tmp_path / "nope.yaml")
    assert result.exit_code == 2  # a path that does not exist: a usage error, as for the sources
    assert f"Alias file {tmp_path / 'nope.yaml'} does not exist. Check the path given to --aliases." in result.output
