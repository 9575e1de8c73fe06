"""The statement cache: one article's `Extraction`, kept in SQLite, found again by content.

Re-checking an unchanged corpus, or one draft against a large archive,
should not extract the archive again. Each article's extraction is stored
under a key that changes whenever the result could:

- the article's decoded text and the metadata extraction reads (title, date,
  outlet, where the body starts) — not its path, id or role: the same text
  under another name, or checked as a draft, is a hit;
- a fingerprint of the checker: its version, the source of every module that
  takes part in extraction, the data tables (`checker/data/*.toml`), the
  jieba version, and the settings that change extraction (tolerance, the
  project vocabulary).

An entry is an extraction as compressed JSON, never pickle (`entries.py`):
internal statement fields included, the run's ids and paths left out and
put back on reading.

The file is `statements.sqlite3` in the cache folder (`.checker-cache/` by
default). The folder may lie inside the tree being checked, and an article's
author may commit one: so no row is believed because it is there. Every
entry, file row and corpus index is sealed with an HMAC made with this
machine's secret (`userdirs.py`: 32 random bytes in the user's own cache
folder, never in the work tree), covering what it is stored under (its key,
path, corpus and block). A row whose MAC does not verify is a miss, and is
overwritten; its data is never decoded. The file is used only when it is an SQLite database with this
module's application id, schema version and table layout, and every entry
read decodes cleanly (zlib's checksum catches damaged bytes); anything else —
another program's database, a text file under that name, a damaged page, a
bad row — and the file is deleted and rebuilt. Only the parent process
writes, one transaction per batch, in WAL mode, so workers and concurrent
readers never see half a batch and an interrupted run leaves the last
committed state. A cache that cannot be written (a read-only folder or file system) is still
read, opened read-only; one that cannot be used at all (a lock held too
long, a file where the folder should be) is skipped with a notice: the run
extracts instead and never fails for it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from functools import lru_cache
from urllib.parse import quote
from pathlib import Path
from typing import Iterable, Optional

from . import __version__
from .cache_folder import make_cache_folder
from .entries import FORMAT, CacheCorrupt, decode, encode
from .models import Article
from .userdirs import seal, unseal

__all__ = ["Cache", "CacheCorrupt", "article_key", "decode", "encode", "fingerprint", "open_cache"]

FILE_NAME = "statements.sqlite3"
APPLICATION_ID = 0x43484B52  # "CHKR": marks the file as this program's
SCHEMA_VERSION = 5  # PRAGMA user_version; bump when a table or the entry format changes
_TABLES = {  # name: (columns, primary key)
    # one article's extraction, by article key
    "extraction": ([("key", "TEXT"), ("fp", "TEXT"), ("made", "INTEGER"), ("data", "BLOB")], "key"),
    # what a file held when last read (its bytes' digest, its article key), by path and stat
    "file": ([("fp", "TEXT"), ("path", "TEXT"), ("stat", "TEXT"), ("digest", "TEXT"), ("key", "TEXT"), ("mac", "BLOB")], "fp, path"),
    # an indexed reference corpus (corpus_index.py): its head, and its blocks one row each
    "corpus": ([("id", "TEXT"), ("used", "INTEGER"), ("data", "BLOB")], "id"),
    "corpus_block": ([("corpus", "TEXT"), ("block", "TEXT"), ("data", "BLOB")], "corpus, block"),
}
_KEEP_CORPORA = 4  # indexed corpora kept, the most recently used
_KEEP_OTHERS_DAYS = 14  # entries of another checker version or settings are dropped after this
_READ_BATCH = 500  # keys per SELECT (SQLite allows 999+ parameters; stay well below)
_BUSY_MS = 10000  # wait this long for another writer, then skip writing

# Modules that only present, compare or store results, or whose output is in the key itself
# (load: the decoded text and metadata): editing them leaves extractions valid. The entry
# layout has its own FORMAT number, in the fingerprint.
_NOT_EXTRACTION = {
    "cli.py", "run.py", "explain.py", "baseline.py", "align.py", "compare.py", "corpus_index.py", "against.py",
    "parallel.py", "load.py", "cache.py", "__main__.py",
}


# ---------------------------------------------------------------- keys


def fingerprint(tolerance: float, vocabulary: Iterable[str]) -> str:
    """What, besides an article, decides its extraction."""
    h = hashlib.sha256()
    h.update(f"checker {__version__} format {FORMAT}\0".encode())
    h.update(_code_digest().encode())
    h.update(_jieba_version().encode())
    h.update(json.dumps({"tolerance": tolerance, "vocabulary": sorted(set(vocabulary))}, ensure_ascii=False).encode())
    return h.hexdigest()


@lru_cache(maxsize=1)
def _code_digest() -> str:
    return _digest(Path(__file__).resolve().parent)


def _digest(package: Path) -> str:
    """The source of the extraction modules and the data tables, hashed."""
    files = sorted(p for p in package.rglob("*.py") if "report" not in p.relative_to(package).parts and p.name not in _NOT_EXTRACTION)
    files += sorted((package / "data").glob("*.toml"))
    h = hashlib.sha256()
    for path in files:
        h.update(str(path.relative_to(package)).encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def _jieba_version() -> str:
    from importlib import metadata

    try:
        return "jieba " + metadata.version("jieba")
    except metadata.PackageNotFoundError:
        return "jieba ?"


def article_key(article: Article, fp: str) -> str:
    """The article's content and extraction-relevant metadata, with the fingerprint: never its path."""
    meta = json.dumps(
        [article.title, article.date.isoformat() if article.date else None, article.outlet, article.body_start]
        + ([article.year_hint] if article.year_hint is not None else []),
        ensure_ascii=False,
    )
    h = hashlib.sha256(fp.encode())
    h.update(b"\0" + meta.encode() + b"\0")
    h.update(article.raw.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


# ---------------------------------------------------------------- the database


class Cache:
    """The SQLite file: `get` and `put` entries by key; rebuilt when it cannot be trusted."""

    def __init__(self, folder: str, fp: str):
        self.folder = folder
        self.path = os.path.join(folder, FILE_NAME)
        self.fp = fp
        self.rebuilt = False
        self.read_only = False  # opened read-only: entries are read, nothing is written
        self._db: Optional[sqlite3.Connection] = None

    # -- opening

    @classmethod
    def open(cls, folder: str, fp: str) -> Optional["Cache"]:
        """The cache in `folder`, checked (and rebuilt if foreign or damaged); None when it cannot be used."""
        cache = cls(folder, fp)
        try:
            make_cache_folder(folder)  # with a .gitignore of its own, and a CACHEDIR.TAG
            try:
                cache._connect()
                cache._check()
            except sqlite3.OperationalError:  # read-only, locked, cannot be opened: not damage, never deleted for it
                raise
            except (sqlite3.DatabaseError, CacheCorrupt):
                cache.rebuild()
            cache._prune()
        except (OSError, sqlite3.Error):
            cache.close()
            return cls._read_only(folder, fp)
        return cache

    @classmethod
    def _read_only(cls, folder: str, fp: str) -> Optional["Cache"]:
        """A cache that cannot be written (a read-only folder or file system) is still read; None if not even that."""
        cache = cls(folder, fp)
        if not os.path.isfile(cache.path):
            return None
        try:
            uri = "file:" + quote(os.path.abspath(cache.path)) + "?mode=ro&immutable=1"
            cache._db = sqlite3.connect(uri, uri=True, timeout=_BUSY_MS / 1000, isolation_level=None, check_same_thread=False)
            cache._check()
        except (sqlite3.Error, CacheCorrupt):
            cache.close()
            return None
        cache.read_only = True
        return cache

    def _connect(self) -> None:
        db = sqlite3.connect(self.path, timeout=_BUSY_MS / 1000, isolation_level=None, check_same_thread=False)
        self._db = db
        db.execute(f"PRAGMA busy_timeout={_BUSY_MS}")
        mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]  # also the first read: fails on a non-database
        if str(mode).lower() != "wal":
            db.execute("PRAGMA journal_mode=DELETE")
        db.execute("PRAGMA synchronous=NORMAL")

    def _check(self) -> None:
        db = self._db
        app = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        if app == 0 and version == 0 and not tables:
            self._create()
            return
        if app != APPLICATION_ID or version != SCHEMA_VERSION or sorted(tables) != sorted(_TABLES):
            raise CacheCorrupt("not this program's cache, or another schema")
        for table, (expected, _) in _TABLES.items():
            columns = [(r[1], r[2].upper()) for r in db.execute(f"PRAGMA table_info({table})")]
            if columns != expected:
                raise CacheCorrupt(f"unexpected layout of table {table}")

    def _create(self) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            for table, (columns, key) in _TABLES.items():
                spec = ", ".join(f"{name} {kind}" for name, kind in columns)
                db.execute(f"CREATE TABLE IF NOT EXISTS {table} ({spec}, PRIMARY KEY ({key})) WITHOUT ROWID")
            db.execute("CREATE INDEX IF NOT EXISTS extraction_fp ON extraction (fp)")
            db.execute("CREATE INDEX IF NOT EXISTS file_digest ON file (fp, digest)")
            db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def rebuild(self) -> None:
        """Throw the file away and start an empty one (a read-only cache is only closed: read no more)."""
        self.close()
        if self.read_only:
            return
        self.rebuilt = True
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(self.path + suffix)
            except FileNotFoundError:
                pass
            except IsADirectoryError:
                raise OSError(f"{self.path}{suffix} is a folder")
        self._connect()
        self._check()

    def _prune(self) -> None:
        """Drop entries of another checker version or settings once they are two weeks old.

        Not at once: a project checked with two configurations, or a checker
        switched between two versions, would otherwise wipe the cache each time.
        """
        db = self._db
        cutoff = int(time.time()) - _KEEP_OTHERS_DAYS * 86400
        if db.execute("SELECT 1 FROM extraction WHERE fp != ? AND made < ? LIMIT 1", (self.fp, cutoff)).fetchone():
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute("DELETE FROM extraction WHERE fp != ? AND made < ?", (self.fp, cutoff))
                db.execute("COMMIT")
            except sqlite3.OperationalError:  # another run holds the lock: prune another time
                if db.in_transaction:
                    db.execute("ROLLBACK")

    # -- reading and writing

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        """The stored entries for these keys whose MAC is this machine's (raises CacheCorrupt when the file is damaged)."""
        rows = self._select("SELECT key, data FROM extraction WHERE key IN ({marks})", keys)
        if any(not isinstance(data, bytes) for _, data in rows):
            raise CacheCorrupt("entry is not a blob")
        found = {}
        for key, data in rows:
            entry = unseal(data, b"extraction", key.encode())
            if entry is not None:
                found[key] = entry
        return found

    def put_many(self, entries: list[tuple[str, bytes]]) -> bool:
        """Store entries in one transaction; False (and nothing stored) when the cache cannot be written."""
        if not entries:
            return True
        now = int(time.time())
        return self._write([("INSERT OR REPLACE INTO extraction (key, fp, made, data) VALUES (?, ?, ?, ?)",
                             [(k, self.fp, now, seal(v, b"extraction", k.encode())) for k, v in entries])])

    def _write(self, statements: list[tuple[str, list[tuple]]]) -> bool:
        """Run (sql, rows) pairs in one transaction; False (nothing written) when the cache cannot be written."""
        if self._db is None or self.read_only:
            return False
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            for sql, rows in statements:
                db.executemany(sql, rows)
            db.execute("COMMIT")
            return True
        except sqlite3.Error:
            try:
                if db.in_transaction:
                    db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            return False

    def _select(self, sql: str, values: list[str], *params) -> list[tuple]:
        """Rows of `sql` (holding one `IN ({marks})`) for `values` in batches; CacheCorrupt on a damaged file."""
        rows: list[tuple] = []
        if self._db is None:  # closed (a damaged read-only cache): nothing is known
            return rows
        unique = list(dict.fromkeys(values))
        try:
            for i in range(0, len(unique), _READ_BATCH):
                batch = unique[i : i + _READ_BATCH]
                rows += self._db.execute(sql.format(marks=",".join("?" * len(batch))), [*params, *batch]).fetchall()
        except sqlite3.DatabaseError as e:
            raise CacheCorrupt(str(e)) from None
        return rows

    # -- files: what a path held when last read

    def file_keys(self, paths: list[str]) -> dict[str, tuple[str, str]]:
        """For each path read before with these settings: (its stat then, its article key)."""
        stored = {_db_path(p): p for p in paths}
        rows = self._select("SELECT path, stat, digest, key, mac FROM file WHERE fp = ? AND path IN ({marks})", list(stored), self.fp)
        return {stored[path]: (st, key) for path, st, _, key in self._sealed_files(rows) if path in stored}

    def digest_keys(self, digests: list[str]) -> dict[str, str]:
        """For each file content (its bytes' digest) read before anywhere with these settings: its article key."""
        rows = self._select("SELECT path, stat, digest, key, mac FROM file WHERE fp = ? AND digest IN ({marks})", digests, self.fp)
        return {digest: key for _, _, digest, key in self._sealed_files(rows)}

    def _sealed_files(self, rows: list[tuple]) -> list[tuple[str, str, str, str]]:
        """The file rows whose MAC is this machine's, without it."""
        if any(not all(isinstance(v, str) for v in row[:4]) for row in rows):
            raise CacheCorrupt("file row")
        return [tuple(row[:4]) for row in rows if unseal(row[4], *self._file_context(row[:4])) == b""]

    def _file_context(self, row) -> tuple[bytes, ...]:
        return (b"file", self.fp.encode(), *(v.encode("utf-8", "surrogatepass") for v in row))

    def remember_files(self, rows: list[tuple[str, str, str, str]]) -> bool:
        """Record (path, stat, digest, article key) of files just read."""
        return self._write([("INSERT OR REPLACE INTO file (fp, path, stat, digest, key, mac) VALUES (?, ?, ?, ?, ?, ?)",
                             [(self.fp, *row, seal(b"", *self._file_context(row)))
                              for row in ((_db_path(path), *rest) for path, *rest in rows)])])

    # -- indexed corpora

    def corpus_head(self, corpus: str) -> Optional[bytes]:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT data FROM corpus WHERE id = ?", (corpus,)).fetchone()
        except sqlite3.DatabaseError as e:
            raise CacheCorrupt(str(e)) from None
        if row is None:
            return None
        if not isinstance(row[0], bytes):
            raise CacheCorrupt("corpus row")
        head = unseal(row[0], b"corpus", corpus.encode())
        if head is None:  # not made on this machine: as if there were no index
            return None
        self._write([("UPDATE corpus SET used = ? WHERE id = ?", [(int(time.time()), corpus)])])
        return head

    def corpus_blocks(self, corpus: str, blocks: list[str]) -> dict[str, bytes]:
        rows = self._select("SELECT block, data FROM corpus_block WHERE corpus = ? AND block IN ({marks})", blocks, corpus)
        if any(not isinstance(data, bytes) for _, data in rows):
            raise CacheCorrupt("corpus block row")
        found = {}
        for block, data in rows:
            entry = unseal(data, b"block", corpus.encode(), block.encode())
            if entry is None:
                raise CacheCorrupt("corpus block not sealed on this machine")
            found[block] = entry
        return found

    def put_corpus(self, corpus: str, head: bytes, blocks: dict[str, bytes]) -> bool:
        """Store an indexed corpus; drop all but the most recently used few."""
        if self._db is None or self.read_only:
            return False
        now = int(time.time())
        old = [r[0] for r in self._db.execute("SELECT id FROM corpus WHERE id != ? ORDER BY used DESC, id", (corpus,))]
        drop = [(c,) for c in old[_KEEP_CORPORA - 1 :]]
        return self._write([
            ("DELETE FROM corpus WHERE id = ?", drop + [(corpus,)]),
            ("DELETE FROM corpus_block WHERE corpus = ?", drop + [(corpus,)]),
            ("INSERT INTO corpus (id, used, data) VALUES (?, ?, ?)", [(corpus, now, seal(head, b"corpus", corpus.encode()))]),
            ("INSERT INTO corpus_block (corpus, block, data) VALUES (?, ?, ?)",
             [(corpus, b, seal(d, b"block", corpus.encode(), b.encode())) for b, d in sorted(blocks.items())]),
        ])

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None


def _db_path(path: str) -> str:
    """A path as SQLite text: itself, or (a name that is not UTF-8) its bytes in hex behind a NUL no path holds."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return "\0b:" + path.encode("utf-8", "surrogatepass").hex()


def open_cache(folder: Optional[str], tolerance: float, vocabulary: Iterable[str]) -> Optional[Cache]:
    """The cache in `folder` for these settings, or None (no folder given, or unusable)."""
    if not folder:
        return None
    return Cache.open(folder, fingerprint(tolerance, vocabulary))
