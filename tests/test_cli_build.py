"""`graphkit build` driven through click's CliRunner, as a user runs it."""

from __future__ import annotations

from dataclasses import fields

import networkx as nx
import pytest
from conftest import SEEDS, node_by_label
from conftest import run_cli as run

from graphkit.core.errors import SettingError
from graphkit.extraction import DEFAULT_TYPES, parse_types
from graphkit.extraction.models import model_labels
from graphkit.pipeline import BuildSettings, build


def test_build_seeds_writes_graphml_and_html(tmp_path):
    result = run("build", SEEDS, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.graphml").stat().st_size > 0
    assert (tmp_path / "graph.html").stat().st_size > 0
    assert "Read 5 document(s)" in result.output
    g = nx.read_graphml(tmp_path / "graph.graphml")
    assert node_by_label(g, "KCNA") is not None
    # the summary's counts are the file's counts, and the mentions in no entity are counted apart
    assert f"{g.number_of_nodes()} entities, {g.number_of_edges()} edges" in result.output
    read = int(result.output.split(" mentions -> ")[0].rsplit(" ", 1)[1])
    placed = sum(m for _, m in g.nodes(data="mentions"))
    assert read > placed  # the seeds have names the rules drop (checked in merges.csv)
    assert f"{read - placed} mention(s) are in no entity: dropped as no name" in result.output


def test_name_and_window_options(tmp_path):
    result = run("build", SEEDS, "-o", tmp_path, "--name", "seeds", "--window", "paragraph", "-q")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "seeds.graphml").exists()
    g = nx.read_graphml(tmp_path / "seeds.graphml")
    assert g.graph["window"] == "paragraph"


def test_min_weight_and_min_mentions(tmp_path):
    result = run("build", SEEDS, "-o", tmp_path, "--min-weight", "3", "--min-mentions", "2", "-q")
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(tmp_path / "graph.graphml")
    assert g.number_of_edges() > 0
    assert all(w >= 3 for *_, w in g.edges(data="weight"))
    assert all(m >= 2 for _, m in g.nodes(data="mentions"))


def test_types_option_adds_norp(tmp_path):
    result = run("build", SEEDS, "-o", tmp_path, "--types", "+NORP", "-q")
    assert result.exit_code == 0, result.output
    types = {t for _, t in nx.read_graphml(tmp_path / "graph.graphml").nodes(data="type")}
    assert "NORP" in types  # "North Korean", "Russian", "Ukrainian" are in every seed


def test_parse_types():
    assert parse_types(None) == DEFAULT_TYPES
    assert parse_types("person, org") == ("PERSON", "ORG")
    assert parse_types("+NORP") == (*DEFAULT_TYPES, "NORP")
    # a Python user writes the types as the command line takes them
    assert BuildSettings(types="+NORP").types == (*DEFAULT_TYPES, "NORP")
    with pytest.raises(SettingError, match="mixes"):
        parse_types("PERSON,+NORP")


def test_bad_types_are_a_usage_error_naming_the_flag(tmp_path):
    for value in ("PERSON,+NORP", " , "):
        result = run("build", SEEDS, "-o", tmp_path, "--types", value)
        assert result.exit_code == 2 and "--types" in result.output and "Traceback" not in result.output


def test_every_setting_is_reachable_from_the_command_line():
    """Each BuildSettings field is a build option (declared by the field) or one of the few the CLI
    declares itself; a new setting without either would silently be library-only."""
    from graphkit.cli import main

    build_params = {p.name for p in main.commands["build"].params}
    declared_by_cli = {"max_article_bytes": "max_article_mb", "quiet": "quiet"}
    for field in fields(BuildSettings):
        assert declared_by_cli.get(field.name, field.name) in build_params, field.name
        if field.name not in declared_by_cli:
            assert field.metadata["help"] and field.metadata["flag"].startswith("--"), field.name


def test_missing_path_is_a_clear_error(tmp_path):
    result = run("build", tmp_path / "nope", "-o", tmp_path / "out")
    assert result.exit_code != 0
    assert "no such file or folder" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_empty_folder_is_a_clear_error(tmp_path):
    (tmp_path / "in").mkdir()
    result = run("build", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code != 0
    assert "no supported files" in result.output
    assert "Traceback" not in result.output


def test_document_without_entities_is_a_clear_error(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plain.txt").write_text("the cat sat on the mat and then it slept for a while.\n")
    result = run("build", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "No entities" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "graph.graphml").exists()


def test_unknown_model_is_a_clear_error(tmp_path):
    result = run("build", SEEDS, "-o", tmp_path, "--model", "xx_no_such_model")
    assert result.exit_code == 1
    assert "not installed" in result.output and "--model" in result.output
    assert "Traceback" not in result.output


def test_help_has_examples():
    for args in (["--help"], ["build", "--help"]):
        result = run(*args)
        assert result.exit_code == 0
        assert "Example" in result.output


def test_types_the_model_never_gives_are_a_usage_error(tmp_path, nlp):
    """Stanford-style names (ORGANIZATION, LOCATION) used to keep the people alone, without a word."""
    result = run("build", SEEDS, "-o", tmp_path, "--types", "PERSON,ORGANIZATION,LOCATION", "--no-cache")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "ORGANIZATION, LOCATION are not labels of the model en_core_web_sm (given in --types)" in result.output
    assert "ORG" in result.output.split("Its entity labels:")[1]
    assert not tmp_path.joinpath("graph.graphml").exists()
    assert "PERSON" in model_labels("en_core_web_sm") and model_labels("no_such_model_here") is None
    with pytest.raises(SettingError, match="FOO is not a label"):
        build([SEEDS], types=("PERSON", "FOO"))  # the library says it too, before loading the model
    # a pipeline given as nlp may give any label (an entity ruler's WEAPON, say): not checked
    assert build([SEEDS], nlp=nlp, types=("PERSON", "FOO")).graph.number_of_nodes() > 0
