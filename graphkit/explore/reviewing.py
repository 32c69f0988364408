"""``graphkit review``: the likely problems of a build, read from its output folder.

The folder's graph (GraphML, GEXF or JSON) and its merges.csv go to
graphkit.graph.suggestions; the result is a :class:`Review` (graphkit.explore.as_json gives the
command's ``--json``) and :func:`render_review` its text. Example::

    from graphkit.explore import review, render_review
    print("\\n".join(render_review(review("output/", limit=20))))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..graph.suggestions import KINDS, suggestions
from ..resolution import merges_filename, read_merges
from .loading import GraphFileError, find_graph_file, load_graph

#: names of a drop line shown in the text (--json gives all)
_SHOW_DROPS = 12


@dataclass
class ReviewItem:
    kind: str
    reason: str
    nodes: list[str]
    labels: list[str]
    mentions: int
    #: the alias-file section and line that make the fix, and both as alias-file text
    section: str
    line: str
    fix: str


@dataclass
class Review:
    graph: str
    #: the merges.csv read ("" when the folder has none: the rules' weak merges are then not listed)
    merges: str
    entities: int
    documents: int | None
    suggestions: list[ReviewItem] = field(default_factory=list)
    #: how many were found (``suggestions`` holds the first ``limit`` of them)
    found: int = 0


def review(
    path: str | Path,
    kinds: tuple[str, ...] = (),
    limit: int | None = None,
    cache: str | Path | None = None,
    notices: list[str] | None = None,
) -> Review:
    """The suggestions for the build in ``path`` (an output folder or its graph file), most
    mentioned first: the first ``limit`` of them (None or 0: all); ``kinds`` keeps only those kinds
    (see graphkit.graph.suggestions.KINDS). ``cache`` and ``notices``: as :func:`load_graph`'s."""
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ValueError(f"unknown kind(s) {', '.join(unknown)}; choose from {', '.join(KINDS)}")
    graph_file = find_graph_file(path)
    graph = load_graph(graph_file, cache=cache, notices=notices)
    merges_file = graph_file.with_name(merges_filename(graph_file.stem))
    merges = []
    if merges_file.exists():
        try:
            merges = read_merges(merges_file)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise GraphFileError(f"Cannot read {merges_file} ({exc}). Rebuild with `graphkit build`.") from exc
    found = [
        ReviewItem(s.kind, s.reason, s.nodes, s.labels, s.mentions, s.section, s.line, s.fix)
        for s in suggestions(graph, merges, kinds=kinds)
    ]
    documents = graph.graph.get("documents")
    return Review(
        str(graph_file),
        str(merges_file) if merges_file.exists() else "",
        graph.number_of_nodes(),
        int(documents) if isinstance(documents, (int, float)) else None,
        found[:limit] if limit else found,
        len(found),
    )


def render_review(r: Review) -> list[str]:
    """The review as text: a heading, then each suggestion with its alias-file line."""
    shown = r.suggestions
    docs = f", {r.documents:,} documents" if r.documents is not None else ""
    lines = [f"{r.graph}: {r.entities:,} entities{docs}; {r.found:,} suggestions, most mentioned first"]
    if not r.merges:
        lines.append("(no merges.csv beside it: the rules' weak merges are not listed)")
    if not shown:
        lines.append("Nothing looks wrong.")
        return lines
    width = len(str(len(shown)))
    for i, s in enumerate(shown, 1):
        lines.append(f"{i:>{width}}. [{KINDS[s.kind]}] {s.reason}")
        lines.extend(" " * (width + 2) + part for part in _short(s.fix).split("\n"))
    if len(shown) < r.found:
        lines.append(f"... and {r.found - len(shown):,} more (--limit 0 shows all).")
    lines.append("Copy the lines you agree with into an alias file and rebuild with --aliases FILE.")
    return lines


def _short(fix: str, most: int = _SHOW_DROPS) -> str:
    """A long drop list cut for reading (--json has it whole)."""
    if not fix.startswith("drop: ["):
        return fix
    items = fix[len("drop: [") : -1].split(", ")
    if len(items) <= most:
        return fix
    return f"drop: [{', '.join(items[:most])}, ...]  ({len(items) - most} more: --json lists them all)"
