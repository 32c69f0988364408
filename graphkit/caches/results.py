"""The result cache: a rebuild with nothing changed reuses the finished graph and the written files.

It lives next to the extraction cache (``results.sqlite`` in the same folder). Seven tables:

``results``   fingerprint (graphkit.caches.fingerprints) -> the annotated graph, the Resolution
              and the extraction records (pickled). The fingerprint covers everything that decides
              the outputs: every document's id, metadata, cleaned text and source map (graphkit.core.sourcemap),
              the model (name, installed version, spaCy version), the extraction settings, the
              entity types, window, min_mentions, min_weight, the alias table's content, the
              graphkit version and source files, RESULT_FORMAT_VERSION, the Python version and
              the versions of the libraries that decide a result (RESULT_LIBRARIES). A hit skips
              extraction, resolution, counting and layout.
``resolutions`` the same for a build's Resolution alone, under a fingerprint without the settings
              that act after resolution (window, min_mentions, min_weight, backbone): a rebuild
              after a change of those skips resolution.
``contexts``  what resolution reads in the articles' text (graphkit.resolution.context), under a
              fingerprint of the documents, model and types alone: a rebuild after a change of the
              alias file resolves again without reading every article's text again.
``outputs``   output folder + name + formats + max_nodes -> the fingerprint they were written
              from and each file's size and mtime_ns. When all still match, nothing is rewritten.
``file_sets``  the last files written for a fingerprint, kept as files in ``outputs/`` of the
              cache folder (hard links to the written files when the file system allows, else
              copies) with their size and mtime_ns, so a build into another (or emptied) folder
              copies them instead of running the exporters again. An output edited in place
              (which a hard link shares) no longer matches its size/mtime, and is not reused; an
              in-place edit that keeps both (``rsync --inplace --times``) would go unnoticed.
``read_graphs`` a graph file's content hash -> the graph the reading commands read from it
              (graphkit.caches.read_back).
``suggestions`` what the review reads of a graph -> the page's suggestions (graphkit.pipeline.suggested).

Only the newest few results, and the last set of files, are kept. Any trouble with this file
(locked, damaged, disk full) only turns the cache off for the run: the build goes the long way and still succeeds.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ..core.gcpause import paused_gc
from ..core.sqlite import prepare_cache_folder, set_aside

DB_NAME = "results.sqlite"
#: results kept (a few tens of MB each for thousands of articles); older ones are deleted on write.
KEEP = 4
#: resolutions kept (for rebuilds that change only what comes after resolution: window, filters),
#: as many as results: a user trying alias files in turn still finds the one of the build before
#: (about 1 MB each for 400 articles)
KEEP_RESOLUTIONS = 4
#: text contexts kept (one per corpus and types; about 1 MB for 400 articles)
KEEP_CONTEXTS = 2
#: graphs read back by the reading commands (about 20 MB each for 2,770 articles): a diff's two and one more
KEEP_READ_GRAPHS = 3
#: the page's review suggestions kept (graphkit.pipeline.suggested; tens of KB each), as many as results
KEEP_SUGGESTIONS = KEEP
_KEEP = {
    "results": KEEP,
    "resolutions": KEEP_RESOLUTIONS,
    "contexts": KEEP_CONTEXTS,
    "read_graphs": KEEP_READ_GRAPHS,
    "suggestions": KEEP_SUGGESTIONS,
}
#: sets of output files kept (as large as the outputs): the last build's only.
KEEP_FILE_SETS = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (fingerprint TEXT PRIMARY KEY, data BLOB NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS resolutions (fingerprint TEXT PRIMARY KEY, data BLOB NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS contexts (fingerprint TEXT PRIMARY KEY, data BLOB NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS read_graphs (fingerprint TEXT PRIMARY KEY, data BLOB NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS suggestions (fingerprint TEXT PRIMARY KEY, data BLOB NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS outputs (target TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, files TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS file_sets (export TEXT PRIMARY KEY, folder TEXT NOT NULL, files TEXT NOT NULL,
                                      created REAL NOT NULL)
"""
#: the table earlier versions kept output files in, as BLOBs: dropped, and its space given back
_OLD_FILES_TABLE = "files"
#: the folder (in the cache folder) holding the kept sets of output files, one subfolder each:
#: set-* when complete, .new-* while being made
FILES_DIR = "outputs"
_SET = "set-"
_STAGING = ".new-"


def _file_state(path: Path) -> list | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


class ResultCache:
    """``results.sqlite`` in the cache folder. Methods never raise on cache trouble: they give up."""

    #: what the notices say happens instead (a reading command reads its graph file instead: read_back)
    INSTEAD = "building the long way"
    INSTEAD_OF_ENTRY = "rebuilding"
    #: seconds to wait for another process' write lock before giving up
    TIMEOUT = 30

    def __init__(self, folder: str | Path):
        self.path = Path(folder) / DB_NAME
        self.notices: list[str] = []
        self._db = None
        try:
            self._open(folder)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) or not self.path.exists():
                self._give_up(exc)
                return
            set_aside(self.path)  # not a database (e.g. damaged by a full disk): start a new one
            try:
                self._open(folder)
            except (sqlite3.Error, OSError) as again:
                self._give_up(again)
        except OSError as exc:
            self._give_up(exc)

    def _open(self, folder) -> None:
        prepare_cache_folder(Path(folder))  # the same set-up as the extraction cache, whichever opens first
        db = sqlite3.connect(self.path, timeout=self.TIMEOUT, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            for statement in filter(str.strip, _SCHEMA.split(";")):
                db.execute(statement)
            if db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_OLD_FILES_TABLE,)
            ).fetchone():
                db.execute(f"DROP TABLE {_OLD_FILES_TABLE}")
                db.execute("VACUUM")  # once: the old table held a copy of every output file
        except BaseException:
            db.close()
            raise
        self._db = db

    def _give_up(self, exc: Exception) -> None:
        self.notices.append(f"result cache {self.path} not used ({exc}); {self.INSTEAD}")
        if self._db is not None:
            self._db.close()
        self._db = None

    def _transaction(self, statements) -> bool:
        if self._db is None:
            return False
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for sql, params in statements:
                    self._db.execute(sql, params)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return True
        except sqlite3.Error as exc:
            self._give_up(exc)
            return False

    def _query(self, sql: str, params=()) -> list:
        if self._db is None:
            return []
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            self._give_up(exc)
            return []

    # ------------------------------------------------------------ built graphs

    def get_result(self, key: str, table: str = "results") -> dict | None:
        """The entry stored under ``key`` in ``table`` ("results", "resolutions", "contexts", "read_graphs"
        or "suggestions")."""
        rows = self._query(f"SELECT data FROM {table} WHERE fingerprint = ?", (key,))
        if not rows:
            return None
        try:
            # a graph's millions of objects, none of them garbage: the collector would walk the whole
            # heap twice meanwhile (0.12 s of a 0.5 s warm build of 400 articles)
            with paused_gc():
                return pickle.loads(rows[0][0])
        except Exception as exc:  # noqa: BLE001 - a damaged or foreign entry is a miss
            self.notices.append(f"result cache entry unreadable ({type(exc).__name__}); {self.INSTEAD_OF_ENTRY}")
            return None

    def put_result(self, key: str, data: dict, table: str = "results") -> None:
        self.put_pickled(key, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), table)

    def put_pickled(self, key: str, blob: bytes, table: str = "results") -> None:
        """:meth:`put_result` of data already pickled."""
        keep = _KEEP[table]
        self._transaction(
            [
                (f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)", (key, blob, time.time())),
                (
                    f"DELETE FROM {table} WHERE fingerprint NOT IN "
                    f"(SELECT fingerprint FROM {table} ORDER BY created DESC LIMIT ?)",
                    (keep,),
                ),
            ]
        )

    # ------------------------------------------------------------ written files

    def outputs_current(self, target: str, key: str, out_dir: Path) -> list[Path] | None:
        """The paths written for ``target`` if they came from ``key`` and none changed since."""
        rows = self._query("SELECT fingerprint, files FROM outputs WHERE target = ?", (target,))
        if not rows or rows[0][0] != key:
            return None
        files = json.loads(rows[0][1])
        for name, state in files:
            if _file_state(out_dir / name) != state:
                return None
        return [out_dir / name for name, _ in files]

    def record_outputs(
        self, target: str, key: str, paths: Sequence[Path], export: str | None, root: Path | None = None
    ) -> None:
        """Remember the files' state for ``target``, and keep the files themselves under ``export``.

        A set is made under a hidden name (.new-*), listed in the database, then renamed to its
        listed name (set-*); clean-up runs under the database's write lock, so it never sees a
        set-* folder that another build made but has not listed yet. Files are named by their path
        relative to ``root`` (the output folder: the neo4j export is a folder of files), else by
        their own name.
        """
        named = [(p, relative_name(p, root)) for p in paths]
        files = [[name, _file_state(p)] for p, name in named]
        statements = [("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)", (target, key, json.dumps(files)))]
        kept = self._keep_files(named) if export is not None and self._db is not None else None
        if kept is not None:
            staging, states = kept
            folder = staging.parent / (_SET + staging.name[len(_STAGING) :])
            statements.append(
                (
                    "INSERT OR REPLACE INTO file_sets VALUES (?, ?, ?, ?)",
                    (export, folder.name, json.dumps(states), time.time()),
                )
            )
            statements.append(
                (
                    "DELETE FROM file_sets WHERE export NOT IN (SELECT export FROM file_sets "
                    "ORDER BY created DESC LIMIT ?)",
                    (KEEP_FILE_SETS,),
                )
            )
        listed = self._transaction(statements)
        if kept is not None:
            try:
                if not listed:
                    raise OSError("not listed")
                os.rename(staging, folder)  # a listed set whose folder is missing is only a cache miss
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)
        self._remove_unlisted_sets()

    def _keep_files(self, named: Sequence[tuple[Path, str]]) -> tuple[Path, list] | None:
        """A new hidden folder outputs/.new-* with a hard link (or else a copy) of every file."""
        root = self.path.parent / FILES_DIR
        try:
            root.mkdir(exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=root))
        except OSError:
            return None
        states = []
        try:
            for p, name in named:
                kept = staging / name
                kept.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(p, kept)  # no bytes copied; an in-place edit of the output shows in its size/mtime
                except OSError:
                    shutil.copyfile(p, kept)  # another file system, or no hard links there
                states.append([name, _file_state(kept)])
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            return None
        return staging, states

    def _remove_unlisted_sets(self) -> None:
        """Delete kept file sets no row lists any more, and half-made ones a killed run left."""
        root = self.path.parent / FILES_DIR
        if self._db is None:
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")  # no other build lists a set meanwhile
            try:
                listed = {row[0] for row in self._db.execute("SELECT folder FROM file_sets")}
                for folder in root.iterdir() if root.is_dir() else ():
                    if folder.name.startswith(_SET) and folder.name not in listed:
                        shutil.rmtree(folder, ignore_errors=True)
                    elif folder.name.startswith(_STAGING) and _older_than(folder, 3600):  # not one being made
                        shutil.rmtree(folder, ignore_errors=True)
            finally:
                self._db.execute("COMMIT")
        except (sqlite3.Error, OSError):
            pass  # an unreadable folder or a busy database: the clean-up waits for another build

    def stored_files(self, export: str) -> list[tuple[Path, str]]:
        """The kept files of ``export`` (file, name relative to the output folder), or [] when there
        are none or any has changed since."""
        rows = self._query("SELECT folder, files FROM file_sets WHERE export = ?", (export,))
        if not rows:
            return []
        folder = self.path.parent / FILES_DIR / rows[0][0]
        files = json.loads(rows[0][1])
        if any(_file_state(folder / name) != state for name, state in files):
            return []
        return [(folder / name, name) for name, _ in files]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def relative_name(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` (with / between folders), or its own name when not inside."""
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.name


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime > seconds
    except OSError:
        return False


def lookup(cache: str | Path, key: str) -> tuple[dict | None, list[str]]:
    """(the result stored under the :func:`fingerprint` ``key``, or None; notices)."""
    store = ResultCache(cache)
    try:
        return store.get_result(key), store.notices
    finally:
        store.close()


def store_result(cache: str | Path, key: str, data: dict, table: str = "results") -> list[str]:
    """Keep a finished build under its fingerprint (``table`` "resolutions": a resolution, see
    :func:`stored_resolution`); returns notices (the cache never fails a build)."""
    return store_pickled(cache, key, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), table)


def store_pickled(cache: str | Path, key: str, blob: bytes, table: str = "results") -> list[str]:
    """:func:`store_result` of data already pickled (``pickle.dumps(data)``)."""
    store = ResultCache(cache)
    try:
        store.put_pickled(key, blob, table)
        return store.notices
    finally:
        store.close()


def stored_resolution(cache: str | Path, key: str, table: str = "resolutions") -> dict | None:
    """The resolution kept under ``key`` ({"resolution": Resolution}), or None.

    A rebuild that changes only what comes after resolution (the window, the filters) reuses it;
    ``key`` is a :func:`fingerprint` without those settings. ``table`` "contexts": the text
    contexts kept for resolution instead (see the module doc).
    """
    store = ResultCache(cache)
    try:
        return store.get_result(key, table)
    finally:
        store.close()
