"""The ``graphkit`` command, paused in the middle of renaming its outputs into place.

    python paused_graphkit.py PAUSED GO ARGS...

runs ``graphkit ARGS`` and, right after the first of its temporary files is renamed into place in
the output folder (ARGS' ``-o``; not the cache folder's tables), creates the file PAUSED and waits
(at most two minutes) until the file GO exists. Another build started meanwhile meets a folder
whose files are half replaced: the moment two builds into one folder can mix their files.
"""

import os
import sys
import time
from importlib.metadata import entry_points

paused, go = sys.argv[1], sys.argv[2]
out_dir = os.path.abspath(sys.argv[sys.argv.index("-o") + 1])
_replace = os.replace
_renamed = []


def replace(src, dst, *args, **kwargs):
    _replace(src, dst, *args, **kwargs)
    name = os.path.basename(os.fspath(src))
    into_out = os.path.dirname(os.path.abspath(os.fspath(dst))) == out_dir
    if into_out and name.startswith(".") and name.endswith(".tmp"):  # graphkit's temporary output files
        _renamed.append(dst)
        if len(_renamed) == 1:
            open(paused, "w").close()
            deadline = time.monotonic() + 120
            while not os.path.exists(go) and time.monotonic() < deadline:
                time.sleep(0.05)


os.replace = replace
sys.argv = ["graphkit", *sys.argv[3:]]
(command,) = [ep for ep in entry_points(group="console_scripts") if ep.name == "graphkit"]
sys.exit(command.load()())
