"""``graphkit build``: options to BuildSettings, then the library's build, outputs and summary."""

from __future__ import annotations

import click

from ..caches import default_cache_dir
from ..core.allocator import keep_freed_memory
from ..core.atomic import check_writable
from ..exports.html import DEFAULT_MAX_NODES
from ..extraction import DEFAULT_MODEL, DEFAULT_TYPES
from ..graph import WINDOWS
from ..pipeline import DEFAULT_FORMATS, FORMATS, BuildSettings, build, notice_lines, save_outputs, summary_lines
from ..reading import DEFAULT_MAX_ARTICLE_BYTES
from ..resolution import explain


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
        raise click.BadParameter(
            "either list the types (PERSON,ORG) or add to the defaults (+NORP), not both", param_hint="--types"
        )
    return tuple(dict.fromkeys(t.upper() for t in items))


# The option table: one option per line or two, so it reads as a table (not reformatted).
# Options named like a BuildSettings field arrive in **settings and go to it unchanged.
# fmt: off
@click.command("build")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--out", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the outputs.")
@click.option("--name", default="graph", show_default=True, help="Base name of the output files.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="Any installed spaCy pipeline.")
@click.option("--types", metavar="LABELS", help=f"Entity labels to keep, comma-separated (default "
              f"{','.join(DEFAULT_TYPES)}); '+NORP' adds to the defaults.")
@click.option("--window", type=click.Choice(WINDOWS), default="sentence", show_default=True,
              help="Entities in the same window are linked.")
@click.option("--text-field", default="text", show_default=True, help="JSONL/CSV field holding the article text.")
@click.option("--id-field", default="id", show_default=True, help="JSONL/CSV field holding the document id.")
@click.option("--date-field", default="date", show_default=True,
              help="JSONL/CSV field holding the article's date (2019-01-04, January 4 2019, Unix time...).")
@click.option("--since", metavar="DATE", help="Keep the articles dated DATE (YYYY-MM-DD) or later; undated "
              "articles are left out. Example: --since 2019-03-01")
@click.option("--until", metavar="DATE", help="Keep the articles dated DATE (YYYY-MM-DD) or earlier; undated "
              "articles are left out.")
@click.option("--min-mentions", type=click.IntRange(min=1), default=1, show_default=True,
              help="Drop entities mentioned fewer times.")
@click.option("--min-weight", type=click.IntRange(min=1), default=1, show_default=True,
              help="Drop edges with fewer co-mention windows.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=DEFAULT_MAX_NODES, show_default=True,
              help="Most entities in the HTML page's first view (its search finds all; the GraphML keeps all).")
@click.option("--backbone", type=click.FloatRange(0, 1, min_open=True), metavar="ALPHA", help="Keep only the backbone "
              "in every output: links with disparity below ALPHA plus a spanning forest. Example: --backbone 0.05")
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS),
              help=f"Output formats, repeatable (default: {','.join(DEFAULT_FORMATS)}). Example: --format mentions")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary, only the output paths.")
@click.option("--max-article-size", "max_article_mb", type=click.FloatRange(min=0, min_open=True),
              default=DEFAULT_MAX_ARTICLE_BYTES / 1e6, show_default=True, metavar="MB",
              help="Skip larger articles (a text file, a JSONL/CSV row; HTML pages may be 5x larger).")
@click.option("--aliases", type=click.Path(dir_okay=False), metavar="FILE",
              help="YAML or CSV file mapping surface forms to canonical names and listing names to drop; "
                   "it wins over the automatic merges (merges.csv lines can be copied into it). "
                   "Example: --aliases aliases.yaml")
@click.option("--explain", "explain_names", multiple=True, metavar="NAME",
              help="After building, show why NAME ended where it did (which entity, by which rule, or why "
                   "it was dropped); repeatable. Example: --explain Kim --explain \"Ministry of Defense\"")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="spaCy worker processes on this machine (default: all cores).")
@click.option("--cache", type=click.Path(file_okay=False), metavar="DIR",
              help="Folder of the extraction and result caches (default: .graphkit-cache in the current "
                   "folder); rebuilds run spaCy only on new or changed articles, and a rebuild with nothing "
                   "changed reuses the graph and leaves up-to-date outputs alone.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the extraction or result cache.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run extraction and co-mention counting on a Dask cluster "
                   "(needs pip install 'graphkit[dask]'). Example: --scheduler tcp://10.0.0.5:8786")
@click.option("--relations/--no-relations", default=True, show_default=True, help="Relations, roles and quotes from "
              "spaCy's dependency parser; --no-relations: the plain co-mention graph, faster.")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
# fmt: on
def build_command(ctx, sources, types, max_article_mb, formats, explain_names, cache, no_cache, debug, **settings):
    """Build the entity graph of the articles in SOURCES (files or folders).

    Reads .txt/.md files, JSONL/CSV exports (one article per row) and saved HTML pages;
    folders are read recursively. Writes OUT/NAME.graphml, NAME.gexf, NAME.nodes.csv,
    NAME.edges.csv, NAME.json, NAME.html (choose with --format, also mentions, ftm, neo4j), and merges.csv
    (NAME.merges.csv for another --name) with every merge of names into one entity, for review.

    \b
    Example:
      graphkit build seeds/ -o output/
      graphkit build export.jsonl --text-field body --window paragraph --types +NORP
      graphkit build seeds/ --aliases aliases.yaml --explain Kim
      graphkit build export.jsonl --date-field published --since 2025-04-01 --until 2025-04-30
    """
    ctx.meta["graphkit.debug"] = debug
    if no_cache and cache:
        raise click.BadParameter("give either --cache DIR or --no-cache, not both", param_hint="--cache")
    settings = BuildSettings(
        **settings, types=parse_types(types), max_article_bytes=int(max_article_mb * 1e6),
        formats=formats or DEFAULT_FORMATS, cache=None if no_cache else (cache or default_cache_dir()),
    )  # fmt: skip
    check_writable(settings.out_dir)  # a bad -o folder is reported now, not after the extraction
    keep_freed_memory()  # this process is ours: spaCy's batches reuse memory (graphkit.core.allocator)
    result = build(sources, settings=settings)
    for line in notice_lines(result):
        click.echo(line, err=True)
    saved = save_outputs(result, settings, on_wait=lambda: click.echo(
        f"note: another graphkit build is writing into {settings.out_dir}; waiting for it to finish", err=True))
    ctx.meta["graphkit.outputs_written"] = True
    for line in summary_lines(result, settings, saved):
        click.echo(line)
    for explain_name in explain_names:
        click.echo(f"\n{explain(result.resolution, explain_name)}")
