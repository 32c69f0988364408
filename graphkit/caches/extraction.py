"""The extraction cache: spaCy's records per document, so rebuilds run NER only on new text.

One SQLite file (``extractions.sqlite``) in the cache folder (``.graphkit-cache/`` where graphkit
runs, or ``--cache DIR``). A record is keyed by the document's content hash (its cleaned
paragraphs, not its id or file name), the model signature (name, version, components, spaCy
version) and the extraction settings, and holds every entity label: changing ``--types``,
``--window``, filters, aliases or resolution reuses it, a new model or chunking misses it.

Writes happen in one transaction per chunk of documents, in WAL mode: a run that is killed keeps
every chunk it committed and never leaves a broken file behind; the next run picks up from there.
A file that is not a usable cache (e.g. damaged by a full disk) is set aside and started afresh.
A cache that cannot be opened or written (a read-only folder, a full disk, locked for too long)
never stops a build: it goes on without caching, and says so in a notice; what was committed before
stays.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from ..core.records import Document, ExtractedDoc, Mention, Quote, Relation, Role, Sentence
from ..core.sqlite import prepare_cache_folder, set_aside, transaction, unwritable

CACHE_DIR = ".graphkit-cache"
DB_NAME = "extractions.sqlite"
SCHEMA_VERSION = 1
_MAX_VARIABLES = 500  # keys per SELECT ... IN (...), under SQLite's limit everywhere

_SCHEMA = """
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS extractions (
    content_hash TEXT NOT NULL,
    pipeline TEXT NOT NULL,
    settings TEXT NOT NULL,
    record TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (content_hash, pipeline, settings)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""


def default_cache_dir() -> Path:
    """``.graphkit-cache`` in the current folder."""
    return Path.cwd() / CACHE_DIR


def cache_folder_notice(folder: str | Path) -> str | None:
    """None when the cache folder can be written; else the notice that the build runs without caching
    (a read-only folder, a file where the folder should be, no permission)."""
    reason = unwritable(Path(folder))
    if reason is None:
        return None
    return f"the cache folder {folder} cannot be written ({reason}); this build runs without caching"


def content_hash(document: Document) -> str:
    """SHA-256 of the cleaned paragraphs (with their boundaries): what spaCy actually sees."""
    h = hashlib.sha256()
    for paragraph in document.paragraphs:
        data = paragraph.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def encode_record(record: ExtractedDoc) -> str:
    """Compact JSON without the document id (the same text under another id shares the record).

    Relations, roles and quotes follow when there are any (records read without the parser have
    none, and their entries stay as they were)."""
    data = [
        [[s.paragraph, s.start, s.end] for s in record.sentences],
        [[m.text, m.label, m.sentence, m.start, m.end] for m in record.mentions],
    ]
    if record.relations or record.roles or record.quotes:
        data += [
            [[r.source, r.target, r.phrase, int(r.directed)] for r in record.relations],
            [[r.mention, r.text] for r in record.roles],
            [[q.speaker, q.text] for q in record.quotes],
        ]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def decode_record(text: str, doc_id: str = "") -> ExtractedDoc:
    sentences, mentions, *extra = json.loads(text)
    relations, roles, quotes = extra if extra else ([], [], [])
    return ExtractedDoc(
        doc_id,
        tuple(Sentence(*s) for s in sentences),
        tuple(Mention(*m) for m in mentions),
        tuple(Relation(a, b, p, bool(d)) for a, b, p, d in relations),
        tuple(Role(*r) for r in roles),
        tuple(Quote(*q) for q in quotes),
    )


def _pipeline_key(pipeline: str) -> str:
    from importlib.metadata import version

    # spaCy itself (tokenizer rules, bug fixes) can change what a model returns
    return f"{pipeline};spacy={version('spacy')}"


class ExtractionCache:
    """The SQLite store of extraction records in ``folder`` (created when missing).

    When the cache cannot be opened, read or written, it turns itself off for the rest of the run
    (``usable`` False: no record found, none stored) and says why in ``notices``.
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.path = self.folder / DB_NAME
        #: things to tell the user (a damaged cache set aside, a cache that could not be used).
        self.notices: list[str] = []
        self._db: sqlite3.Connection | None = None
        try:
            prepare_cache_folder(self.folder)
            self._db = self._open()
        except sqlite3.OperationalError as exc:  # locked by another run for too long, read-only, disk full
            self._give_up("cannot be used", exc)
        except sqlite3.DatabaseError as exc:  # not a database, or a damaged one
            if not self.path.exists():
                self._give_up("cannot be used", exc)
                return
            try:
                aside = set_aside(self.path)
                self._db = self._open()
            except (sqlite3.Error, OSError) as again:
                self._give_up("cannot be used", again)
                return
            self.notices.append(f"{self.path} was not a usable cache (moved to {aside.name}); starting a new one")
        except OSError as exc:
            self._give_up("cannot be used", exc)

    @property
    def usable(self) -> bool:
        return self._db is not None

    def _give_up(self, what: str, exc: Exception) -> None:
        """Turn the cache off for the rest of the run, and say so."""
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.notices.append(
            f"the extraction cache in {self.folder} {what} ({reason}); this build goes on without caching"
            + (" (what it held before is kept)" if what != "cannot be used" else "")
        )

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)  # explicit transactions below
        try:
            db.execute("PRAGMA journal_mode=WAL")  # readers never block the writer; crash-safe
            db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a crash may lose the last commit, never corrupt
            with transaction(db):
                for statement in filter(str.strip, _SCHEMA.split(";")):  # executescript would COMMIT
                    db.execute(statement)
                row = db.execute("SELECT value FROM info WHERE key = 'schema'").fetchone()
                if row is None:
                    db.execute("INSERT INTO info VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                elif row[0] != str(SCHEMA_VERSION):  # another graphkit version's layout: start over
                    db.execute("DELETE FROM extractions")
                    db.execute("UPDATE info SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION),))
        except BaseException:
            db.close()
            raise
        return db

    def get_many(self, hashes: Iterable[str], pipeline: str, settings: str) -> dict[str, ExtractedDoc]:
        """Records found for ``hashes`` (doc_id left empty), by content hash."""
        key = _pipeline_key(pipeline)
        wanted = list(hashes)
        found: dict[str, ExtractedDoc] = {}
        if self._db is None:
            return found
        try:
            for i in range(0, len(wanted), _MAX_VARIABLES):
                part = wanted[i : i + _MAX_VARIABLES]
                rows = self._db.execute(
                    f"SELECT content_hash, record FROM extractions WHERE pipeline = ? AND settings = ? "
                    f"AND content_hash IN ({','.join('?' * len(part))})",
                    (key, settings, *part),
                )
                for content, record in rows:
                    found[content] = decode_record(record)
        except (sqlite3.DatabaseError, ValueError) as exc:  # a damaged file or record
            self._give_up("cannot be read", exc)
            return {}
        return found

    def put_many(self, items: Iterable[tuple[str, ExtractedDoc]], pipeline: str, settings: str) -> None:
        """Store (content hash, record) pairs in one transaction (none when the cache is off)."""
        if self._db is None:
            return
        key = _pipeline_key(pipeline)
        now = time.time()
        rows = [(h, key, settings, encode_record(r), now) for h, r in items]
        try:
            with transaction(self._db):
                self._db.executemany("INSERT OR REPLACE INTO extractions VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.DatabaseError as exc:  # disk full, read-only folder, locked too long
            self._give_up("could not be written", exc)

    def get_page(self, key: str) -> str | None:
        """What a saved HTML page gave (graphkit.caches.pages), or None."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM pages WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as exc:
            self._give_up("cannot be read", exc)
            return None
        return row[0] if row else None

    def put_pages(self, items: Iterable[tuple[str, str]]) -> None:
        """Store (page key, value) pairs in one transaction (none when the cache is off)."""
        if self._db is None:
            return
        try:
            with transaction(self._db):
                self._db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?)", list(items))
        except sqlite3.DatabaseError as exc:
            self._give_up("could not be written", exc)

    def get_info(self, key: str) -> str | None:
        """A small value remembered in the cache (e.g. a model's pipeline signature), or None."""
        try:
            row = self._db.execute("SELECT value FROM info WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row else None

    def set_info(self, key: str, value: str) -> None:
        try:
            with transaction(self._db):
                self._db.execute("INSERT OR REPLACE INTO info VALUES (?, ?)", (key, value))
        except sqlite3.DatabaseError:
            pass  # only a shortcut: the next build works it out again

    def count(self) -> int:
        if self._db is None:
            return 0
        return self._db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
