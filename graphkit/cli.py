"""The ``graphkit`` command: a thin shell over the library (see graphkit.pipeline)."""

from __future__ import annotations

import sys

import click

from . import __version__
from .allocator import keep_freed_memory
from .atomic import check_writable
from .cache import default_cache_dir
from .documents import DEFAULT_MAX_ARTICLE_BYTES
from .errors import GraphkitError
from .explore_cli import COMMANDS as EXPLORE_COMMANDS
from .exports.html import DEFAULT_MAX_NODES
from .extraction import DEFAULT_MODEL, DEFAULT_TYPES
from .graph import WINDOWS
from .pipeline import FORMATS, build, write_outputs
from .review import explain


def parse_types(value: str | None) -> tuple[str, ...]:
    """'PERSON,ORG' replaces the default types; '+NORP' (or '+NORP,+LAW') adds to them."""
    if not value:
        return DEFAULT_TYPES
    items = [t.strip() for t in value.split(",") if t.strip()]
    if not items:
        raise click.BadParameter("give entity labels such as PERSON,ORG or +NORP", param_hint="--types")
    if all(t.startswith("+") for t in items):
        extra = [t[1:].upper() for t in items]
        return tuple(dict.fromkeys([*DEFAULT_TYPES, *extra]))
    if any(t.startswith("+") for t in items):
        raise click.BadParameter("either list the types (PERSON,ORG) or add to the defaults (+NORP), not both",
                                 param_hint="--types")
    return tuple(dict.fromkeys(t.upper() for t in items))


class _Group(click.Group):
    """Turns errors into clean messages and exit codes; --debug shows the traceback instead.

    Exit codes: 0 done (bad documents may have been skipped), 1 the input, the model or the output
    folder stopped the run (or an unexpected error), 2 usage error, 130 interrupted (Ctrl-C).
    """

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # Outputs are renamed into place all together at the very end (graphkit.atomic.atomic_batch).
            done = ctx.meta.get("graphkit.outputs_written")
            click.echo(
                "\ninterrupted; " + ("the outputs were already written." if done else "no outputs written or changed."),
                err=True,
            )
            ctx.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except GraphkitError as exc:
            if ctx.meta.get("graphkit.debug"):
                raise
            error = click.ClickException(str(exc))
            error.exit_code = exc.exit_code
            raise error from exc
        except Exception as exc:
            if ctx.meta.get("graphkit.debug"):
                raise
            done = ctx.meta.get("graphkit.outputs_written")
            written = "The outputs were written" if done else "No outputs were changed"
            raise click.ClickException(
                f"unexpected error ({type(exc).__name__}: {exc}). {written}. "
                "Run again with --debug to see the traceback, and please report it."
            ) from exc


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="graphkit")
def main():
    """Turn news articles into an entity graph with evidence on every edge.

    \b
    Example:
      graphkit build seeds/ -o output/
      graphkit stats output/graph.graphml
      graphkit path output/graph.graphml "Marco Rubio" "Kim Jong Un"
    """


@main.command("build")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--out", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the outputs.")
@click.option("--name", default="graph", show_default=True, help="Base name of the output files.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="Any installed spaCy pipeline.")
@click.option("--types", "types", default=None, metavar="LABELS",
              help=f"Entity labels to keep, comma-separated (default {','.join(DEFAULT_TYPES)}); "
                   "'+NORP' adds to the defaults.")
@click.option("--window", type=click.Choice(WINDOWS), default="sentence", show_default=True,
              help="Entities in the same window are linked.")
@click.option("--text-field", default="text", show_default=True, help="JSONL/CSV field holding the article text.")
@click.option("--id-field", default="id", show_default=True, help="JSONL/CSV field holding the document id.")
@click.option("--min-mentions", type=click.IntRange(min=1), default=1, show_default=True,
              help="Drop entities mentioned fewer times.")
@click.option("--min-weight", type=click.IntRange(min=1), default=1, show_default=True,
              help="Drop edges with fewer co-mention windows.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=DEFAULT_MAX_NODES, show_default=True,
              help="Most entities shown in the HTML view (the GraphML keeps all).")
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS), help="Output formats (default: all).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary, only the output paths.")
@click.option("--max-article-size", "max_article_mb", type=click.FloatRange(min=0, min_open=True),
              default=DEFAULT_MAX_ARTICLE_BYTES / 1e6, show_default=True, metavar="MB",
              help="Skip larger articles (a text file, a JSONL/CSV row; HTML pages may be 5x larger).")
@click.option("--aliases", "aliases_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="YAML or CSV file mapping surface forms to canonical names and listing names to drop; "
                   "it wins over the automatic merges (merges.csv lines can be copied into it). "
                   "Example: --aliases aliases.yaml")
@click.option("--explain", "explain_names", multiple=True, metavar="NAME",
              help="After building, show why NAME ended where it did (which entity, by which rule, or why "
                   "it was dropped); repeatable. Example: --explain Kim --explain \"Ministry of Defense\"")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="spaCy worker processes on this machine (default: all cores).")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Folder of the extraction and result caches (default: .graphkit-cache in the current "
                   "folder); rebuilds run spaCy only on new or changed articles, and a rebuild with nothing "
                   "changed reuses the graph and leaves up-to-date outputs alone.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the extraction or result cache.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run extraction and co-mention counting on a Dask cluster "
                   "(needs pip install 'graphkit[dask]'). Example: --scheduler tcp://10.0.0.5:8786")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def build_command(ctx, sources, out_dir, name, model, types, window, text_field, id_field, min_mentions,
                  min_weight, max_nodes, formats, quiet, max_article_mb, debug, aliases_file=None, explain_names=(),
                  jobs=None, cache_dir=None, no_cache=False, scheduler=None):
    """Build the entity graph of the articles in SOURCES (files or folders).

    Reads .txt/.md files, JSONL/CSV exports (one article per row) and saved HTML pages;
    folders are read recursively. Writes OUT/NAME.graphml, NAME.gexf, NAME.nodes.csv,
    NAME.edges.csv, NAME.json and NAME.html (choose with --format), and merges.csv
    (NAME.merges.csv for another --name) with every merge of names into one entity, for review.

    \b
    Example:
      graphkit build seeds/ -o output/
      graphkit build export.jsonl --text-field body --window paragraph --types +NORP
      graphkit build seeds/ --aliases aliases.yaml --explain Kim
    """
    ctx.meta["graphkit.debug"] = debug
    if no_cache and cache_dir:
        raise click.BadParameter("give either --cache DIR or --no-cache, not both", param_hint="--cache")
    check_writable(out_dir)  # a bad -o folder is reported now, not after the extraction
    cache = None if no_cache else (cache_dir or default_cache_dir())
    keep_freed_memory()  # this process is ours: spaCy's batches reuse memory (graphkit.allocator)
    result = build(
        sources, model=model, types=parse_types(types), window=window, text_field=text_field,
        id_field=id_field, min_mentions=min_mentions, min_weight=min_weight, quiet=quiet,
        max_article_bytes=int(max_article_mb * 1e6), aliases=aliases_file,
        jobs=jobs, cache=cache, scheduler=scheduler,
    )
    for skipped in result.skipped:
        click.echo(f"skipped {skipped.origin}: {skipped.reason}", err=True)
    for notice in result.notices:
        click.echo(f"note: {notice}", err=True)
    if not result.documents:
        raise click.ClickException("No readable documents in the sources (see the skipped list above).")
    if not result.graph.number_of_nodes():
        raise click.ClickException(
            f"No entities of types {','.join(parse_types(types))} found in {len(result.documents)} document(s). "
            "Check that the files hold article text, or widen --types / lower --min-mentions."
        )
    how = "written"
    if result.fingerprint:  # the result cache knows what these files were written from
        from .result_cache import write_outputs_cached

        paths, how = write_outputs_cached(write_outputs, result.graph, out_dir, cache=cache, key=result.fingerprint,
                                          name=name, formats=formats or FORMATS, max_nodes=max_nodes,
                                          resolution=result.resolution)
    else:
        paths = write_outputs(result.graph, out_dir, name=name, formats=formats or FORMATS, max_nodes=max_nodes,
                              resolution=result.resolution)
    ctx.meta["graphkit.outputs_written"] = True
    if not quiet:
        g = result.graph
        click.echo(
            f"Read {len(result.documents)} document(s), skipped {len(result.skipped)}; "
            f"{result.mention_count} mentions -> {g.number_of_nodes()} entities, {g.number_of_edges()} edges "
            f"({window} window)."
        )
        if result.cached_documents:
            click.echo(f"spaCy ran on {result.ner_documents} document(s); {result.cached_documents} came from the "
                       f"extraction cache.")
        if result.result_cached:
            click.echo("Nothing that decides the graph changed: it came from the result cache.")
        if g.number_of_nodes() > max_nodes and "html" in (formats or FORMATS):
            click.echo(f"The HTML view shows the {max_nodes} most central entities; the GraphML has all.")
    if how == "up to date" and not quiet:
        click.echo("The outputs are up to date (not rewritten):")
    for path in paths:
        click.echo(f"{'up to date' if how == 'up to date' else 'wrote'} {path}")
    for explain_name in explain_names:
        click.echo(f"\n{explain(result.resolution, explain_name)}")


# stats, neighbors, path: questions to a built graph (graphkit/explore_cli.py over graphkit/explore.py)
for _command in EXPLORE_COMMANDS:
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
