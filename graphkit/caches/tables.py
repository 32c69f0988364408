"""Lookup tables derived from installed data packages, kept in the cache folder between runs.

Resolution derives small tables from large data files (the names of the world's big cities from
GeoNames' 30 MB file of places); reading those files again costs more than resolving a few hundred
articles. A table is stored as JSON under ``tables/NAME.json`` in the cache folder with the key it
was made for (the data packages' versions and the deriving code's version) and made again when
the key differs or the file cannot be read. Nothing here is needed for a correct result: any
trouble with the folder only means the table is made again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..core.atomic import write_text
from ..core.errors import OutputError

#: where tables are kept: set by the pipeline to its cache folder (None: made on every run)
_FOLDER: list[Path | None] = [None]


def keep_tables_in(folder: str | Path | None) -> None:
    """Keep derived lookup tables in ``folder`` (a build's cache folder), or nowhere (None)."""
    _FOLDER[0] = Path(folder) if folder is not None else None


def cached_table(name: str, key: str, make: Callable[[], list]) -> list:
    """The table ``name`` stored for ``key``, or ``make()`` (then stored); a JSON-able list."""
    folder = _FOLDER[0]
    path = folder / "tables" / f"{name}.json" if folder is not None else None
    if path is not None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("key") == key and isinstance(data.get("table"), list):
                return data["table"]
        except (OSError, ValueError):
            pass  # missing or unreadable: made again
    table = make()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text(path, json.dumps({"key": key, "table": table}, ensure_ascii=False))
        except (OSError, OutputError):
            pass  # a read-only or full disk: the table is made again next time
    return table
