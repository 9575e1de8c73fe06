"""A persistent cache of extractions, so an unchanged article is never extracted twice.

One SQLite file (`statements.sqlite`, standard library `sqlite3`) in the
cache folder (`.checker-cache/` or `--cache DIR`). The key is a SHA-256 of
what decides an extraction: the article's decoded text and metadata, the
checker's version, its language tables and the settings that change
extraction. The same text at another path is a hit; any change is a miss.

The file is never trusted blindly: a file that is not SQLite, carries
another schema version, or holds a row that does not parse is deleted and
rebuilt. Only the calling process writes, in one transaction per batch, so
an interrupted run leaves the previous state. Values are JSON, never pickle.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

from . import __version__
from .models import Article, Extraction, Source, Statement

SCHEMA_VERSION = 1
FILE_NAME = "statements.sqlite"
_INTERNAL = ("context", "markers", "entity_strength", "date_known", "as_of_explicit")


@lru_cache(maxsize=1)
def _tables_digest() -> str:
    digest = hashlib.sha256()
    folder = resources.files("checker.data")
    for name in sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml")):
        digest.update(name.encode())
        digest.update(folder.joinpath(name).read_bytes())
    return digest.hexdigest()


def article_key(article: Article, settings: str) -> str:
    digest = hashlib.sha256()
    for part in (__version__, _tables_digest(), settings, article.raw, str(article.date), article.title or "",
                 article.outlet or "", str(article.body_start)):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()


class Cache:
    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.path = self.folder / FILE_NAME
        self.connection: Optional[sqlite3.Connection] = None

    def __enter__(self) -> "Cache":
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            self.connection = self._connect()
        except sqlite3.DatabaseError:
            self._discard()  # corrupt or foreign: rebuilt, never trusted
            self.connection = self._connect()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30)
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version != SCHEMA_VERSION or (tables and tables != {"extractions"}):
                if version != 0 or tables:
                    raise sqlite3.DatabaseError("not a checker cache of this version")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("CREATE TABLE IF NOT EXISTS extractions (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.commit()
            return connection
        except sqlite3.DatabaseError:
            connection.close()
            raise

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(str(self.path) + suffix)
            except FileNotFoundError:
                pass

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def get_many(self, keys: list[str]) -> dict[str, Extraction]:
        found: dict[str, Extraction] = {}
        assert self.connection is not None
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self.connection.execute(f"SELECT key, data FROM extractions WHERE key IN ({marks})", chunk).fetchall()
            except sqlite3.DatabaseError:
                self._rebuild()
                return {}
            for key, data in rows:
                try:
                    found[key] = decode(data)
                except (ValueError, TypeError, KeyError):
                    self._rebuild()  # a row that does not parse: the whole file is suspect
                    return {}
        return found

    def put_many(self, items: Iterable[tuple[str, Extraction]]) -> None:
        assert self.connection is not None
        rows = [(key, encode(extraction)) for key, extraction in items]
        try:
            with self.connection:  # one transaction: all or nothing
                self.connection.executemany("INSERT OR REPLACE INTO extractions (key, data) VALUES (?, ?)", rows)
        except sqlite3.DatabaseError:
            self._rebuild()

    def _rebuild(self) -> None:
        self.close()
        self._discard()
        self.connection = self._connect()


def encode(extraction: Extraction) -> str:
    statements = []
    for s in extraction.statements:
        data = s.model_dump(mode="json")
        data.update(low=s.low, high=s.high, value=s.value)  # keep ±∞ (JSON mode would write null)
        data.update({name: getattr(s, name) for name in _INTERNAL})
        statements.append(data)
    payload = {"source": extraction.source.model_dump(mode="json"), "statements": statements, "aliases": extraction.aliases}
    return json.dumps(payload, ensure_ascii=False)


def decode(data: str) -> Extraction:
    payload = json.loads(data)
    return Extraction(
        source=Source.model_validate(payload["source"]),
        statements=[Statement.model_validate(s) for s in payload["statements"]],
        aliases=payload["aliases"],
    )


def rebase(extraction: Extraction, article: Article) -> Extraction:
    """A cached extraction, renamed for this run's source id, path and role."""
    source = extraction.source.model_copy(update={"id": article.id, "path": article.path, "role": article.role})
    statements = [
        s.model_copy(update={"id": f"{article.id}:{n}", "source": article.id, "path": article.path})
        for n, s in enumerate(extraction.statements, start=1)
    ]
    return Extraction.model_construct(source=source, statements=statements, aliases=extraction.aliases)
