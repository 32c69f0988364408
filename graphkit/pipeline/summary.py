"""What a build tells its user: skipped inputs and notices (for stderr), and the summary (stdout)."""

from __future__ import annotations

from .outputs import SavedOutputs
from .result import BuildResult
from .settings import FORMATS, BuildSettings


def notice_lines(result: BuildResult) -> list[str]:
    """One line per skipped input (with the reason) and per notice."""
    lines = [f"skipped {skipped.origin}: {skipped.reason}" for skipped in result.skipped]
    return lines + [f"note: {notice}" for notice in result.notices]


def dates_line(result: BuildResult) -> str:
    """Dated and undated articles, and what ``since``/``until`` left out."""
    docs, undated, dropped = len(result.documents), result.undated_count, result.date_range
    if dropped.active:
        return f"Kept {docs} article(s) dated {dropped.describe()}; {dropped.left_out()}."
    if undated == docs:
        return f"All {docs} article(s) are undated (no date field, page date or dateline): no timeline."
    days = sorted(d.date for d in result.documents if d.date)
    span = days[0] if days[0] == days[-1] else f"{days[0]} to {days[-1]}"
    return f"{docs - undated} article(s) dated {span}, {undated} undated."


def summary_lines(result: BuildResult, settings: BuildSettings, saved: SavedOutputs) -> list[str]:
    """The summary and the files written (or found up to date); only the files when quiet."""
    lines = []
    up_to_date = saved.how == "up to date"
    if not settings.quiet:
        g = result.graph
        lines.append(
            f"Read {len(result.documents)} document(s), skipped {len(result.skipped)}; "
            f"{result.mention_count} mentions -> {g.number_of_nodes()} entities, {g.number_of_edges()} edges "
            f"({settings.window} window)."
        )
        placed = sum(int(n or 0) for _, n in g.nodes(data="mentions"))
        if result.mention_count > placed:
            lines.append(
                f"{result.mention_count - placed} mention(s) are in no entity: dropped as no name or by the "
                "alias file (merges.csv lists them), or of entities under --min-mentions."
            )
        lines.append(dates_line(result))
        if g.graph.get("backbone"):
            lines.append(
                f"Backbone at {g.graph['backbone']}: kept {g.number_of_edges()} of "
                f"{g.graph.get('backbone_of_edges')} edges."
            )
        if result.cached_documents:
            lines.append(
                f"spaCy ran on {result.ner_documents} document(s); {result.cached_documents} came from the "
                f"extraction cache."
            )
        if result.result_cached:
            lines.append("Nothing that decides the graph changed: it came from the result cache.")
        max_nodes = settings.max_nodes
        if max_nodes is not None and g.number_of_nodes() > max_nodes and "html" in (settings.formats or FORMATS):
            lines.append(
                f"The HTML page first shows {max_nodes} entities (the most central of each large community, then "
                "overall); its search finds them all, and the GraphML has all."
            )
        if up_to_date:
            lines.append("The outputs are up to date (not rewritten):")
    lines.extend(f"{'up to date' if up_to_date else 'wrote'} {path}" for path in saved.paths)
    return lines
