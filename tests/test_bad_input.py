"""Bad input through `graphkit build`: a clear message naming the file (and row) and what to do,
the right exit code (1 the input stopped the run, 2 usage error, 0 bad documents only skipped),
no traceback, and every good document still in the graph.
"""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import node_by_label, write_corpus
from conftest import run_cli as run

from graphkit.cli import main

GOOD = {
    "good1": "Angela Merkel met Emmanuel Macron in Paris on Monday. They spoke about the European Union.",
    "good2": "Boris Johnson flew to Berlin to meet Olaf Scholz. Microsoft opened an office in Dublin.",
}


def add_good(folder):
    return write_corpus(folder, GOOD)


def graph_of(out):
    return nx.read_graphml(out / "graph.graphml")


def assert_good_documents_in_graph(out, ids=tuple(GOOD)):
    g = graph_of(out)
    assert g.graph["documents"] == len(ids)
    mentioned = {d for _, v in g.nodes(data="doc_ids") for d in v.split("|")}
    assert mentioned == set(ids)
    for label in ("Angela Merkel", "Olaf Scholz"):
        if any(label in GOOD.get(i, "") for i in ids):
            assert node_by_label(g, label) is not None, label


# --- 1-3: sources that stop the run -------------------------------------------------------------


def test_1_path_that_does_not_exist(tmp_path):
    add_good(tmp_path / "in")
    result = run("build", tmp_path / "in", tmp_path / "typo", "-o", tmp_path / "out")
    assert result.exit_code == 2  # the command line names something that is not there
    assert f"Error: {tmp_path / 'typo'}: no such file or folder. Check the path and try again." in result.output
    assert not (tmp_path / "out").exists()


def test_2_empty_folder(tmp_path):
    (tmp_path / "in").mkdir()
    result = run("build", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'in'}: the folder is empty: no supported files. graphkit reads .csv," in result.output
    assert "point it at the articles or save them as .txt." in result.output
    assert not (tmp_path / "out").exists()


def test_3_folder_with_no_supported_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n")
    result = run("build", folder, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{folder}: the folder holds 3 file(s) but no supported files (.jpg: 1, .pdf: 2)." in result.output
    assert ".txt" in result.output and ".jsonl" in result.output and ".html" in result.output
    assert not (tmp_path / "out").exists()


# --- 4-10: bad documents are skipped, good ones kept ---------------------------------------------


def test_4_empty_and_whitespace_only_files(tmp_path):
    folder = add_good(tmp_path / "in")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text(" \n\n\t  \r\n\u00a0\n", encoding="utf-8")
    result = run("build", folder, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert f"skipped {folder / 'empty.txt'}: empty file (0 bytes)" in result.output
    assert f"skipped {folder / 'blank.md'}: no text (empty or only whitespace)" in result.output
    assert "Read 2 document(s), skipped 2;" in result.output
    assert_good_documents_in_graph(tmp_path / "out")


def test_4_only_empty_files_stop_the_run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("   \n")
    result = run("build", folder, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"skipped {folder / 'empty.txt'}: empty file (0 bytes)" in result.output
    assert "No readable documents in the sources (see the skipped list above)." in result.output
    assert not (tmp_path / "out").exists()


def test_5_binary_file_named_txt(tmp_path):
    folder = add_good(tmp_path / "in")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 40
    (folder / "photo.txt").write_bytes(png)
    (folder / "paper.txt").write_bytes(b"%PDF-1.5\n%\xd0\xd4\xc5\xd8\n1 0 obj\n<< /Length 5 >>\nstream\n\x00\x01\x02")
    result = run("build", folder, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert f"skipped {folder / 'photo.txt'}: a PNG image, not text" in result.output
    assert f"skipped {folder / 'paper.txt'}: a PDF document, not text: extract its text first" in result.output
    assert_good_documents_in_graph(tmp_path / "out")


def test_6_latin_1_windows_1252_and_utf_16(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "latin1.txt").write_bytes(
        "Jürgen Klopp spoke to reporters in München. He said the café was closed.".encode("latin-1")
    )
    (folder / "win1252.txt").write_bytes(
        "“We agree,” said Olaf Scholz after talks with Joe Biden in Zürich.".encode("cp1252")
    )
    (folder / "utf16.txt").write_bytes(
        "Angela Merkel met Emmanuel Macron in Zürich on Monday – at a café near the lake.".encode("utf-16")
    )
    out = tmp_path / "out"
    result = run("build", folder, "-o", out)
    assert result.exit_code == 0, result.output
    hint = "if letters look wrong in the graph, save the file as UTF-8"
    assert f"note: {folder / 'latin1.txt'}: not UTF-8, read as Latin-1 (ISO-8859-1); {hint}" in result.output
    assert f"note: {folder / 'win1252.txt'}: not UTF-8, read as Windows-1252; {hint}" in result.output
    assert f"note: {folder / 'utf16.txt'}: not UTF-8, read as UTF-16; {hint}" in result.output
    assert "Read 3 document(s), skipped 0;" in result.output
    g = graph_of(out)
    for label in ("Jürgen Klopp", "München", "Zürich", "Olaf Scholz", "Joe Biden", "Angela Merkel"):
        assert node_by_label(g, label) is not None, label
    zurich = node_by_label(g, "Zürich")
    assert g.nodes[zurich]["doc_ids"] == "utf16|win1252"
    evidence = "\n".join(v for *_, v in g.edges(data="evidence"))
    assert '[win1252] "We agree," said Olaf Scholz after talks with Joe Biden in Zürich.' in evidence
    assert "café near the lake" in evidence


def test_8_jsonl_with_a_malformed_row_and_a_row_without_text(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(
        json.dumps({"id": "good1", "text": GOOD["good1"]})
        + "\n"
        + '{"id": "broken", "text": "Joe Biden met\n'
        + json.dumps({"id": "notext", "body": "Joe Biden met Olaf Scholz."})
        + "\n"
        + json.dumps({"id": "good2", "text": GOOD["good2"]})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("build", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert (
        f"skipped {path} row 2: not valid JSON (Unterminated string starting at: column 26); fix or remove the row"
    ) in result.output
    assert f"skipped {path} row 3: no 'text' field (fields: body, id); choose one with --text-field" in result.output
    assert "Read 2 document(s), skipped 2;" in result.output
    assert_good_documents_in_graph(out)


def test_8_jsonl_text_field_option(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps({"uid": k, "body": v}) + "\n" for k, v in GOOD.items()), encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", path, "-o", out)
    assert result.exit_code == 1
    assert (
        f"skipped {path}: none of its 2 rows has a 'text' field (fields: body, uid); "
        "choose the text field with --text-field"
    ) in result.output
    result = run("build", path, "-o", out, "--text-field", "body", "--id-field", "uid")
    assert result.exit_code == 0, result.output
    assert_good_documents_in_graph(out)


def test_9_csv_without_the_text_column(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id,headline,body\n" + "".join(f'{k},Headline,"{v}"\n' for k, v in GOOD.items()), encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", path, "-o", out)
    assert result.exit_code == 1  # nothing left to build
    assert (
        f"skipped {path}: no 'text' column (columns: id, headline, body); choose the text column with --text-field"
    ) in result.output
    assert not out.exists()
    # beside good documents it is only skipped
    folder = add_good(tmp_path / "in")
    (folder / "export.csv").write_bytes(path.read_bytes())
    result = run("build", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"skipped {folder / 'export.csv'}: no 'text' column" in result.output
    assert_good_documents_in_graph(out)
    # and with the option it is read
    result = run("build", path, "-o", out, "--text-field", "body")
    assert result.exit_code == 0, result.output
    assert_good_documents_in_graph(out)


def test_10_same_article_under_two_names(tmp_path):
    folder = add_good(tmp_path / "in")
    (folder / "copy-of-good1.txt").write_text(GOOD["good1"], encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert (
        f"skipped {folder / 'good1.txt'}: same text as {folder / 'copy-of-good1.txt'} "
        "(document 'copy-of-good1'); counted once"
    ) in result.output
    assert "Read 2 document(s), skipped 1;" in result.output
    g = graph_of(out)
    merkel = g.nodes[node_by_label(g, "Angela Merkel")]
    assert merkel["mentions"] == 1 and merkel["documents"] == 1
    assert merkel["doc_ids"] == "copy-of-good1"


# --- 11: output folder -------------------------------------------------------------------------


def test_11_output_folder_that_cannot_be_written(tmp_path, monkeypatch):
    folder = add_good(tmp_path / "in")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a regular file where the output folder's parent should be")
    # reported before any extraction work: the model is never loaded
    monkeypatch.setattr("graphkit.extraction.runners.load_pipeline", lambda *a, **k: pytest.fail("model loaded"))
    result = run("build", folder, "-o", blocker / "out")
    assert result.exit_code == 1
    assert (
        f"Error: Cannot write to {blocker / 'out'}: Not a directory. Choose another folder with -o/--out."
    ) in result.output
    assert blocker.read_text().startswith("a regular file")


def test_11_output_folder_that_is_a_file_is_a_usage_error(tmp_path):
    folder = add_good(tmp_path / "in")
    (tmp_path / "out").write_text("x")
    result = run("build", folder, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "is a file" in result.output


# --- errors that are not the user's input --------------------------------------------------------


def test_unexpected_error_is_one_clear_line_and_debug_shows_the_traceback(tmp_path, monkeypatch):
    folder = add_good(tmp_path / "in")

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("graphkit.pipeline.stages.resolve", broken)
    result = run("build", folder, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert (
        "Error: unexpected error (ZeroDivisionError: division by zero). No outputs were changed. "
        "Run again with --debug to see the traceback, and please report it."
    ) in result.output
    assert not (tmp_path / "out").exists()
    debug = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out"), "--debug"])
    assert isinstance(debug.exception, ZeroDivisionError)  # raised, so Python prints the traceback


def test_keyboard_interrupt_exits_130_without_traceback(tmp_path, monkeypatch):
    folder = add_good(tmp_path / "in")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("graphkit.pipeline.stages.run_extraction", interrupted)
    result = run("build", folder, "-o", tmp_path / "out")
    assert result.exit_code == 130
    assert "interrupted; no outputs written or changed." in result.output
    assert not (tmp_path / "out").exists()
