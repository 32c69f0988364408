"""Output files a rebuild need not write again: up to date in the folder, or kept in the cache.

Works with the result cache (graphkit.caches.results): the files written from a fingerprint are
remembered per output folder and options, and the last set is kept in the cache folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from ..core.atomic import atomic_batch, atomic_open
from ..core.errors import OutputError
from .results import ResultCache


def output_keys(key: str, out_dir: Path, name: str, formats: Sequence[str], max_nodes, merges: bool) -> tuple[str, str]:
    """(target: this folder and these options, export: these options and this result)."""
    options = json.dumps([name, list(formats), max_nodes, merges])
    target = hashlib.sha256(f"{os.path.abspath(out_dir)}\0{options}".encode()).hexdigest()
    export = hashlib.sha256(f"{key}\0{options}".encode()).hexdigest()
    return target, export


def write_outputs_cached(
    write,
    graph,
    out_dir: str | Path,
    *,
    cache: str | Path,
    key: str,
    name: str,
    formats: Sequence[str],
    max_nodes,
    resolution,
    **inputs,
) -> tuple[list[Path], str]:
    """``write(...)`` (pipeline.write_outputs) unless the files are already there (``key``, the
    result's fingerprint, covers the alias table, so the page's copy of it is the same too).

    Returns (paths, how): "up to date" (nothing touched), "copied" (the same files from the cache)
    or "written". ``inputs`` go to ``write`` as they are (the mention rows, the documents'
    metadata: both decided by the fingerprint). Files may lie in subfolders of ``out_dir`` (the
    neo4j folder): they are kept and compared by their path relative to it.
    """
    out = Path(out_dir)
    target, export = output_keys(key, out, name, formats, max_nodes, resolution is not None)
    store = ResultCache(cache)
    try:
        current = store.outputs_current(target, key, out)
        if current is not None:
            return current, "up to date"
        stored = store.stored_files(export)
        if stored:
            try:
                paths = _copy_files(stored, out)
            except (OSError, OutputError):
                # a kept file vanished or cannot be read: write them the long way (which reports a
                # folder that really cannot be written)
                paths = None
            if paths is not None:
                store.record_outputs(target, key, paths, None, out)
                return paths, "copied"
        # (``cache`` too: write keeps the page's suggestions there)
        paths = write(
            graph, out, name=name, formats=formats, max_nodes=max_nodes, resolution=resolution, cache=cache, **inputs
        )
        store.record_outputs(target, key, paths, export, out)
        return paths, "written"
    finally:
        store.close()


def _copy_files(stored: Sequence[tuple[Path, str]], out: Path) -> list[Path]:
    """Copies (never links: the outputs of two folders stay independent) of the kept files in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    with atomic_batch():
        for source, name in stored:
            with open(source, "rb") as src, atomic_open(out / name, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            paths.append(out / name)
    return paths
