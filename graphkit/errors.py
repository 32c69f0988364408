"""Errors graphkit raises for problems a user can fix. The CLI shows their message, no traceback.

``exit_code`` is what the ``graphkit`` command exits with: 1 when the input or the output folder
stopped the run, 2 when the command line itself is wrong (like click's own usage errors).
"""


class GraphkitError(Exception):
    """Base class: the message says what went wrong and what to do."""

    exit_code = 1


class SourceError(GraphkitError):
    """The input cannot be read at all (empty folder, no supported files)."""


class MissingSourceError(SourceError):
    """A source named on the command line does not exist, or none was named: a usage error."""

    exit_code = 2


class ModelError(GraphkitError):
    """The spaCy pipeline cannot be loaded or has no entity recogniser."""


class OutputError(GraphkitError):
    """An output file cannot be written."""


class AliasFileError(GraphkitError):
    """The user's alias file cannot be read."""
