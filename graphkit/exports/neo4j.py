"""A folder of CSV files for Neo4j's bulk importer (``neo4j-admin database import full``).

``NAME.neo4j/`` holds:

``entities.csv``      one node per entity: ``id:ID(Entity)``, ``:LABEL`` (``Entity`` and its type as a
                      label, e.g. ``Entity;Person``), then every node attribute as a typed column
``documents.csv``     one node per article: ``id:ID(Document)``, ``:LABEL``, title, date, url, source
``co_mentioned.csv``  one ``CO_MENTIONED`` relationship per edge (stored once, from the smaller id;
                      query it undirected), with every edge attribute (weight, evidence, ...)
``mentioned_in.csv``  one ``MENTIONED_IN`` relationship from each entity to each article naming it
``README.md``         the import command and a ``LOAD CSV`` alternative

Headers follow neo4j-admin's format: ``name:type`` with ``long``, ``double``, ``boolean`` or
``string`` (untyped columns are strings). Lists (aliases, doc_ids, relations) stay ``|``-joined
text as in the other exports, so no value depends on an array delimiter. Evidence holds line
breaks: the import command says ``--multiline-fields=true``. UTF-8 without a byte-order mark,
text fields quoted by ``"`` with inner quotes doubled, numbers bare, an empty field for no value
(what the importer and LOAD CSV read).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import networkx as nx

from ..core.atomic import atomic_open, write_lines, write_text
from ..core.records import META_FIELDS
from ..graph import documents_meta
from .columns import cast, edge_rows, edge_types, node_rows, node_types, require_simple_graph, text

#: neo4j-admin's name for each column type of graphkit's exports.
_NEO4J_TYPES = {int: "long", float: "double", bool: "boolean", str: "string"}
#: Neo4j labels for spaCy's entity labels; any other label becomes CamelCase ("WORK_OF_ART" -> "WorkOfArt").
TYPE_LABELS = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Location",
    "FAC": "Facility",
    "EVENT": "Event",
    "NORP": "Group",
}
FILES = ("entities.csv", "documents.csv", "co_mentioned.csv", "mentioned_in.csv", "README.md")


def type_label(entity_type: str) -> str:
    """The Neo4j label of an entity type (letters and digits only, so it needs no quoting in Cypher)."""
    if entity_type in TYPE_LABELS:
        return TYPE_LABELS[entity_type]
    words = "".join(ch if ch.isalnum() else " " for ch in str(entity_type)).split()
    label = "".join(w[:1].upper() + w[1:].lower() for w in words)
    return label if label[:1].isalpha() else "Type" + label


def _field(value) -> str:
    """One CSV field: text always quoted (inner quotes doubled), numbers and booleans bare, None empty."""
    if value is None or value == "":
        return ""  # no property
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    return text(value)


def _write_csv(path: Path, header: list[str], rows: Iterable[list]) -> Path:
    with atomic_open(path, "w", encoding="utf-8") as fh:
        # header names are NMTOKENs and neo4j-admin's own syntax: no comma or quote to escape
        write_lines(fh, [",".join(header)])
        write_lines(fh, (",".join(map(_field, row)) for row in rows))
    return path


def _cell(value, kind: type):
    return cast(value, kind)


def _column(name: str, kind: type) -> str:
    return name if kind is str else f"{name}:{_NEO4J_TYPES[kind]}"


def document_meta(graph: nx.Graph, documents: Mapping[str, Mapping[str, str]] | None) -> dict[str, dict[str, str]]:
    """{doc_id: metadata} for every article of the graph's nodes, plus ``documents`` (all articles read)."""
    out: dict[str, dict[str, str]] = {}
    if documents is not None:
        out.update((doc_id, dict(meta)) for doc_id, meta in documents.items())
    cited = documents_meta(graph)
    for _, ids in graph.nodes(data="doc_ids"):
        for doc_id in str(ids or "").split("|"):
            if doc_id and doc_id not in out:
                out[doc_id] = cited.get(doc_id, {})
    return dict(sorted(out.items()))


def write_neo4j(
    graph: nx.Graph, folder: str | Path, documents: Mapping[str, Mapping[str, str]] | None = None
) -> list[Path]:
    """Write the import folder (see module docstring); returns the files written.

    ``documents``: {doc_id: {title, date, url, source}} of every article read (BuildResult); without
    it the articles are those the entities name, with the metadata the graph keeps.
    """
    require_simple_graph(graph, "Neo4j")
    folder = Path(folder)
    nodes = node_rows(graph)
    ntypes = node_types(graph)
    etypes = edge_types(graph)
    written = [
        _write_csv(
            folder / "entities.csv",
            ["id:ID(Entity)", ":LABEL", *(_column(n, k) for n, k in ntypes.items())],
            (
                [str(n), f"Entity;{type_label(d.get('type', ''))}", *(_cell(d.get(c), k) for c, k in ntypes.items())]
                for n, d in nodes
            ),
        ),
    ]
    meta = document_meta(graph, documents)
    written.append(
        _write_csv(
            folder / "documents.csv",
            ["id:ID(Document)", ":LABEL", *META_FIELDS],
            ([doc_id, "Document", *(m.get(f, "") for f in META_FIELDS)] for doc_id, m in meta.items()),
        )
    )
    written.append(
        _write_csv(
            folder / "co_mentioned.csv",
            [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", *(_column(n, k) for n, k in etypes.items())],
            (
                [str(u), str(v), "CO_MENTIONED", *(_cell(d.get(c), k) for c, k in etypes.items())]
                for u, v, d in edge_rows(graph)
            ),
        )
    )
    written.append(
        _write_csv(
            folder / "mentioned_in.csv",
            [":START_ID(Entity)", ":END_ID(Document)", ":TYPE"],
            (
                [str(n), doc_id, "MENTIONED_IN"]
                for n, d in nodes
                for doc_id in str(d.get("doc_ids") or "").split("|")
                if doc_id
            ),
        )
    )
    types = sorted({str(d.get("type", "")) for _, d in nodes})
    written.append(write_text(folder / "README.md", _readme(ntypes, etypes, types)))
    return written


def _readme(ntypes: dict[str, type], etypes: dict[str, type], types: list[str]) -> str:
    def props(types: dict[str, type], skip=()) -> str:
        out = []
        for name, kind in types.items():
            if name in skip:
                continue
            key = f"row.`{_column(name, kind)}`"
            value = {int: f"toInteger({key})", float: f"toFloat({key})", bool: f"toBoolean({key})"}.get(kind, key)
            out.append(f"{_cypher_name(name)}: {value}")
        return ", ".join(out)

    labels = "\n".join(f"MATCH (n:Entity) WHERE n.type = {_cypher_string(t)} SET n:{type_label(t)};" for t in types)
    return f"""# graphkit graph for Neo4j

Entities (`:Entity` plus a label for their type, e.g. `:Person`), articles (`:Document`),
`CO_MENTIONED` ties between entities (stored once per pair: match them without a direction,
`(a)-[:CO_MENTIONED]-(b)`) and `MENTIONED_IN` from each entity to each article naming it.

## Bulk import (an empty database, Neo4j 5)

Copy this folder into the Neo4j `import` folder, stop the database, then run from that folder:

```
neo4j-admin database import full neo4j --overwrite-destination --multiline-fields=true \\
  --nodes=entities.csv --nodes=documents.csv \\
  --relationships=co_mentioned.csv --relationships=mentioned_in.csv
```

(`--multiline-fields=true` because evidence holds one snippet per line.) Start the database again.

## LOAD CSV (into a running database)

With the files in the `import` folder, and `dbms.import.csv.legacy_quote_escaping=false` in
`neo4j.conf` (its default, true, reads a backslash before a quote as an escape; these files double
inner quotes, and article text may hold a backslash), in Cypher:

```
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
CREATE (:Entity {{id: row.`id:ID(Entity)`, {props(ntypes)}}});
{labels}

LOAD CSV WITH HEADERS FROM 'file:///documents.csv' AS row
CREATE (:Document {{id: row.`id:ID(Document)`, title: row.title, date: row.date, url: row.url, source: row.source}});

LOAD CSV WITH HEADERS FROM 'file:///co_mentioned.csv' AS row
MATCH (a:Entity {{id: row.`:START_ID(Entity)`}}), (b:Entity {{id: row.`:END_ID(Entity)`}})
CREATE (a)-[:CO_MENTIONED {{{props(etypes)}}}]->(b);

LOAD CSV WITH HEADERS FROM 'file:///mentioned_in.csv' AS row
MATCH (a:Entity {{id: row.`:START_ID(Entity)`}}), (d:Document {{id: row.`:END_ID(Document)`}})
CREATE (a)-[:MENTIONED_IN]->(d);
```

Empty cells become missing properties with the bulk importer and `null` with LOAD CSV.
"""


def _cypher_name(name: str) -> str:
    return name if name.replace("_", "a").isalnum() and not name[:1].isdigit() else f"`{name}`"


def _cypher_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
