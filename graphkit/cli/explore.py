"""``graphkit stats``, ``graphkit neighbors`` and ``graphkit path``: thin shells over graphkit.explore.

Each command loads the graph, asks graphkit.explore, and prints either readable tables or, with
``--json``, the result dataclasses as JSON. Library errors (unknown name, unreadable file) reach the
user through the CLI group as one-line messages; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import click

from ..explore import (
    as_json,
    find_graph_file,
    load_graph,
    neighbors,
    render_neighbors,
    render_path,
    render_stats,
    shortest_path,
    stats,
)


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
