"""``graphkit build``: options to BuildSettings, then the library's build, outputs and summary."""

from __future__ import annotations

from dataclasses import fields

import click

from ..caches import default_cache_dir
from ..core.allocator import keep_freed_memory
from ..core.atomic import check_writable
from ..pipeline import BuildSettings, build, notice_lines, save_outputs, summary_lines
from ..reading import DEFAULT_MAX_ARTICLE_BYTES
from ..resolution import explain
from .group import command


def _setting_option(f):
    """The option of a BuildSettings field that declares a flag (graphkit.pipeline.settings.setting)."""
    meta = dict(f.metadata)
    kind = None
    if "choices" in meta:
        kind = click.Choice(meta["choices"])
    elif "path" in meta:
        kind = click.Path(file_okay=meta["path"] == "file", dir_okay=meta["path"] == "folder")
    elif "min" in meta:
        kind = (click.FloatRange if isinstance(meta["min"], float) else click.IntRange)(
            meta["min"], meta.get("max"), min_open=meta.get("min_open", False)
        )
    shown = f.default not in (None, ()) and not meta.get("multiple") and f.name != "types"
    return click.option(
        *filter(None, (meta.get("short"), meta["flag"], f.name)), type=kind, help=meta["help"],
        metavar=meta.get("metavar"), multiple=meta.get("multiple", False),
        default=f.default if shown else None, show_default=shown,
    )  # fmt: skip


# An option for each BuildSettings field that has a flag, in the fields' order, then those that are no field as such.
# fmt: off
@command(
    "build",
    click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=str)),
    *(_setting_option(f) for f in fields(BuildSettings) if f.metadata.get("flag")),
    click.option("--max-article-size", "max_article_mb", type=click.FloatRange(min=0, min_open=True),
                 default=DEFAULT_MAX_ARTICLE_BYTES / 1e6, show_default=True, metavar="MB",
                 help=BuildSettings.__dataclass_fields__["max_article_bytes"].metadata["help"]),
    click.option("--no-cache", is_flag=True, help="Neither read nor write the extraction or result cache."),
    click.option("--explain", "explain_names", multiple=True, metavar="NAME",
                 help="After building, show why NAME ended where it did (which entity, by which rule, or why "
                      "it was dropped); repeatable. Example: --explain Kim --explain \"Ministry of Defense\""),
    click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary, only the output paths."),
    click.pass_context,
)
# fmt: on
def build_command(ctx, sources, max_article_mb, explain_names, no_cache, **settings):
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
    if no_cache and settings["cache"]:
        raise click.BadParameter("give either --cache DIR or --no-cache, not both", param_hint="--cache")
    cache = None if no_cache else (settings.pop("cache") or default_cache_dir())
    given = {key: value for key, value in settings.items() if value not in (None, ())}  # else the default
    settings = BuildSettings(**given, max_article_bytes=int(max_article_mb * 1e6), cache=cache)
    check_writable(settings.out_dir)  # a bad -o folder is reported now, not after the extraction
    keep_freed_memory()  # this process is ours: spaCy's batches reuse memory (graphkit.core.allocator)
    result = build(sources, settings=settings)
    for line in notice_lines(result):
        click.echo(line, err=True)
    saved = save_outputs(result, settings, on_wait=lambda: click.echo(
        f"note: another graphkit build is writing into {settings.out_dir}; waiting for it to finish", err=True))
    ctx.meta["graphkit.outputs_written"] = True
    click.echo("".join(f"note: {notice}\n" for notice in saved.notices), err=True, nl=False)
    for line in summary_lines(result, settings, saved):
        click.echo(line)
    for explain_name in explain_names:
        click.echo(f"\n{explain(result.resolution, explain_name)}")
