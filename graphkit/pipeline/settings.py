"""BuildSettings: everything a build and its outputs depend on, in one object.

The command line fills one from its options; library users make one (or pass the same names as
keyword arguments to :func:`graphkit.build`). Example::

    from graphkit import BuildSettings, build, save_outputs
    settings = BuildSettings(window="paragraph", cache=".graphkit-cache", out_dir="output")
    result = build(["seeds/"], settings=settings)
    saved = save_outputs(result, settings)   # what `graphkit build` writes, "up to date" included
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ..exports.html import DEFAULT_MAX_NODES
from ..extraction import DEFAULT_MODEL, DEFAULT_RELATIONS, DEFAULT_TYPES
from ..reading import DEFAULT_MAX_ARTICLE_BYTES
from ..resolution import AliasTable

#: Output formats. csv writes NAME.nodes.csv and NAME.edges.csv, mentions NAME.mentions.csv, ftm
#: NAME.ftm.json (needs the ftm extra), neo4j the folder NAME.neo4j/.
FORMATS = ("graphml", "gexf", "csv", "json", "html", "mentions", "ftm", "neo4j")
#: What is written when no format is chosen: the graph files. The others serve one tool each, ftm
#: needs an optional package, and mentions.csv holds a sentence per mention (as large as the articles).
DEFAULT_FORMATS = ("graphml", "gexf", "csv", "json", "html")


@dataclass(frozen=True)
class BuildSettings:
    # reading
    text_field: str = "text"
    id_field: str = "id"
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES
    #: the JSONL/CSV field holding each article's date (graphkit.reading.dates)
    date_field: str = "date"
    #: keep the articles dated from ``since`` to ``until`` (YYYY-MM-DD, inclusive); either one
    #: leaves undated articles out
    since: str | None = None
    until: str | None = None
    # extraction
    model: str = DEFAULT_MODEL
    types: Sequence[str] = DEFAULT_TYPES
    #: spaCy worker processes (None: all cores)
    jobs: int | None = None
    #: folder of the extraction and result caches (None: no cache)
    cache: str | Path | None = None
    #: a Dask scheduler address: extraction and counting on the cluster (needs the ``dask`` extra)
    scheduler: str | None = None
    #: read relations, roles and quotes with spaCy's dependency parser (False: the plain co-mention
    #: graph, faster; ``--no-relations``)
    relations: bool = DEFAULT_RELATIONS
    # resolution and the graph
    #: the user's alias file (YAML/CSV path) or an AliasTable; it wins over every automatic rule
    aliases: AliasTable | str | Path | None = None
    window: str = "sentence"
    min_mentions: int = 1
    min_weight: int = 1
    #: keep only the backbone at this alpha in every output (graphkit.graph.significance.backbone)
    backbone: float | None = None
    # outputs
    out_dir: str | Path = "output"
    name: str = "graph"
    formats: Sequence[str] = DEFAULT_FORMATS
    #: most entities shown in the HTML page (the other formats keep all)
    max_nodes: int | None = DEFAULT_MAX_NODES
    #: no progress bar
    quiet: bool = True

    def update(self, **changes) -> BuildSettings:
        """A copy with ``changes``; a name that is no setting is a TypeError naming it."""
        unknown = sorted(set(changes) - {f.name for f in fields(self)})
        if unknown:
            raise TypeError(f"unknown build setting(s): {', '.join(unknown)}")
        return replace(self, **changes)
