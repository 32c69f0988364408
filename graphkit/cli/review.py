"""``graphkit review``: a thin shell over graphkit.explore.reviewing."""

from __future__ import annotations

import click

from ..explore.reviewing import render_review, review, review_json
from ..graph.suggestions import KINDS
from .explore import DEBUG_OPTION, JSON_OPTION


# fmt: off
@click.command("review")
@click.argument("out_dir", metavar="OUT_DIR", type=click.Path(path_type=str))
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True,
              help="Most suggestions listed (0: all); --json lists all unless given.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(list(KINDS)), help="Only this kind; repeatable.")
@JSON_OPTION
@DEBUG_OPTION
@click.pass_context
# fmt: on
def review_command(ctx, out_dir, limit, kinds, json_output):
    """List the likely problems of a build, most mentioned first, each with the alias-file line that fixes it.

    Likely duplicates no rule merged, likely junk, and the rules' merges with the least support.
    OUT_DIR is a build's output folder (or its graph file); its merges.csv is read too.

    \b
    Example:
      graphkit review output/
      graphkit review output/ --kind junk --limit 0
      graphkit review output/ --json > suggestions.json
    """
    result = review(out_dir, tuple(kinds))
    if not json_output:
        click.echo("\n".join(render_review(result, limit)))
        return
    given = ctx.get_parameter_source("limit") != click.core.ParameterSource.DEFAULT
    click.echo(review_json(result, limit if given else None))
