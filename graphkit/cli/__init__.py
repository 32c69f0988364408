"""The ``graphkit`` command: a thin shell over the library. Options in, library calls, text out."""

from . import build, explore  # noqa: F401 - the commands register on the group
from .group import main as main
