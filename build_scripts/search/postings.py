"""The postings of characters, pairs and syllables of the whole archive, made at once with numpy (write side of the
sqlite backend: backends.Postings). The archive's keys are joined into one array of code points, each block at its
start in the joined text (a gap after each block); grouping is one stable sort per kind of gram, so each gram's
positions stay ascending; counts, deltas and the size of each value's items are vectorised. What is left per gram
in Python is slicing its bytes out of one buffer, and zlib where the value is large (backends.pack_ints).

The rows are byte for byte those of the former per-position Python loop (tests/test_search_postings.py holds them
to a reference that counts each gram's blocks, counts and positions from the block keys directly)."""
from __future__ import annotations

import sys
from functools import lru_cache
from itertools import repeat
from typing import Iterable, Iterator

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


def stable_order(keys: np.ndarray) -> np.ndarray:
    """np.argsort(keys, kind="stable") of non-negative keys, as a radix sort 16 bits at a time (numpy's stable
    sort of 16-bit items is a radix sort: several times faster than its sort of wider ones)."""
    order = np.arange(len(keys))
    top = int(keys.max()) if len(keys) else 0
    for shift in range(0, max(top.bit_length(), 1), 16):
        digit = (keys[order] >> shift & 0xFFFF).astype(np.uint16)
        order = order[np.argsort(digit, kind="stable")]
    return order


class Groups:
    """`values` grouped by `keys` (non-negative; a stable sort: each group keeps the values' order), as `keys[i]`
    the key of group i and values[starts[i]:ends[i]] its values."""

    def __init__(self, keys: np.ndarray, values: np.ndarray):
        order = stable_order(keys)
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


class Encoded:
    """backends.encode_ints of each group of `values` (of their deltas with `deltas`: each group's first value,
    then the differences). Every group's value, as it is before zlib, is laid end to end in one buffer at once
    (its kind byte, then its items in the smallest size that holds them, in native order as array's): each item
    is a row of 5 bytes (a kind byte, then the item as 4 bytes) of which the needed ones are kept. A value is then
    a slice of the buffer, or, over 64 bytes of items, the slice given to backends.pack_ints."""

    WIDTHS = np.array([1, 2, 4])
    KINDS = np.frombuffer(b"bhi", dtype=np.uint8)
    CODES = "BHI"

    def __init__(self, values: np.ndarray, starts: np.ndarray, ends: np.ndarray, deltas: bool):
        items = values.astype(np.int64)
        if deltas and len(items):
            items = np.diff(items, prepend=0)
            items[starts] = values[starts]
        top = np.maximum.reduceat(items, starts) if len(starts) else np.zeros(0, dtype=np.int64)
        kind = (top >= 1 << 8).astype(np.int64) + (top >= 1 << 16)  # 0, 1, 2: B, H, I
        width = self.WIDTHS[kind]
        item_width = np.repeat(width, ends - starts)[:, None]
        rows = np.zeros((len(items), 5), dtype=np.uint8)
        rows[starts, 0] = self.KINDS[kind]
        rows[:, 1:] = items.astype(np.uint32).view(np.uint8).reshape(-1, 4)
        kept = np.zeros((len(items), 5), dtype=bool)
        kept[starts, 0] = True
        byte = np.arange(4)  # an item's low bytes come first in little-endian order, last in big-endian
        kept[:, 1:] = byte < item_width if sys.byteorder == "little" else byte >= 4 - item_width
        self.bytes = rows[kept].tobytes()
        sizes = 1 + (ends - starts) * width
        self.ends = np.cumsum(sizes).tolist()
        self.starts = (np.cumsum(sizes) - sizes).tolist()
        self.kind, self.top = kind.tolist(), top.tolist()

    def values(self, which: Iterable[int]) -> list[bytes]:
        """The values of the groups `which`."""
        whole, starts, ends, kind, codes = self.bytes, self.starts, self.ends, self.kind, self.CODES
        return [whole[starts[i]:ends[i]] if ends[i] - starts[i] <= 65 else
                pack_ints(codes[kind[i]], whole[starts[i] + 1:ends[i]]) for i in which]

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


def character_rows(joined: Joined) -> Iterator[tuple]:
    """("t" + character, blocks, counts, None) of every character but whitespace."""
    kept = joined.in_key & ~joined.space
    groups = Groups(joined.rank[kept], joined.block_of[kept])
    runs = Runs(groups, None)
    every = range(len(groups))
    names = ["t" + chr(code) for code in joined.chars[groups.keys].tolist()]
    blocks = Encoded(runs.blocks, runs.first, runs.ends, deltas=True).values(every)
    counts = Encoded(runs.counts, runs.first, runs.ends, deltas=False).counts(every)
    return zip(names, blocks, counts, repeat(None))


def pair_rows(joined: Joined, min_blocks: int, min_tally: int) -> Iterator[tuple]:
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
    firsts, seconds = (joined.chars[part].tolist() for part in np.divmod(groups.keys, many))
    pairs = list(map(chr, firsts))
    pairs = [a + chr(b) for a, b in zip(pairs, seconds)]
    listed = np.flatnonzero(positional).tolist()
    yield from zip(["t" + pairs[i] for i in listed], repeat(b""), repeat(b""),
                   Encoded(groups.values, groups.starts, groups.ends, deltas=True).values(listed))
    for i in np.flatnonzero(positional & (sizes >= min_tally)).tolist():
        run, end = runs.first[i], runs.ends[i]
        yield "c" + pairs[i], tally_value(runs.blocks[run:end].tolist(), runs.counts[run:end].tolist()), b"", None
    others = np.flatnonzero(~positional).tolist()
    yield from zip(["t" + pairs[i] for i in others],
                   Encoded(runs.blocks, runs.first, runs.ends, deltas=True).values(others),
                   Encoded(runs.counts, runs.first, runs.ends, deltas=False).counts(others), repeat(None))


def syllable_rows(joined: Joined, no_reading: int, names: list[str]) -> Iterator[tuple]:
    """("s" + syllable, b"", b"", positions) of every syllable read in a block."""
    at = np.flatnonzero(joined.readings != no_reading)
    groups = Groups(joined.readings[at] - no_reading, at)
    positions = Encoded(groups.values, groups.starts, groups.ends, deltas=True).values(range(len(groups)))
    return zip(["s" + names[code] for code in groups.keys.tolist()], repeat(b""), repeat(b""), positions)
