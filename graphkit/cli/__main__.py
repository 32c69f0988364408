"""``python -m graphkit.cli`` and the ``graphkit`` program: the command, then graphkit.core.quick_exit."""

from ..core.quick_exit import as_program
from . import main

run = as_program(main, __name__)
