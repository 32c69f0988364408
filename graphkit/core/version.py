"""graphkit's version, from the installed package's metadata (pyproject.toml holds the number)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("graphkit")
except PackageNotFoundError:  # the source tree used without installing it
    __version__ = "0+unknown"
