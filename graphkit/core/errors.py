"""Errors graphkit raises for problems a user can fix. The CLI shows their message, no traceback.

``exit_code`` is what the ``graphkit`` command exits with: 1 when the input or the output folder
stopped the run, 2 when the command line itself is wrong (like click's own usage errors).

An error carries a message (what went wrong) and an optional hint (what to do). Where either
names a setting it writes the setting's name in braces (``{model}``, ``{out_dir}``, see
SETTINGS): the library shows ``the 'model' setting``, the command line renders its flag
(``--model``) with ``render(flags)``, so the library never speaks of command-line flags.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: the settings an error may name (graphkit.pipeline.BuildSettings fields, plus no_cache: cache=None)
SETTINGS = (
    "model",
    "out_dir",
    "cache",
    "no_cache",
    "aliases",
    "scheduler",
    "text_field",
    "max_article_bytes",
    "types",
    "min_mentions",
    "jobs",
    "formats",
    "since",
    "until",
    "date_field",
)
_SETTING = re.compile(r"\{(" + "|".join(SETTINGS) + r")\}")
_LIBRARY_NAMES = {"no_cache": "cache=None"}


class GraphkitError(Exception):
    """Base class: the message says what went wrong and the hint what to do."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self, flags: Mapping[str, str] | None = None) -> str:
        """Message and hint, each named setting given as ``flags[name]`` (the command line's flag)
        or else as the library's setting."""

        def name(match: re.Match) -> str:
            setting = match.group(1)
            if flags and setting in flags:
                return flags[setting]
            return _LIBRARY_NAMES.get(setting, f"the {setting!r} setting")

        text = self.message if not self.hint else f"{self.message} {self.hint}"
        return _SETTING.sub(name, text)

    def __str__(self) -> str:
        return self.render()


class SourceError(GraphkitError):
    """The input cannot be read at all (empty folder, no supported files)."""


class MissingSourceError(SourceError):
    """A source named on the command line does not exist, or none was named: a usage error."""

    exit_code = 2


class ModelError(GraphkitError):
    """The spaCy pipeline cannot be loaded or has no entity recogniser."""


class OutputError(GraphkitError):
    """An output file cannot be written."""

    #: the OSError's errno when a write failed (ENOSPC: the disk is full), else None
    errno: int | None = None


class AliasFileError(GraphkitError):
    """The user's alias file cannot be read."""


class MissingAliasFileError(AliasFileError):
    """The alias file named does not exist: a usage error, as a missing source is."""

    exit_code = 2


class SettingError(GraphkitError):
    """A setting's value is wrong (on the command line: a usage error)."""

    exit_code = 2
