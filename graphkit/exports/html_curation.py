"""What the explorer's curation panel needs (templates/curation.js): the alias file the page was
built with, each entity's surface forms with the key the alias file matches them by, the
surfaces several entities share, and the review's suggestions: the list `graphkit review` gives,
over the whole graph (the entities the first view does not draw, with their surfaces, are in the
page's packed rest: html_rest).

The page writes the alias file itself (``aliasesYaml()``), so everything here is data: names go
to the page only inside the escaped JSON block, like every other text of the graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from ..core.records import Merge
from ..graph.suggestions import Suggestion, suggestions
from ..resolution.aliases import AliasTable
from ..resolution.names import surface_key

#: suggestions listed in the page's panel (the most mentioned first; `graphkit review` lists all)
MAX_SUGGESTIONS = 100


def _split(value) -> list[str]:
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value]
    return [p for p in str(value or "").split("|") if p]


def alias_file_rows(table: AliasTable | None) -> dict:
    """The alias table as rows the page can extend: [surface, key, canonical(, name written, its
    key)], [surface, key] and [name, key, type], spelled as the file wrote them, sorted by key. A
    line of a chain ("A: B", "B: C") has the name where the chain ends, then the name the file wrote
    and that name's key."""
    if table is None:
        return {"aliases": [], "drop": [], "types": []}
    written = table.written
    return {
        "aliases": [
            [written.get(k, k), k, c, *([to, surface_key(to)] if (to := table.written_to.get(k)) else [])]
            for k, c in sorted(table.canonical.items())
        ],
        "drop": [[written.get(k, k), k] for k in sorted(table.drop)],
        "types": [
            [table.type_names.get(k, k), surface_key(table.type_names.get(k, k)), t]
            for k, t in sorted(table.types.items())
        ],
    }


def surface_forms(graph: nx.Graph) -> dict:
    """{node: [[surface, key], ...]}: every surface form of every entity, with the key the alias
    file matches it by (graphkit.resolution.names.surface_key), as the page's curation needs them."""
    keyed = {}
    for n, data in graph.nodes(data=True):
        forms = _split(data.get("aliases")) or [str(data.get("label", n))]
        keyed[n] = [[form, surface_key(form)] for form in forms]
    return keyed


def curation_payload(
    view: nx.Graph,
    ids: dict,
    *,
    graph: nx.Graph,
    aliases: AliasTable | None = None,
    merges: Sequence[Merge] | None = None,
    surfaces: dict | None = None,
    suggested: Sequence[Suggestion] | None = None,
) -> dict:
    """The page's ``curation`` data: ``view`` the drawn part of ``graph``, ``ids`` the page id of
    every node of ``graph``; ``aliases`` the alias table the graph was built with, ``merges`` its
    merges.csv rows (for the rules' weak merges among the suggestions); ``surfaces``
    :func:`surface_forms` of ``graph`` when already made; ``suggested`` ``suggestions(graph, merges)``
    when already made (graphkit.pipeline.suggested keeps them between builds).

    The payload holds the surfaces of the drawn entities; those of the others travel in the
    page's packed rest (html_rest), so a change to any entity writes all its forms to the file."""
    keyed = surfaces if surfaces is not None else surface_forms(graph)
    owners: dict[str, set[str]] = defaultdict(set)
    for n, forms in keyed.items():
        for _, key in forms:
            owners[key].add(ids.get(n, str(n)))
    shared = {key: sorted(holders) for key, holders in sorted(owners.items()) if len(holders) > 1}
    # the review names nodes as text (str(node)): back to page ids, unless two nodes share a text
    # (1 and "1" in a user's graph), where a suggestion could not say which one it means
    page_id: dict[str, str | None] = {}
    for n, pid in ids.items():
        page_id[str(n)] = None if str(n) in page_id else pid
    listed = []
    made = suggested if suggested is not None else suggestions(graph, merges or ())
    found = [s for s in made if all(page_id.get(n) for n in s.nodes)]
    for s in found[:MAX_SUGGESTIONS]:
        action = dict(s.action)
        if "ids" in action:
            action["ids"] = [page_id[n] for n in action["ids"]]
        if "id" in action:
            action["id"] = page_id[action["id"]]
        listed.append({"kind": s.kind, "reason": s.reason, "fix": s.fix, "action": action})
    return {
        "file": alias_file_rows(aliases),
        "origin": Path(aliases.origin).name if aliases is not None and aliases.origin not in ("", "mapping") else "",
        "surfaces": {ids[n]: keyed[n] for n in view.nodes},
        "shared": shared,
        "suggestions": listed,
        "suggestions_total": len(found),
    }
