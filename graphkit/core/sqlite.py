"""SQLite helpers shared by the caches: the cache folder, damaged files set aside, transactions."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from pathlib import Path


def prepare_cache_folder(folder: Path) -> None:
    """Create a cache folder, marked so it stays out of version control and backups."""
    new = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    if new:
        # keep the cache out of version control and out of backups that honour CACHEDIR.TAG
        (folder / ".gitignore").write_text("# created by graphkit\n*\n", encoding="utf-8")
        (folder / "CACHEDIR.TAG").write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n# graphkit extraction cache\n", encoding="utf-8"
        )


def set_aside(db_path: Path) -> Path:
    """Move a damaged SQLite file (and its WAL files) out of the way; returns its new name."""
    aside = db_path.with_name(f"{db_path.name}.damaged-{int(time.time())}")
    db_path.replace(aside)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    return aside


class transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error) on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *_):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


def unwritable(folder: Path) -> str | None:
    """Why no file can be written in the cache ``folder`` (created when missing), or None when one can.

    Checked before a build, so a read-only cache folder turns caching off with one clear notice
    instead of failing in each cache in turn.
    """
    folder = Path(folder)
    try:
        prepare_cache_folder(folder)
        fd, probe = tempfile.mkstemp(prefix=".graphkit-write-check.", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None
