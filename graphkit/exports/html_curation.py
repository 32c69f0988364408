"""What the explorer's curation panel needs (templates/curation.js): the alias file the page was
built with, each entity's surface forms with the key the alias file matches them by, the
surfaces several entities share, and the review's suggestions for the entities on the page.

The page writes the alias file itself (``aliasesYaml()``), so everything here is data: names go
to the page only inside the escaped JSON block, like every other text of the graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from ..core.records import Merge
from ..graph.suggestions import suggestions
from ..resolution.aliases import AliasTable
from ..resolution.names import surface_key

#: suggestions listed in the page's panel (the most mentioned first; `graphkit review` lists all)
MAX_SUGGESTIONS = 100


def _split(value) -> list[str]:
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value]
    return [p for p in str(value or "").split("|") if p]


def alias_file_rows(table: AliasTable | None) -> dict:
    """The alias table as rows the page can extend: [surface, key, canonical], [surface, key] and
    [name, key, type], spelled as the file wrote them, sorted by key."""
    if table is None:
        return {"aliases": [], "drop": [], "types": []}
    written = table.written
    return {
        "aliases": [[written.get(k, k), k, c] for k, c in sorted(table.canonical.items())],
        "drop": [[written.get(k, k), k] for k in sorted(table.drop)],
        "types": [
            [table.type_names.get(k, k), surface_key(table.type_names.get(k, k)), t]
            for k, t in sorted(table.types.items())
        ],
    }


def curation_payload(
    view: nx.Graph,
    ids: dict,
    *,
    graph: nx.Graph,
    aliases: AliasTable | None = None,
    merges: Sequence[Merge] | None = None,
) -> dict:
    """The page's ``curation`` data for the entities of ``view`` (whose page ids are ``ids``), a
    part of ``graph``; ``aliases`` the alias table the graph was built with, ``merges`` its
    merges.csv rows (for the rules' weak merges among the suggestions)."""
    surfaces: dict[str, list[list[str]]] = {}
    owners: dict[str, set[str]] = defaultdict(set)
    for n, data in graph.nodes(data=True):
        page_id = ids.get(n, str(n))
        forms = _split(data.get("aliases")) or [str(data.get("label", n))]
        keyed = [[form, surface_key(form)] for form in forms]
        for _, key in keyed:
            owners[key].add(page_id)
        if n in ids:
            surfaces[page_id] = keyed
    shared = {key: sorted(holders) for key, holders in sorted(owners.items()) if len(holders) > 1}
    listed = []
    for s in suggestions(graph, merges or ()):
        if all(n in ids for n in s.nodes):  # only what the page shows can be changed in it
            action = dict(s.action)
            for field in ("ids",):
                if field in action:
                    action[field] = [ids[n] for n in action[field]]
            if "id" in action:
                action["id"] = ids[action["id"]]
            listed.append({"kind": s.kind, "reason": s.reason, "fix": s.fix, "action": action})
            if len(listed) >= MAX_SUGGESTIONS:
                break
    return {
        "file": alias_file_rows(aliases),
        "origin": Path(aliases.origin).name if aliases is not None and aliases.origin not in ("", "mapping") else "",
        "surfaces": surfaces,
        "shared": shared,
        "suggestions": listed,
    }
