"""The build cache keeps what builds use and forgets, past a limit, what they no longer use."""
from __future__ import annotations

import os
import time

import pytest

from build_scripts import cache
from build_scripts.errors import UserError

MB = 1024 * 1024


def entry(folder, key: str, size: int, age: float):
    """An entry of `size` bytes last used `age` seconds ago."""
    cache.store_value(key, b"x" * size, folder)
    path = cache._entry(key, folder)
    when = time.time() - age
    os.utime(path, (when, when))
    return path


def test_past_the_limit_the_least_recently_used_entries_go_first(tmp_path):
    oldest, older, recent = (entry(tmp_path, k, MB, age) for k, age in (("aa1", 300), ("aa2", 200), ("aa3", 100)))
    deleted, freed = cache.prune(time.time(), tmp_path, limit=int(1.5 * MB))
    assert (oldest.exists(), older.exists(), recent.exists()) == (False, False, True)
    assert deleted == 2 and freed >= 2 * MB


def test_what_this_build_used_is_kept_even_past_the_limit(tmp_path):
    started = time.time() - 50
    used = [entry(tmp_path, k, MB, 10) for k in ("bb1", "bb2")]
    assert cache.prune(started, tmp_path, limit=0) == (0, 0)
    assert all(p.exists() for p in used)


def test_an_entry_looked_up_or_found_counts_as_used(tmp_path):
    looked_up, found, unused = (entry(tmp_path, k, MB, 300) for k in ("cc1", "cc2", "cc3"))
    started = time.time() - 1
    assert cache.lookup("cc1", tmp_path) == b"x" * MB
    assert cache.has("cc2", tmp_path)
    cache.prune(started, tmp_path, limit=0)
    assert (looked_up.exists(), found.exists(), unused.exists()) == (True, True, False)


def test_under_the_limit_nothing_is_deleted(tmp_path):
    paths = [entry(tmp_path, k, MB, 300) for k in ("dd1", "dd2")]
    assert cache.prune(time.time(), tmp_path, limit=10 * MB) == (0, 0)
    assert all(p.exists() for p in paths)


def test_the_default_limit_keeps_three_times_what_the_build_used_and_at_least_512_mb(tmp_path, monkeypatch):
    monkeypatch.delenv(cache.LIMIT_ENV, raising=False)
    monkeypatch.setattr(cache, "MIN_LIMIT", 2 * MB)  # small files stand for large ones
    started = time.time() - 50
    entry(tmp_path, "ee0", MB, 10)  # used by this build: the limit is max(3 × 1 MB, 2 MB)
    old = [entry(tmp_path, f"ee{i}", MB, 1000 - i) for i in range(1, 5)]
    cache.prune(started, tmp_path)
    assert [p.exists() for p in old] == [False, False, True, True]


def test_temporary_files_left_by_a_killed_build_are_deleted_once_stale(tmp_path):
    stale, fresh = tmp_path / "ab" / ".tmp-stale", tmp_path / "ab" / ".tmp-fresh"
    stale.parent.mkdir()
    for path, age in ((stale, 2 * cache.STALE_TEMPORARY), (fresh, 10)):
        path.write_bytes(b"half")
        os.utime(path, (time.time() - age, time.time() - age))
    cache.prune(time.time(), tmp_path, limit=10 * MB)
    assert (stale.exists(), fresh.exists()) == (False, True)


@pytest.mark.parametrize("value", ["a lot", "-5", "nan"])
def test_a_limit_that_is_not_a_number_of_megabytes_is_one_clear_error(monkeypatch, value):
    monkeypatch.setenv(cache.LIMIT_ENV, value)
    with pytest.raises(UserError, match=rf"^DUIZHAO_CACHE_LIMIT_MB='{value}': not a number of megabytes"):
        cache.configured_limit()


def test_a_limit_in_megabytes_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv(cache.LIMIT_ENV, "1.5")
    assert cache.configured_limit() == int(1.5 * MB)
    monkeypatch.delenv(cache.LIMIT_ENV)
    assert cache.configured_limit() is None


def test_a_sealed_document_keeps_the_digest_taken_when_it_was_sealed_and_is_not_kept_alive():
    import gc
    import weakref

    from build_scripts.model import Block, Document

    def document(text):
        return Document(id="d", source_path="d.txt", metadata={},
                        blocks=[Block(kind="paragraph", anchor="p1", text=text, source_lines=(1, 1))])

    doc = document("脱贫攻坚")
    before = cache.document_key(doc, "kind")
    cache.seal([doc])
    doc.blocks[0].text = "共同富裕"  # no stage changes a sealed document: were one to, its keys would not follow
    assert cache.document_key(doc, "kind") == before
    assert cache.document_key(document("共同富裕"), "kind") != before  # an unsealed one is hashed as it is
    gone, key = weakref.ref(doc), id(doc)
    del doc
    gc.collect()
    assert gone() is None and key not in cache._sealed  # sealing does not keep a document alive


# ---- entries in a format of their own (cached_bytes: jieba's snapshot) ---------------------------------------

class Maker:
    """A value made and counted, stored as text."""

    def __init__(self, value: str = "北武当山"):
        self.value, self.calls = value, 0

    def __call__(self) -> str:
        self.calls += 1
        return self.value

    def cached(self, folder, load=bytes.decode) -> str:
        return cache.cached_bytes("ff1", self, str.encode, load, folder)


def test_a_bytes_entry_is_made_once_then_read_back_and_counts_as_used(tmp_path):
    make = Maker()
    assert make.cached(tmp_path) == make.cached(tmp_path) == "北武当山"
    assert make.calls == 1
    path = cache._bytes_entry("ff1", tmp_path)
    os.utime(path, (time.time() - 300, time.time() - 300))
    started = time.time() - 1
    make.cached(tmp_path)
    cache.prune(started, tmp_path, limit=0)
    assert path.exists()


def _flip_a_byte(data: bytes) -> bytes:
    return data[:-3] + bytes([data[-3] ^ 1]) + data[-2:]


@pytest.mark.parametrize("damage", [
    lambda data: data[:len(data) // 2],  # cut short
    _flip_a_byte,  # its digest no longer matches
    lambda data: b"",
    lambda data: data[:cache.DIGEST_SIZE],  # the digest alone
    lambda data: os.urandom(len(data)),
], ids=["cut short", "a byte changed", "empty", "digest only", "random"])
def test_a_damaged_bytes_entry_is_made_again_and_stored_whole(tmp_path, damage):
    make = Maker()
    make.cached(tmp_path)
    path = cache._bytes_entry("ff1", tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    assert make.cached(tmp_path) == "北武当山" and make.calls == 2
    assert cache.lookup_bytes("ff1", tmp_path) == "北武当山".encode()


def test_a_bytes_entry_its_loader_rejects_is_made_again(tmp_path):
    cache.store_bytes("ff1", b"\xff not utf-8", tmp_path)  # whole, its digest right, but not what load reads
    make = Maker()
    assert make.cached(tmp_path) == "北武当山" and make.calls == 1
    assert make.cached(tmp_path) == "北武当山" and make.calls == 1


def test_a_write_that_stops_half_way_leaves_the_previous_entry_whole_and_no_temporary_file(tmp_path):
    """What a concurrent reader (another build, a forked worker) can find is an old entry or a new one, whole."""
    cache.store_bytes("ff1", b"before", tmp_path)
    path = cache._bytes_entry("ff1", tmp_path)

    def write(f):  # the process is stopped half-way through writing the new entry
        f.write(b"after, a")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        cache._write(path, write)
    assert cache.lookup_bytes("ff1", tmp_path) == b"before"
    assert [p.name for p in path.parent.iterdir()] == ["ff1.bin"]
