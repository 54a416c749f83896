"""The segmenter starts from jieba's state kept in the build cache (build_scripts/terms/jieba_state.py): made once,
read by every later start, made again when damaged, keyed by every input it is made from."""
from __future__ import annotations

import json
import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts import cache
from build_scripts.terms import jieba_state, pinyin

ROOT = Path(__file__).resolve().parent.parent
TEXT = "我们清醒地认识到，坚持以供给侧结构性改革为主线，北武当山和吕梁市的蠻橫無理地剝奪"

# A process of its own, as a build's: what it segments and pinyin, and whether it needed jieba.posseg (which
# reads dict.txt on import) or pkg_resources.
START = f"""
import json, sys
from build_scripts.terms import pinyin
words = [[p.word, p.flag] for p in pinyin._tokenizer().cut({TEXT!r})]
print(json.dumps({{"words": words, "pinyin": pinyin.to_pinyin({TEXT!r}),
                  "posseg": "jieba.posseg" in sys.modules, "pkg_resources": "pkg_resources" in sys.modules}}))
"""


def start(folder: Path) -> dict:
    env = {**os.environ, cache.CACHE_ENV: str(folder), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-P", "-c", START], env=env, cwd=ROOT, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def snapshot_folder(tmp_path_factory):
    """A cache folder holding the snapshot, made by a first process; with what that process gave."""
    folder = tmp_path_factory.mktemp("cache")
    first = start(folder)
    return folder, first


def snapshot_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.bin"))


def test_a_second_process_starts_from_the_snapshot_the_first_one_made(snapshot_folder):
    folder, first = snapshot_folder
    assert first["posseg"]  # made by jieba
    assert len(snapshot_files(folder)) == 1
    second = start(folder)
    assert not second["posseg"] and not second["pkg_resources"]
    assert second["words"] == first["words"] and second["pinyin"] == first["pinyin"]
    assert [(p.word, p.flag) for p in pinyin._tokenizer().cut(TEXT)] == [tuple(w) for w in first["words"]]


def test_a_damaged_snapshot_is_made_again_with_the_same_words_and_read_back_whole(snapshot_folder, tmp_path,
                                                                                monkeypatch):
    folder, first = snapshot_folder
    shutil.copytree(folder, tmp_path / "cache")
    (path,) = snapshot_files(tmp_path / "cache")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(data)
    made = []
    make = jieba_state.made_by_jieba
    monkeypatch.setattr(jieba_state, "made_by_jieba", lambda teach: made.append(make(teach)) or made[-1])
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    pinyin._tokenizer.cache_clear()
    try:
        assert [[p.word, p.flag] for p in pinyin._tokenizer().cut(TEXT)] == first["words"]
        assert len(made) == 1
        pinyin._tokenizer.cache_clear()
        again = pinyin._tokenizer()
        assert len(made) == 1  # read back
        assert jieba_state.JiebaState(again.tokenizer.FREQ, again.tokenizer.total, again.word_tag_tab,
                                      again.hmm) == made[0]
    finally:
        pinyin._tokenizer.cache_clear()


@pytest.mark.parametrize("other", [
    b"", b"\x00", marshal.dumps([1, 2]), marshal.dumps((jieba_state.FORMAT + 1, {}, 0, {}, ())),
    marshal.dumps((jieba_state.FORMAT, {}, 0, {}, ({},))),
], ids=["empty", "a zero", "a list", "another format", "tables missing"])
def test_bytes_that_are_not_a_snapshot_are_rejected(other):
    with pytest.raises((ValueError, EOFError, TypeError)):
        jieba_state.undump(other)


def test_the_snapshot_key_changes_with_each_of_its_inputs(tmp_path, monkeypatch):
    """jieba's code (which holds its version), its dictionary and tag tables, the overrides table, this package's
    code and data files."""
    import jieba

    jieba_dir = tmp_path / "jieba"
    for path in jieba_state.jieba_files():
        target = jieba_dir / path.relative_to(jieba_state.jieba_files()[0].parent)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    overrides = tmp_path / "pinyin_overrides.tsv"
    shutil.copyfile(pinyin.OVERRIDES, overrides)
    assert f"__version__ = '{jieba.__version__}'" in (jieba_dir / "__init__.py").read_text()
    before = jieba_state.state_key([overrides], jieba_dir)
    inputs = jieba_state.jieba_files(jieba_dir) + [overrides]
    assert {p.name for p in inputs} >= {"__init__.py", "dict.txt", "prob_emit.py", "pinyin_overrides.tsv"}
    for path in inputs:
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert jieba_state.state_key([overrides], jieba_dir) != before, path
        path.write_bytes(original)
    assert jieba_state.state_key([overrides], jieba_dir) == before

    package = tmp_path / "build_scripts"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    cache.code_fingerprint.cache_clear()
    try:
        assert jieba_state.state_key([overrides], jieba_dir) == before
        for changed in (package / "data" / "extra_words.txt", package / "terms" / "fast_jieba.py"):
            original = changed.read_bytes()
            changed.write_bytes(original + b"\n")
            cache.code_fingerprint.cache_clear()
            assert jieba_state.state_key([overrides], jieba_dir) != before, changed
            changed.write_bytes(original)
    finally:
        cache.code_fingerprint.cache_clear()
