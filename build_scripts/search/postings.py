"""The postings of characters, pairs and syllables of the whole archive, made at once with numpy (write side of the
sqlite backend: backends.Postings). The archive's keys are joined into one array of code points, each block at its
start in the joined text (a gap after each block); grouping is one sort per kind of gram (of each gram and
position as one number), so each gram's positions stay ascending; counts, deltas, the size of each value's items
and the grams' names are vectorised. What is left per gram in Python is slicing its bytes out of a buffer, and
zlib where the value is large (backends.pack_ints).

The rows are byte for byte those of the former per-position Python loop (tests/test_search_postings.py holds them
to a reference that counts each gram's blocks, counts and positions from the block keys directly)."""
from __future__ import annotations

from functools import lru_cache
from itertools import chain, repeat
from typing import Callable, Iterable, Iterator

import numpy as np

from build_scripts.search.backends import pack_ints, run_lengths, run_starts, tally_value

SPACE_TOP = 0x3000  # the highest code point str.isspace() holds (IDEOGRAPHIC SPACE)


@lru_cache(maxsize=1)
def _space_table() -> np.ndarray:
    return np.array([chr(c).isspace() for c in range(SPACE_TOP + 1)])


def is_space(codes: np.ndarray) -> np.ndarray:
    """str.isspace() of each code point."""
    return (codes <= SPACE_TOP) & _space_table()[np.minimum(codes, SPACE_TOP)]


def code_points(texts: list[str], sizes: np.ndarray, pad: str) -> np.ndarray:
    """The texts end to end, each padded with `pad` to its size (+ 1: the gap), as one array of code points."""
    joined = "".join(text + pad * (size + 1 - len(text)) for text, size in zip(texts, sizes.tolist()))
    return np.frombuffer(joined.encode("utf-32-le"), dtype="<u4").astype(np.int64)


class Groups:
    """`values` grouped by `keys` (both non-negative; the values ascending, as positions and their blocks are), as
    `keys[i]` the key of group i and values[starts[i]:ends[i]] its values, ascending. Each (key, value) is made one
    int64, the key in its high bits, and those are sorted: sorting by key then value is here the stable sort by
    key, and sorting plain numbers needs no argsort and no gathers (measured: 31 ms instead of 190 ms for the 73
    documents' 1.1 million pairs)."""

    def __init__(self, keys: np.ndarray, values: np.ndarray):
        shift = max(int(values.max(initial=0)).bit_length(), 1)
        if int(keys.max(initial=0)).bit_length() + shift <= 62:
            merged = np.sort(keys << shift | values)
            keys, self.values = merged >> shift, merged & ((1 << shift) - 1)
        else:  # too large for one int64: a lexicographic sort, slower
            order = np.lexsort((values, keys))
            keys, self.values = keys[order], values[order]
        self.starts = run_starts(keys)
        self.ends = self.starts + run_lengths(self.starts, len(keys))
        self.keys = keys[self.starts]

    def __len__(self) -> int:
        return len(self.starts)


class Runs:
    """Each group's values (ascending) as runs in one block (`block_of`: a position's block; None: the values are
    blocks): each run's block and how many values it holds, and where each group's runs start (`first`) and end
    and how many it has (`sizes`)."""

    def __init__(self, groups: Groups, block_of: np.ndarray | None):
        blocks = groups.values if block_of is None else block_of[groups.values]
        start = np.ones(len(blocks), dtype=bool)
        start[1:] = blocks[1:] != blocks[:-1]
        start[groups.starts] = True
        at = np.flatnonzero(start)
        self.blocks, self.counts = blocks[at], np.diff(np.append(at, len(blocks)))
        self.first = np.searchsorted(at, groups.starts)
        self.ends = np.append(self.first[1:], len(at))
        self.sizes = self.ends - self.first


Pack = Callable[[tuple[str, bytes]], bytes]


def packed(item: tuple[str, bytes]) -> bytes:
    """backends.pack_ints of (array code, items): how a value over 64 bytes is packed, unless the caller gives a
    `pack` that remembers the last build's (Postings.rows)."""
    return pack_ints(*item)


class Encoded:
    """backends.encode_ints of each group of `values` (of their deltas with `deltas`: each group's first value,
    then the differences). Every item is made at once in each of the three sizes (1, 2 and 4 bytes, native order,
    as array's); a group's value is then its kind byte and the slice of its items in the smallest size that holds
    them, or, over 64 bytes of items, `pack` of its code and that slice (backends.pack_ints: zlib)."""

    DTYPES = ("u1", "=u2", "=u4")
    WIDTHS = np.array([1, 2, 4])
    KINDS = (b"b", b"h", b"i")
    CODES = "BHI"

    def __init__(self, values: np.ndarray, starts: np.ndarray, ends: np.ndarray, deltas: bool, pack: Pack):
        self.pack = pack
        items = values.astype(np.int64)
        if deltas and len(items):
            items = np.diff(items, prepend=0)
            items[starts] = values[starts]
        top = np.maximum.reduceat(items, starts) if len(starts) else np.zeros(0, dtype=np.int64)
        kind = (top >= 1 << 8).astype(np.int64) + (top >= 1 << 16)  # 0, 1, 2: B, H, I
        used = np.bincount(kind, minlength=3)
        self.items = [items.astype(dtype).tobytes() if used[k] else b"" for k, dtype in enumerate(self.DTYPES)]
        width = self.WIDTHS[kind]
        self.first, self.last = (starts * width).tolist(), (ends * width).tolist()  # byte offsets of each group
        self.kind, self.top = kind.tolist(), top.tolist()

    def values(self, which: Iterable[int]) -> list[bytes]:
        """The values of the groups `which`."""
        items, first, last, kind, kinds, codes = self.items, self.first, self.last, self.kind, self.KINDS, self.CODES
        pack = self.pack
        return [kinds[k] + raw if len(raw) <= 64 else pack((codes[k], raw))
                for i in which for k in (kind[i],) for raw in (items[k][first[i]:last[i]],)]

    def counts(self, which: Iterable[int]) -> list[bytes]:
        """As backends._counts_blob: nothing where every count is 1."""
        which = list(which)
        top, values = self.top, iter(self.values([i for i in which if self.top[i] != 1]))
        return [b"" if top[i] == 1 else next(values) for i in which]


class Joined:
    """The archive's keys and readings joined (block n at block_start[n], a gap after each); each character also as
    its rank among the archive's characters (`chars`, ascending), so that a pair's key is small."""

    def __init__(self, keys: list[str], readings: list[str], no_reading: str):
        self.sizes = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
        self.text = code_points(keys, self.sizes, "\x00")
        self.readings = code_points(readings, self.sizes, no_reading)
        self.block_of = np.repeat(np.arange(len(keys), dtype=np.int64), self.sizes + 1)
        self.in_key = np.ones(len(self.text), dtype=bool)  # not a gap
        self.in_key[np.cumsum(self.sizes + 1) - 1] = False
        self.space = is_space(self.text)
        present = np.zeros(int(self.text.max(initial=0)) + 1, dtype=bool)
        present[self.text] = True
        self.chars = np.flatnonzero(present)
        self.rank = (np.cumsum(present) - 1)[self.text]


def gram_names(prefix: str, *characters: np.ndarray) -> list[str]:
    """`prefix` and the characters (code points, one array per place) of each gram, as strings: made as one string
    and cut, not character by character in Python."""
    table = np.empty((len(characters[0]), 1 + len(characters)), dtype="<u4")
    table[:, 0] = ord(prefix)
    for place, codes in enumerate(characters, 1):
        table[:, place] = codes
    joined, width = table.tobytes().decode("utf-32-le"), table.shape[1]
    return [joined[start:start + width] for start in range(0, len(joined), width)]


def character_rows(joined: Joined, pack: Pack = packed) -> Iterator[tuple]:
    """("t" + character, blocks, counts, None) of every character but whitespace."""
    kept = joined.in_key & ~joined.space
    groups = Groups(joined.rank[kept], joined.block_of[kept])
    runs = Runs(groups, None)
    every = range(len(groups))
    names = gram_names("t", joined.chars[groups.keys])
    blocks = Encoded(runs.blocks, runs.first, runs.ends, deltas=True, pack=pack).values(every)
    counts = Encoded(runs.counts, runs.first, runs.ends, deltas=False, pack=pack).counts(every)
    return zip(names, blocks, counts, repeat(None))


def pair_rows(joined: Joined, min_blocks: int, min_tally: int, pack: Pack = packed) -> Iterator[tuple]:
    """The rows of every character pair within a block (not all whitespace): its positions where it is in
    `min_blocks` blocks or more and holds no whitespace (and its tally, "c" + pair, where it has `min_tally`
    positions or more), else its blocks and counts."""
    space, rank, many = joined.space, joined.rank, len(joined.chars)
    kept = joined.in_key[:-1] & joined.in_key[1:] & ~(space[:-1] & space[1:])
    at = np.flatnonzero(kept)
    groups = Groups(rank[at] * many + rank[at + 1], at)  # the key sorts as the pair does
    runs = Runs(groups, joined.block_of)
    first = groups.values[groups.starts]
    sizes = groups.ends - groups.starts
    positional = (sizes >= min_blocks) & (runs.sizes >= min_blocks) & ~(space[first] | space[first + 1])
    pairs = [joined.chars[part] for part in np.divmod(groups.keys, many)]

    def names(prefix: str, which: np.ndarray) -> list[str]:
        return gram_names(prefix, *(part[which] for part in pairs))

    listed, others = np.flatnonzero(positional), np.flatnonzero(~positional)
    tallied = np.flatnonzero(positional & (sizes >= min_tally))
    tallies = [tally_value(runs.blocks[runs.first[i]:runs.ends[i]].tolist(),
                           runs.counts[runs.first[i]:runs.ends[i]].tolist()) for i in tallied.tolist()]
    positions = Encoded(groups.values, groups.starts, groups.ends, deltas=True, pack=pack).values(listed.tolist())
    blocks = Encoded(runs.blocks, runs.first, runs.ends, deltas=True, pack=pack).values(others.tolist())
    counts = Encoded(runs.counts, runs.first, runs.ends, deltas=False, pack=pack).counts(others.tolist())
    return chain(zip(names("t", listed), repeat(b""), repeat(b""), positions),
                 zip(names("c", tallied), tallies, repeat(b""), repeat(None)),
                 zip(names("t", others), blocks, counts, repeat(None)))


def syllable_rows(joined: Joined, no_reading: int, names: list[str], pack: Pack = packed) -> Iterator[tuple]:
    """("s" + syllable, b"", b"", positions) of every syllable read in a block."""
    at = np.flatnonzero(joined.readings != no_reading)
    groups = Groups(joined.readings[at] - no_reading, at)
    positions = Encoded(groups.values, groups.starts, groups.ends, deltas=True, pack=pack)
    return zip(["s" + names[code] for code in groups.keys.tolist()], repeat(b""), repeat(b""),
               positions.values(range(len(groups))))
