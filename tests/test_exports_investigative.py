"""The exports for investigative tools: mentions with offsets, FollowTheMoney, Neo4j.

Each file is read by its real reader: mentions.csv by the csv module against the article files
themselves; every FtM line by the followthemoney package's own model; the Neo4j folder by a strict
reader of neo4j-admin's import format and then loaded into Kùzu, an embedded graph database,
where Cypher counts what arrived.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEEDS
from neo4j_csv import check_import, load_into_kuzu

from graphkit.cli import main
from graphkit.exports.ftm import SCHEMATA, article_id
from graphkit.pipeline import build, write_outputs
from graphkit.reading.cleaning import normalise_text

NODE_FILES = ["entities.csv", "documents.csv"]
RELATIONSHIP_FILES = ["co_mentioned.csv", "mentioned_in.csv"]


@pytest.fixture(scope="module")
def written(seeds_result, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("investigative")
    r = seeds_result
    write_outputs(
        r.graph,
        out,
        formats=["mentions", "ftm", "neo4j"],
        mentions=r.mention_rows(),
        documents=r.documents_meta(),
    )
    return out


def read_mentions(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# ------------------------------------------------------------------ mentions.csv


def test_mentions_point_at_the_articles_as_given(written, seeds_result):
    rows = read_mentions(written / "graph.mentions.csv")
    assert list(rows[0]) == ["doc_id", "start", "end", "text", "entity", "label", "type", "sentence"]
    articles = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    exact = sum(articles[r["doc_id"]][int(r["start"]) : int(r["end"])] == r["text"] for r in rows)
    print(f"mentions.csv: {exact} of {len(rows)} rows have text == article[start:end]")
    assert exact / len(rows) >= 0.99
    assert exact == len(rows)
    # one row per mention of an entity kept in the graph, counted from the resolution itself
    g = seeds_result.graph
    kept = sum(eid in g for ids in seeds_result.resolution.assignments.values() for eid in ids if eid)
    assert len(rows) == kept > 200
    for r in rows:
        node = g.nodes[r["entity"]]
        assert (r["label"], r["type"]) == (node["label"], node["type"])
        assert " ".join(normalise_text(r["text"]).split()) in r["sentence"]  # the mention, cleaned, in its sentence


def test_seed_003_mentions_point_into_the_wrapped_text(written):
    rows = [r for r in read_mentions(written / "graph.mentions.csv") if r["doc_id"].startswith("003_")]
    raw = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    assert rows and all(raw[int(r["start"]) : int(r["end"])] == r["text"] for r in rows)
    wrapped = [r for r in rows if "\n" in r["text"]]
    assert wrapped, "a name broken over two lines in the file keeps its line break"
    assert {"North\nKorea"} <= {r["text"] for r in wrapped}
    # the cleaned sentence has the name on one line
    assert all(" ".join(r["text"].split()) in r["sentence"] for r in wrapped)


def test_mentions_offsets_into_the_jsonl_text_field(nlp, tmp_path):
    text = (
        "Talks began on Monday.\r\nKim\u00a0Jong\u00a0Un met Vladimir\r\nPutin in Moscow. "
        "\u201cWe agree,\u201d said Putin in Moscow."
    )
    source = tmp_path / "export.jsonl"
    source.write_text(json.dumps({"id": "a1", "body": text}) + "\n", encoding="utf-8")
    result = build([source], nlp=nlp, text_field="body")
    rows = list(result.mention_rows())
    assert {r.text for r in rows} >= {"Kim\u00a0Jong\u00a0Un", "Vladimir\r\nPutin", "Moscow"}
    assert all(text[r.start : r.end] == r.text for r in rows)


# ------------------------------------------------------------------ FollowTheMoney


def test_every_ftm_line_loads_and_counts_match_the_graph(written, seeds_result):
    from followthemoney import model

    g = seeds_result.graph
    lines = (written / "graph.ftm.json").read_text(encoding="utf-8").splitlines()
    entities = [json.loads(line) for line in lines]
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities)
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)  # FtM cleans every value again...
        assert proxy.to_dict()["properties"] == data["properties"]  # ...and nothing changed or went
        for prop in proxy.schema.required:
            assert proxy.get(prop), (data["id"], prop)
        for name, values in data["properties"].items():  # entity references point inside the file
            if proxy.schema.get(name).type.name == "entity":
                assert set(values) <= ids, (data["id"], name)
    counts = Counter(e["schema"] for e in entities)
    types = Counter(d["type"] for _, d in g.nodes(data=True))
    expected = Counter()
    for t, n in types.items():
        expected[SCHEMATA.get(t, "LegalEntity")] += n
    expected["Article"] = len(seeds_result.documents)
    expected["UnknownLink"] = g.number_of_edges()
    expected["Documentation"] = sum(len(d["doc_ids"].split("|")) for _, d in g.nodes(data=True))
    print("ftm entities per schema:", dict(sorted(counts.items())))
    assert counts == expected
    by_id = {e["id"]: e for e in entities}
    kim = by_id[next(n for n, d in g.nodes(data=True) if d["label"] == "Kim Jong Un")]
    assert kim["schema"] == "Person" and "Kim Jong-un" in kim["properties"].get("alias", [])
    assert by_id["gpe-north-korea"]["properties"]["country"] == ["kp"]
    link = next(e for e in entities if e["schema"] == "UnknownLink")
    assert link["properties"]["summary"][0].startswith("weight ")
    assert link["properties"]["description"][0].startswith("[")
    assert set(link["properties"]["proof"]) <= {article_id(d.id) for d in seeds_result.documents}


def test_ftm_without_the_package_says_how_to_install_and_writes_nothing(tmp_path):
    """followthemoney is blocked from importing in a fresh interpreter running the command."""
    blocker = (
        "import sys, runpy\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'followthemoney' or name.startswith('followthemoney.'):\n"
        "            raise ImportError('No module named ' + repr(name))\n"
        "sys.meta_path.insert(0, Block())\n"
        "sys.argv = ['graphkit'] + sys.argv[1:]\n"
        "from graphkit.cli import main\n"
        "main()\n"
    )
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-c", blocker, "build", str(SEEDS), "-o", str(out), "--format", "ftm", "--format", "graphml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert run.returncode == 1, run.stderr
    assert "followthemoney" in run.stderr and "pip install -e '.[ftm]'" in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists() or not any(out.iterdir())
    assert not (tmp_path / ".graphkit-cache").exists()  # stopped before reading or extracting


# ------------------------------------------------------------------ Neo4j


def test_neo4j_files_follow_the_import_format_and_load(written, seeds_result):
    g = seeds_result.graph
    folder = written / "graph.neo4j"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*NODE_FILES, *RELATIONSHIP_FILES, "README.md"])
    checked = check_import([folder / f for f in NODE_FILES], [folder / f for f in RELATIONSHIP_FILES])
    assert len(checked.nodes["Entity"]) == g.number_of_nodes()
    assert len(checked.nodes["Document"]) == len(seeds_result.documents)
    conn = load_into_kuzu(folder, NODE_FILES, RELATIONSHIP_FILES)

    def one(query):
        return conn.execute(query).get_next()[0]

    mentioned_in = sum(len(d["doc_ids"].split("|")) for _, d in g.nodes(data=True))
    counts = {
        "entities": one("MATCH (n:Entity) RETURN count(n)"),
        "documents": one("MATCH (n:Document) RETURN count(n)"),
        "co_mentioned": one("MATCH ()-[r:CO_MENTIONED]->() RETURN count(r)"),
        "mentioned_in": one("MATCH ()-[r:MENTIONED_IN]->() RETURN count(r)"),
    }
    print("Neo4j files loaded into Kuzu:", counts)
    assert counts == {
        "entities": g.number_of_nodes(),
        "documents": len(seeds_result.documents),
        "co_mentioned": g.number_of_edges(),
        "mentioned_in": mentioned_in,
    }
    # typed columns arrive typed, text with quotes and line breaks intact
    u, v, d = max(g.edges(data=True), key=lambda e: e[2]["weight"])
    a, b = sorted([u, v])
    weight, evidence = conn.execute(
        "MATCH (a:Entity {id: $a})-[r:CO_MENTIONED]-(b:Entity {id: $b}) RETURN r.weight, r.evidence", {"a": a, "b": b}
    ).get_next()
    assert (weight, evidence) == (d["weight"], d["evidence"])
    kim = next(n for n, dd in g.nodes(data=True) if dd["label"] == "Kim Jong Un")
    labels, mentions, pagerank = conn.execute(
        "MATCH (n:Entity {id: $id}) RETURN n.labels, n.mentions, n.pagerank", {"id": kim}
    ).get_next()
    assert labels == ["Entity", "Person"] and mentions == g.nodes[kim]["mentions"]
    assert pagerank == pytest.approx(g.nodes[kim]["pagerank"], rel=1e-6)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in readme and "--multiline-fields=true" in readme
    assert "LOAD CSV WITH HEADERS" in readme


# ------------------------------------------------------------------ the command and the result cache


def test_folder_output_through_the_result_cache(tmp_path):
    def cli(*args):
        result = CliRunner().invoke(main, ["build", str(SEEDS), "--jobs", "1", "--format", "neo4j", *args])
        assert result.exit_code == 0, result.output
        return result.output

    first = cli("-o", "out", "--cache", "cache")
    assert "out/graph.neo4j/entities.csv" in first
    entities = tmp_path / "out" / "graph.neo4j" / "entities.csv"
    before = entities.read_bytes()
    assert "up to date" in cli("-o", "out", "--cache", "cache")
    entities.unlink()  # a file inside the folder is gone: it comes back, the same bytes
    cli("-o", "out", "--cache", "cache")
    assert entities.read_bytes() == before
    cli("-o", "elsewhere", "--cache", "cache")  # a new folder gets a copy, subfolder included
    assert (tmp_path / "elsewhere" / "graph.neo4j" / "entities.csv").read_bytes() == before
    assert (tmp_path / "elsewhere" / "graph.neo4j" / "README.md").exists()


def test_default_formats_stay_the_graph_files(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--jobs", "1", "-o", "out", "--no-cache"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(
        ["graph.graphml", "graph.gexf", "graph.nodes.csv", "graph.edges.csv", "graph.json", "graph.html", "merges.csv"]
    )


def test_a_lone_surrogate_in_the_article_is_written_as_a_replacement_character(seeds_graph, tmp_path):
    # JSON may hold "\ud800"; the cleaned text has U+FFFD there, the original keeps it: UTF-8 cannot
    from graphkit.exports.mentions import write_mentions
    from graphkit.graph.mentions import MentionRow

    node = next(iter(seeds_graph.nodes))
    row = MentionRow("d1", 3, 9, "Kim\ud800Un", node, "Kim\ufffdUn met.")
    [read] = read_mentions(write_mentions(seeds_graph, [row], tmp_path / "m.csv"))
    assert (read["text"], read["start"], read["end"]) == ("Kim\ufffdUn", "3", "9")
