"""The ``graphkit`` group, its error handling, and what every subcommand shares (``command``)."""

from __future__ import annotations

from dataclasses import fields

import click

from ..core.errors import GraphkitError
from ..core.version import __version__
from ..pipeline import BuildSettings

#: the flag of each setting a library error may name (graphkit.core.errors.SETTINGS)
FLAGS = {f.name: f.metadata["flag"] for f in fields(BuildSettings) if f.metadata.get("flag")} | {
    "out_dir": "-o/--out", "no_cache": "--no-cache", "max_article_bytes": "--max-article-size"
}  # fmt: skip


class _Group(click.Group):
    """Turns errors into clean messages and exit codes; --debug shows the traceback instead.

    Exit codes: 0 done (bad documents may have been skipped), 1 the input, the model or the output
    folder stopped the run (or an unexpected error, or quietly a closed output: `| head`), 2 usage error, 130 Ctrl-C.
    """

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):  # click ends quietly
            raise
        except BaseException as exc:
            # Outputs are renamed into place all together at the very end (graphkit.core.atomic.atomic_batch).
            done = ctx.meta.get("graphkit.outputs_written")
            if isinstance(exc, KeyboardInterrupt):
                click.echo("\ninterrupted; " + ("the outputs were already written." if done else
                                                "no outputs written or changed."), err=True)  # fmt: skip
                ctx.exit(130)
            if ctx.meta.get("graphkit.debug") or not isinstance(exc, Exception):
                raise
            written = "The outputs were written" if done else "No outputs were changed"
            error = click.ClickException(exc.render(FLAGS) if isinstance(exc, GraphkitError) else f"unexpected error "
                f"({type(exc).__name__}: {exc}). {written}. Run again with --debug to see the traceback, and please "
                "report it.")  # fmt: skip
            error.exit_code = exc.exit_code if isinstance(exc, GraphkitError) else 1
            raise error from exc


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


def in_meta(ctx: click.Context, param: click.Parameter, value) -> None:
    """Keeps an option's value in ctx.meta ("graphkit.NAME"), for code the command does not pass it to:
    the group reads --debug to show tracebacks instead of one-line errors."""
    ctx.meta[f"graphkit.{param.name}"] = value


DEBUG_OPTION = click.option("--debug", is_flag=True, expose_value=False, callback=in_meta,
                            help="Show tracebacks for errors.")  # fmt: skip


def command(name: str, *params):
    """Registers a subcommand of ``graphkit`` with ``params`` (click arguments and options) and --debug."""

    def register(function):
        for param in reversed((*params, DEBUG_OPTION)):
            function = param(function)
        return main.command(name)(function)

    return register
