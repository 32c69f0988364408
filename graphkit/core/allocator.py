"""Memory allocator settings for a long extraction run (glibc's malloc, i.e. Linux).

spaCy allocates and frees its activation arrays (a few MB each) for every batch. With glibc's
default settings much of that memory goes back to the kernel after each batch (arrays above the
mmap threshold are unmapped; free memory at the top of the heap above the trim threshold is
trimmed) and is faulted in again, zero-filled, for the next batch: on 800 Wikinews articles, 1.2
million page faults and 2 s of kernel time in a 24 s run. Keeping freed memory for reuse removes
nearly all of it (50k faults, 0.2 s) and the peak memory does not change, since the next batch
needs the same memory again.

The graphkit command calls :func:`keep_freed_memory` once for its own process (worker
processes forked from it inherit the setting). The library never calls it: the allocator is
the whole process' business, and once set the threshold no longer adapts by itself.
"""

from __future__ import annotations

import ctypes
import os
import sys

#: mallopt(3) parameter numbers (glibc's malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
#: allocations below this come from the heap, so they can be reused (glibc's own dynamic threshold
#: stops at 32 MB; spaCy's largest per-batch arrays are a few tens of MB)
MMAP_THRESHOLD = 64 << 20
#: free memory kept at the top of the heap before any is given back to the kernel
TRIM_THRESHOLD = 256 << 20
#: environment variables through which a user sets these by hand; they win
_USER_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES")


def keep_freed_memory() -> bool:
    """Tell glibc's malloc to keep freed memory for reuse; True when it took effect.

    Does nothing (False) off Linux, on a C library without ``mallopt`` or that ignores it (musl),
    and when the user set the allocator through its environment variables.
    """
    if not sys.platform.startswith("linux") or any(name in os.environ for name in _USER_SETTINGS):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library Python itself runs on
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    # mallopt returns 1 on success; musl's stub returns 0
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
