"""The ``graphkit`` command: a thin shell over the library. Options in, library calls, text out."""

from __future__ import annotations

import sys

import click

from ..core.errors import GraphkitError
from ..core.version import __version__

#: the flag of each setting a library error may name (graphkit.core.errors.SETTINGS)
# fmt: off
FLAGS = {
    "model": "--model", "out_dir": "-o/--out", "cache": "--cache DIR", "no_cache": "--no-cache", "aliases": "--aliases",
    "scheduler": "--scheduler", "text_field": "--text-field", "max_article_bytes": "--max-article-size",
    "types": "--types", "min_mentions": "--min-mentions", "jobs": "--jobs", "formats": "--format",
    "since": "--since", "until": "--until", "date_field": "--date-field",
}
# fmt: on


class _Group(click.Group):
    """Turns errors into clean messages and exit codes; --debug shows the traceback instead.

    Exit codes: 0 done (bad documents may have been skipped), 1 the input, the model or the output
    folder stopped the run (or an unexpected error), 2 usage error, 130 interrupted (Ctrl-C).
    """

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # Outputs are renamed into place all together at the very end (graphkit.core.atomic.atomic_batch).
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
            error = click.ClickException(exc.render(FLAGS))
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


from .build import build_command  # noqa: E402 - the commands register on main
from .explore import (  # noqa: E402
    diff_command,
    neighbors_command,
    path_command,
    quotes_command,
    stats_command,
    timeline_command,
)

for _command in (
    build_command,
    stats_command,
    neighbors_command,
    path_command,
    quotes_command,
    diff_command,
    timeline_command,
):
    main.add_command(_command)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
