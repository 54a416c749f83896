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
