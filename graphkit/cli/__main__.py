"""``python -m graphkit.cli``: the graphkit command."""

import sys

from . import main

sys.exit(main())
