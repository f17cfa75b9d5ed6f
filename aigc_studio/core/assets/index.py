"""The asset index: one SQLite database (WAL mode) in the output folder, ``root/.aigc-index.sqlite3``.

It only caches what the files already hold (the sidecars and embedded metadata), so it can always be rebuilt by
rescanning the folders: :class:`AssetIndex` reports when it had to start from an empty database (missing or
corrupt file) and the store then rescans. One connection shared by all threads, guarded by a lock.
"""
from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

INDEX_NAME = ".aigc-index.sqlite3"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS assets (
    path       TEXT PRIMARY KEY,      -- relative to the output folder, '/' separated
    kind       TEXT NOT NULL,         -- text | image | audio
    spec_json  TEXT NOT NULL,
    model      TEXT NOT NULL DEFAULT '',
    created    TEXT NOT NULL,         -- ISO 8601 with offset
    created_ts REAL NOT NULL,         -- seconds since the epoch, for ordering
    favourite  INTEGER NOT NULL DEFAULT 0,
    preview    TEXT NOT NULL DEFAULT '',
    search     TEXT NOT NULL DEFAULT ''   -- casefolded prompt + text + model
);
CREATE INDEX IF NOT EXISTS assets_created ON assets(created_ts DESC);
"""

_CORRUPT_CODES = {11, 26}   # SQLITE_CORRUPT, SQLITE_NOTADB
_READONLY_CODE = 8          # SQLITE_READONLY


def is_corruption(exc: BaseException) -> bool:
    """True for 'not a database' / 'malformed' errors (not for 'locked' or 'read-only')."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def is_read_only(exc: BaseException) -> bool:
    """True for 'attempt to write a readonly database' (a read-only index file: it is only a cache, the store
    replaces it when the folder itself can be written)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) == _READONLY_CODE
    return "readonly" in str(exc).lower()


@dataclass
class IndexRow:
    path: str
    kind: str
    spec_json: str
    model: str
    created: str
    created_ts: float
    favourite: bool
    preview: str
    search: str

    def values(self) -> tuple[Any, ...]:
        return (self.path, self.kind, self.spec_json, self.model, self.created, self.created_ts,
                int(bool(self.favourite)), self.preview, self.search)


_COLUMNS = "path, kind, spec_json, model, created, created_ts, favourite, preview, search"


def _row(r: tuple[Any, ...]) -> IndexRow:
    return IndexRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8])


class AssetIndex:
    """Thread-safe access to the index database. Opening never fails on a missing or corrupt file: it starts
    over and sets :attr:`fresh` so the owner rescans the folders."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self.fresh = False

    # -- lifecycle -------------------------------------------------------------------------------------------
    def open(self) -> None:
        with self._lock:
            if self._conn is not None:
                return
            self.fresh = False
            try:
                self._conn = self._connect()
            except sqlite3.DatabaseError as e:
                if not (is_corruption(e) or (is_read_only(e) and os.access(self.db_path.parent, os.W_OK))):
                    raise
                log.warning("The asset index %s is damaged or read-only (%s): rebuilding it.", self.db_path, e)
                self._discard_files()
                self._conn = self._connect()
                self.fresh = True

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.db_path, check_same_thread=False, timeout=10.0, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            if conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='assets'").fetchone() is None:
                self.fresh = True   # a new (or empty) database: the owner rescans the folders
            conn.executescript(_SCHEMA)
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if version != SCHEMA_VERSION:
                if version != 0:   # an older/newer layout: it is only a cache, start over
                    conn.execute("DROP TABLE IF EXISTS assets")
                    conn.executescript(_SCHEMA)
                    self.fresh = True
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("SELECT count(*) FROM assets").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    def _discard_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.db_path}{suffix}")

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None

    def reset(self) -> None:
        """Throw the database away and start an empty one (after corruption was detected, or it vanished)."""
        with self._lock:
            self.close()
            self._discard_files()
            self._conn = self._connect()
            self.fresh = True

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self.open()
        assert self._conn is not None
        return self._conn

    # -- rows ------------------------------------------------------------------------------------------------
    def upsert(self, row: IndexRow) -> None:
        with self._lock:
            self.conn.execute(f"INSERT OR REPLACE INTO assets ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
                              row.values())

    def replace_all(self, rows: Iterable[IndexRow], still_there: Callable[[str], bool] | None = None) -> int:
        """Make the index hold ``rows`` (a rescan of the folders). A row not in ``rows`` is dropped only when
        ``still_there(path)`` is false: another store (another process) may have saved an asset after the scan
        saw its folder, and its row must survive the rebuild."""
        with self._lock:
            c = self.conn
            c.execute("BEGIN IMMEDIATE")
            try:
                seen = set()
                for row in rows:
                    c.execute(f"INSERT OR REPLACE INTO assets ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
                              row.values())
                    seen.add(row.path)
                for (path,) in c.execute("SELECT path FROM assets").fetchall():
                    if path not in seen and not (still_there is not None and still_there(path)):
                        c.execute("DELETE FROM assets WHERE path = ?", (path,))
                c.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    c.execute("ROLLBACK")
                raise
            self.fresh = False
            return len(seen)

    def remove(self, path: str) -> None:
        with self._lock:
            self.conn.execute("DELETE FROM assets WHERE path = ?", (path,))

    def get(self, path: str) -> IndexRow | None:
        with self._lock:
            r = self.conn.execute(f"SELECT {_COLUMNS} FROM assets WHERE path = ?", (path,)).fetchone()
        return _row(r) if r else None

    def set_favourite(self, path: str, on: bool) -> bool:
        with self._lock:
            cur = self.conn.execute("UPDATE assets SET favourite = ? WHERE path = ?", (int(bool(on)), path))
            return cur.rowcount > 0

    def paths(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self.conn.execute("SELECT path FROM assets")}

    def favourites(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self.conn.execute("SELECT path FROM assets WHERE favourite = 1")}

    def query(self, needle: str = "", kind: str | None = None, favourites: bool = False,
              limit: int = 500) -> list[IndexRow]:
        sql = f"SELECT {_COLUMNS} FROM assets WHERE 1=1"
        args: list[Any] = []
        if needle:
            sql += " AND instr(search, ?) > 0"
            args.append(needle)
        if kind:
            sql += " AND kind = ?"
            args.append(kind)
        if favourites:
            sql += " AND favourite = 1"
        sql += " ORDER BY created_ts DESC, path DESC LIMIT ?"
        args.append(max(0, int(limit)))
        with self._lock:
            return [_row(r) for r in self.conn.execute(sql, args).fetchall()]

    def count(self) -> int:
        with self._lock:
            return int(self.conn.execute("SELECT count(*) FROM assets").fetchone()[0])
