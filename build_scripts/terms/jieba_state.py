"""jieba's state once started, kept in the build cache: started again from it in a fraction of jieba's time.

The segmenter needs jieba's prefix dictionary (FREQ and total, as Tokenizer.initialize makes them from dict.txt),
the words the overrides table teaches it (suggest_freq), jieba.posseg's tag table (read from dict.txt at its
import) and jieba.posseg's HMM tables. jieba makes them in 2–3 s of every process that segments — a one-page
rebuild is one (initialize's marshal.load of its own cache 1.5 s, jieba.posseg's import 1 s). The snapshot is one
marshal of all of them. Making the dictionary and the tag table as dicts again takes 0.7 s whatever the format
(half a million entries), which a process that segments one new sentence need not pay: the snapshot holds them as
an index (`StoredDictionary`: the words' UTF-8 end to end, a hash table of their rows, the counts and tags by row),
read in 0.03 s and looked up a word at a time, each word once; a process that asks for many words (a cold build's
worker segmenting whole documents) makes the dicts after all (`WHOLE_AFTER`), from the same entry.

The entry's key is every input: jieba's code (its __init__.py holds its version), dict.txt, jieba.posseg's code
and tables, the files `teach` reads (the overrides table) and, through files_key, this package's code and data.
cache.cached_bytes writes it atomically with its digest: a damaged or half-written entry is made again.
"""
from __future__ import annotations

import importlib.util
import logging
import marshal
import sys
import zlib
from array import array
from collections.abc import Mapping
from itertools import accumulate, repeat
from operator import add
from pathlib import Path
from typing import Callable, NamedTuple

from build_scripts.cache import cached_bytes, files_key

FORMAT = 2  # the layout of the marshalled tuple `dump` writes
POSSEG_TABLES = ("char_state_tab", "prob_start", "prob_trans", "prob_emit")


class JiebaState(NamedTuple):
    freq: Mapping[str, int]  # Tokenizer.FREQ: every word and every prefix of one (0)
    total: int  # Tokenizer.total
    word_tags: Mapping[str, str]  # POSTokenizer.word_tag_tab
    hmm: tuple[dict, dict, dict, dict]  # jieba.posseg's char_state_tab_P, start_P, trans_P, emit_P


def load(teach: Callable, inputs: list[Path]) -> JiebaState:
    """The state of jieba taught by `teach(tokenizer)`, which reads the files `inputs`: from the build cache (its
    dictionary and tag table read a word at a time: StoredDictionary), or made by jieba (`made_by_jieba`) and
    stored."""
    return cached_bytes(state_key(inputs), lambda: made_by_jieba(teach), dump, undump)


def state_key(inputs: list[Path], jieba_dir: Path | None = None) -> str:
    return files_key(f"jieba-state-{FORMAT}-{sys.version_info[:2]}-{marshal.version}-{sys.byteorder}",
                     jieba_files(jieba_dir) + list(inputs))


def jieba_files(jieba_dir: Path | None = None) -> list[Path]:
    """The files of jieba the state is made from (found without importing jieba)."""
    root = jieba_dir or Path(importlib.util.find_spec("jieba").submodule_search_locations[0])
    return [root / "__init__.py", root / "dict.txt", root / "posseg" / "__init__.py",
            *(root / "posseg" / f"{name}.py" for name in POSSEG_TABLES)]


def made_by_jieba(teach: Callable) -> JiebaState:
    """The state as jieba makes it: the prefix dictionary from dict.txt (jieba's own cache in the temporary
    folder is not read: it is trusted whatever dict.txt now holds), taught; jieba.posseg's tag table and HMM."""
    from build_scripts.terms.fast_jieba import import_jieba

    jieba = import_jieba()
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)  # jieba logs at DEBUG to stderr
    try:
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
        tokenizer.initialized = True
        teach(tokenizer)
        import jieba.posseg as posseg
    finally:
        logger.setLevel(level)
    tables = posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P
    return JiebaState(tokenizer.FREQ, tokenizer.total, dict(posseg.dt.word_tag_tab), tables)


def dump(state: JiebaState) -> bytes:
    """The state as an index that can be read a word at a time (StoredDictionary): every word of the dictionary
    (those of the tag table alone after them) in UTF-8, each followed by a newline; where each starts; a hash
    table of their rows (zlib.crc32 of the word, open addressing); each word's count and tag. 17 MB."""
    words = list(state.freq)
    if not state.word_tags.keys() <= state.freq.keys():
        words += [word for word in state.word_tags if word not in state.freq]
    encoded = [word.encode() for word in words]
    starts = array("I", accumulate(map(add, map(len, encoded), repeat(1)), initial=0))
    slots = array("I", bytes(4 << (2 * len(words)).bit_length()))  # at most half full: short probes
    mask = len(slots) - 1
    for row, hashed in enumerate(map(zlib.crc32, encoded), 1):  # a slot holds its row + 1 (0: empty)
        slot = hashed & mask
        while slots[slot]:
            slot = (slot + 1) & mask
        slots[slot] = row
    tag_names = sorted(set(state.word_tags.values()))
    code = {None: 0} | {tag: n for n, tag in enumerate(tag_names, 1)}  # 0: no tag
    return marshal.dumps((FORMAT, state.total, state.hmm, ("\n".join(words) + "\n").encode(), starts.tobytes(),
                          slots.tobytes(), array("q", state.freq.values()).tobytes(),
                          bytes(map(code.__getitem__, map(state.word_tags.get, words))), tuple(tag_names)))


def undump(data: bytes) -> JiebaState:
    """The state `dump` wrote, its dictionary and tag table read as they are asked for; ValueError for anything
    else."""
    found = marshal.loads(data)
    if not (isinstance(found, tuple) and len(found) == 9 and found[0] == FORMAT):
        raise ValueError("not a jieba state of this format")
    _, total, hmm, *index = found
    if not (isinstance(total, int) and isinstance(hmm, tuple) and len(hmm) == len(POSSEG_TABLES)):
        raise ValueError("not a jieba state of this format")
    stored = StoredDictionary(*index)
    return JiebaState(stored.freq, total, stored.tags, hmm)


WHOLE_AFTER = 50_000  # words read from the index, after which the dicts are made (at ~1.5 µs each: 0.08 s of 0.7)


class StoredDictionary:
    """jieba's dictionary and tag table in the index `dump` wrote: `freq` and `tags`, mappings whose `get` reads
    a word's row once (then remembered). After WHOLE_AFTER words, or on `read_whole()`, each `get` becomes its
    dict's own (the segmenter's loops take `FREQ.get` per sentence: at dict speed from then on)."""

    def __init__(self, words: bytes, starts: bytes, slots: bytes, counts: bytes, codes: bytes, tag_names: tuple):
        if not all(isinstance(b, bytes) for b in (words, starts, slots, counts, codes)) \
                or not isinstance(tag_names, tuple):
            raise ValueError("not a jieba dictionary index")
        self.words, self.codes = words, codes
        self.starts, self.slots = memoryview(starts).cast("I"), memoryview(slots).cast("I")
        self.counts = memoryview(counts).cast("q")
        self.tag_names = (None, *tag_names)
        self.mask = len(self.slots) - 1
        n = len(codes)
        if not (len(self.starts) == n + 1 and self.starts[-1] == len(words) and len(self.counts) <= n
                and len(self.slots) >= 2 * n and not len(self.slots) & self.mask
                and max(codes, default=0) < len(self.tag_names)):
            raise ValueError("not a jieba dictionary index")
        self.rows: dict[str, int] = {}  # each word read: its row, -1 if none
        self.whole = False
        self.freq = StoredMapping(self, self._count)
        self.tags = StoredMapping(self, self._tag)

    def row(self, word: str) -> int:
        found = self.rows.get(word)
        if found is not None:
            return found
        key = word.encode()
        words, starts, slots, mask = self.words, self.starts, self.slots, self.mask
        slot = zlib.crc32(key) & mask
        found = -1
        while row := slots[slot]:
            if words[starts[row - 1]:starts[row] - 1] == key:
                found = row - 1
                break
            slot = (slot + 1) & mask
        self.rows[word] = found
        if len(self.rows) > WHOLE_AFTER:
            self.read_whole()
        return found

    def _count(self, word: str, default=None):
        row = self.row(word)
        return self.counts[row] if 0 <= row < len(self.counts) else default

    def _tag(self, word: str, default=None):
        row = self.row(word)
        return (self.tag_names[self.codes[row]] or default) if row >= 0 else default

    def all_words(self) -> list[str]:
        return self.words[:-1].decode().split("\n") if self.words else []

    def read_whole(self) -> None:
        """Make the dictionary and the tag table as dicts (0.7 s), and look words up in them from now on."""
        if self.whole:
            return
        self.whole = True
        words = self.all_words()
        names = self.tag_names
        self.freq.set_whole(dict(zip(words, self.counts.tolist())))
        self.tags.set_whole({word: names[code] for word, code in zip(words, self.codes) if code})
        self.rows.clear()


class StoredMapping(Mapping):
    """One of StoredDictionary's tables, as a read-only mapping; `get` is looked up as the segmenter calls it."""

    def __init__(self, stored: StoredDictionary, get: Callable):
        self.stored = stored
        self.get = get  # an attribute: set_whole puts the dict's own there
        self._whole: dict | None = None

    def set_whole(self, whole: dict) -> None:
        self._whole = whole
        self.get = whole.get

    def read_whole(self) -> dict:
        self.stored.read_whole()
        return self._whole

    def __getitem__(self, word: str):
        found = self.get(word, _ABSENT)
        if found is _ABSENT:
            raise KeyError(word)
        return found

    def __iter__(self):
        return iter(self.read_whole())

    def __len__(self) -> int:
        return len(self.read_whole())


_ABSENT = object()


def read_whole(table: Mapping) -> None:
    """Make a stored table's dicts now (a plain dict is whole already)."""
    if isinstance(table, StoredMapping):
        table.read_whole()
