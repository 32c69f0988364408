"""Reviewing resolution: merges.csv and "why did this name end up there?".

merges.csv has one row per (entity, surface form, rule): the canonical name, the alias, the rule
that put it there, the documents, the entity's type and node id. Dropped surfaces have an empty
canonical; surfaces kept apart have canonical = alias. Its lines can be copied into an alias file
(see :mod:`graphkit.resolution.aliases`) to confirm a merge, or edited to veto one.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..core.atomic import atomic_open
from ..core.records import Entity, Merge, Resolution
from ..core.spreadsheet import FORMULA_START, spreadsheet_safe
from .names import match_key, person_name, suggest_names

MERGES_COLUMNS = ("canonical", "alias", "rule", "documents", "type", "node")
#: documents listed in one line of an explanation before "and N more"
_SHOW_DOCS = 6


def merges_filename(name: str = "graph") -> str:
    """merges.csv beside graph.*; NAME.merges.csv beside NAME.* for other output names."""
    return "merges.csv" if name == "graph" else f"{name}.merges.csv"


def write_merges(resolution: Resolution, path: str | Path) -> Path:
    """Write merges.csv atomically (UTF-8 with a byte-order mark, as the other CSV outputs, so a
    spreadsheet reads accented names right; a header line, "|"-joined document ids).

    Cells that a spreadsheet would run as a formula get a leading ``'`` (the alias file reader
    removes it again, so lines can still be copied into an alias file).
    """
    with atomic_open(path, "w", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(MERGES_COLUMNS)
        for m in resolution.merges:
            cells = [m.canonical, m.alias, m.rule, "|".join(m.doc_ids), m.type, m.entity_id]
            writer.writerow([spreadsheet_safe(c) for c in cells])
    return Path(path)


def read_merges(path: str | Path) -> list[Merge]:
    """merges.csv back as Merge rows (the spreadsheet guard removed). A missing or unreadable file
    is an OSError/ValueError for the caller to report."""
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None:  # (the build writes the header whatever the rows)
            raise ValueError(f"{path} is empty, without even its header line")
        if not {"canonical", "alias", "rule"} <= set(reader.fieldnames):
            raise ValueError(f"{path} has no canonical, alias and rule columns: is it a merges.csv?")
        for row in reader:
            if None in row.values():
                raise ValueError(f"{path} line {reader.line_num} has fewer cells than the header: is the file cut off?")
            cells = {k: _unguard(v or "") for k, v in row.items() if k}
            docs = tuple(d for d in cells.get("documents", "").split("|") if d)
            rows.append(Merge(cells["canonical"], cells["alias"], cells["rule"], docs, cells.get("type", ""),
                              cells.get("node", "")))  # fmt: skip
    return rows


def _unguard(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_START else cell


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _docs(doc_ids) -> str:
    ids = sorted(doc_ids)
    shown = ", ".join(ids[:_SHOW_DOCS])
    more = f" and {len(ids) - _SHOW_DOCS} more" if len(ids) > _SHOW_DOCS else ""
    return f"{len(ids)} document{'s' if len(ids) != 1 else ''}: {shown}{more}"


def _keys(text: str) -> set[str]:
    return {match_key(text), person_name(text).key} - {""}


def explain(resolution: Resolution, name: str) -> str:
    """A few lines on where ``name`` ended: the entity it names or joined, by which rule, or why it was dropped."""
    keys = _keys(name)
    by_entity: dict[str, list[Merge]] = {}
    for m in resolution.merges:
        by_entity.setdefault(m.entity_id, []).append(m)
    lines: list[str] = []
    entities = sorted(resolution.entities.values(), key=lambda e: (-e.mentions, e.id))
    for e in entities:
        if match_key(e.label) in keys:
            lines.append(_summary(e))
            for m in by_entity.get(e.id, []):
                lines.append(f'  "{m.alias}": {m.rule} ({_docs(m.doc_ids)})')
    for e in entities:
        if match_key(e.label) in keys:
            continue
        held = [a for a in e.aliases if _keys(a) & keys]
        for alias in held:
            rows = [m for m in by_entity.get(e.id, []) if m.alias == alias]
            why = "; ".join(f"{m.rule} ({_docs(m.doc_ids)})" for m in rows) or "same name"
            lines.append(f'"{alias}" is in {e.label} ({e.type}, node {e.id}, {_n(e.mentions, "mention")}): {why}')
    for m in resolution.merges:
        if not m.canonical and _keys(m.alias) & keys:
            why = m.rule.removeprefix("dropped: ")
            lines.append(f'"{m.alias}" (typed {m.type}) was left out: {why} ({_docs(m.doc_ids)})')
    if not lines:
        lines.append(f'No entity or mention named "{name}".' + _suggest(resolution, name))
    return "\n".join(lines)


def _summary(e: Entity) -> str:
    forms = ", ".join(f"{a} ×{n}" for a, n in sorted(e.aliases.items(), key=lambda kv: (-kv[1], kv[0])))
    return (
        f"{e.label} ({e.type}, node {e.id}): {_n(e.mentions, 'mention')} in {_docs(e.doc_ids)}\n"
        f"  surface forms: {forms}"
    )


def _suggest(resolution: Resolution, name: str) -> str:
    # labels first, the most mentioned entities first (they win ties); one spelling per name
    entities = sorted(resolution.entities.values(), key=lambda e: (-e.mentions, e.id))
    names: dict[str, str] = {}
    for n in [e.label for e in entities] + sorted({a for e in entities for a in e.aliases}):
        names.setdefault(match_key(n), n)
    close = suggest_names(name, names.values(), limit=5)
    return f" Close names: {', '.join(close)}." if close else ""
