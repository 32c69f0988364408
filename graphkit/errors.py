"""Errors graphkit raises for problems a user can fix. The CLI shows their message, no traceback."""


class GraphkitError(Exception):
    """Base class: the message says what went wrong and what to do."""


class SourceError(GraphkitError):
    """The input cannot be read at all (missing path, empty folder, no supported files)."""


class ModelError(GraphkitError):
    """The spaCy pipeline cannot be loaded or has no entity recogniser."""


class OutputError(GraphkitError):
    """An output file cannot be written."""


class AliasFileError(GraphkitError):
    """The user's alias file cannot be read."""
