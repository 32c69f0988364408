"""``graphkit stats``, ``neighbors``, ``path``, ``quotes``, ``diff``, ``timeline``, ``review``: ask graphkit.explore
about a built graph, print its tables (or JSON with ``--json``). Errors reach the user as one line via the group."""

from __future__ import annotations

import click

from .. import explore as ex
from ..caches.beside import wait_for_stores
from ..explore.diff import DEFAULT_LIMIT
from ..graph.dated import PERIODS
from .group import command, in_meta

GRAPH = click.argument("graph", metavar="GRAPH", type=click.Path(path_type=str))
JSON = click.option("--json", "json_output", is_flag=True, help="Print JSON for scripts instead of tables.")
CACHE = (click.option("--cache", type=click.Path(file_okay=False, path_type=str), expose_value=False, callback=in_meta,
                      help="Cache folder keeping the graph read for the next command (default: .graphkit-cache "
                      "in the current folder, when a build made it)."),
         click.option("--no-cache", is_flag=True, expose_value=False, callback=in_meta,
                      help="Neither use nor fill a cache folder."))  # fmt: skip


def read(call, *args, **options):
    """``call`` (ex.load_graph, ex.review) with the cache folder --cache/--no-cache name; notes to stderr."""
    ctx, notices = click.get_current_context(), []
    meta = ctx.meta  # --cache and --no-cache (in_meta)
    if meta["graphkit.cache"] is not None and meta["graphkit.no_cache"]:
        raise click.BadParameter("give either --cache DIR or --no-cache, not both", param_hint="--cache")
    folder = ex.reading_cache(meta["graphkit.cache"], use=not meta["graphkit.no_cache"])
    result = call(*args, cache=folder, notices=notices, **options)
    notes(notices)
    if folder is not None and not meta.get("graphkit.kept"):
        # the graph read is kept (graphkit.caches.read_back) while the answer is made and shown; the
        # command waits for that before it ends, so its notes are shown and a Ctrl-C is the group's
        meta["graphkit.kept"] = True
        ctx.call_on_close(lambda: notes(wait_for_stores()))
    return result


def notes(notices: list[str]) -> None:
    click.echo("".join(f"note: {notice}\n" for notice in notices), err=True, nl=False)


def limit_option(default: int, help: str, least: int = 1):
    return click.option("--limit", type=click.IntRange(min=least), default=default, show_default=True, help=help)


def show(result, json_output: bool, render, *args) -> None:  # JSON for scripts, or render(result, *args)
    click.echo(ex.as_json(result) if json_output else "\n".join(render(result, *args)))


@command("stats", GRAPH, JSON, click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
                                            help="Rows per table."), *CACHE)  # fmt: skip
def stats_command(graph, top, json_output):
    """Summarise a built graph: counts, top entities, strongest links by count and by significance, communities.

    GRAPH is a .graphml, .gexf or .json file written by `graphkit build`, or its output folder.

    \b
    Example:
      graphkit stats output/graph.graphml
      graphkit stats output/ --top 20 --json
    """
    path = ex.find_graph_file(graph)
    show(ex.stats(read(ex.load_graph, path), top=top), json_output, ex.render_stats, str(path))


@command("neighbors", GRAPH, click.argument("name"), limit_option(25, "Most listed (0: all).", least=0), JSON, *CACHE)
def neighbors_command(graph, name, limit, json_output):
    """List the entities mentioned together with NAME, strongest first, with the evidence sentences.

    NAME is a label, any spelling seen in the articles, a unique part of a name, or a node id. A link's weight
    counts the sentences (--window) naming both; relations come from all, the sentences shown are the first kept.

    \b
    Example:
      graphkit neighbors output/graph.graphml "Marco Rubio"
      graphkit neighbors output/ KCNA --limit 5 --json
    """
    show(ex.neighbors(read(ex.load_graph, graph), name, limit=limit or None), json_output, ex.render_neighbors)


@command("path", GRAPH, click.argument("source", metavar="A"), click.argument("target", metavar="B"), JSON, *CACHE)
def path_command(graph, source, target, json_output):
    """Show the shortest chain of co-mentions from A to B, with the evidence for each hop.

    Fewest hops first; among equally short chains, the one through the strongest links.

    \b
    Example:
      graphkit path output/graph.graphml "Marco Rubio" "Kim Jong Un"
      graphkit path output/ Rubio KCNA --json
    """
    show(ex.shortest_path(read(ex.load_graph, graph), source, target), json_output, ex.render_path)


@command("quotes", GRAPH, click.argument("name"), JSON, *CACHE)
def quotes_command(graph, name, json_output):
    """List what NAME said (quotes with their document ids) and NAME's roles.

    Example: graphkit quotes output/graph.graphml "Yang Mu-jin"
    """
    show(ex.quotes(read(ex.load_graph, graph), name), json_output, ex.render_quotes)


@command("diff", click.argument("old", metavar="OLD", type=click.Path(path_type=str)),
         click.argument("new", metavar="NEW", type=click.Path(path_type=str)),
         limit_option(DEFAULT_LIMIT, "Most items listed per section (most important first)."),
         JSON, *CACHE)  # fmt: skip
def diff_command(old, new, limit, json_output):
    """Compare two builds: new entities, entities gone, new links and links whose weight grew.

    OLD and NEW are graph files written by `graphkit build` (.graphml, .gexf, .json) or their output
    folders. Entities are matched by node id; one whose name or type changed is gone, "now" under the entity
    holding its name. Each item has an evidence sentence, from an article the old build lacked if possible.

    \b
    Example:
      graphkit diff last-week/ output/
      graphkit diff old/graph.graphml new/graph.graphml --limit 5 --json
    """
    old_path, new_path = ex.find_graph_file(old), ex.find_graph_file(new)
    diff = ex.diff_graphs(read(ex.load_graph, old_path), read(ex.load_graph, new_path), limit=limit)
    show(diff, json_output, ex.render_diff, str(old_path), str(new_path))


@command("timeline", GRAPH, click.argument("name", required=False), JSON, click.option(
    "--by", "period", type=click.Choice(("auto", *PERIODS)), default="auto", show_default=True,
    help="Period per row; auto: days up to three months, weeks up to two years, then months."), *CACHE)  # fmt: skip
def timeline_command(graph, name, period, json_output):
    """Mentions per period: of the whole corpus (with its articles), or of the entity NAME.

    GRAPH is a graph file written by `graphkit build` from dated articles, or its output folder.
    NAME is a label, any spelling seen in the articles, a unique part of a name, or a node id.

    \b
    Example:
      graphkit timeline output/
      graphkit timeline output/graph.graphml "Donald Trump" --by month
    """
    g = read(ex.load_graph, graph)
    entity = None if name is None else ex.find_entity(g, name).entity.id
    result = ex.corpus_timeline(g, period) if entity is None else ex.entity_timeline(g, entity, period)
    show(result, json_output, ex.render_timeline)


@command("review", GRAPH, limit_option(20, "Most suggestions listed (0: all).", least=0), JSON, *CACHE)
def review_command(graph, limit, json_output):
    """List the likely problems of a build (GRAPH: its folder), each with the alias-file line that fixes it.

    Example: graphkit review output/ --limit 0 --json
    """
    show(read(ex.review, graph, limit=limit), json_output, ex.render_review)
