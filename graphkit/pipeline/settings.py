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
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ..exports.html import DEFAULT_MAX_NODES
from ..extraction import DEFAULT_MODEL, DEFAULT_RELATIONS, DEFAULT_TYPES, parse_types
from ..graph import WINDOWS
from ..reading import DEFAULT_MAX_ARTICLE_BYTES
from ..resolution import AliasTable

#: Output formats. csv writes NAME.nodes.csv and NAME.edges.csv, mentions NAME.mentions.csv, ftm
#: NAME.ftm.json (needs the ftm extra), neo4j the folder NAME.neo4j/.
FORMATS = ("graphml", "gexf", "csv", "json", "html", "mentions", "ftm", "neo4j")
#: What is written when no format is chosen: the graph files. The others serve one tool each, ftm
#: needs an optional package, and mentions.csv holds a sentence per mention (as large as the articles).
DEFAULT_FORMATS = ("graphml", "gexf", "csv", "json", "html")


def setting(default, help: str, flag: str | None = None, **option):
    """A BuildSettings field with what it means. ``flag`` makes it a ``graphkit build`` option with
    ``help`` as its help, so the command line declares no option of its own for it; ``option`` may
    give choices, min, max, min_open, metavar, multiple, short (a one-letter flag) and path ('file'
    or 'folder')."""
    return field(default=default, metadata={"help": help, "flag": flag, **option})


# One field per line or two, so it reads as a table (not reformatted).
# fmt: off
@dataclass(frozen=True)
class BuildSettings:
    # outputs
    out_dir: str | Path = setting("output", "Folder for the outputs.", "--out", short="-o", metavar="DIR",
                                  path="folder")
    name: str = setting("graph", "Base name of the output files.", "--name")
    formats: Sequence[str] = setting(DEFAULT_FORMATS, f"Output formats, repeatable (default: "
        f"{','.join(DEFAULT_FORMATS)}). Example: --format mentions", "--format", choices=FORMATS, multiple=True)
    max_nodes: int | None = setting(DEFAULT_MAX_NODES, "Most entities in the HTML page's first view (its search "
                                    "finds all; the GraphML keeps all).", "--max-nodes", min=1)
    #: no progress bar (the command line shows one unless -q)
    quiet: bool = True
    # extraction
    model: str = setting(DEFAULT_MODEL, "Any installed spaCy pipeline.", "--model")
    #: a sequence of labels, or text as the command line takes it ('PERSON,ORG', '+NORP': parse_types)
    types: Sequence[str] | str = setting(DEFAULT_TYPES, f"Entity labels to keep, comma-separated (default "
                                         f"{','.join(DEFAULT_TYPES)}); '+NORP' adds to the defaults.", "--types",
                                         metavar="LABELS")
    # resolution and the graph
    #: the user's alias file (YAML/CSV path) or an AliasTable
    aliases: AliasTable | str | Path | None = setting(None, "YAML or CSV file mapping surface forms to canonical "
        "names and listing names to drop; it wins over the automatic merges (merges.csv lines can be copied "
        "into it). Example: --aliases aliases.yaml", "--aliases", metavar="FILE", path="file")
    window: str = setting("sentence", "Entities in the same window are linked.", "--window", choices=WINDOWS)
    min_mentions: int = setting(1, "Drop entities mentioned fewer times.", "--min-mentions", min=1)
    min_weight: int = setting(1, "Drop edges with fewer co-mention windows.", "--min-weight", min=1)
    #: graphkit.graph.significance.backbone
    backbone: float | None = setting(None, "Keep only the backbone in every output: links with disparity below "
        "ALPHA plus a spanning forest. Example: --backbone 0.05", "--backbone", min=0.0, max=1.0, min_open=True,
        metavar="ALPHA")
    # reading
    text_field: str = setting("text", "JSONL/CSV field holding the article text.", "--text-field")
    id_field: str = setting("id", "JSONL/CSV field holding the document id.", "--id-field")
    max_article_bytes: int = setting(DEFAULT_MAX_ARTICLE_BYTES, "Skip larger articles (a text file, a JSONL/CSV row; "
                                     "HTML pages may be 5x larger).")  # the command line takes megabytes
    date_field: str = setting("date", "JSONL/CSV field holding the article's date (2019-01-04, January 4 2019, "
                              "Unix time...).", "--date-field")
    since: str | None = setting(None, "Keep the articles dated DATE (YYYY-MM-DD) or later; undated articles are "
                                "left out. Example: --since 2019-03-01", "--since", metavar="DATE")
    until: str | None = setting(None, "Keep the articles dated DATE (YYYY-MM-DD) or earlier; undated articles "
                                "are left out.", "--until", metavar="DATE")
    # where it runs
    jobs: int | None = setting(None, "Processes on this machine: spaCy workers, and from 2 on saved pages "
                               "parsed in as many, and a second process for the layout, the graph files and "
                               "the result cache while this one goes on (default: all cores).", "--jobs",
                               short="-j", min=1, metavar="N")
    #: None: no cache (the command line's default is .graphkit-cache, unless --no-cache)
    cache: str | Path | None = setting(None, "Folder of the extraction and result caches (default: .graphkit-cache "
        "in the current folder); rebuilds run spaCy only on new or changed articles and parse only new or changed "
        "HTML pages, and a rebuild with nothing changed reuses the graph and leaves up-to-date outputs alone.",
        "--cache", metavar="DIR", path="folder")
    scheduler: str | None = setting(None, "Run extraction and co-mention counting on a Dask cluster (needs the "
                                    "dask extra: pip install -e '.[dask]' in graphkit's folder). Example: "
                                    "--scheduler tcp://10.0.0.5:8786",
                                    "--scheduler", metavar="ADDRESS")
    relations: bool = setting(DEFAULT_RELATIONS, "Relations, roles and quotes from spaCy's dependency parser; "
                              "--no-relations: the plain co-mention graph, faster.", "--relations/--no-relations")
# fmt: on

    def __post_init__(self):
        if self.types is None or isinstance(self.types, str):
            object.__setattr__(self, "types", parse_types(self.types))

    def update(self, **changes) -> BuildSettings:
        """A copy with ``changes``; a name that is no setting is a TypeError naming it."""
        unknown = sorted(set(changes) - {f.name for f in fields(self)})
        if unknown:
            raise TypeError(f"unknown build setting(s): {', '.join(unknown)}")
        return replace(self, **changes)
