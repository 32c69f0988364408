"""A strict reader of neo4j-admin import CSV files, and a loader into Kùzu (an embedded graph database).

The header rules checked are those of ``neo4j-admin database import full`` (Neo4j 5 operations
manual, "Import" / "CSV header format"): a node file has exactly one ``:ID`` column (optionally with
an id space, ``:ID(Entity)``) and may have ``:LABEL``; a relationship file has ``:START_ID``,
``:END_ID`` (with the id spaces of the node files) and ``:TYPE``; every other column is
``name`` or ``name:type`` with a type the importer knows; values of typed columns must parse as
that type; ids are unique within their id space and every relationship's ends exist. Fields use
``,`` and ``"`` (inner quotes doubled); a quoted field may hold line breaks (the importer's
``--multiline-fields=true``). An empty unquoted field is no property.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

TYPES = {
    "int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point", "date",
    "localtime", "time", "localdatetime", "datetime", "duration",
}  # fmt: skip
_SPECIAL = re.compile(r"^(?P<name>[^:]*):(?P<kind>ID|START_ID|END_ID)(?:\((?P<space>[^()]+)\))?$")
_PROPERTY = re.compile(r"^(?P<name>[^:]+)(?::(?P<kind>[A-Za-z]+)(?P<array>\[\])?)?$")


@dataclass
class Column:
    name: str  # property name ("" for :LABEL, :TYPE, :START_ID, :END_ID without a name)
    role: str  # property, ID, LABEL, START_ID, END_ID, TYPE
    kind: str = "string"
    space: str = ""


@dataclass
class CsvFile:
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)  # parsed values by column name/role


def parse_header(cells: list[str]) -> list[Column]:
    columns = []
    for cell in cells:
        if cell in (":LABEL", ":TYPE"):
            columns.append(Column("", cell[1:]))
            continue
        special = _SPECIAL.match(cell)
        if special:
            columns.append(Column(special["name"], special["kind"], "string", special["space"] or ""))
            continue
        prop = _PROPERTY.match(cell)
        if not prop or cell.startswith(":"):
            raise ValueError(f"bad header field {cell!r}")
        kind = (prop["kind"] or "string").lower()
        if kind not in TYPES:
            raise ValueError(f"unknown type {kind!r} in header field {cell!r}")
        if prop["array"]:
            raise ValueError(f"array column {cell!r}: none expected")
        columns.append(Column(prop["name"], "property", kind))
    return columns


def _value(text: str, quoted: bool, kind: str):
    if text == "" and not quoted:
        return None
    if kind in ("int", "long", "short", "byte"):
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(f"{text!r} is not a {kind}")
        return int(text)
    if kind in ("float", "double"):
        return float(text)  # raises on anything that is not a number
    if kind == "boolean":
        if text not in ("true", "false"):
            raise ValueError(f"{text!r} is not a boolean")
        return text == "true"
    return text


def _fields(line_reader) -> list[tuple[str, bool]]:
    """(value, was quoted) of each field of the next record, parsing the quoting itself."""
    raw = next(line_reader)
    out, i = [], 0
    while True:
        if raw[i : i + 1] == '"':
            value, i = [], i + 1
            while True:
                j = raw.find('"', i)
                while j < 0:  # a quoted field goes on over a line break
                    raw += next(line_reader)
                    j = raw.find('"', i)
                value.append(raw[i:j])
                if raw[j + 1 : j + 2] == '"':
                    value.append('"')
                    i = j + 2
                    continue
                i = j + 1
                break
            out.append(("".join(value), True))
        else:
            j = len(raw.rstrip("\n")) if (k := raw.find(",", i)) < 0 else k
            value = raw[i:j]
            if '"' in value:
                raise ValueError(f"stray quote in unquoted field {value!r}")
            out.append((value, False))
            i = j
        rest = raw[i:]
        if rest in ("\n", ""):
            return out
        if rest[0] != ",":
            raise ValueError(f"text after a closing quote: {rest[:20]!r}")
        i += 1


def read_file(path: Path) -> CsvFile:
    with open(path, encoding="utf-8", newline="") as fh:
        data = fh.read()
    if data.startswith("\ufeff"):
        raise ValueError(f"{path.name}: byte-order mark")
    lines = iter(data.splitlines(keepends=True))
    header = next(csv.reader([next(lines)]))
    columns = parse_header(header)
    out = CsvFile(columns)
    lines = iter(data.splitlines(keepends=True)[1:])
    while True:
        try:
            fields = _fields(lines)
        except StopIteration:
            break
        if len(fields) != len(columns):
            raise ValueError(f"{path.name}: {len(fields)} fields for {len(columns)} columns")
        row = {}
        for column, (text, quoted) in zip(columns, fields):
            key = column.role if column.role != "property" else column.name
            row[key] = _value(text, quoted, column.kind)
            if column.role == "ID" and column.name:
                row.setdefault("properties", {})[column.name] = text
            elif column.role == "property" and row[key] is not None:
                row.setdefault("properties", {})[column.name] = row[key]
        out.rows.append(row)
    return out


@dataclass
class ImportSet:
    nodes: dict[str, dict[str, dict]]  # id space -> id -> row
    relationships: list[dict]


def check_import(node_files: list[Path], relationship_files: list[Path]) -> ImportSet:
    """Read and check the files as ``neo4j-admin database import full`` would."""
    nodes: dict[str, dict[str, dict]] = {}
    for path in node_files:
        f = read_file(path)
        ids = [c for c in f.columns if c.role == "ID"]
        if len(ids) != 1 or any(c.role in ("START_ID", "END_ID", "TYPE") for c in f.columns):
            raise ValueError(f"{path.name}: a node file needs one :ID column and no relationship columns")
        space = nodes.setdefault(ids[0].space, {})
        for row in f.rows:
            if not row["ID"] or row["ID"] in space:
                raise ValueError(f"{path.name}: missing or repeated id {row['ID']!r}")
            if not row.get("LABEL"):
                raise ValueError(f"{path.name}: node {row['ID']!r} without a label")
            space[row["ID"]] = row
    relationships = []
    for path in relationship_files:
        f = read_file(path)
        roles = [c.role for c in f.columns]
        if roles.count("START_ID") != 1 or roles.count("END_ID") != 1 or roles.count("TYPE") != 1:
            raise ValueError(f"{path.name}: a relationship file needs :START_ID, :END_ID and :TYPE")
        start = next(c for c in f.columns if c.role == "START_ID")
        end = next(c for c in f.columns if c.role == "END_ID")
        for row in f.rows:
            if row["START_ID"] not in nodes.get(start.space, {}) or row["END_ID"] not in nodes.get(end.space, {}):
                raise ValueError(f"{path.name}: a relationship to a missing node: {row['START_ID']}, {row['END_ID']}")
            if not row["TYPE"]:
                raise ValueError(f"{path.name}: a relationship without a type")
            relationships.append({**row, "start_space": start.space, "end_space": end.space})
    return ImportSet(nodes, relationships)


_KUZU_TYPES = {"long": "INT64", "int": "INT64", "double": "DOUBLE", "float": "DOUBLE", "boolean": "BOOLEAN"}


def load_into_kuzu(folder: Path, node_files: list[str], relationship_files: list[str]):
    """A Kùzu database (in ``folder``/db) holding the checked files; returns a connection."""
    import kuzu

    checked = check_import([folder / n for n in node_files], [folder / r for r in relationship_files])
    db = kuzu.Database(str(folder.parent / f"{folder.name}.kuzu"))
    conn = kuzu.Connection(db)
    for path in node_files:
        f = read_file(folder / path)
        table = next(c for c in f.columns if c.role == "ID").space
        props = [c for c in f.columns if c.role == "property"]
        cols = ", ".join(f"`{c.name}` {_KUZU_TYPES.get(c.kind, 'STRING')}" for c in props)
        conn.execute(f"CREATE NODE TABLE {table}(id STRING, labels STRING[], {cols}, PRIMARY KEY (id))")
        for row in checked.nodes[table].values():
            params = {"id": row["ID"], "labels": row["LABEL"].split(";")}
            params.update({f"p{i}": row.get(c.name) for i, c in enumerate(props)})
            sets = ", ".join(f"`{c.name}`: $p{i}" for i, c in enumerate(props))
            conn.execute(f"CREATE (:{table} {{id: $id, labels: $labels, {sets}}})", params)
    types: dict[str, tuple[str, str, list[Column]]] = {}
    for path in relationship_files:
        f = read_file(folder / path)
        props = [c for c in f.columns if c.role == "property"]
        start = next(c for c in f.columns if c.role == "START_ID").space
        end = next(c for c in f.columns if c.role == "END_ID").space
        for row in f.rows:
            types.setdefault(row["TYPE"], (start, end, props))
    for rel_type, (start, end, props) in types.items():
        cols = "".join(f", `{c.name}` {_KUZU_TYPES.get(c.kind, 'STRING')}" for c in props)
        conn.execute(f"CREATE REL TABLE {rel_type}(FROM {start} TO {end}{cols})")
    for row in checked.relationships:
        start, end, props = types[row["TYPE"]]
        sets = ", ".join(f"`{c.name}`: $p{i}" for i, c in enumerate(props))
        params = {"a": row["START_ID"], "b": row["END_ID"]}
        params.update({f"p{i}": row.get(c.name) for i, c in enumerate(props)})
        body = f" {{{sets}}}" if sets else ""
        conn.execute(
            f"MATCH (a:{start} {{id: $a}}), (b:{end} {{id: $b}}) CREATE (a)-[:{row['TYPE']}{body}]->(b)", params
        )
    return conn
