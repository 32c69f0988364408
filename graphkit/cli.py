"""The ``graphkit`` command: a thin shell over the library (see graphkit.pipeline)."""

from __future__ import annotations

import sys

import click

from . import __version__
from .errors import GraphkitError
from .exports.html import DEFAULT_MAX_NODES
from .extraction import DEFAULT_MODEL, DEFAULT_TYPES
from .graph import WINDOWS
from .pipeline import FORMATS, build, write_outputs


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
    """Turns library errors into clean messages; --debug shows the traceback instead."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GraphkitError as exc:
            if ctx.meta.get("graphkit.debug"):
                raise
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="graphkit")
def main():
    """Turn news articles into an entity graph with evidence on every edge.

    \b
    Example:
      graphkit build seeds/ -o output/
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
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def build_command(ctx, sources, out_dir, name, model, types, window, text_field, id_field, min_mentions,
                  min_weight, max_nodes, formats, quiet, debug):
    """Build the entity graph of the articles in SOURCES (files or folders).

    Reads .txt/.md files, JSONL/CSV exports (one article per row) and saved HTML pages;
    folders are read recursively. Writes OUT/NAME.graphml and OUT/NAME.html.

    \b
    Example:
      graphkit build seeds/ -o output/
      graphkit build export.jsonl --text-field body --window paragraph --types +NORP
    """
    ctx.meta["graphkit.debug"] = debug
    result = build(
        sources, model=model, types=parse_types(types), window=window, text_field=text_field,
        id_field=id_field, min_mentions=min_mentions, min_weight=min_weight, quiet=quiet,
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
    paths = write_outputs(result.graph, out_dir, name=name, formats=formats or FORMATS, max_nodes=max_nodes)
    if not quiet:
        g = result.graph
        click.echo(
            f"Read {len(result.documents)} document(s), skipped {len(result.skipped)}; "
            f"{result.mention_count} mentions -> {g.number_of_nodes()} entities, {g.number_of_edges()} edges "
            f"({window} window)."
        )
        if g.number_of_nodes() > max_nodes and "html" in (formats or FORMATS):
            click.echo(f"The HTML view shows the {max_nodes} most mentioned entities; the GraphML has all.")
    for path in paths:
        click.echo(f"wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
