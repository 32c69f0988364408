"""``graphkit stats``, ``neighbors``, ``path``, ``quotes``, ``diff``, ``timeline``, ``review``: ask graphkit.explore
about a built graph, print its tables (or JSON with ``--json``). Errors reach the user as one line via the group."""

from __future__ import annotations

import click

from .. import explore as ex
from ..caches import default_cache_dir
from ..explore.diff import DEFAULT_LIMIT
from ..graph.dated import PERIODS
from .group import command

GRAPH = click.argument("graph", metavar="GRAPH", type=click.Path(path_type=str))
JSON = click.option("--json", "json_output", is_flag=True, help="Print JSON for scripts instead of tables.")


CACHE = click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=str),
    help="Cache folder where the graph read is kept, so the next command on the same file skips reading it "
    "(default: .graphkit-cache in the current folder, when there is one).",
)
NO_CACHE = click.option("--no-cache", is_flag=True, help="Neither use nor fill a cache folder.")


def cache_folder(cache: str | None, no_cache: bool):
    """The cache folder the options name: --cache, else the default folder when a build made it here
    (a question alone creates no folder); None with --no-cache."""
    if no_cache and cache is not None:
        raise click.BadParameter("give either --cache DIR or --no-cache, not both", param_hint="--cache")
    if no_cache:
        return None
    if cache is not None:
        return cache
    return default_cache_dir() if default_cache_dir().is_dir() else None


def echo_notices(notices: list[str]) -> None:
    click.echo("".join(f"note: {notice}\n" for notice in notices), err=True, nl=False)


def load(graph, cache: str | None, no_cache: bool):
    """ex.load_graph through the cache folder the options name; its notices go to stderr."""
    notices: list[str] = []
    g = ex.load_graph(graph, cache=cache_folder(cache, no_cache), notices=notices)
    echo_notices(notices)
    return g


def limit_option(default: int, help: str, least: int = 1):
    return click.option("--limit", type=click.IntRange(min=least), default=default, show_default=True, help=help)


def show(result, json_output: bool, render, *args) -> None:  # JSON for scripts, or render(result, *args)
    click.echo(ex.as_json(result) if json_output else "\n".join(render(result, *args)))


@command("stats", GRAPH, JSON, click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
                                            help="Rows per table."), CACHE, NO_CACHE)  # fmt: skip
def stats_command(graph, top, json_output, cache, no_cache):
    """Summarise a built graph: counts, top entities, strongest links by count and by significance, communities.

    GRAPH is a .graphml, .gexf or .json file written by `graphkit build`, or its output folder.

    \b
    Example:
      graphkit stats output/graph.graphml
      graphkit stats output/ --top 20 --json
    """
    path = ex.find_graph_file(graph)
    show(ex.stats(load(path, cache, no_cache), top=top), json_output, ex.render_stats, str(path))


@command("neighbors", GRAPH, click.argument("name"), limit_option(25, "Most neighbors listed (strongest first)."), JSON,
         CACHE, NO_CACHE)  # fmt: skip
def neighbors_command(graph, name, limit, json_output, cache, no_cache):
    """List the entities mentioned together with NAME, strongest first, with the evidence sentences.

    NAME is a label, any spelling seen in the articles, a unique part of a name, or a node id.

    \b
    Example:
      graphkit neighbors output/graph.graphml "Marco Rubio"
      graphkit neighbors output/ KCNA --limit 5 --json
    """
    show(ex.neighbors(load(graph, cache, no_cache), name, limit=limit), json_output, ex.render_neighbors)


@command("path", GRAPH, click.argument("source", metavar="A"), click.argument("target", metavar="B"), JSON,
         CACHE, NO_CACHE)  # fmt: skip
def path_command(graph, source, target, json_output, cache, no_cache):
    """Show the shortest chain of co-mentions from A to B, with the evidence for each hop.

    Fewest hops first; among equally short chains, the one through the strongest links.

    \b
    Example:
      graphkit path output/graph.graphml "Marco Rubio" "Kim Jong Un"
      graphkit path output/ Rubio KCNA --json
    """
    show(ex.shortest_path(load(graph, cache, no_cache), source, target), json_output, ex.render_path)


@command("quotes", GRAPH, click.argument("name"), JSON, CACHE, NO_CACHE)
def quotes_command(graph, name, json_output, cache, no_cache):
    """List what NAME said (quotes with their document ids) and NAME's roles.

    Example: graphkit quotes output/graph.graphml "Yang Mu-jin"
    """
    show(ex.quotes(load(graph, cache, no_cache), name), json_output, ex.render_quotes)


@command("diff", click.argument("old", metavar="OLD", type=click.Path(path_type=str)),
         click.argument("new", metavar="NEW", type=click.Path(path_type=str)),
         limit_option(DEFAULT_LIMIT, "Most items listed per section (most important first)."), JSON,
         CACHE, NO_CACHE)  # fmt: skip
def diff_command(old, new, limit, json_output, cache, no_cache):
    """Compare two builds: new entities, entities gone, new links and links whose weight grew.

    OLD and NEW are graph files written by `graphkit build` (.graphml, .gexf, .json) or their output
    folders. Entities are matched by node id, which stays the same across builds. Each item has an
    evidence sentence, from an article the old build did not have where the graph stores one.

    \b
    Example:
      graphkit diff last-week/ output/
      graphkit diff old/graph.graphml new/graph.graphml --limit 5 --json
    """
    old_path, new_path = ex.find_graph_file(old), ex.find_graph_file(new)
    diff = ex.diff_graphs(load(old_path, cache, no_cache), load(new_path, cache, no_cache), limit=limit)
    show(diff, json_output, ex.render_diff, str(old_path), str(new_path))


@command("timeline", GRAPH, click.argument("name", required=False), JSON, click.option(
    "--by", "period", type=click.Choice(("auto", *PERIODS)), default="auto", show_default=True,
    help="Period per row; auto: days up to three months, weeks up to two years, then months."),
    CACHE, NO_CACHE)  # fmt: skip
def timeline_command(graph, name, period, json_output, cache, no_cache):
    """Mentions per period: of the whole corpus (with its articles), or of the entity NAME.

    GRAPH is a graph file written by `graphkit build` from dated articles, or its output folder.
    NAME is a label, any spelling seen in the articles, a unique part of a name, or a node id.

    \b
    Example:
      graphkit timeline output/
      graphkit timeline output/graph.graphml "Donald Trump" --by month
    """
    g = load(graph, cache, no_cache)
    entity = None if name is None else ex.find_entity(g, name).entity.id
    result = ex.corpus_timeline(g, period) if entity is None else ex.entity_timeline(g, entity, period)
    show(result, json_output, ex.render_timeline)


@command("review", GRAPH, limit_option(20, "Most suggestions listed (0: all).", least=0), JSON, CACHE, NO_CACHE)
def review_command(graph, limit, json_output, cache, no_cache):
    """List the likely problems of a build (GRAPH: its folder), each with the alias-file line that fixes it.

    Example: graphkit review output/ --limit 0 --json
    """
    notices: list[str] = []
    found = ex.review(graph, limit=limit, cache=cache_folder(cache, no_cache), notices=notices)
    echo_notices(notices)
    show(found, json_output, ex.render_review)
