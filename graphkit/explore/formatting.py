"""The answers of graphkit.explore.queries as readable text tables (or JSON, :func:`as_json`), as
``graphkit stats``, ``neighbors`` and ``path`` print them."""

from __future__ import annotations

import json
import shutil
import textwrap
from dataclasses import asdict

from ..core.wording import plural
from ..graph.communities import CommunitySummary
from ..graph.significance import SIGNIFICANT_LINKS_RULE
from . import queries as explore


def _width() -> int:
    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 140))


def _cut(value, width: int) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(headers: list[str], rows: list[list], right: set[int] = frozenset(), max_col: int = 40) -> list[str]:
    """Columns padded to their widest cell; indexes in ``right`` are right-aligned (numbers)."""
    cells = [[_cut(c, max_col) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]

    def line(row):
        parts = [(c.rjust(w) if i in right else c.ljust(w)) for i, (c, w) in enumerate(zip(row, widths))]
        return "  " + "  ".join(parts).rstrip()

    return [line(headers)] + [line(r) for r in cells]


def _evidence_lines(evidence, indent: str) -> list[str]:
    width = _width()
    lines = []
    for ev in evidence:
        source = f"[{ev.doc_id}]" + (f" {ev.title}" if ev.title else "")
        lines += textwrap.wrap(
            f"{source} {ev.text}",
            width=width,
            initial_indent=indent,
            subsequent_indent=indent + "  ",
            break_on_hyphens=False,
        ) or [indent]
    return lines


def _entity_line(e: explore.Entity) -> str:
    return f"{e.label} ({e.type}): {plural(e.mentions, 'mention')} in {plural(e.documents, 'document')}  [id {e.id}]"


def _match_notes(match: explore.Match) -> list[str]:
    notes = []
    how = {
        "alias": "a spelling seen in the articles",
        "normalised": "ignoring case and punctuation",
        "partial": "part of the name",
    }.get(match.matched_by)
    if how:
        notes.append(f'("{match.query}" matched {match.entity.label}: {how})')
    if match.others:
        others = ", ".join(f"{o.label} ({o.type}, id {o.id})" for o in match.others[:5])
        notes.append(f"(also named so: {others}; pass an id to choose)")
    return notes


def _link_lines(i: int, link: explore.Link, ends: str) -> list[str]:
    """One numbered link (``ends`` names its two entities) and its evidence sentences below it."""
    return [
        f"{i:>3}. {ends}  weight {link.weight}, {plural(link.documents, 'document')}",
        *_evidence_lines(link.evidence, "       "),
    ]


def as_json(result) -> str:
    """A query's result dataclass as indented JSON, for scripts."""
    data = asdict(result)
    if isinstance(result, explore.PathResult):
        data["entities"] = [asdict(e) for e in result.entities]
    return json.dumps(data, ensure_ascii=False, indent=2)


# ---------------------------------------------------------------- stats


def render_stats(s: explore.Stats, source: str = "") -> list[str]:
    head = f"{source}: " if source else ""
    docs = f", {plural(s.documents, 'document')}" if s.documents is not None else ""
    window = f" ({s.window} window)" if s.window else ""
    out = [
        f"{head}{plural(s.nodes, 'entity', 'entities')}, {plural(s.edges, 'edge')}{docs}{window}",
        f"{plural(s.components, 'connected component')}, the largest with {s.largest_component}; "
        f"{s.isolated} isolated; {plural(s.community_count, 'community', 'communities')}",
        "types: " + ", ".join(f"{t or '?'} {n}" for t, n in s.types.items()),
        "",
        "Most mentioned",
        *_table(
            ["#", "entity", "type", "mentions", "docs", "pagerank"],
            [
                [i, e.label, e.type, e.mentions, e.documents, f"{e.pagerank:.4f}" if e.pagerank is not None else ""]
                for i, e in enumerate(s.top_mentions, 1)
            ],
            right={0, 3, 4, 5},
        ),
        "",
        "Most central (PageRank)",
        *_table(
            ["#", "entity", "type", "pagerank", "mentions", "community"],
            [
                [
                    i,
                    e.label,
                    e.type,
                    f"{e.pagerank:.4f}" if e.pagerank is not None else "",
                    e.mentions,
                    "" if e.community is None else e.community,
                ]
                for i, e in enumerate(s.top_pagerank, 1)
            ],
            right={0, 3, 4, 5},
        ),
        "",
        "Strongest links",
        *_table(
            ["#", "entity", "entity", "weight", "docs"],
            [
                [i, link.source.label, link.target.label, link.weight, link.documents]
                for i, link in enumerate(s.strongest_edges, 1)
            ],
            right={0, 3, 4},
        ),
    ]
    if s.significant_edges:
        out += [
            "",
            f"Strongest links by significance ({SIGNIFICANT_LINKS_RULE})",
            *_table(
                ["#", "entity", "entity", "npmi", "disparity", "weight"],
                [
                    [i, link.source.label, link.target.label, f"{link.npmi:.3f}", f"{link.disparity:.2g}", link.weight]
                    for i, link in enumerate(s.significant_edges, 1)
                ],
                right={0, 3, 4, 5},
            ),
        ]
    out += [
        "",
        "Communities (Louvain)",
        *_table(
            ["community", "size", "most central members"],
            [[c.community, c.size, ", ".join(e.label for e in c.top)] for c in s.communities],
            right={0, 1},
            max_col=max(40, _width() - 24),
        ),
    ]
    for c in s.community_summaries:
        out += ["", *render_community(c)]
    return out


def render_community(c: CommunitySummary) -> list[str]:
    """One community's extractive summary, as ``graphkit stats`` prints it."""
    facts = [plural(c.size, "entity", "entities"), plural(c.documents, "document")]
    if c.first_date:
        facts.append(c.first_date if c.first_date == c.last_date else f"{c.first_date} to {c.last_date}")
    out = [
        f"Community {c.number}: {c.name}  ({', '.join(facts)})",
        "  most central: " + ", ".join(label for _, label in c.entities),
    ]
    for tie in c.ties:
        out.append(f"  tie: {tie.source_label} — {tie.target_label} ({tie.weight})")
        if tie.evidence:
            out += textwrap.wrap(
                f"[{tie.evidence[0]}] {tie.evidence[1]}",
                width=_width(),
                initial_indent="    ",
                subsequent_indent="      ",
                break_on_hyphens=False,
            )
    if c.sources:
        out.append("  sources: " + ", ".join(f"{name} ({count})" for name, count in c.sources))
    if c.top_documents:
        named = "; ".join(f"[{doc}] {title}".strip() + f" ({k})" for doc, title, k in c.top_documents)
        out.append("  documents naming most of them: " + named)
    return out


# ---------------------------------------------------------------- neighbors


def render_neighbors(n: explore.Neighborhood) -> list[str]:
    out = [_entity_line(n.match.entity), *_match_notes(n.match)]
    if not n.total:
        return out + ["No neighbors: it is never mentioned together with another entity."]
    shown = f"the {len(n.neighbors)} strongest of " if len(n.neighbors) < n.total else ""
    out += [f"{shown}{plural(n.total, 'neighbor')}, strongest link first:", ""]
    for i, link in enumerate(n.neighbors, 1):
        out += _link_lines(i, link, f"{link.target.label} ({link.target.type})")
    return out


# ---------------------------------------------------------------- path


def render_path(p: explore.PathResult) -> list[str]:
    a, b = p.source.entity, p.target.entity
    out = [*_match_notes(p.source), *_match_notes(p.target)]
    if not p.found:
        return out + [
            f"No path: {a.label} and {b.label} are in separate parts of the graph (no chain of co-mentions links them)."
        ]
    if not p.hops:
        return out + [f"{a.label} and {b.label} are the same entity ({a.id})."]
    out += [" -> ".join(e.label for e in p.entities) + f"   ({plural(len(p.hops), 'hop')})", ""]
    for i, hop in enumerate(p.hops, 1):
        out += _link_lines(i, hop, f"{hop.source.label} -- {hop.target.label}")
    return out
