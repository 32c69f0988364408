"""What to say when a full disk (or the file-size limit) stops the outputs being written.

The message names the folder and how much the outputs need, measured by running the writers again
without writing (graphkit.core.atomic.measure_writes), and how much is free or what the limit is.
"""

from __future__ import annotations

import errno
import resource
import shutil
from pathlib import Path

from .errors import OutputError

#: errors of a disk or quota that is full, or of a file over the process's file-size limit (ulimit -f)
NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def size_text(size: int) -> str:
    """Bytes as people read them: "3.4 MB", "12.0 kB", "62.6 GB" (decimal units, as disk tools show them)."""
    if size >= 1e9:
        return f"{size / 1e9:.1f} GB"
    if size >= 100_000:
        return f"{size / 1e6:.1f} MB"
    return f"{size / 1e3:.1f} kB"


def no_space_error(folder: Path, cause: OutputError, sizes: dict[Path, int]) -> OutputError:
    """The error for outputs of ``sizes`` (path -> bytes) that did not fit in ``folder``."""
    kept = "The previous outputs were left as they were."
    if cause.errno == errno.EFBIG:
        limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
        over = [p for p, n in sizes.items() if limit == resource.RLIM_INFINITY or n > limit]
        path = max(over or sizes, key=sizes.get)
        shown = "" if limit == resource.RLIM_INFINITY else f" of {size_text(limit)}"
        return OutputError(
            f"Cannot write {path.name} in {folder}: it needs {size_text(sizes[path])}, over the file size "
            f"limit{shown} (ulimit -f). {kept}",
            "Raise the limit (ulimit -f unlimited) or leave that format out with {formats}.",
        )
    try:
        free = f" and {size_text(shutil.disk_usage(folder).free)} is free there"
    except OSError:
        free = ""
    return OutputError(
        f"Not enough space in {folder}: the outputs need {size_text(sum(sizes.values()))}{free}. {kept}",
        "Free some space, or choose another folder with {out_dir}.",
    )
