"""The stages chained: settings in, a built graph and its output files out, with a summary."""

from .outputs import NothingToWriteError, SavedOutputs, require_graph, save_outputs, write_outputs
from .result import BuildResult
from .settings import DEFAULT_FORMATS, FORMATS, BuildSettings
from .stages import build, build_graph
from .summary import notice_lines, summary_lines

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "BuildResult",
    "BuildSettings",
    "NothingToWriteError",
    "SavedOutputs",
    "build",
    "build_graph",
    "notice_lines",
    "require_graph",
    "save_outputs",
    "summary_lines",
    "write_outputs",
]
