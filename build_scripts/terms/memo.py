"""What pypinyin and jieba answered about a word, remembered across documents and builds.

A word's syllables (pypinyin), a numbered syllable's tone-marked form, a syllable's search reading, whether jieba's
dictionary has a word: each is a pure function of its text, the pinned libraries' files, the overrides table and
the code. An edit's new sentence is nearly always made of words the archive prints elsewhere, yet reading it cost
importing pypinyin (half a second of CPU) in the process that makes the changed document's data. So every answer
is looked up first in one SQLite file of the build cache, keyed by all of those inputs (a process reads only the rows
it asks for), and a library is imported only for what the file lacks.

What a process worked out waits in `_pending` until `data_files.prepare` stores it, in the build's own process: the
pool's workers hand theirs back with each document, so the file has one writer. Each row carries a digest of itself:
a damaged row is worked out again, a file that is not a database any more is made again.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from functools import lru_cache, wraps
from pathlib import Path
from typing import Callable

LIBRARIES = ("jieba", "pypinyin")  # what the answers come from
WHOLE_KINDS = ("marked", "reading")  # a syllable's forms: a few thousand rows in all, read at once on first use

_pending: dict[tuple[str, str], str] = {}  # (kind, item) → answer, worked out in this process and not stored yet
_reader: dict[tuple[int, Path], sqlite3.Connection | None] = {}  # (process id, memo) → a read-only connection
_whole: dict[tuple[int, Path, str], dict[str, tuple[str, int]]] = {}  # (process id, memo, kind) → its rows


@lru_cache(maxsize=None)
def libraries_digest(*names: str) -> str:
    """A digest of the installed files of these distributions, without importing them: each wheel's RECORD lists
    every file it installed with the file's hash."""
    from importlib.metadata import PackageNotFoundError, distribution

    digest = hashlib.sha256()
    for name in names:
        try:
            dist = distribution(name)
            digest.update(f"{name}\0{dist.version}\0{dist.read_text('RECORD') or ''}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name}\0missing\0".encode())
    return digest.hexdigest()


def memo_path() -> Path:
    """The memo's file: one per version of the code (which holds the overrides table) and of the libraries."""
    from build_scripts import cache

    return _memo_path(str(cache.CACHE_DIR), cache.code_fingerprint())


@lru_cache(maxsize=None)
def _memo_path(folder: str, code: str) -> Path:
    key = hashlib.sha256(f"readings-memo\0{code}\0{libraries_digest(*LIBRARIES)}".encode())
    return Path(folder) / f"readings-{key.hexdigest()}.sqlite"


def _digest(kind: str, item: str, value: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"{kind}\0{item}\0{value}".encode(), digest_size=8).digest(), "big",
                          signed=True)


def _connection() -> sqlite3.Connection | None:
    """This process's reader (a forked process opens its own: a connection must not cross a fork)."""
    path = memo_path()
    at = (os.getpid(), path)
    if at not in _reader:
        from build_scripts.cache import touch

        con = None
        if touch(path):  # used by this build: the cache's pruning keeps it
            try:
                con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            except sqlite3.Error:
                con = None
        _reader[at] = con  # None: no memo yet (the build's store makes it, then reads it afresh)
    return _reader[at]


def _stored(kind: str, item: str) -> str | None:
    con = _connection()
    if con is None:
        return None
    try:
        # fetchall: the statement runs to its end, so the read lock is not held while others write
        if kind in WHOLE_KINDS:
            at = (os.getpid(), memo_path(), kind)
            if at not in _whole:
                found = con.execute("SELECT item, value, digest FROM answers WHERE kind = ?", (kind,)).fetchall()
                _whole[at] = {row[0]: row[1:] for row in found}
            row = _whole[at].get(item)
            rows = [row] if row else []
        else:
            rows = con.execute("SELECT value, digest FROM answers WHERE kind = ? AND item = ?",
                               (kind, item)).fetchall()
    except sqlite3.OperationalError as err:
        if "no such table" not in str(err) and "locked" not in str(err):
            _reader[(os.getpid(), memo_path())] = None  # not readable now: worked out instead
        return None
    except sqlite3.DatabaseError:  # damaged: never read again; the answers are worked out and stored in a new file
        _reader[(os.getpid(), memo_path())] = None
        memo_path().unlink(missing_ok=True)  # a process that has it open keeps reading its own copy meanwhile
        return None
    if rows and _digest(kind, item, rows[0][0]) == rows[0][1]:
        return rows[0][0]
    return None  # not known, or a damaged row (stored again with the answer worked out)


def answer(kind: str, item: str, work_out: Callable[[str], str]) -> str:
    """The stored answer of `kind` about `item`, else `work_out(item)`, kept for `store`."""
    key = (kind, item)
    found = _pending.get(key)
    if found is None:
        found = _stored(kind, item)
        if found is None:
            found = _pending[key] = work_out(item)
    return found


def memoised(kind: str, encode: Callable[[object], str], decode: Callable[[str], object]):
    """Decorate a function of one string whose result is a pure function of it (and of the memo's key)."""
    def decorate(function):
        @wraps(function)
        def memoised_function(item: str):
            return decode(answer(kind, item, lambda text: encode(function(text))))
        return memoised_function
    return decorate


def take() -> dict[tuple[str, str], str]:
    """The answers worked out in this process since the last `take`, to be stored."""
    rows = dict(_pending)
    _pending.clear()
    return rows


def store(rows: dict[tuple[str, str], str]) -> None:
    """Add these answers to the memo. A memo that is not a database any more is made again; one that another build
    keeps locked is left as it is (the answers are only worked out again next time)."""
    if not rows:
        return
    path = memo_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):  # a damaged file: deleted, then made again once
        con = None
        try:
            con = sqlite3.connect(path, timeout=30)
            with con:
                con.execute("CREATE TABLE IF NOT EXISTS answers (kind TEXT, item TEXT, value TEXT, digest INTEGER, "
                            "PRIMARY KEY (kind, item)) WITHOUT ROWID")
                con.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                                [(kind, item, value, _digest(kind, item, value)) for (kind, item), value in rows.items()])
            break
        except sqlite3.OperationalError:
            break
        except sqlite3.DatabaseError:  # not a database, or a damaged one
            if con is not None:
                con.close()
                con = None
            for damaged in (path, Path(f"{path}-journal")):
                damaged.unlink(missing_ok=True)
        finally:
            if con is not None:
                con.close()
    for kind in WHOLE_KINDS:
        _whole.pop((os.getpid(), path, kind), None)
    reader = _reader.pop((os.getpid(), path), None)  # this process reads the file as it is now (another process's
    if reader is not None:                    # connection, inherited through a fork, is never touched)
        reader.close()
