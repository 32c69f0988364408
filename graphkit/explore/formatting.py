"""The answers of graphkit.explore as readable text tables (or JSON, :func:`as_json`), as
``graphkit stats``, ``neighbors``, ``path``, ``diff`` and ``timeline`` print them."""

from __future__ import annotations

import json
import shutil
import textwrap
from dataclasses import asdict

from ..core.wording import plural
from ..graph.communities import CommunitySummary
from ..graph.significance import SIGNIFICANT_LINKS_RULE
from . import queries as explore
from .diff import EntityChange, GraphDiff
from .timeline import Timeline


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
        # the title inside the brackets: outside, it ran straight into the sentence
        source = f"[{ev.doc_id}{', ' + ev.date if ev.date else ''}{' · ' + ev.title if ev.title else ''}]"
        stated = f"({ev.relation}) " if ev.relation else ""
        lines += textwrap.wrap(
            f"{source} {stated}{ev.text}",
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
        "initials": "without middle initials",
        "partial": "part of the name",
        "title": "the name without its title",
    }.get(match.matched_by)
    if how:
        notes.append(f'("{match.query}" matched {match.entity.label}: {how})')
    if match.others:
        others = ", ".join(f"{o.label} ({o.type}, id {o.id})" for o in match.others[:5])
        notes.append(f"(also named so: {others}; pass an id to choose)")
    return notes


def _link_lines(i: int, link: explore.Link, ends: str) -> list[str]:
    """One numbered link (``ends`` names its two entities), its relations, and its evidence sentences below it."""
    head = [f"{i:>3}. {ends}  weight {link.weight}, {plural(link.documents, 'document')}"]
    if link.relations:
        told = "; ".join(f"{r.source} → {r.phrase} → {r.target}" if r.source else r.phrase for r in link.relations)
        head += textwrap.wrap(
            f"relations: {told}",
            width=_width(),
            initial_indent="       ",
            subsequent_indent="         ",
            break_on_hyphens=False,
        )
    return [*head, *_evidence_lines(link.evidence, "       ")]


def render_quotes(q) -> list[str]:
    """``graphkit quotes``: the entity, its roles and its quotes with document ids (graphkit.explore.quotes)."""
    out = [_entity_line(q.match.entity), *_match_notes(q.match)]
    if q.roles:
        out.append("roles: " + "; ".join(q.roles))
    if not q.quotes:
        if not q.relations:
            return [*out, "This graph was built with --no-relations: it has no quotes (build without it for them)."]
        return [*out, "No direct quotes attributed to this entity."]
    out += [f"{plural(len(q.quotes), 'quote')}:", ""]
    for quote in q.quotes:
        source = (
            f"[{quote.doc_id}{', ' + quote.date if quote.date else ''}{' · ' + quote.title if quote.title else ''}]"
        )
        out += textwrap.wrap(
            f'{source} "{quote.text}"',
            width=_width(),
            initial_indent="  ",
            subsequent_indent="    ",
            break_on_hyphens=False,
        )
    return out


def as_json(result) -> str:
    """A query's result dataclass as indented JSON, for scripts."""
    data = result.to_dict() if isinstance(result, GraphDiff) else asdict(result)
    if isinstance(result, explore.PathResult):
        data["entities"] = [asdict(e) for e in result.entities]
    return json.dumps(data, ensure_ascii=False, indent=2)


# ---------------------------------------------------------------- stats


def _backbone_line(s: explore.Stats) -> str:
    of = f" of {plural(s.backbone_of_edges, 'link')}" if s.backbone_of_edges is not None else ""
    return (
        f"a backbone (--backbone {s.backbone:g}): {s.edges}{of} kept, those with disparity below "
        f"{s.backbone:g} and a maximum spanning forest"
    )


def render_stats(s: explore.Stats, source: str = "") -> list[str]:
    head = f"{source}: " if source else ""
    docs = f", {plural(s.documents, 'document')}" if s.documents is not None else ""
    window = f" ({s.window} window)" if s.window else ""
    out = [
        f"{head}{plural(s.nodes, 'entity', 'entities')}, {plural(s.edges, 'edge')}{docs}{window}",
        *([_backbone_line(s)] if s.backbone is not None else []),
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
            ["community", "size", "most central members (PageRank)"],
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
    if c.first_date:  # the span of its dated articles only (an undated one may be older or newer)
        span = c.first_date if c.first_date == c.last_date else f"{c.first_date} to {c.last_date}"
        facts.append(f"dated ones {span}")
    out = [
        f"Community {c.number}: {c.name}  ({', '.join(facts)})",
        # (by links inside the community: the name it goes by, not the PageRank of the table above)
        "  most linked inside: " + ", ".join(label for _, label in c.entities),
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
        named = "; ".join(f"[{doc}] {title}".strip() + f" ({k} of them)" for doc, title, k in c.top_documents)
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


# ---------------------------------------------------------------- diff


def _wrapped(line: str, indent: str = "       ", *, note: str = "") -> list[str]:
    if not line:
        return [indent + (note or "(no evidence sentence stored)")]
    text = line + (f" {note}" if note else "")
    return textwrap.wrap(
        text, width=_width(), initial_indent=indent, subsequent_indent=indent + "  ", break_on_hyphens=False
    )


def _entity_evidence(e: EntityChange) -> list[str]:
    if e.evidence:
        return _wrapped(e.evidence)
    return _wrapped("", note=f"(mentioned with no other entity; in {', '.join(e.doc_ids) or 'no document'})")


def render_diff(d: GraphDiff, old: str, new: str) -> list[str]:
    """``graphkit diff``: the counts of both builds, then each section with an evidence line per item."""

    def counts(c):
        docs = f", {plural(c['documents'], 'document')}" if c.get("documents") is not None else ""
        return f"{plural(c['entities'], 'entity', 'entities')}, {plural(c['links'], 'link')}{docs}"

    out = [f"old: {old}: {counts(d.old_counts)}", f"new: {new}: {counts(d.new_counts)}"]

    def head(title, key, shown):
        total = d.totals[key]
        more = f" (the first {shown} of {total})" if shown < total else ""
        return ["", f"{title}: {total}{more}"]

    out += head("New entities", "new_entities", len(d.new_entities))
    for i, e in enumerate(d.new_entities, 1):
        since = f", first seen {e.first_seen}" if e.first_seen else ""
        docs = plural(e.documents, "document")
        out += [f"{i:>3}. {e.label} ({e.type}): {plural(e.mentions, 'mention')} in {docs}{since}", *_entity_evidence(e)]
    out += head("Entities gone", "gone_entities", len(d.gone_entities))
    if d.totals.get("gone_entities_renamed"):
        out.append(
            f"({d.totals['gone_entities_renamed']} of them under another entity's name or type now, shown with ->)"
        )
    for i, e in enumerate(d.gone_entities, 1):
        docs = plural(e.documents, "document")
        now = f"  -> now {e.now['label']} ({e.now['type']})" if e.now else ""
        out += [
            f"{i:>3}. {e.label} ({e.type}): had {plural(e.mentions, 'mention')} in {docs}{now}",
            *_entity_evidence(e),
        ]
    out += head("New links", "new_links", len(d.new_links))
    for i, link in enumerate(d.new_links, 1):
        docs = plural(link.documents, "document")
        out += [
            f"{i:>3}. {link.source_label} -- {link.target_label}: weight {link.weight}, {docs}",
            *_wrapped(link.evidence),
        ]
    out += head("Links that grew", "grown_links", len(d.grown_links))
    for i, link in enumerate(d.grown_links, 1):
        note = "" if link.evidence_is_new else "(an article both builds have)"
        out += [
            f"{i:>3}. {link.source_label} -- {link.target_label}: weight {link.old_weight} -> {link.weight} "
            f"(+{link.growth})",
            *_wrapped(link.evidence, note=note),
        ]
    out += head("Links gone", "gone_links", len(d.gone_links))
    for i, link in enumerate(d.gone_links, 1):
        docs = plural(link.documents, "document")
        out += [f"{i:>3}. {link.source_label} -- {link.target_label}: had weight {link.old_weight}, {docs}",
                *_wrapped(link.evidence)]  # fmt: skip
    out += head("Links that weakened", "weakened_links", len(d.weakened_links))
    for i, link in enumerate(d.weakened_links, 1):
        out += [f"{i:>3}. {link.source_label} -- {link.target_label}: weight {link.old_weight} -> {link.weight} "
                f"({link.growth})", *_wrapped(link.evidence)]  # fmt: skip
    return out


# ---------------------------------------------------------------- timeline


def render_timeline(t: Timeline, bar_width: int = 40) -> list[str]:
    """``graphkit timeline``: first and last seen, then one row per period with a bar."""
    out = [f"{t.name} [id {t.node}]" if t.name is not None else "The whole corpus"]
    if not t.rows:
        undated = f" ({plural(t.undated_mentions, 'mention')} in undated articles)" if t.undated_mentions else ""
        return out + [f"No dated mentions{undated}: build from articles with dates to get a timeline."]
    out.append(f"first seen {t.first_seen}, last seen {t.last_seen}; per {t.period}")
    if t.undated_mentions:
        where = plural(t.undated_articles, "undated article") if t.undated_articles else "undated articles"
        out.append(f"(and {plural(t.undated_mentions, 'mention')} in {where}, not counted below)")
    top = max(r["mentions"] for r in t.rows) or 1
    corpus = t.name is None and "articles" in t.rows[0]
    rows = []
    for r in t.rows:
        bar = "#" * round(bar_width * r["mentions"] / top)
        rows.append([r["period"], r["articles"], r["mentions"], bar] if corpus else [r["period"], r["mentions"], bar])
    headers = ["period", "articles", "mentions", ""] if corpus else ["period", "mentions", ""]
    return out + [""] + _table(headers, rows, right={1, 2} if corpus else {1}, max_col=bar_width + 2)
