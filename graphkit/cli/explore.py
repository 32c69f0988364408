"""``graphkit stats``, ``neighbors``, ``path``, ``quotes``, ``diff`` and ``timeline``: load the graph, ask
graphkit.explore, print its tables (or JSON with ``--json``).
Errors reach the user as one line through the CLI group."""

from __future__ import annotations

import click

from ..explore import (
    as_json,
    corpus_timeline,
    diff_graphs,
    entity_timeline,
    find_entity,
    find_graph_file,
    load_graph,
    neighbors,
    quotes,
    render_diff,
    render_neighbors,
    render_path,
    render_quotes,
    render_stats,
    render_timeline,
    shortest_path,
    stats,
)
from ..explore.diff import DEFAULT_LIMIT
from ..graph.dated import PERIODS


def _set_debug(ctx: click.Context, _param, value: bool) -> None:
    # the CLI group reads this flag (shared through ctx.meta) to show tracebacks instead of one-line errors
    ctx.meta["graphkit.debug"] = value


GRAPH_ARGUMENT = click.argument("graph", metavar="GRAPH", type=click.Path(path_type=str))
JSON_OPTION = click.option("--json", "json_output", is_flag=True, help="Print JSON for scripts instead of tables.")
DEBUG_OPTION = click.option(
    "--debug", is_flag=True, expose_value=False, callback=_set_debug, help="Show tracebacks for errors."
)


@click.command("stats")
@GRAPH_ARGUMENT
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Rows per table.")
@JSON_OPTION
@DEBUG_OPTION
def stats_command(graph, top, json_output):
    """Summarise a built graph: counts, top entities, strongest links by count and by significance, communities.

    GRAPH is a .graphml, .gexf or .json file written by `graphkit build`, or its output folder.

    \b
    Example:
      graphkit stats output/graph.graphml
      graphkit stats output/ --top 20 --json
    """
    path = find_graph_file(graph)
    result = stats(load_graph(path), top=top)
    click.echo(as_json(result) if json_output else "\n".join(render_stats(result, str(path))))


@click.command("neighbors")
@GRAPH_ARGUMENT
@click.argument("name")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=25,
    show_default=True,
    help="Most neighbors listed (strongest first).",
)
@JSON_OPTION
@DEBUG_OPTION
def neighbors_command(graph, name, limit, json_output):
    """List the entities mentioned together with NAME, strongest first, with the evidence sentences.

    NAME is a label, any spelling seen in the articles, a unique part of a name, or a node id.

    \b
    Example:
      graphkit neighbors output/graph.graphml "Marco Rubio"
      graphkit neighbors output/ KCNA --limit 5 --json
    """
    result = neighbors(load_graph(graph), name, limit=limit)
    click.echo(as_json(result) if json_output else "\n".join(render_neighbors(result)))


@click.command("path")
@GRAPH_ARGUMENT
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@JSON_OPTION
@DEBUG_OPTION
def path_command(graph, source, target, json_output):
    """Show the shortest chain of co-mentions from A to B, with the evidence for each hop.

    Fewest hops first; among equally short chains, the one through the strongest links.

    \b
    Example:
      graphkit path output/graph.graphml "Marco Rubio" "Kim Jong Un"
      graphkit path output/ Rubio KCNA --json
    """
    result = shortest_path(load_graph(graph), source, target)
    click.echo(as_json(result) if json_output else "\n".join(render_path(result)))


@click.command("quotes")
@GRAPH_ARGUMENT
@click.argument("name")
@JSON_OPTION
@DEBUG_OPTION
def quotes_command(graph, name, json_output):
    """List what NAME said: the quotes the articles attribute to NAME, with document ids (and NAME's roles).

    \b
    Example:
      graphkit quotes output/graph.graphml "Yang Mu-jin"
    """
    result = quotes(load_graph(graph), name)
    click.echo(as_json(result) if json_output else "\n".join(render_quotes(result)))


@click.command("diff")
@click.argument("old", metavar="OLD", type=click.Path(path_type=str))
@click.argument("new", metavar="NEW", type=click.Path(path_type=str))
@click.option("--limit", type=click.IntRange(min=1), default=DEFAULT_LIMIT, show_default=True,
              help="Most items listed per section (most important first).")  # fmt: skip
@JSON_OPTION
@DEBUG_OPTION
def diff_command(old, new, limit, json_output):
    """Compare two builds: new entities, entities gone, new links and links whose weight grew.

    OLD and NEW are graph files written by `graphkit build` (.graphml, .gexf, .json) or their output
    folders. Entities are matched by node id, which stays the same across builds. Each item has an
    evidence sentence, from an article the old build did not have where the graph stores one.

    \b
    Example:
      graphkit diff last-week/ output/
      graphkit diff old/graph.graphml new/graph.graphml --limit 5 --json
    """
    old_path, new_path = find_graph_file(old), find_graph_file(new)
    result = diff_graphs(load_graph(old_path), load_graph(new_path), limit=limit)
    click.echo(as_json(result) if json_output else "\n".join(render_diff(result, str(old_path), str(new_path))))


@click.command("timeline")
@GRAPH_ARGUMENT
@click.argument("name", required=False)
@click.option("--by", "period", type=click.Choice(("auto", *PERIODS)), default="auto", show_default=True,
              help="Period per row; auto: days up to three months, weeks up to two years, then months.")  # fmt: skip
@JSON_OPTION
@DEBUG_OPTION
def timeline_command(graph, name, period, json_output):
    """Mentions per period: of the whole corpus (with its articles), or of the entity NAME.

    GRAPH is a graph file written by `graphkit build` from dated articles, or its output folder.
    NAME is a label, any spelling seen in the articles, a unique part of a name, or a node id.

    \b
    Example:
      graphkit timeline output/
      graphkit timeline output/graph.graphml "Donald Trump" --by month
    """
    g = load_graph(graph)
    result = corpus_timeline(g, period) if name is None else entity_timeline(g, find_entity(g, name).entity.id, period)
    click.echo(as_json(result) if json_output else "\n".join(render_timeline(result)))
