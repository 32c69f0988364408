"""``python -m graphkit.cli``: the graphkit command."""

from . import main

main()  # click exits with the command's code
