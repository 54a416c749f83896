"""Search backends: what finds the candidate blocks of a query, behind one small interface.

The query layer (query.py) reads each leaf of a query into *probes* and checks every candidate block against the
block's text (text.py, variants.py): the answer is exact whatever the backend, as long as a backend's candidates
include every block that matches. The conformance suite (tests/test_search_backends.py) holds every backend to the
hits of `ScanBackend`, which has no index at all.

    Probe("text", key)         blocks whose fold_script(fold(text)) contains `key` (already folded)
    Probe("pinyin", bases)     blocks with characters read so in a row (toneless syllables)
    Probe("english", stems)    blocks whose English (term renderings, translation) has these stems

A backend gives:
    name, size (blocks), docs (list of DocInfo, archive order), block_doc (block number → index into docs)
    candidates(probe) -> set[int] | None        None: every block (no narrowing)
    exact_counts(key) -> Mapping[int, int] | None  for a 1- or 2-character key without Latin letters: block →
                                                 occurrences, straight from the postings (no text read)
    text_runs(key) -> dict[int, int] | None      block → occurrences of a key of 2 characters or more, and
    pinyin_runs(reading) -> dict | None          block → hits of a pinyin reading: from positional postings, no
                                                 text read (None: this backend cannot)
    records(numbers) -> dict[int, dict]          the stored block: doc, anchor, kind, order, text, key, section,
                                                 occurrences, translation, readings (pinyin items, lazily)
Block numbers follow the archive's reading order (documents in order, blocks in order): sorting numbers sorts hits.
The counting methods may answer with a `BlockCounts` (blocks ascending, counts beside them, lists or numpy arrays:
a Mapping that makes no dict unless asked), which the query layer totals with numpy, without a pass per block in
Python.

Backends: `sqlite` (the default; sqlite3, its postings read as numpy arrays: postings of characters and rare
character pairs, positions of the commoner pairs and of every pinyin syllable, English stems; the blocks' text and
readings compressed with a dictionary shared by the index; postings of 1 KB or more end to end in postings.bin),
`whoosh` (the engine design.md first named), `scan` (in memory, every block a candidate: the baseline).
"""
from __future__ import annotations

import json
import os
import sqlite3
import struct
import zlib
from array import array
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from itertools import chain, repeat
from operator import sub
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, NamedTuple

from build_scripts.search.records import BlockRecord, DocInfo, english_analyzer
from build_scripts.search.text import fold, is_latin
from build_scripts.search.variants import fold_script

BACKENDS = ("sqlite", "whoosh", "scan")
DEFAULT_BACKEND = "sqlite"
SQLITE_FILE = "blocks.sqlite"


@dataclass(frozen=True)
class Probe:
    kind: str  # text | pinyin | english
    terms: tuple  # text: (key,); pinyin: toneless syllables; english: stems


def search_key(text: str) -> str:
    """What the index holds and a query is compared with: case, width and script folded (same offsets)."""
    return fold_script(fold(text))


# ---- what every backend stores per block ------------------------------------------------------------------

def syllable_names() -> list[str]:
    """Syllable ids of the stored readings: 0 is no reading, then every toneless syllable × tones 1-5."""
    from build_scripts.search.syllables import searchable_syllables

    return ["_"] + [f"{s}{t}" for s in sorted(searchable_syllables()) for t in range(1, 6)]


CODE_BASE = 0x100  # a syllable's code is chr(CODE_BASE + its id); CODE_BASE itself: no reading
NO_READING = chr(CODE_BASE)


@lru_cache(maxsize=1)
def _syllable_ids() -> dict[str, int]:
    return {name: i for i, name in enumerate(syllable_names())}


def syllable_code(base: str, tone: int) -> str | None:
    found = _syllable_ids().get(f"{base}{tone}")
    return None if found is None else chr(CODE_BASE + found)


def code_readings(readings) -> str:
    """The readings of a block, one character per character of the text: a pinyin query is then one regular
    expression over them (query._pinyin_spans)."""
    return "".join(map(_reading_codes().get, readings, repeat(NO_READING)))


@lru_cache(maxsize=1)
def _reading_codes() -> dict:
    """(toneless syllable, tone) → its code (a reading that is not a syllable: NO_READING, as no reading)."""
    return {(name[:-1], int(name[-1])): chr(CODE_BASE + i) for name, i in _syllable_ids().items() if name != "_"}


class Packer:
    """Short texts compressed one by one (raw deflate, UTF-16) with a dictionary shared by the whole index: a
    paragraph alone compresses poorly, against the archive's own common text it does (measured on the 1,000-document
    benchmark: keys 9.3 MB as UTF-8, 5.7 MB with zlib one by one, 3.7 MB with a shared dictionary)."""

    def __init__(self, zdict: bytes):
        self.zdict = zdict
        self._start = None  # a compressor primed with the dictionary, copied for each text (priming costs more
        #                     than compressing a paragraph)

    @classmethod
    def sampled(cls, texts: list[str], size: int = 32 * 1024) -> "Packer":
        """A dictionary of whole texts taken at an even stride through the archive (deflate's window: 32 KB)."""
        if not texts:
            return cls(b"")
        picked, total = [], 0
        step = max(1, len(texts) // 400)
        for text in texts[::step]:
            raw = text.encode("utf-16-le")
            if total + len(raw) > size:
                break
            picked.append(raw)
            total += len(raw)
        return cls(b"".join(picked))

    def pack(self, text: str) -> bytes:
        if self._start is None:
            self._start = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, self.zdict) \
                if self.zdict else zlib.compressobj(9, zlib.DEFLATED, -15)
        packer = self._start.copy()
        return packer.compress(text.encode("utf-16-le")) + packer.flush()

    def unpack(self, blob: bytes) -> str:
        unpacker = zlib.decompressobj(-15, self.zdict) if self.zdict else zlib.decompressobj(-15)
        raw = unpacker.decompress(blob)
        return (raw if unpacker.eof else raw + unpacker.flush()).decode("utf-16-le")


def packed_all(packer: Packer, texts: list[str]) -> list[bytes]:
    """packer.pack of each text; those an earlier build packed with the same dictionary come from the build cache
    (packing is a third of the index's writing; after a one-page change the dictionary is mostly the same, and
    only that page's blocks are packed again)."""
    from build_scripts.cache import LastBuild

    pack = LastBuild(b"packed\0" + packer.zdict, packer.pack)
    out = list(map(pack, texts))
    pack.save()
    return out


def stored_dict(record: BlockRecord, n: int) -> dict:
    return {"n": n, "doc": record.doc_id, "anchor": record.anchor, "kind": record.kind, "order": record.order,
            "date": record.date, "page": record.page, "text": record.text, "key": search_key(record.text),
            "section": list(record.section_path), "occurrences": [list(o) for o in record.occurrences],
            "translation": record.translation}


# ---- postings ------------------------------------------------------------------------------------------

def encode_ints(values: array) -> bytes:
    """Numbers as bytes: a 1-byte kind (the item size, b/h/i; upper case: zlib-compressed), then the items in the
    smallest size that holds them (postings are deltas: mostly small)."""
    code = int_code(max(values, default=0))
    return pack_ints(code, array(code, values).tobytes())


def int_code(top: int) -> str:
    """The array code of the smallest items that hold numbers up to `top`."""
    return "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I"


def pack_ints(code: str, raw: bytes) -> bytes:
    """encode_ints' value of items already made (`raw`, of array code `code`)."""
    if len(raw) > 64:
        packed = zlib.compress(raw, 6)
        if len(packed) < len(raw):
            return code.encode() + packed
    return code.lower().encode() + raw


def decode_ints(blob: bytes) -> array:
    code = blob[:1].decode()
    out = array(code.upper())
    out.frombytes(zlib.decompress(blob[1:]) if code.isupper() else blob[1:])
    return out


def delta(values: list[int]) -> array:
    """Ascending numbers as the first and the differences (map at C speed: postings hold millions)."""
    return array("I", map(sub, values, chain((0,), values)))


def undelta(values: array) -> list[int]:
    from itertools import accumulate

    return list(accumulate(values))


def numpy():
    """numpy, imported when a search first needs it (the read side's postings are arrays: decoding, intersecting
    and summing them is vectorised; per-element Python work was most of a query's time)."""
    import numpy

    return numpy


def ints_array(blob: bytes):
    """decode_ints as a numpy array of int64."""
    np = numpy()
    code = blob[:1].decode()
    raw = zlib.decompress(blob[1:]) if code.isupper() else blob[1:]
    return np.frombuffer(raw, dtype=f"=u{array(code.upper()).itemsize}").astype(np.int64)


def run_starts(values):
    """Where each run of equal values begins in a sorted array (numpy.diff spends more on its arguments)."""
    np = numpy()
    if not len(values):
        return values[:0]
    return np.concatenate((np.zeros(1, np.int64), np.flatnonzero(values[1:] != values[:-1]) + 1))


def run_lengths(starts, size: int):
    """The length of each run, from where each begins and the length of the whole."""
    np = numpy()
    return np.concatenate((starts[1:], np.full(1, size, np.int64))) - starts if len(starts) else starts


def ascending_array(blob: bytes):
    """Ascending numbers stored as deltas (encode_ints of delta), as a numpy array of int64."""
    return numpy().cumsum(ints_array(blob))


@dataclass(frozen=True)
class BlockParts:
    """What the sqlite index stores of one block besides its record: made where the record is made (on every
    core, cached per document: site/data_files.prepare). The postings of characters, pairs and syllables are
    made when the index is written, from the keys and readings of every block at once (Postings)."""

    key: str  # search_key(text)
    readings: str  # code_readings(record.readings)
    stems: tuple[str, ...]  # the English stems of the block (its terms' renderings, its translation), sorted


def block_parts(record: BlockRecord, stems_cache: dict[str, set] | None = None) -> BlockParts:
    return BlockParts(search_key(record.text), code_readings(record.readings),
                      tuple(sorted(_stems(record, {} if stems_cache is None else stems_cache))))


class StoredBlock(NamedTuple):
    """What the sqlite index stores of a block's record besides its parts: a record without its readings, words,
    traditional text and English terms, whose pickle is a fifth of a record's and loads in a twentieth of the time
    (0.03 s instead of 0.54 s for the 73 documents' 6,063 blocks). The section path and the occurrences are kept
    as the JSON the blocks table stores (None: none), made once per document instead of at every index."""

    doc_id: str
    anchor: str
    kind: str
    order: int
    page: int | None
    text: str
    section: str | None
    occurrences: str | None
    translation: str | None


def stored_block(record: BlockRecord | StoredBlock) -> StoredBlock:
    if isinstance(record, StoredBlock):
        return record
    return StoredBlock(record.doc_id, record.anchor, record.kind, record.order, record.page, record.text,
                       json.dumps(record.section_path, ensure_ascii=False) if record.section_path else None,
                       json.dumps(record.occurrences) if record.occurrences else None, record.translation)


def document_blocks_and_parts(doc, glossary, translations: dict, info: DocInfo | None = None,
                              key: str | None = None) -> tuple[list[StoredBlock], list[BlockParts]]:
    """What the sqlite index needs of one annotated document, in reading order, cached under its records' key
    (`key`, where the caller has it): the records are made, or read, only where this is not cached."""
    from build_scripts.cache import cached
    from build_scripts.search.records import document_records, records_key

    key = key or records_key(doc, glossary, translations)

    def make():
        records, stems = document_records(doc, glossary, translations, info, key), {}
        return [stored_block(r) for r in records], [block_parts(r, stems) for r in records]

    return cached(key + SQLITE_ENTRY, make)


SQLITE_ENTRY = "-sqlite-blocks"  # the suffix of document_blocks_and_parts' cache entries


def document_records_and_parts(doc, glossary, translations: dict, info: DocInfo | None = None
                               ) -> tuple[list[BlockRecord], list[BlockParts]]:
    """One annotated document's records and their parts (in the same order), each cached."""
    from build_scripts.search.records import document_records, records_key

    key = records_key(doc, glossary, translations)  # costly (the whole document hashed): taken once
    return document_records(doc, glossary, translations, info, key), \
        document_blocks_and_parts(doc, glossary, translations, info, key)[1]


def preload() -> None:
    """Read, once, what making records and parts reads in every process: jieba's dictionary and tag table, the
    pinyin overrides, the syllable table, OpenCC's, the script table, the English stemmer (some seconds). Called
    before a pool of workers forks, it spares each worker reading them again: forked, they start with them."""
    from build_scripts.search.records import traditional_text
    from build_scripts.search.syllables import char_syllables
    from build_scripts.terms.pinyin import read_whole_dictionary

    char_syllables("中华人民共和国")
    read_whole_dictionary()  # each worker segments whole documents
    traditional_text("国")
    code_readings([("guo", 2)])
    search_key("國")  # the script table (variants.py): the index's process is forked after this too
    english_analyzer()


POSITIONS_MIN_BLOCKS = 16  # a pair in fewer blocks keeps no positions: its few blocks' keys are read instead
HEAP_FILE = "postings.bin"  # postings of 1 KB or more, end to end: in SQLite each would waste half a page
SPILLED = b"@"  # a postings value that stands for bytes in HEAP_FILE: "@", offset, length (encode_ints' kinds differ)
SPILL_SIZE = 1024


class Postings:
    """gram → ascending block numbers (and occurrence counts for the text grams); or, for a character pair in
    POSITIONS_MIN_BLOCKS blocks or more and for every pinyin syllable, its positions in the archive's joined
    text (each block starts at block_start[n], one position after the end of the block before it), from which
    its blocks and counts follow.

    `add_parts` only notes each block; `rows` makes every posting at once, the characters', the pairs' and the
    syllables' each with one sort of the whole archive's joined text in numpy (postings.py: a pass in Python per
    position took 7 s of the 73 documents' index; this takes about 0.9 s, half of it zlib, and 0.7 s after a
    one-page change, the values compressed by the last build being taken from the build cache)."""

    def __init__(self):
        self.keys: list[str] = []
        self.readings: list[str] = []
        self.stems: dict[str, list[int]] = {}  # "e" + stem → blocks
        self.block_start = array("I")
        self.end = 0  # where the next block starts

    def add_parts(self, n: int, parts: BlockParts) -> None:
        key = parts.key
        self.keys.append(key)
        self.readings.append(parts.readings[:len(key)])
        for stem in parts.stems:
            found = self.stems.get("e" + stem)
            if found is None:
                self.stems["e" + stem] = [n]
            else:
                found.append(n)
        self.block_start.append(self.end)
        self.end += len(key) + 1  # the gap: no pair and no run of syllables spans two blocks

    def rows(self) -> Iterable[tuple]:
        """(gram, blocks, counts, positions) of every gram, blobs encoded (encode_ints of deltas), unsorted."""
        from build_scripts.cache import LastBuild
        from build_scripts.search import postings

        joined = postings.Joined(self.keys, self.readings, NO_READING)
        # zlib is half of the postings' time, and a one-page change leaves half of the compressed values as they were
        pack = LastBuild(b"packed-ints", postings.packed)
        rows = [postings.character_rows(joined, pack),
                postings.pair_rows(joined, POSITIONS_MIN_BLOCKS, TALLY_MIN_POSITIONS, pack),
                [(gram, encode_ints(delta(blocks)), b"", None) for gram, blocks in self.stems.items()],
                postings.syllable_rows(joined, CODE_BASE, syllable_names(), pack)]
        pack.save()  # every value is made: the rows are lists zipped
        return chain.from_iterable(rows)


def _counts_blob(counts) -> bytes:
    """Occurrences per block, or nothing where each is 1 (the commonest case)."""
    counts = array("I", counts)
    return b"" if max(counts, default=1) == 1 else encode_ints(counts)


TALLY = b"t"  # the first byte of a tally value: every stored value starts with a kind byte other than SPILLED
TALLY_MIN_POSITIONS = 1000  # a pair with this many positions also keeps its blocks and counts ("c" + pair)


def tally_value(blocks: list[int], counts) -> bytes:
    """The blocks and counts, kept as "c" + pair (Postings.rows), of the pairs whose positions are kept and number
    TALLY_MIN_POSITIONS or more: their hits per block, and the block of each of their positions, then come at C
    speed instead of one bisection per position (measured on the 1,000-document benchmark: 8 ms for the 18,153
    positions of 发展; the rows add 0.6 MB to its 26.7 MB index). Both lists go in one value (its first 4 bytes: the
    length of the blocks' part), so that a row is either small or spilled whole: two values of nearly 1 KB each would
    overflow the row onto a page of its own, mostly empty. The value starts with TALLY, never with SPILLED: a
    length whose low byte was "@" made an unspilled value read as a reference to the heap."""
    listed = encode_ints(delta(blocks))
    return TALLY + struct.pack("<I", len(listed)) + listed + _counts_blob(counts)


def _tally(value: bytes) -> tuple[list[int], list[int] | None]:
    """A tally row's blocks, ascending, and their counts (None: 1 each), as lists: see _tally_arrays."""
    blocks, counts = _tally_arrays(value)
    return blocks.tolist(), None if counts is None else counts.tolist()


def _tally_arrays(value: bytes):
    """A tally row's blocks, ascending, and their counts (None: 1 each), as numpy arrays: see tally_value."""
    start = len(TALLY) + 4
    size = struct.unpack("<I", value[len(TALLY):start])[0]
    counted = value[start + size:]
    return ascending_array(value[start:start + size]), ints_array(counted) if counted else None


class BlockCounts(Mapping):
    """Block → hits as two sequences, blocks ascending and counts beside them (None: 1 each): lists, or numpy
    arrays as the postings are decoded. Totals and the first page read the arrays (`arrays`); lists are made only
    where a caller walks the blocks, and a dict only where one looks a block up."""

    __slots__ = ("_blocks", "_counts", "_dict")

    def __init__(self, blocks, counts):
        self._blocks, self._counts, self._dict = blocks, counts, None

    @property
    def blocks(self) -> list[int]:
        if not isinstance(self._blocks, list):
            self._blocks = self._blocks.tolist()
        return self._blocks

    @property
    def counts(self) -> list[int]:
        if self._counts is None:
            self._counts = [1] * len(self._blocks)
        elif not isinstance(self._counts, list):
            self._counts = self._counts.tolist()
        return self._counts

    def arrays(self):
        """(blocks, counts) as numpy arrays of int64."""
        np = numpy()
        blocks = np.asarray(self._blocks, dtype=np.int64)
        counts = np.ones(len(blocks), np.int64) if self._counts is None else np.asarray(self._counts, dtype=np.int64)
        return blocks, counts

    def _lookup(self) -> dict[int, int]:
        if self._dict is None:
            self._dict = dict(zip(self.blocks, self.counts))
        return self._dict

    def __getitem__(self, n: int) -> int:
        return self._lookup()[n]

    def __contains__(self, n) -> bool:
        return n in self._lookup()

    def get(self, n, default=None):
        return self._lookup().get(n, default)

    def __iter__(self):
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self._blocks)

    def values(self):
        return self.counts

    def items(self):
        return zip(self.blocks, self.counts)

    def __repr__(self) -> str:
        return f"BlockCounts({dict(self.items())!r})"


def exact_key(key: str) -> bool:
    """A key whose postings alone say where and how often it occurs: 1 or 2 characters, no Latin letter or
    digit (their boundary rule needs the text), no pair that can overlap itself (哈哈 in 哈哈哈)."""
    return 1 <= len(key) <= 2 and not any(is_latin(c) for c in key) and not (len(key) == 2 and key[0] == key[1]) \
        and not key.isspace()


# ---- the backends --------------------------------------------------------------------------------------

class Backend:
    name = "?"
    docs: list[DocInfo]
    block_doc: array

    @property
    def size(self) -> int:
        return len(self.block_doc)

    def candidates(self, probe: Probe) -> set[int] | None:
        return None

    def exact_counts(self, key: str) -> dict[int, int] | None:
        return None

    def text_runs(self, key: str) -> dict[int, int] | None:
        return None

    def pinyin_runs(self, reading: list[tuple[str, int | None]]) -> dict[int, int] | None:
        return None

    def records(self, numbers: Iterable[int], light: str | bool = False) -> dict[int, dict]:
        """`light` (key | readings | english): only what that check reads, for counting; `hit`: all but the
        terms' occurrences (what a hit shows; a backend may give them anyway)."""
        raise NotImplementedError

    def readings(self, record: dict) -> str:
        raise NotImplementedError

    def close(self) -> None:
        pass


class ScanBackend(Backend):
    """Every block in memory and every block a candidate: the brute-force baseline."""

    name = "scan"

    def __init__(self, infos: list[DocInfo], records: Iterable[BlockRecord]):
        self.docs = list(infos)
        index = {info.id: i for i, info in enumerate(self.docs)}
        self._records: list[dict] = []
        self._items: list[str] = []
        for n, record in enumerate(records):
            self._records.append(stored_dict(record, n))
            self._items.append(code_readings(record.readings))
        self.block_doc = array("I", (index[r["doc"]] for r in self._records))
        self.block_kind = array("B", (r["kind"] == "heading" for r in self._records))

    @classmethod
    def copy_of(cls, other: Backend) -> "ScanBackend":
        """Every block of another backend, in memory (the benchmark scans an index it did not build)."""
        scan = cls.__new__(cls)
        scan.docs = list(other.docs)
        scan.block_doc, scan.block_kind = other.block_doc, other.block_kind
        stored = other.records(range(other.size))
        scan._records = [{k: v for k, v in stored[n].items() if not k.startswith("_")} for n in range(other.size)]
        scan._items = [other.readings(stored[n]) for n in range(other.size)]
        return scan

    def records(self, numbers, light: bool = False):
        return {n: self._records[n] for n in numbers}

    def readings(self, record):
        return self._items[record["n"]]


class SqliteBackend(Backend):
    """search_index/blocks.sqlite: a blocks table and a postings table (gram → blocks, counts, positions), read
    with sqlite3; postings are decoded, chained and counted as numpy arrays."""

    name = "sqlite"

    def __init__(self, folder: str | Path, meta: dict):
        from build_scripts.errors import UserError

        path = Path(folder) / SQLITE_FILE
        self.docs = [DocInfo(**d) for d in meta["documents"]]
        try:
            self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            get = "SELECT blocks FROM grams WHERE gram = ?"
            self.block_doc = decode_ints(self.con.execute(get, ("#block-doc",)).fetchone()[0])
            self.block_kind = decode_ints(self.con.execute(get, ("#block-kind",)).fetchone()[0])
            starts = undelta(decode_ints(self.con.execute(get, ("#block-start",)).fetchone()[0]))
            self.block_start = starts[:-1]  # the last number: where the joined text ends
            self._owner = partial(bisect_right, starts[1:-1])  # position → its block, at C speed (measured: as fast
            #                      as a position → block table, without its 13 MB or the 0.1-0.2 s of making it)
            self.texts = Packer(self.con.execute(get, ("#dictionary-text",)).fetchone()[0])
            self.codes = Packer(self.con.execute(get, ("#dictionary-readings",)).fetchone()[0])
            self.sections = [json.loads(p) for (p,) in self.con.execute("SELECT path FROM sections ORDER BY n")]
            self.heap = os.open(Path(folder) / HEAP_FILE, os.O_RDONLY)
        except (OSError, sqlite3.Error, TypeError, ValueError, zlib.error) as err:
            raise UserError(f"the search index at {folder}/ cannot be read ({SQLITE_FILE}: {err}): run "
                            "'duizhao build' again") from None

    def close(self) -> None:
        self.con.close()
        os.close(self.heap)

    def _row(self, gram: str) -> tuple[bytes, bytes, bytes | None] | None:
        row = self._rows([gram]).get(gram)
        return None if row is None else tuple(map(self._value, row))

    def _rows(self, grams: list[str]) -> dict[str, tuple]:
        """Several grams' rows in one statement (a statement costs more than a small row), their values as stored:
        one kept in postings.bin is read only when `_value` is asked for it."""
        grams = list(dict.fromkeys(grams))
        marks = ",".join("?" * len(grams))
        return {row[0]: row[1:] for row in self.con.execute(
            f"SELECT gram, blocks, counts, positions FROM grams WHERE gram IN ({marks})", grams)}

    def _value(self, value: bytes | None) -> bytes | None:
        return self._heap(value) if value and value[:1] == SPILLED else value

    def _heap(self, ref: bytes) -> bytes:
        offset, size = struct.unpack("<QI", ref[1:])
        return os.pread(self.heap, size, offset)

    @staticmethod
    def _stored_size(value: bytes) -> int:
        """The size of a value, where it is kept: what reading and decoding it costs, about."""
        return struct.unpack("<QI", value[1:])[1] if value[:1] == SPILLED else len(value)

    def _posting(self, gram: str) -> tuple[list[int], list[int] | None] | None:
        """A gram's blocks, ascending, and its occurrences in each, in the same order (None: once in each)."""
        found = self._posting_arrays(gram)
        if found is None:
            return None
        blocks, counts = found
        return blocks.tolist(), None if counts is None else counts.tolist()

    def _posting_arrays(self, gram: str):
        """_posting as numpy arrays."""
        tally_gram = "c" + gram[1:] if gram[0] == "t" else None
        rows = self._rows([gram, tally_gram] if tally_gram else [gram])
        row = rows.get(gram)
        if row is None:
            return None
        if row[2] is not None:  # a pair whose positions are kept: its tally, else its positions' blocks
            tally = rows.get(tally_gram)
            if tally is not None:
                return _tally_arrays(self._value(tally[0]))
            return self._runs_per_block(ascending_array(self._value(row[2])), None)
        return ascending_array(self._value(row[0])), ints_array(self._value(row[1])) if row[1] else None

    def _blocks(self, grams: list[str]) -> set[int]:
        """Blocks holding every gram: the rarest first; a gram far commoner than what is left is skipped (the
        text check that follows is cheaper than its postings)."""
        lists = []
        for gram in dict.fromkeys(grams):
            found = self._posting(gram)
            if found is None:
                return set()
            lists.append(found[0])
        lists.sort(key=len)
        result = set(lists[0])
        for more in lists[1:]:
            if len(more) > 50 * len(result):
                break
            result.intersection_update(more)
        return result

    def candidates(self, probe: Probe) -> set[int] | None:
        if probe.kind == "text":
            key = probe.terms[0]
            grams = ["t" + key] if len(key) == 1 else ["t" + a + b for a, b in zip(key, key[1:])]
            grams = [g for g in grams if not g[1:].isspace()]
            return self._blocks(grams) if grams else None
        if probe.kind == "pinyin":
            return set(self.pinyin_runs([(base, None) for base in probe.terms]) or ())
        if probe.kind == "english":
            return self._blocks(["e" + s for s in probe.terms])
        return None

    def exact_counts(self, key: str) -> dict[int, int] | None:
        if not exact_key(key):
            return None
        found = self._posting_arrays("t" + key)
        return BlockCounts([], None) if found is None else BlockCounts(*found)

    # -- positional postings --

    def _stored_positions(self, value: bytes):
        return ascending_array(self._value(value))

    def text_runs(self, key: str) -> dict[int, int] | None:
        """Block → occurrences of a key of 2 characters or more, from the positions of pairs that together cover
        every character (those with the fewest stored bytes: the first and the last pair, and between them
        the cheapest, each at most one character from the next); None where a pair keeps no positions (it is
        rare: reading its blocks is cheap). Occurrences that overlap are counted apart: callers count only keys
        that cannot overlap themselves."""
        if len(key) < 2 or any(ch.isspace() for ch in key):
            return None
        pairs = [key[i:i + 2] for i in range(len(key) - 1)]
        rows = self._rows(["t" + pair for pair in pairs])
        sizes = []
        for pair in pairs:
            row = rows.get("t" + pair)
            if row is None:  # a pair that is nowhere: neither is the key
                return BlockCounts([], None)
            if row[2] is None:
                return None
            sizes.append(self._stored_size(row[2]))
        lists = [Chain(offset, partial(self._stored_positions, rows["t" + pairs[offset]][2]), sizes[offset])
                 for offset in cheapest_cover(sizes)]
        return BlockCounts(*self._runs_per_block(_chained(lists), None))

    def pinyin_runs(self, reading: list[tuple[str, int | None]]) -> dict[int, int]:
        """Block → hits of a run of syllables (a tone checked only where given), from the syllables' positions;
        runs that overlap are one hit, as merge_spans makes them."""
        grams = [[f"s{base}{t}" for t in ([tone] if tone else range(1, 6))] for base, tone in reading]
        rows = self._rows([gram for each in grams for gram in each])
        lists = []
        for offset, each in enumerate(grams):
            stored = [rows[gram][2] for gram in each if gram in rows]
            if not stored:
                return BlockCounts([], None)
            lists.append(Chain(offset, partial(self._merged_positions, stored), sum(map(self._stored_size, stored))))
        return BlockCounts(*self._runs_per_block(_chained(lists), len(reading)))

    @cached_property
    def _later_starts(self):
        """Where each block but the first starts, as an array: a position's block is how many of them it has
        reached (numpy.searchsorted, for every position at once)."""
        return numpy().asarray(self.block_start[1:], dtype=numpy().int64)

    def _runs_per_block(self, starts, size: int | None):
        """Ascending start positions (an array) → (blocks, hits in each) as arrays, blocks ascending; with `size`,
        runs that overlap are one hit (that rare case is counted in Python, run by run)."""
        np = numpy()
        if size is not None and size > 1 and len(starts) > 1 and bool(((starts[1:] - starts[:-1]) < size).any()):
            counts = self._per_block(starts.tolist(), size)
            return np.asarray(list(counts), dtype=np.int64), np.asarray(list(counts.values()), dtype=np.int64)
        owners = np.searchsorted(self._later_starts, starts, side="right")
        firsts = run_starts(owners)
        return owners[firsts], run_lengths(firsts, len(owners))

    def _per_block(self, starts: list[int], size: int | None) -> dict[int, int]:
        """Ascending start positions → block → hits (in block order); with `size`, runs that overlap are one hit."""
        owner = self._owner
        if size is None or size < 2 or not any(map(size.__gt__, map(sub, starts[1:], starts))):
            return Counter(map(owner, starts))
        out: dict[int, int] = {}
        n, end = -1, -1
        for p in starts:
            if owner(p) != n:
                n, end = owner(p), -1
            if p < end:  # overlaps the run before: the same hit, longer
                end = p + size
                continue
            end = p + size
            out[n] = out.get(n, 0) + 1
        return out

    def _merged_positions(self, stored: list[bytes]):
        """A syllable's positions over its tones: each list ascending, merged."""
        if len(stored) == 1:
            return self._stored_positions(stored[0])
        return numpy().sort(numpy().concatenate([self._stored_positions(v) for v in stored]), kind="stable")

    # -- stored blocks --

    def records(self, numbers, light: bool = False):
        numbers = list(numbers)
        out: dict[int, dict] = {}
        unpack = self.texts.unpack
        if light and light != "hit":
            column = {"key": "key", "readings": "readings", "english": "occ, translation"}[light]
            for i in range(0, len(numbers), 500):
                chunk = numbers[i:i + 500]
                marks = ",".join("?" * len(chunk))
                for row in self.con.execute(f"SELECT n, {column} FROM blocks WHERE n IN ({marks})", chunk):
                    if light == "key":
                        out[row[0]] = {"n": row[0], "key": unpack(row[1])}
                    elif light == "readings":
                        out[row[0]] = {"n": row[0], "_readings": row[1]}
                    else:
                        out[row[0]] = {"n": row[0], "occurrences": json.loads(row[1]) if row[1] else [],
                                       "translation": row[2]}
            return out
        hit = light == "hit"  # what a hit shows: the terms' occurrences are neither read nor decoded
        columns = "n, doc, anchor, kind, ord, page, key, text, section, translation, readings" + \
            ("" if hit else ", occ")
        docs, sections = self.docs, self.sections
        for i in range(0, len(numbers), 500):
            chunk = numbers[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.con.execute(f"SELECT {columns} FROM blocks WHERE n IN ({marks})", chunk):
                n, doc, anchor, kind, order, page, key, text, section, translation, readings = row[:11]
                info = docs[doc]
                key = unpack(key)
                out[n] = record = {"n": n, "doc": info.id, "anchor": anchor, "kind": kind, "order": order,
                                   "date": info.date, "page": page, "text": key if text is None else unpack(text),
                                   "key": key, "section": sections[section] if section is not None else [],
                                   "translation": translation, "_readings": readings}
                if not hit:
                    record["occurrences"] = json.loads(row[11]) if row[11] else []
        return out

    def readings(self, record):
        return self.codes.unpack(record["_readings"])


class Chain(NamedTuple):
    """One link of a chained lookup: positions expected at `offset` from the start of a run."""

    offset: int
    positions: Callable  # what reads them (only when needed): an ascending numpy array
    size: int  # its stored bytes: the smallest is walked, the largest read last


def cheapest_cover(sizes: list[int]) -> list[int]:
    """The offsets of pairs covering every character of a key (pair i covers characters i and i + 1), with the
    least total size: the first and the last pair, and no two taken pairs more than 2 apart."""
    best: list[tuple[int, int | None]] = []  # offset → (least cost of a cover up to it, the offset before)
    for i, size in enumerate(sizes):
        before = [j for j in (i - 1, i - 2) if j >= 0]
        j = min(before, key=lambda j: best[j][0]) if before else None
        best.append((size + (best[j][0] if j is not None else 0), j))
    taken, i = [], len(sizes) - 1
    while i is not None:
        taken.append(i)
        i = best[i][1]
    return taken[::-1]


def _chained(lists: list[Chain]):
    """Ascending positions p (an array) where every list holds p + its offset: the smallest list walked, each other
    one looked up by bisection (numpy.searchsorted, every position at once); a list is read only when the runs are
    not all gone before it."""
    np = numpy()
    lists = sorted(lists, key=lambda item: item.size)
    first = lists[0].offset
    found = lists[0].positions()
    for offset, more, _ in lists[1:]:
        if not len(found):
            break
        more = more()
        if not len(more):
            return more
        wanted = found + (offset - first)
        at = np.minimum(np.searchsorted(more, wanted), len(more) - 1)
        found = found[more[at] == wanted]
    return found - first


def spilled_rows(rows: Iterable[tuple], heap) -> Iterator[tuple]:
    """The grams' rows, each value of SPILL_SIZE bytes or more written to `heap` (in the rows' order) and replaced
    by its reference (SPILLED)."""
    small = SPILL_SIZE

    def spilled(value):
        if value is None or len(value) < small:
            return value
        ref = SPILLED + struct.pack("<QI", heap.tell(), len(value))
        heap.write(value)
        return ref

    for gram, blocks, counts, positions in rows:
        yield gram, spilled(blocks), spilled(counts), spilled(positions)


GRAM_SHAPES = ("(?, X'', X'', ?)", "(?, ?, X'', NULL)", "(?, ?, ?, NULL)", "(?, ?, ?, ?)")  # see insert_grams


def insert_grams(con: sqlite3.Connection, rows: Iterable[tuple], heap) -> None:
    """Rows (gram, blocks, counts, positions: blocks and counts bytes, b"" for none; positions bytes or None) into
    the grams table, those with a value of SPILL_SIZE bytes or more spilled to `heap` in gram order.

    sqlite3 spends more on a statement and on each value it binds than SQLite spends on storing a row (measured
    on the 73 documents' 107,717 rows: 0.7 s a statement each, 0.3 s so). So the rows are sorted by their shape
    (GRAM_SHAPES: positions only, blocks only, blocks and counts, other or spilled), whose empty values are written
    in the statement, many rows to a statement, and blobs are bound as bytearrays: sqlite3 binds those at once,
    bytes only after looking for an adapter. The order of the inserts does not show in the file: write_sqlite ends
    with VACUUM, which writes every table in key order."""
    small = SPILL_SIZE
    shaped: tuple[list, ...] = ([], [], [], [])
    other = []
    for row in rows:
        gram, blocks, counts, positions = row
        if positions is None and len(blocks) < small and len(counts) < small:
            if counts:
                shaped[2].append((gram, bytearray(blocks), bytearray(counts)))
            else:
                shaped[1].append((gram, bytearray(blocks)))
        elif positions is not None and not blocks and not counts and len(positions) < small:
            shaped[0].append((gram, bytearray(positions)))
        else:
            other.append(row)
    shaped[3].extend(spilled_rows(sorted(other), heap))
    for shape, listed in zip(GRAM_SHAPES, shaped):
        insert_many(con, "grams", shape, listed)


def insert_many(con: sqlite3.Connection, table: str, shape: str, rows: list[tuple], per: int = 500) -> None:
    """Rows into `table`, `per` to a statement (`shape`: the VALUES of one row)."""
    for start in range(0, len(rows), per):
        chunk = rows[start:start + per]
        con.execute(f"INSERT INTO {table} VALUES " + ",".join([shape] * len(chunk)), list(chain.from_iterable(chunk)))


def write_sqlite(folder: Path, infos: list[DocInfo], records: Iterable[BlockRecord | StoredBlock], kinds: array,
                 parts: Iterable[BlockParts] | None = None) -> int:
    """Write blocks.sqlite into `folder`; returns the number of blocks. `kinds` (1: heading) is filled while the
    records are read; `parts`, one per record in the same order, are made here where not given (from
    BlockRecords: StoredBlocks do only with parts)."""
    doc_index = {info.id: i for i, info in enumerate(infos)}
    con = sqlite3.connect(Path(folder) / SQLITE_FILE)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA page_size = 4096")
    con.execute("CREATE TABLE blocks (n INTEGER PRIMARY KEY, doc INTEGER, anchor TEXT, kind TEXT, ord INTEGER, "
                "page INTEGER, key BLOB, text BLOB, section INTEGER, occ TEXT, translation TEXT, readings BLOB)")
    con.execute("CREATE TABLE sections (n INTEGER PRIMARY KEY, path TEXT)")
    con.execute("CREATE TABLE grams (gram TEXT PRIMARY KEY, blocks BLOB, counts BLOB, positions BLOB) WITHOUT ROWID")
    stems_cache: dict[str, set] = {}
    given = iter(parts) if parts is not None else None
    blocks = [(stored_block(record), next(given) if given is not None else block_parts(record, stems_cache))
              for record in records]
    texts = Packer.sampled([part.key for _, part in blocks])
    codes = Packer.sampled([part.readings for _, part in blocks])
    packed = packed_all(texts, [part.key for _, part in blocks] +  # then the texts that differ from their key
                        [record.text for record, part in blocks if part.key != record.text])
    packed_keys, packed_texts = iter(packed[:len(blocks)]), iter(packed[len(blocks):])
    packed_readings = iter(packed_all(codes, [part.readings for _, part in blocks]))
    postings = Postings()
    sections: dict[str, int] = {}
    block_doc = array("I")
    rows = []
    for n, (record, part) in enumerate(blocks):
        key = part.key
        path = record.section
        if path is not None and path not in sections:
            sections[path] = len(sections)
        rows.append((n, doc_index[record.doc_id], record.anchor, record.kind, record.order, record.page,
                     next(packed_keys), None if key == record.text else next(packed_texts),
                     sections.get(path) if path else None, record.occurrences, record.translation,
                     next(packed_readings)))
        block_doc.append(doc_index[record.doc_id])
        postings.add_parts(n, part)
        if len(rows) >= 2000:
            con.executemany("INSERT INTO blocks VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            rows = []
    con.executemany("INSERT INTO blocks VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.executemany("INSERT INTO sections VALUES (?, ?)", [(i, p) for p, i in sections.items()])
    with open(Path(folder) / HEAP_FILE, "wb") as heap:
        insert_grams(con, postings.rows(), heap)
    con.executemany("INSERT INTO grams VALUES (?, ?, X'', NULL)", [
        ("#block-doc", encode_ints(block_doc)), ("#block-kind", encode_ints(array("I", kinds))),
        ("#block-start", encode_ints(delta(list(postings.block_start) + [postings.end]))),
        ("#dictionary-text", texts.zdict), ("#dictionary-readings", codes.zdict)])
    con.commit()
    con.execute("VACUUM")
    con.close()
    return len(blocks)


def _stems(record: BlockRecord, cache: dict[str, set]) -> set[str]:
    """English stems of the block, each rendering analysed once (renderings repeat from block to block)."""
    texts = [t for texts in record.english_terms.values() for t in texts]
    if record.translation:
        texts.append(record.translation)
    out: set[str] = set()
    for text in texts:
        found = cache.get(text)
        if found is None:
            found = {t.text for t in english_analyzer()(text)}
            if len(cache) < 50_000:
                cache[text] = found
        out |= found
    return out


def open_backend(folder: str | Path, meta: dict) -> Backend:
    from build_scripts.errors import UserError

    kind = meta.get("backend", DEFAULT_BACKEND)
    try:
        if kind == "sqlite":
            return SqliteBackend(folder, meta)
        if kind == "whoosh":
            from build_scripts.search.index import WhooshBackend

            return WhooshBackend(folder, meta)
    except (KeyError, TypeError) as err:
        raise UserError(f"the search index at {folder}/ cannot be read (no {err} in its meta): run "
                        "'duizhao build' again") from None
    raise UserError(f"the search index at {folder}/ has an unknown backend '{kind}': run 'duizhao build' again")
