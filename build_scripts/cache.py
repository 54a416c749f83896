"""The build's cache: what was parsed once is not parsed again until its inputs or the code change.

Keys are content hashes: a page's parse is keyed by its raw bytes, its sidecar (and corrections file) and the
code that parses it; the glossary by its files and the code. Values are pickles in build/cache/ (or, where
another format reads faster, bytes checked by their digest: `cached_bytes`), written atomically, so a build that
stops half-way leaves no half-written entry. Deleting the folder is always safe.

An entry's modification time is when a build last used it (`lookup` and `has` touch it), and after each build
`prune` deletes the least recently used entries beyond a limit: every edit and every change of the code makes new
entries, and without pruning the folder only grows (2.2 GB after a day of this project's builds).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
import weakref
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

CACHE_ENV = "DUIZHAO_CACHE"  # another cache folder (tests compare a build on an empty cache with an incremental one)
CACHE_DIR = Path(os.environ.get(CACHE_ENV) or "build/cache")
LIMIT_ENV = "DUIZHAO_CACHE_LIMIT_MB"  # the most the cache keeps after a build (default: see prune)
PACKAGE = Path(__file__).resolve().parent
T = TypeVar("T")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Every source and data file of the package: any change to the code makes every entry stale."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".txt", ".tsv", ".json", ".yml"} and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def files_key(kind: str, paths: list[Path]) -> str:
    """The key of what is made from these files (a missing file counts as missing, not as an error)."""
    digest = hashlib.sha256(f"{kind}\0{code_fingerprint()}".encode())
    for path in paths:
        digest.update(f"\0{path}\0".encode())  # the path too: a parse records where its page came from
        digest.update(path.read_bytes() if path.exists() else b"\0missing")
    return digest.hexdigest()


def _entry(key: str, folder: Path | None = None) -> Path:
    """Where the value of `key` is stored: build/cache/<first two hex digits>/<key>.pickle."""
    return Path(folder or CACHE_DIR) / key[:2] / f"{key}.pickle"


_MISSING = object()
_handed_down: dict[str, object] = {}  # values a parent process handed to this one when it forked it (preload)


def preload(values: dict[str, object]) -> None:
    """Serve these values from memory in this process: a process forked by the build (the MkDocs builds) gets the
    archive and its data files as the parent has them, instead of reading their pickles again (seconds)."""
    _handed_down.update(values)


def handed_down(key: str, make: Callable[[], T]) -> T:
    """The value the parent process handed down under `key` (preload), else `make()`, not stored: for what is
    cheap to make once but a waste to make again in each forked MkDocs build."""
    value = _handed_down.get(key, _MISSING)
    return make() if value is _MISSING else value


def cached(key: str, make: Callable[[], T], folder: Path | None = None) -> T:
    """The value stored under `key`, or `make()`, stored. An unreadable entry is made again."""
    value = lookup(key, folder, default=_MISSING)
    if value is _MISSING:
        value = make()
        store_value(key, value, folder)
    return value


def lookup(key: str, folder: Path | None = None, default=None):
    """The value stored under `key`, or `default` (nothing stored, or an unreadable entry)."""
    if key in _handed_down:
        return _handed_down[key]
    path = _entry(key, folder)
    try:
        with path.open("rb") as f:
            value = pickle.load(f)
    except Exception:  # noqa: BLE001 — missing, damaged or outdated: only a miss
        return default
    touch(path)
    return value


def store_value(key: str, value, folder: Path | None = None) -> None:
    store(_entry(key, folder), value)


def has(key: str, folder: Path | None = None) -> bool:
    """Whether `key` is stored (and, if so, it counts as used: prune keeps it)."""
    return touch(_entry(key, folder))


def touch(path: Path) -> bool:
    """Mark a file of the cache as used now; False if there is no such file."""
    try:
        os.utime(path)
    except OSError:
        return False
    return True


class LastBuild:
    """`make(item)` of each item it is called with, those made by the last build under the same name (and code)
    taken from the build cache: after a one-page change, only what the page changed is made again (e.g. packed
    texts, compressed postings). `save` stores this build's items only, so the entry does not grow. A call may
    give its own `make`, where what makes an item is not the item itself (e.g. an item that is a content's hash)."""

    def __init__(self, name: bytes, make: Callable | None = None):
        self.key = self.key_of(name)
        known = lookup(self.key, default=None)
        self.known: dict = known if isinstance(known, dict) else {}
        self.made: dict = {}
        self.make = make

    @staticmethod
    def key_of(name: bytes) -> str:
        """The build cache's key of what the last build made under `name`, by this code."""
        return hashlib.sha256(b"last-build\0" + name + b"\0" + code_fingerprint().encode()).hexdigest()

    def __call__(self, item, make: Callable | None = None):
        found = self.known.get(item)
        if found is None:
            found = (make or self.make)(item)
        self.made[item] = found
        return found

    def save(self) -> None:
        if self.made.keys() != self.known.keys():
            store_value(self.key, self.made)


MIN_LIMIT = 512 * 1024 * 1024


def configured_limit() -> int | None:
    """DUIZHAO_CACHE_LIMIT_MB in bytes, or None when it is not set; a value that is not a number is a UserError."""
    configured = os.environ.get(LIMIT_ENV, "").strip()
    if not configured:
        return None
    try:
        megabytes = float(configured)
    except ValueError:
        megabytes = -1
    if not megabytes >= 0:
        from build_scripts.errors import UserError

        raise UserError(f"{LIMIT_ENV}={configured!r}: not a number of megabytes (e.g. 1024)")
    return int(megabytes * 1024 * 1024)
STALE_TEMPORARY = 3600  # seconds: a temporary file this old was left by a build that was killed


def prune(since: float, folder: Path | None = None, limit: int | None = None) -> tuple[int, int]:
    """Delete the least recently used files of the cache while it holds more than `limit` bytes, never one used
    since `since` (the start of this build), and temporary files left by killed builds. The default limit is
    DUIZHAO_CACHE_LIMIT_MB, else three times what this build used and at least 512 MB: enough to keep the
    entries of an edit undone. Returns (files deleted, bytes freed)."""
    folder = Path(folder or CACHE_DIR)
    files = []  # (last used, size, path)
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            files.append((stat.st_mtime, stat.st_size, path))
    if limit is None:
        limit = configured_limit()
    if limit is None:
        limit = max(3 * sum(size for when, size, _ in files if when >= since), MIN_LIMIT)
    total = sum(size for _, size, _ in files)
    deleted = freed = 0
    now = time.time()
    for when, size, path in sorted(files):
        stale_temporary = os.path.basename(path).startswith(".tmp-") and now - when > STALE_TEMPORARY
        if not stale_temporary and (total - freed <= limit or when >= since):
            continue
        try:
            os.unlink(path)
        except OSError:
            continue
        deleted += 1
        freed += size
    return deleted, freed


def store(path: Path, value) -> None:
    _write(path, lambda f: pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL))


def _write(path: Path, write: Callable) -> None:
    """Write a file of the cache whole or not at all: `write(f)` fills a temporary file beside it, which then
    replaces it, so a process reading the entry meanwhile (a concurrent build, a forked worker) sees the old file
    or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---- entries in a format of their own ------------------------------------------------------------------------

def cached_bytes(key: str, make: Callable[[], T], dump: Callable[[T], bytes], load: Callable[[bytes], T],
                 folder: Path | None = None) -> T:
    """`cached` for a value stored as `dump` writes it and `load` reads it, where that is faster than a pickle
    (marshal, for jieba's tables: see terms/jieba_state.py). An entry that is damaged, or that `load` rejects
    (raises), is a miss: made and stored again."""
    data = lookup_bytes(key, folder)
    if data is not None:
        try:
            return load(data)
        except Exception:  # noqa: BLE001 — outdated or wrong: only a miss
            pass
    value = make()
    store_bytes(key, dump(value), folder)
    return value


DIGEST_SIZE = 32  # a bytes entry starts with the sha256 of what follows: damage is a miss, not a wrong value


def lookup_bytes(key: str, folder: Path | None = None) -> bytes | None:
    """The bytes stored under `key` by store_bytes, or None (nothing stored, or damaged)."""
    path = _bytes_entry(key, folder)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < DIGEST_SIZE or hashlib.sha256(memoryview(data)[DIGEST_SIZE:]).digest() != data[:DIGEST_SIZE]:
        return None
    touch(path)
    return data[DIGEST_SIZE:]


def store_bytes(key: str, data: bytes, folder: Path | None = None) -> None:
    digest = hashlib.sha256(data).digest()
    _write(_bytes_entry(key, folder), lambda f: (f.write(digest), f.write(data)))


def _bytes_entry(key: str, folder: Path | None = None) -> Path:
    return _entry(key, folder).with_suffix(".bin")


def document_key(doc, kind: str, *extra: str) -> str:
    """The key of what is made from one document: its whole model (text, anchors, edits, terms: model_digest) and
    the code."""
    digest = hashlib.sha256("\0".join((kind, code_fingerprint(), *extra)).encode())
    digest.update(model_digest(doc))
    return digest.hexdigest()


_sealed: dict[int, tuple[weakref.ref, bytes]] = {}  # id(document) → (the document, its model_digest): see seal


def model_digest(doc) -> bytes:
    """A digest of the document's whole model. The model is hashed as a pickle, ten times faster than its JSON
    (measured: 0.2 s against 2.3 s for the 73 documents). The pickle holds every value, so two different documents
    never share a digest.

    A pickle also records which values are one object (a string shared by two fields is written once), and
    that differs between a document and its copy in a worker process, which received it pickled: the worker's
    key missed the main process's and every record made on the other cores was made again, one core at a time
    (measured on the 1,000-document benchmark). So the pickle hashed is that of the document's pickled copy:
    the same for the document and for every copy of it."""
    found = _sealed.get(id(doc))
    if found is not None and found[0]() is doc:
        return found[1]
    return hashlib.sha256(pickle.dumps(pickle.loads(pickle.dumps(doc, protocol=5)), protocol=5)).digest()


def seal(docs, digests: list[bytes] | None = None) -> list[bytes]:
    """Say that these documents no longer change (the annotated archive, which every later stage only reads):
    each one's model_digest is taken once (`digests`: taken before, e.g. stored with the archive), not at every
    key made from it (a build makes about nine keys per document: 0.8 s for the 73 documents, each a pickle of the
    document). Returns the digests."""
    digests = digests if digests is not None and len(digests) == len(docs) else [model_digest(d) for d in docs]
    for doc, digest in zip(docs, digests):
        key = id(doc)  # forgotten when the document is (a weak reference: a later object may get its id)
        _sealed[key] = (weakref.ref(doc, lambda _, key=key: _sealed.pop(key, None)), digest)
    return digests


def value_key(kind: str, value) -> str | None:
    """A key of what is made from `value` alone (and the code): the digest of its marshal bytes, which take a fifth
    of the time of, say, the CC-CEDICT subset's JSON to make (marshal reads them back as the value: two different
    values never share them). Format 2, which has no references: those of later formats follow which objects are
    shared, and a copy of the value got other bytes. For what is made from a value that stays the same after a
    one-page change while the archive's key does not. None for a value marshal cannot write."""
    import marshal

    try:
        data = marshal.dumps(value, 2)
    except ValueError:
        return None
    return hashlib.sha256(f"{kind}\0{code_fingerprint()}\0".encode() + data).hexdigest()
