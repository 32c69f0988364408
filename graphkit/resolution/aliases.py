"""The user's alias file: the last word on which surface forms are one entity, and which to drop.

Two formats, chosen by the file's suffix (``.yaml``/``.yml`` or ``.csv``/``.tsv``; anything else
by its content). A canonical name that is itself mapped ("A: B", "B: C") leads on to its own
canonical name; names mapped round in a circle are an error.

YAML::

    aliases:                      # surface form: canonical name
      Kim Jong-un: Kim Jong Un
      DPRK: North Korea
      Yang Moo-jin: Yang Moo-jin  # the same name on both sides: keep it apart from automatic merges
      Kim Jong Un: [Mr. Kim, Kim] # or canonical name: [surface forms]
    drop: [State, Putin Thanks]   # surface forms to leave out of the graph
    types:                        # optional: the type of a canonical name
      Sumy: GPE

CSV has the columns of merges.csv (``canonical,alias,rule,documents,type``; only the first two
are needed, the header line is optional), so lines can be copied from merges.csv: a line
confirms its merge, an empty canonical drops the alias, and a canonical equal to the alias
keeps that surface apart (a veto).

Surfaces are matched case-insensitively, without a leading "the" or a trailing "'s".
Errors are :class:`graphkit.core.errors.AliasFileError` naming the file and line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import AliasFileError, MissingAliasFileError
from ..core.spreadsheet import FORMULA_START
from ..core.wording import plural
from .names import clean_surface, match_key, surface_key

_TYPE = re.compile(r"[A-Z][A-Z_]*")
_SECTIONS = ("aliases", "drop", "types")


@dataclass
class AliasTable:
    """Surface form (as :func:`graphkit.resolution.names.surface_key`) -> canonical name, drops and types."""

    canonical: dict[str, str] = field(default_factory=dict)
    drop: set[str] = field(default_factory=set)
    #: match_key(canonical) -> entity type
    types: dict[str, str] = field(default_factory=dict)
    origin: str = ""
    #: surface key -> where it was set ("aliases.yaml line 4"), for messages and explain
    where: dict[str, str] = field(default_factory=dict)
    #: surface key -> the surface as the file writes it; match_key(canonical) -> the name as written
    #: (for writing the table back, as the explorer page does)
    written: dict[str, str] = field(default_factory=dict)
    type_names: dict[str, str] = field(default_factory=dict)
    #: match_key(canonical) -> the type "types:" gives one of its spellings, a name the aliases map
    #: onward ("B: C" with "types: {B: ORG}" types C); kept apart from ``types``, which is written back
    onward_types: dict[str, str] = field(default_factory=dict)
    #: surface keys of the names that a line maps to and that map onward in turn ("B" of "A: B",
    #: "B: C"): names the user gives, which no article needs to have
    chain_links: set[str] = field(default_factory=set)
    #: surface key -> the name its line wrote where that name maps onward ("B" of "A: B", "B: C"):
    #: ``canonical`` holds where the chain ends; the page writes the line back as the user wrote it
    written_to: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.canonical or self.drop or self.types)

    def lookup(self, surface: str) -> tuple[str, str | None] | None:
        """("drop", None), ("map", canonical) or None when the file says nothing about ``surface``."""
        key = surface_key(surface)
        if key in self.drop:
            return ("drop", None)
        if key in self.canonical:
            return ("map", self.canonical[key])
        return None

    def keeps_apart(self, surface: str) -> bool:
        """True when the line for ``surface`` is "X: X" as written (case aside): X is kept apart from
        the rules' merges. A line that names X by another spelling of its key ("X's: X", copied from
        merges.csv) confirms a merge instead."""
        decision = self.lookup(surface)
        if decision is None or decision[0] != "map":
            return False
        line = self.written.get(surface_key(surface), surface)
        return clean_surface(line).casefold() == clean_surface(decision[1]).casefold()

    def type_of(self, canonical: str) -> str | None:
        key = match_key(canonical)
        return self.types.get(key) or self.onward_types.get(key)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, str | None], types: Mapping[str, str] | None = None) -> AliasTable:
        """``{surface: canonical}``; a None canonical drops the surface."""
        table = cls(origin="mapping")
        for surface, canonical in mapping.items():
            table.written.setdefault(surface_key(surface), clean_surface(surface))
            if canonical is None or not str(canonical).strip():
                table.drop.add(surface_key(surface))
            else:
                table.canonical[surface_key(surface)] = clean_surface(str(canonical))
        for name, kind in (types or {}).items():
            table.types[match_key(name)] = kind
            table.type_names.setdefault(match_key(name), clean_surface(name))
        _follow_chains(table, "the alias mapping")
        return table


def load_aliases(path: str | Path) -> AliasTable:
    """Read a YAML or CSV alias file (see the module doc)."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise MissingAliasFileError(
            f"Alias file {path} does not exist.", "Check the path given to {aliases}."
        ) from None
    except UnicodeDecodeError as exc:
        raise AliasFileError(f"Alias file {path} is not UTF-8 text ({exc.reason}). Save it as UTF-8.") from None
    except OSError as exc:
        raise AliasFileError(f"Cannot read alias file {path}: {exc.strerror or exc}.") from None
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        kind = "yaml"
    elif suffix in (".csv", ".tsv"):
        kind = "csv"
    else:  # (".txt" too: a YAML file saved as aliases.txt is still YAML)
        kind = "yaml" if re.search(r"^(aliases|drop|types)\s*:", text, re.MULTILINE) else "csv"
    table = _parse_yaml(text, path.name) if kind == "yaml" else _parse_csv(text, path.name, tab=suffix == ".tsv")
    _follow_chains(table, path.name)
    table.origin = str(path)
    return table


def alias_notices(table: AliasTable, surfaces: Iterable[str], labels: Sequence[str] | None = None) -> list[str]:
    """What in ``table`` has no effect or may not be meant: spellings found in none of ``surfaces``
    (the mentions' texts: a typo, or another spelling in the articles), and types none of
    ``labels`` (the model's entity labels; None: not checked), which the entities still get."""
    name = Path(table.origin).name if table.origin and table.origin != "mapping" else "the alias table"
    if not table:  # an empty file, or one of comments: likely not the file meant
        return [f"{name} has no aliases, drops or types: the graph is built as without it."]
    surfaces = set(surfaces)  # (each spelling once: a corpus writes most names many times)
    found = {surface_key(s) for s in surfaces}
    missing = [k for k in (*table.canonical, *sorted(table.drop)) if k not in found and k not in table.chain_links]
    notices = []
    if missing:
        listed = ", ".join(
            repr(table.written.get(k, k)) + (f" ({w.removeprefix(name + ' ')})" if (w := table.where.get(k)) else "")
            for k in missing[:5]
        )
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        notices.append(
            f"{name}: {plural(len(missing), 'spelling')} found in no article (as a name of "
            f"the kept types): {listed}{more}. Check how the articles write them (merges.csv lists every "
            "spelling of each entity)."
        )
    # a types: name that no article has and no line maps to types nothing (a typo, most often)
    untyped = []
    if table.types:  # (a match key of every mention: only when there are types to look for)
        named = {match_key(s) for s in surfaces} | {match_key(c) for c in table.canonical.values()}
        named |= {match_key(s) for s in table.canonical}  # a spelling mapped onward types where it goes
        untyped = [table.type_names.get(k, k) for k in sorted(table.types) if k not in named]
    if untyped:
        listed = ", ".join(repr(n) for n in untyped[:5]) + (f" and {len(untyped) - 5} more" if len(untyped) > 5 else "")
        one = len(untyped) == 1
        notices.append(
            f"{name}: types: {listed} {'is a name' if one else 'are names'} that no article has and no line maps "
            f"to: {'it types' if one else 'they type'} nothing. Check how the articles write "
            f"{'it' if one else 'them'} (merges.csv lists every spelling of each entity)."
        )
    # a name dropped and still given: the lines mapping to it make it, a types: line types it
    dropped = {match_key(table.written.get(k, k)): k for k in table.drop}
    given = {match_key(c) for c in table.canonical.values()} | set(table.types)
    both = [table.written.get(k, k) for key, k in sorted(dropped.items()) if key in given]
    if both:
        listed = ", ".join(repr(n) for n in both[:5]) + (f" and {len(both) - 5} more" if len(both) > 5 else "")
        notices.append(
            f"{name}: {listed} {'is' if len(both) == 1 else 'are'} under drop: yet the file also maps spellings "
            f"to {'it' if len(both) == 1 else 'them'} or types {'it' if len(both) == 1 else 'them'}: the "
            "articles' own spellings are left out, the spellings mapped there are not. Keep one of the two if "
            "that is not what you meant."
        )
    unknown = sorted({t for t in table.types.values() if labels is not None and t not in labels})
    if unknown:
        notices.append(
            f"{name}: {', '.join(unknown)} {'is no label' if len(unknown) == 1 else 'are no labels'} of the model "
            f"(its labels: {', '.join(labels or ())}); the entities of that type get it as written."
        )
    return notices


def _follow_chains(table: AliasTable, name: str) -> None:
    """ "A: B" and "B: C" make A a spelling of C too (else A and B would name two entities, "B" and
    "C"); "A: B" with "B: A" is an error naming both lines (which name wins is the user's call)."""
    canonical = table.canonical
    for key in list(canonical):
        path, target = [key], canonical[key]
        while (step := surface_key(target)) in canonical and step != path[-1]:
            if step in path:
                circle = path[path.index(step) :]
                lines = " and ".join(table.where.get(k, k).removeprefix(f"{name} ") for k in circle)
                raise AliasFileError(
                    f"{name}: the aliases go round in a circle ({lines}: "
                    + " -> ".join(repr(table.written.get(k, k)) for k in (*circle, step))
                    + "). Keep one name as the canonical one and map the others to it."
                )
            path.append(step)
            table.chain_links.add(step)
            target = canonical[step]
        if target != canonical[key]:
            table.written_to[key] = canonical[key]
        canonical[key] = target
    _type_onward(table, name)


def _type_onward(table: AliasTable, name: str) -> None:
    """A type given to a name the aliases map onward types the name it goes to (else it would type
    nothing, silently); two types for one entity that way are an error naming both."""
    for key, kind in sorted(table.types.items()):
        given = table.type_names.get(key, key)
        # (as the file maps spellings: by surface key; "US" is no line "U.S.: United States" has)
        goes_to = table.canonical.get(surface_key(given))
        if goes_to is None or match_key(goes_to) == key:
            continue
        target = match_key(goes_to)
        other = table.types.get(target) or table.onward_types.get(target)
        if other is not None and other != kind:
            raise AliasFileError(
                f"{name}: types: gives {given!r} {kind}, but {given!r} is a spelling of {goes_to!r}, "
                f"typed {other}. Give {goes_to!r} one type under types:."
            )
        table.onward_types[target] = kind


#: what a name without a letter or digit is to the build ("~", "[", "*": nothing to match mentions by)
_EMPTY = "has no letter or digit, which the build matches names by."


class _Builder:
    def __init__(self, name: str):
        self.name = name
        self.table = AliasTable()
        self.type_where: dict[str, str] = {}  # match key -> the line that typed it

    def error(self, line: int, message: str) -> AliasFileError:
        return AliasFileError(f"{self.name} line {line}: {message}")

    def add(self, surface: str, canonical: str | None, line: int) -> None:
        surface = clean_surface(surface)
        key = surface_key(surface)
        if not key:
            raise self.error(line, f"{surface!r} is not a name. Give the surface form as it appears in the text.")
        if canonical is not None:
            canonical = clean_surface(canonical)
            if not match_key(canonical):
                raise self.error(line, f"canonical name {canonical!r} {_EMPTY} Write the name the entity should have.")
        previous = "drop" if key in self.table.drop else self.table.canonical.get(key)
        now = "drop" if canonical is None else canonical
        if previous is not None and match_key(previous) != match_key(now):
            raise self.error(
                line,
                f"{surface!r} is already given as {previous!r} at {self.table.where[key]}; "
                f"keep one of the two entries.",
            )
        self.table.where[key] = f"{self.name} line {line}"
        self.table.written.setdefault(key, surface)
        if canonical is None:
            self.table.drop.add(key)
        else:
            self.table.canonical[key] = canonical

    def add_type(self, canonical: str, kind: str, line: int, *, once: bool = True) -> None:
        """``once``: a name typed twice, differently, is an error (a types: section; merges.csv's rows
        may hold two entities of one name and two types)."""
        kind = kind.strip()
        if kind.isascii() and _TYPE.fullmatch(kind.upper()):  # "gpe" is GPE, "work_of_art" WORK_OF_ART
            kind = kind.upper()
        if not _TYPE.fullmatch(kind):
            raise self.error(line, f"type {kind!r} is not an entity label; use one such as PERSON, ORG, GPE, LOC.")
        key, name = match_key(canonical), clean_surface(canonical)
        if not key:
            raise self.error(line, f"name {name!r} {_EMPTY} Write the name of the entity to type.")
        previous = self.table.types.get(key)
        if once and previous is not None and previous != kind:  # as for a surface given twice: the user's call
            raise self.error(
                line,
                f"{name!r} is typed {kind} here and {previous} at {self.type_where[key]} "
                f"({self.table.type_names[key]!r}: the same name to the build); keep one of the two entries.",
            )
        self.type_where.setdefault(key, f"line {line}")
        self.table.types[key] = kind
        self.table.type_names.setdefault(key, name)


def _parse_yaml(text: str, name: str) -> AliasTable:
    import yaml

    build = _Builder(name)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise build.error(
            line,
            f"not valid YAML ({exc.problem or exc.context}). "
            "Check indentation and quote names that contain ':' or '#'.",
        ) from None
    except yaml.YAMLError as exc:
        raise AliasFileError(f"{name}: not valid YAML ({exc}).") from None
    if root is None:
        return build.table
    if not isinstance(root, yaml.MappingNode):
        raise build.error(root.start_mark.line + 1, "expected the sections aliases:, drop: and types:.")
    for key_node, value_node in root.value:
        section = _scalar(build, key_node)
        line = key_node.start_mark.line + 1
        if section not in _SECTIONS:
            raise build.error(line, f"unknown section {section!r}; the sections are aliases:, drop: and types:.")
        if isinstance(value_node, yaml.ScalarNode) and value_node.value in ("", "~", "null"):
            continue
        if section == "drop":
            if not isinstance(value_node, yaml.SequenceNode):
                raise build.error(line, "drop: takes a list of surface forms, e.g. drop: [State, Putin Thanks].")
            for item in value_node.value:
                build.add(_scalar(build, item), None, item.start_mark.line + 1)
            continue
        if not isinstance(value_node, yaml.MappingNode):
            raise build.error(line, f"{section}: takes 'name: value' lines.")
        for k, v in value_node.value:
            item_line = k.start_mark.line + 1
            left = _scalar(build, k)
            if section == "types":
                build.add_type(left, _scalar(build, v), item_line)
            elif isinstance(v, yaml.SequenceNode):  # canonical: [surface, ...]
                for item in v.value:
                    build.add(_scalar(build, item), left, item.start_mark.line + 1)
            else:  # surface: canonical (empty canonical drops)
                right = _scalar(build, v)
                build.add(left, right or None, item_line)
    return build.table


def _scalar(build: _Builder, node) -> str:
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise build.error(node.start_mark.line + 1, "expected a name here, not a list or mapping.")
    value = node.value
    return "" if value in ("~", "null") and node.style is None else str(value)


def _parse_csv(text: str, name: str, *, tab: bool = False) -> AliasTable:
    build = _Builder(name)
    delimiter = "\t" if tab or ("\t" in text.split("\n", 1)[0] and "," not in text.split("\n", 1)[0]) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    columns = {"canonical": 0, "alias": 1, "type": None}
    layout = "canonical,alias"  # what a line must hold, for the error message
    first = True
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
                continue
            cells = [_unguard(c.strip()) for c in row]
            if first:
                first = False
                lowered = [c.casefold() for c in cells]
                if "canonical" in lowered and "alias" in lowered:
                    columns = {k: (lowered.index(k) if k in lowered else None) for k in ("canonical", "alias", "type")}
                    layout = ",".join(cells)
                    continue
            # a header may put the two columns anywhere ("rule,canonical,alias"): the line must reach both
            if len(cells) <= max(columns["canonical"], columns["alias"]) or not cells[columns["alias"]]:
                raise build.error(line, f"expected '{layout}' (leave canonical empty to drop the alias).")
            canonical = cells[columns["canonical"]]
            build.add(cells[columns["alias"]], canonical or None, line)
            t = columns["type"] if columns["type"] is not None else (4 if len(cells) > 4 else None)
            if canonical and t is not None and t < len(cells) and cells[t]:
                build.add_type(canonical, cells[t], line, once=False)
    except csv.Error as exc:
        raise build.error(reader.line_num, f"not valid CSV ({exc}). Quote names that contain commas.") from None
    return build.table


def _unguard(cell: str) -> str:
    """Undo merges.csv's spreadsheet guard: "'=x" was written for the name "=x"."""
    if cell[:1] == "'" and cell[1:2] and cell[1] in FORMULA_START:
        return cell[1:]
    return cell
