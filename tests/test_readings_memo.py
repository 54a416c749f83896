"""What pypinyin and jieba answered about a word is remembered in the build cache (build_scripts/terms/memo.py): a later
process reads a known word without importing pypinyin, a new word is still read by pypinyin, the same way, and a
damaged memo is never trusted."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts import cache
from build_scripts.terms import memo

ROOT = Path(__file__).resolve().parent.parent
KNOWN = "推进长三角一体化发展，全面从严治党，北武当山调结构。"  # a long word (cut by its sub-words) and table rows
NEW = "测量增量构建的耗时"  # none of its words is in KNOWN

# A process of its own, as a build's: the reading aids' and the search records' readings of a text, whether it
# imported pypinyin or OpenCC for them, and the answers it worked out, stored as data_files.prepare stores them.
READ = """
import hashlib, json, sys
from build_scripts.site.reading_data import tokens
from build_scripts.search.syllables import char_syllables
from build_scripts.search.variants import script_table
from build_scripts.terms import memo
text = sys.argv[1]
out = {"tokens": tokens((text,)), "search": char_syllables(text),
       "script": hashlib.sha256(repr(sorted(script_table().items())).encode()).hexdigest(),
       "pypinyin": "pypinyin" in sys.modules, "opencc": "opencc" in sys.modules}
worked_out = memo.take()
memo.store(worked_out)
print(json.dumps({**out, "worked_out": len(worked_out)}, ensure_ascii=False))
"""


def read(folder: Path, text: str) -> dict:
    env = {**os.environ, cache.CACHE_ENV: str(folder), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-P", "-c", READ, text], env=env, cwd=ROOT, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """A cache whose memo holds the answers about KNOWN, made by a first process; with what that process gave."""
    folder = tmp_path_factory.mktemp("cache")
    return folder, read(folder, KNOWN)


def without_counts(found: dict) -> dict:
    return {k: v for k, v in found.items() if k in ("tokens", "search", "script")}


def test_the_first_process_reads_with_pypinyin_and_keeps_what_it_worked_out(filled):
    folder, first = filled
    assert first["pypinyin"] and first["worked_out"] > 10
    assert len(list(folder.glob("readings-*.sqlite"))) == 1


def test_a_known_text_is_read_the_same_without_importing_pypinyin_or_opencc(filled):
    folder, first = filled
    again = read(folder, KNOWN)
    assert not again["pypinyin"] and not again["opencc"]
    assert again["worked_out"] == 0
    assert without_counts(again) == without_counts(first)


def test_a_new_word_is_read_by_pypinyin_as_without_a_memo(filled, tmp_path):
    folder, _ = filled
    with_memo = read(folder, KNOWN + NEW)
    assert with_memo["pypinyin"]
    fresh = read(tmp_path, KNOWN + NEW)  # an empty cache: every answer from the libraries
    assert without_counts(with_memo) == without_counts(fresh)
    assert 0 < with_memo["worked_out"] < fresh["worked_out"]  # only what the memo lacked


def test_a_memo_that_is_not_a_database_is_made_again(filled, tmp_path):
    folder, first = filled
    damaged = tmp_path / "cache"
    shutil.copytree(folder, damaged)
    [path] = damaged.glob("readings-*.sqlite")
    path.write_bytes(b"not a database" * 100)
    found = read(damaged, KNOWN)
    assert found["pypinyin"] and without_counts(found) == without_counts(first)
    again = read(damaged, KNOWN)  # the memo made again from what that process worked out
    assert not again["pypinyin"] and without_counts(again) == without_counts(first)


def test_a_damaged_answer_is_worked_out_again_and_replaced(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(memo, "_pending", {})
    memo.store({("syllables", "测量"): "cè\tliáng", ("syllables", "增量"): "zēng\tliàng"})
    with sqlite3.connect(memo.memo_path()) as con:  # a value changed without its digest
        con.execute("UPDATE answers SET value = 'wrong' WHERE item = '测量'")
    asked = []

    def work_out(text: str) -> str:
        asked.append(text)
        return "cè\tliáng"

    assert memo.answer("syllables", "增量", work_out) == "zēng\tliàng" and asked == []
    assert memo.answer("syllables", "测量", work_out) == "cè\tliáng" and asked == ["测量"]
    memo.store(memo.take())
    assert memo.answer("syllables", "测量", work_out) == "cè\tliáng" and asked == ["测量"]  # stored again


def test_the_memo_is_another_with_another_overrides_table(tmp_path, monkeypatch):
    copy = tmp_path / "build_scripts"
    shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    keys = []
    try:
        for change in (None, "供养\tgong1 yang3\tmanual: a test row\n"):
            if change:
                with (copy / "data" / "pinyin_overrides.tsv").open("a", encoding="utf-8") as table:
                    table.write(change)
            monkeypatch.setattr(cache, "PACKAGE", copy)
            cache.code_fingerprint.cache_clear()
            keys.append(memo.memo_path())
    finally:
        monkeypatch.undo()
        cache.code_fingerprint.cache_clear()
    assert keys[0] == memo.memo_path()  # the same files: the same memo
    assert keys[1] != keys[0]
