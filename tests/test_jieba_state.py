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
from build_scripts.terms import fast_jieba, jieba_state, pinyin

ROOT = Path(__file__).resolve().parent.parent
TEXT = "我们清醒地认识到，坚持以供给侧结构性改革为主线，北武当山和吕梁市的蠻橫無理地剝奪"

# A process of its own, as a build's: what it segments and pinyin, whether it needed jieba.posseg (which reads
# dict.txt on import) or pkg_resources, and whether it made jieba's dictionary as a whole dict.
START = f"""
import json, sys
from build_scripts.terms import jieba_state, pinyin
words = [[p.word, p.flag] for p in pinyin._tokenizer().cut({TEXT!r})]
freq = pinyin._tokenizer().tokenizer.FREQ
print(json.dumps({{"words": words, "pinyin": pinyin.to_pinyin({TEXT!r}),
                  "posseg": "jieba.posseg" in sys.modules, "pkg_resources": "pkg_resources" in sys.modules,
                  "whole": not isinstance(freq, jieba_state.StoredMapping) or freq.stored.whole}}))
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
    assert first["whole"] and not second["whole"]  # one sentence: a few words read from the snapshot
    assert second["words"] == first["words"] and second["pinyin"] == first["pinyin"]
    assert [(p.word, p.flag) for p in pinyin._tokenizer().cut(TEXT)] == [tuple(w) for w in first["words"]]


def flip_a_bit(data: bytes) -> bytes:
    damaged = bytearray(data)
    damaged[len(damaged) // 2] ^= 1
    return bytes(damaged)


@pytest.mark.parametrize("damage", [flip_a_bit, lambda data: data[:len(data) // 2]], ids=["a bit flipped", "half"])
def test_a_damaged_snapshot_is_made_again_with_the_same_words_and_read_back_whole(snapshot_folder, tmp_path,
                                                                                monkeypatch, damage):
    folder, first = snapshot_folder
    shutil.copytree(folder, tmp_path / "cache")
    (path,) = snapshot_files(tmp_path / "cache")
    path.write_bytes(damage(path.read_bytes()))
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


HMM = ({"中": (("B", "ns"),)}, {("B", "ns"): -1.0}, {("B", "ns"): {}}, {("B", "ns"): {"中": -2.0}})
SMALL = jieba_state.JiebaState({"中": 5, "中国": 3, "人": 0, "人民": 0}, 8, {"中国": "ns", "中": "f", "外": "f"}, HMM)


def small_index(change) -> bytes:
    """A snapshot of SMALL whose marshalled tuple `change` altered."""
    return marshal.dumps(change(list(marshal.loads(jieba_state.dump(SMALL)))))


def replaced(position: int, value):
    return lambda fields: (*fields[:position], value, *fields[position + 1:])


@pytest.mark.parametrize("other", [
    b"", b"\x00", marshal.dumps([1, 2]), marshal.dumps((jieba_state.FORMAT + 1, {}, 0, {}, ())),
    marshal.dumps((jieba_state.FORMAT, {}, 0, {}, ({},))), marshal.dumps((1, {"中": 1}, 1, {}, HMM)),
    small_index(replaced(0, jieba_state.FORMAT + 1)), small_index(lambda fields: fields[:-1]),
    small_index(replaced(2, HMM[:3])), small_index(replaced(4, b"\0\0\0\0")),
    small_index(replaced(5, b"\0" * 48)), small_index(replaced(8, b"\0\0\0\0\xff")),
    small_index(replaced(3, b"\n")),
], ids=["empty", "a zero", "a list", "another format", "tables missing", "the format before the index",
        "the index, another format", "a field missing", "a table missing", "starts cut short",
        "a hash table not a power of two", "a tag beyond the names", "words cut short"])
def test_bytes_that_are_not_a_snapshot_are_rejected(other):
    with pytest.raises((ValueError, EOFError, TypeError)):
        jieba_state.undump(other)


def test_the_index_gives_each_word_its_count_and_tag_and_nothing_for_other_words():
    """Prefixes count 0 (not None: they are in the dictionary), and a word of the tag table alone has a tag but no
    count."""
    state = jieba_state.undump(jieba_state.dump(SMALL))
    assert (state.total, state.hmm) == (SMALL.total, SMALL.hmm)
    for word in ["中", "中国", "人", "人民", "外", "国", "中国人", "", "\n", "中\n国", "a"]:
        assert state.freq.get(word) == SMALL.freq.get(word), word
        assert state.word_tags.get(word, "x") == SMALL.word_tags.get(word, "x"), word
        assert (word in state.freq, word in state.word_tags) == (word in SMALL.freq, word in SMALL.word_tags)
    assert not state.freq.stored.whole
    assert dict(state.freq) == SMALL.freq and dict(state.word_tags) == SMALL.word_tags  # read whole to iterate
    assert state.freq.stored.whole


@pytest.fixture(scope="module")
def made():
    """The state jieba makes, and the snapshot `dump` writes of it."""
    state = jieba_state.made_by_jieba(pinyin._teach_rows)
    return state, jieba_state.dump(state)


def tagger(state: jieba_state.JiebaState) -> fast_jieba.Tagger:
    return fast_jieba.Tagger(fast_jieba.tokenizer_from(state.freq, state.total), state.word_tags, state.hmm)


def archive_lines() -> list[str]:
    """Two whole reports of the archive: 1954's (traditional characters: many runs the dictionary does not join)
    and 2024's."""
    return [line for name in ("gwr-1954.txt", "gwr-2024.txt")
            for line in (ROOT / "source_texts" / "national-gwr" / name).read_text(encoding="utf-8").splitlines()]


def test_read_a_word_at_a_time_the_snapshot_segments_archive_text_as_the_dicts_do(made):
    state, data = made
    stored = jieba_state.undump(data)
    ours, theirs = tagger(stored), tagger(state)
    lines = archive_lines()
    for line in lines:
        assert list(ours.tokenizer.cut(line)) == list(theirs.tokenizer.cut(line)), line
        assert list(ours.cut(line)) == list(theirs.cut(line)), line
    assert 1000 < len(stored.freq.stored.rows) < jieba_state.WHOLE_AFTER  # read a word at a time throughout
    assert not stored.freq.stored.whole


def test_after_many_words_it_switches_to_the_whole_dicts_with_the_same_words(made, monkeypatch):
    state, data = made
    monkeypatch.setattr(jieba_state, "WHOLE_AFTER", 200)
    stored = jieba_state.undump(data)
    ours, theirs = tagger(stored), tagger(state)
    lines = archive_lines()
    assert list(ours.cut(lines[0])) == list(theirs.cut(lines[0]))
    switched = None
    for n, line in enumerate(lines):
        if switched is None and stored.freq.stored.whole:
            switched = n
        assert list(ours.tokenizer.cut(line)) == list(theirs.tokenizer.cut(line)), line
        assert list(ours.cut(line)) == list(theirs.cut(line)), line
    assert switched and switched < len(lines) - 10  # most lines cut by the whole dicts
    assert isinstance(stored.freq.get.__self__, dict) and isinstance(stored.word_tags.get.__self__, dict)
    assert stored.freq.get.__self__ == state.freq and stored.word_tags.get.__self__ == state.word_tags


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
