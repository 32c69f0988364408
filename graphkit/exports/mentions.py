"""``NAME.mentions.csv``: every mention kept in the graph, with its place in the article as given.

Columns: ``doc_id``, ``start``, ``end`` (character offsets, Python string indices, into the article
text as the user gave it: a text file's decoded content, a JSONL/CSV row's text field, an HTML
page's extracted main text), ``text`` (exactly that text at ``start:end``, a hard wrap's line break
included), ``entity`` (node id), ``label`` and ``type`` (the entity's), ``sentence`` (the sentence
holding the mention, as cleaned, on one line). Rows in input order of the documents, then text order.

UTF-8 with a byte-order mark like the other CSV files. Cells a spreadsheet would run as a formula
get a leading ``'`` (graphkit.exports.columns.spreadsheet_safe), except ``text``, which stays exact
so scripts can compare it with the article (a lone surrogate, which UTF-8 cannot hold, is written
as U+FFFD).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from .columns import spreadsheet_safe
from .tables import _write_columns

HEADER = ["doc_id", "start", "end", "text", "entity", "label", "type", "sentence"]


def write_mentions(graph: nx.Graph, rows: Iterable, path: str | Path) -> Path:
    """Write ``rows`` (graphkit.graph.mentions.MentionRow, e.g. BuildResult.mention_rows()) for ``graph``."""
    rows = list(rows)
    nodes = graph.nodes
    described: dict = {}  # entity -> its label and type cells, once per entity rather than per mention
    for entity in {row.entity for row in rows}:
        node = nodes[entity] if entity in nodes else {}
        described[entity] = (spreadsheet_safe(str(node.get("label", ""))), spreadsheet_safe(str(node.get("type", ""))))
    columns = [
        list(map(spreadsheet_safe, (row.doc_id for row in rows))),
        [str(row.start) for row in rows],
        [str(row.end) for row in rows],
        _writable([row.text for row in rows]),
        list(map(spreadsheet_safe, (row.entity for row in rows))),
        [described[row.entity][0] for row in rows],
        [described[row.entity][1] for row in rows],
        list(map(spreadsheet_safe, (row.sentence for row in rows))),
    ]
    return _write_columns(Path(path), HEADER, columns)


# A lone surrogate (JSON can hold "\ud800") is no character UTF-8 can write: U+FFFD stands in, one
# for one, so the offsets still hold.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _writable(texts: list[str]) -> list[str]:
    if not _SURROGATE.search("".join(texts)):  # the usual case: one search for the whole column
        return texts
    return [_SURROGATE.sub("\ufffd", text) for text in texts]
