"""FollowTheMoney entities (JSON lines) for Aleph / OpenAleph and the ``ftm`` tools.

``NAME.ftm.json`` holds one entity per line, made and cleaned by the ``followthemoney`` package
(graphkit's ``ftm`` extra):

* each graph node as the schema that fits its type (:data:`SCHEMATA`): ``name`` is its label,
  ``alias`` every other spelling seen; a place that is a country also gets its ``country`` code;
  a person built with relations gets its roles as ``position`` and its quotes (``[doc_id] "..."``
  lines) as ``notes``;
* each article as an ``Article``: ``name`` (the document id), ``title``, ``publishedAt``,
  ``sourceUrl``, ``publisher`` when the input gave them (a date FtM cannot read is left out);
* each edge as an ``UnknownLink`` (subject, object): ``role`` holds the edge's relations when it has
  them, else "co-mentioned"; ``summary`` the weight; ``description`` the evidence snippets;
  ``proof`` the articles they come from. FtM has no number property for a weight: it is in the text;
* each entity-article pair as a ``Documentation`` link (the article mentions the entity).

Ids: node ids for entities; ``article-``, ``tie-`` and ``doc-`` plus a SHA-1 for the rest, so the
same graph gives the same file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

import networkx as nx

from ..core.atomic import atomic_open, write_lines
from ..core.errors import GraphkitError
from ..graph import parse_evidence
from ..resolution.places import country
from .columns import edge_rows, node_rows, require_simple_graph
from .neo4j import document_meta

#: (from graphkit's folder: the PyPI package named graphkit is another project)
INSTALL = "pip install -e '.[ftm]' in graphkit's folder"
#: FtM schema for each spaCy entity label; any other label becomes a LegalEntity.
SCHEMATA = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Address",
    "LOC": "Address",
    "FAC": "Address",
    "EVENT": "Event",
}
OTHER_SCHEMA = "LegalEntity"
PLACE_TYPES = ("GPE",)  # a country's name among these also becomes the ``country`` property


class MissingExtraError(GraphkitError):
    """An optional package a chosen output needs is not installed."""


def ftm_model():
    """followthemoney's model, or MissingExtraError saying how to install it."""
    try:
        from followthemoney import model
    except ImportError as exc:
        raise MissingExtraError(
            "The ftm output format needs the followthemoney package, which is not installed.",
            f"Install it with: {INSTALL} (this builds PyICU: on Debian or Ubuntu first "
            "apt-get install libicu-dev pkg-config g++).",
        ) from exc
    return model


def schema_for(entity_type: str) -> str:
    return SCHEMATA.get(entity_type, OTHER_SCHEMA)


def _hash_id(prefix: str, *parts: str) -> str:
    return f"{prefix}-" + hashlib.sha1("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def article_id(doc_id: str) -> str:
    return _hash_id("article", doc_id)


def ftm_entities(graph: nx.Graph, documents: Mapping[str, Mapping[str, str]] | None = None) -> list[dict]:
    """The entities as FtM dicts (``proxy.to_dict()``), in file order."""
    model = ftm_model()
    require_simple_graph(graph, "FtM")
    out = []

    def entity(schema: str, entity_id: str, **props) -> None:
        proxy = model.make_entity(schema)
        proxy.id = entity_id
        for prop, values in props.items():
            for value in values if isinstance(values, list) else [values]:
                if value not in (None, ""):
                    proxy.add(prop, value)  # FtM cleans the value (dates, URLs, countries) or drops it
        out.append(proxy.to_dict())

    nodes = node_rows(graph)
    for node, d in nodes:
        label = str(d.get("label", node))
        aliases = [a for a in str(d.get("aliases") or "").split("|") if a and a != label]
        schema = schema_for(str(d.get("type", "")))
        props = {"name": label, "alias": aliases}
        if schema == "Person":  # a build with relations: the titles and roles seen, and what they said
            props["position"] = [r for r in str(d.get("roles") or "").split("|") if r]
            props["notes"] = d.get("quotes") or None
        if schema == "Address":
            props["full"] = label
            if d.get("type") in PLACE_TYPES:
                props["country"] = country(label)
        entity(schema, str(node), **props)
    for doc_id, meta in document_meta(graph, documents).items():
        entity(
            "Article",
            article_id(doc_id),
            name=doc_id,
            title=meta.get("title"),
            publishedAt=meta.get("date"),
            sourceUrl=meta.get("url"),
            publisher=meta.get("source"),
        )
    window = graph.graph.get("window", "sentence")
    for u, v, d in edge_rows(graph):
        weight, docs = d.get("weight", 1), d.get("documents", 1)
        evidence = parse_evidence(d.get("evidence", ""))
        relations = [r for r in str(d.get("relations") or "").split("|") if r]
        entity(
            "UnknownLink",
            _hash_id("tie", str(u), str(v)),
            subject=str(u),
            object=str(v),
            role=relations or "co-mentioned",
            summary=f"weight {weight}: named together in {weight} {window}(s) of {docs} article(s)",
            description=d.get("evidence") or None,
            proof=list(dict.fromkeys(article_id(doc_id) for doc_id, _ in evidence if doc_id)),
        )
    for node, d in nodes:
        for doc_id in str(d.get("doc_ids") or "").split("|"):
            if doc_id:
                entity(
                    "Documentation",
                    _hash_id("doc", str(node), doc_id),
                    entity=str(node),
                    document=article_id(doc_id),
                    role="mentioned in",
                )
    return out


def write_ftm(graph: nx.Graph, path: str | Path, documents: Mapping[str, Mapping[str, str]] | None = None) -> Path:
    """Write ``graph`` as FtM JSON lines (see module docstring), atomically."""
    entities = ftm_entities(graph, documents)
    with atomic_open(path, "w") as fh:
        write_lines(fh, (json.dumps(e, ensure_ascii=False, sort_keys=True) for e in entities))
    return Path(path)
