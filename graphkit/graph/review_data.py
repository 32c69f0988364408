"""What the review's detectors share: the suggestion record, the graph's entities as they read
them, and which entities hold each surface form (graphkit.graph.suggestions puts them together)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..resolution.names import match_key, person_name, surface_key


@dataclass
class Suggestion:
    """One likely problem and its fix."""

    kind: str
    #: what looks wrong, in one line
    reason: str
    #: node ids concerned; for a merge the first is the entity whose name is kept
    nodes: list[str]
    labels: list[str]
    #: mentions of the entities concerned (the list is sorted by it); for a weak merge, the
    #: documents it was made in (what is at stake is the alias there, not the whole entity)
    mentions: int
    #: the alias-file section ("aliases", "drop" or "types") and the line that makes the fix
    section: str
    line: str
    #: the fix as the explorer page applies it: {"action": "merge"|"drop"|"split"|"retype", ...}
    action: dict = field(default_factory=dict)

    @property
    def fix(self) -> str:
        """The fix as alias-file text: the section, then the line."""
        return f"{self.section}:\n  {self.line}" if self.section != "drop" else f"drop: {self.line}"


def yaml_name(name: str) -> str:
    """``name`` as a YAML scalar that reads back as the same string (quoted when it must be)."""
    plain = (
        bool(name)
        and name == name.strip()
        and (name[0].isalnum() or name[0] in "(")
        and not any(c in name for c in ":#'\"[]{},&*!|>%@`")
        and name.casefold() not in ("null", "true", "false", "yes", "no", "on", "off", "y", "n", "~")
        and not re.fullmatch(r"[-+.\d_eE:]+", name)
    )
    return name if plain else json.dumps(name, ensure_ascii=False)


@dataclass
class Node:
    id: str
    label: str
    type: str
    mentions: int
    documents: int
    aliases: list[str]
    docs: set[str]
    key: str
    tokens: tuple[str, ...]


def _split(value) -> list[str]:
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value]
    return [p for p in str(value or "").split("|") if p]


def to_int(value) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def read_nodes(graph) -> list[Node]:
    out = []
    for n, d in graph.nodes(data=True):
        label = str(d.get("label", n))
        etype = str(d.get("type", "") or "")
        key = person_name(label).key if etype == "PERSON" else match_key(label)
        aliases = _split(d.get("aliases")) or [label]
        out.append(
            Node(str(n), label, etype, to_int(d.get("mentions")), to_int(d.get("documents")), aliases,
                  set(_split(d.get("doc_ids"))), key, tuple(key.split()))
        )  # fmt: skip
    out.sort(key=lambda e: (-e.mentions, e.label, e.id))  # the best-known first: a merge keeps its name
    return out


class Surfaces:
    """Which nodes hold each surface form (by the alias file's key), so a fix never moves a
    spelling that other entities use too."""

    def __init__(self, nodes: list[Node]):
        self.owners: dict[str, set[str]] = defaultdict(set)
        for e in nodes:
            for a in e.aliases:
                self.owners[surface_key(a)].add(e.id)

    def own(self, e: Node, among: Iterable[str] = ()) -> list[str]:
        """``e``'s surfaces no node outside ``among`` (and ``e``) holds, sorted."""
        allowed = {e.id, *among}
        forms: dict[str, str] = {}  # one spelling per key: the file matches case- and "the"-blind
        for a in sorted(e.aliases, key=lambda a: (len(a), a)):
            if self.owners[surface_key(a)] <= allowed:
                forms.setdefault(surface_key(a), a)
        return sorted(forms.values(), key=str.casefold)


def merge_suggestion(kind: str, reason: str, keep: Node, other: Node, surfaces: Surfaces) -> Suggestion | None:
    forms = [s for s in surfaces.own(other, [keep.id]) if surface_key(s) != surface_key(keep.label)]
    if not forms:
        return None
    if len(forms) == 1:
        line = f"{yaml_name(forms[0])}: {yaml_name(keep.label)}"
    else:
        line = f"{yaml_name(keep.label)}: [{', '.join(yaml_name(s) for s in forms)}]"
    action = {"action": "merge", "ids": [keep.id, other.id], "canonical": keep.label}
    mentions = keep.mentions + other.mentions
    return Suggestion(kind, reason, [keep.id, other.id], [keep.label, other.label], mentions, "aliases", line, action)
