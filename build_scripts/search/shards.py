"""The site's search data in shards: a query loads the manifest once, then only the files its characters,
syllables, terms or words need (as Pagefind's chunked index does), never the whole archive.

`shard_files(data)` turns `site_search_data`'s dict (site_data.py) into {name: payload}; each file of the site is
a script calling `DZ.searchShard(name, payload)` (`shard_scripts`), so it loads from file:// too.

    manifest        documents [id, citation, year, blocks: how many consecutive blocks are the document's];
                    english [key, term, zh]; sections, terms (+ pinyin), syllables, script as site_data.py;
                    t2s: the part of site_data's that the terms' forms use (suggestions leave traditional forms
                    out); and
                    blocks   how many;   headings: varints of the heading blocks' numbers, delta-coded
                    chars    {solo: the characters with a file of their own, buckets: B}
                    pinyin   the toneless syllables with a file;  terms: T (term files);  stems: [first letters]
                    chunk    C (blocks per record file)
                    lengths: varints of the blocks' text lengths (where each block starts in the joined text)
    c/<hex>, c/b<k> the character postings: {search-key character (case, width, script folded):
                    {printed character: postings}}; a character without a file of its own (the frequent ones
                    have one) is in c/ascii if it is ASCII, else in bucket code point % B. For an ASCII letter or digit
                    each position p is stored as 4·p + 2·(an ASCII letter or digit precedes) + (one follows): the
                    CLI's Latin boundaries, answered without the text.
    p/<syllable>    {tone digit + printed character: postings} of the characters read so (ü written v)
    t/<k>           {term index: {printed form: postings of its starts}}, term index % T
    s/<letter>      {stem of the English translation: varints of the blocks it is in, delta-coded}
    r/<k>           the blocks k·C … k·C + C − 1: [anchor, section, text, en] each
    f/<t>           a glossary term's first hits: {block number: [anchor, section, text, en]} of the blocks of the
                    first LEAD occurrences of each of its forms (search key) and of its glossary matches. A query
                    that is a term (typed in Chinese, pinyin or English) loads it with its postings, and its first
                    page of hits then needs no r/ file, instead of up to 20 of them spread over the archive. A hint
                    only: a block it lacks comes from r/ as before. The manifest says `leads`: LEAD.

Positions count code points in the archive's joined text: every block's text, one SEPARATOR between blocks, in
order (a block starts after the lengths of those before it, plus one each). postings: varints of the sorted
positions, delta-coded. A varint is base-32 digits, least significant first, each one character of ALPHABET:
0-31 final, 32-63 "more follows". Exact totals (hits, blocks, documents, by year and document) come from
postings alone; the records are read only for the hits shown and for English translations (a stem's blocks
are candidates).
"""
from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from operator import sub

from build_scripts.search.records import english_analyzer
from build_scripts.search.text import fold, is_latin

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
CHUNK = 16  # blocks per record file: the first 20 hits are in a few of them
LEAD = 20  # the first page of search.html: a term's lead file holds the blocks of this many first occurrences
SOLO_BYTES = 4096  # a character with postings this large gets a file of its own
BUCKET_BYTES = 24576  # the rest share buckets of about this size
TERM_BUCKET_BYTES = 16384


def _varint(n: int) -> str:
    out = []
    while n >= 32:
        out.append(ALPHABET[32 + (n & 31)])
        n >>= 5
    out.append(ALPHABET[n])
    return "".join(out)


_SMALL = [_varint(n) for n in range(1 << 15)]  # up to three digits, looked up (the build writes millions)


def varints(values) -> str:
    values = list(values)
    if not values or max(values) < 32768:
        return "".join(map(_SMALL.__getitem__, values))
    return "".join(_SMALL[n] if n < 32768 else _varint(n) for n in values)


def decode_varints(text: str) -> list[int]:
    values, n, shift = [], 0, 0
    for ch in text:
        d = ALPHABET.index(ch)
        if d >= 32:
            n |= (d - 32) << shift
            shift += 5
        else:
            values.append(n | (d << shift))
            n, shift = 0, 0
    return values


def postings(positions: list[int]) -> str:
    """Sorted positions, delta-coded."""
    if not positions:
        return ""
    return varints([positions[0], *map(sub, positions[1:], positions)])


def decode_postings(text: str) -> list[int]:
    out, last = [], 0
    for d in decode_varints(text):
        last += d
        out.append(last)
    return out


def char_file(k: str, solo, buckets: int) -> str:
    """The file of a search-key character (the page's charFile)."""
    if k in solo:
        return f"c/{ord(k):x}"
    return "c/ascii" if k.isascii() else f"c/b{ord(k) % buckets}"


def syllable_file(base: str) -> str:
    return base.replace("ü", "v")


def stem_file(stem: str) -> str:
    return stem[0] if stem[:1].isascii() and stem[:1].isalnum() else "_"


def _grouped(sizes: dict, solo_bytes: int, bucket_bytes: int) -> tuple[set, int]:
    """The keys large enough for a file of their own, and how many buckets the others share."""
    solo = {k for k, size in sizes.items() if size >= solo_bytes}
    rest = sum(size for k, size in sizes.items() if k not in solo)
    return solo, max(1, -(-rest // bucket_bytes))


SEPARATOR = "\x00"  # between blocks in the joined text: no query holds it, so no match spans two blocks


def shard_files(data: dict) -> dict[str, dict]:
    script = data["script"]
    blocks = data["blocks"]
    analyzer = english_analyzer()
    table = str.maketrans(script)
    # Positions are offsets in the archive's joined text (the blocks' texts, SEPARATOR between): one sorted list
    # per character, no per-block grouping; the manifest's block lengths turn them back into (block, offset).
    joined = SEPARATOR.join(b["text"] for b in blocks)
    starts, at = [], 0
    for block in blocks:
        starts.append(at)
        at += len(block["text"]) + 1
    where: dict[str, list[int]] = defaultdict(list)  # printed character → positions
    for i, ch in enumerate(joined):
        where[ch].append(i)
    where.pop(SEPARATOR, None)
    key = fold(joined).translate(table)
    last = len(key) - 1
    chars: dict[tuple[str, str], list[int]] = {}  # (search-key character, printed character) → positions
    for ch, positions in where.items():
        k = fold(ch).translate(table)
        if k.isascii() and k.isalnum():  # text.is_latin: the flags keep the CLI's Latin boundaries
            positions = [4 * i + 2 * (i > 0 and is_latin(key[i - 1])) + (i < last and is_latin(key[i + 1]))
                         for i in positions]
        chars[(k, ch)] = positions
    items: list[str] = []  # one per character of the joined text; "_" (no reading) at each separator
    for block in blocks:
        items += block["pinyin"].split(" ") if block["text"] else []
        items.append("_")
    readings: dict[tuple[str, str], list[int]] = defaultdict(list)  # ("gong1", "公") → positions
    for i, pair in enumerate(zip(items, joined)):
        if pair[0] != "_":
            readings[pair].append(i)
    terms: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    stems: dict[str, set[int]] = defaultdict(set)
    for b, block in enumerate(blocks):
        for start, end, t in block["terms"]:
            terms[t][block["text"][start:end]].append(starts[b] + start)
        if block["en"]:
            for token in analyzer(block["en"]):
                stems[token.text].add(b)

    files: dict[str, dict] = {}
    encoded: dict[str, dict[str, str]] = defaultdict(dict)
    for (k, printed), positions in chars.items():
        encoded[k][printed] = postings(positions)
    sizes = {k: sum(len(s) + 8 for s in v.values()) for k, v in encoded.items()}
    solo, buckets = _grouped(sizes, SOLO_BYTES, BUCKET_BYTES)
    files["c/ascii"] = {}  # the rare ASCII characters (letters, in Chinese text) together: a Latin query reads one file
    for k in range(buckets):
        files[f"c/b{k}"] = {}
    for k, payload in encoded.items():
        files.setdefault(char_file(k, solo, buckets), {})[k] = payload
    syllables: set[str] = set()
    for (item, printed), positions in readings.items():
        base, tone = item[:-1], item[-1]
        syllables.add(base)
        files.setdefault(f"p/{syllable_file(base)}", {})[tone + printed] = postings(positions)
    encoded_terms = {t: {form: postings(sorted(v)) for form, v in forms.items()} for t, forms in terms.items()}
    term_buckets = _grouped({t: sum(map(len, v.values())) for t, v in encoded_terms.items()}, 1 << 62,
                            TERM_BUCKET_BYTES)[1]
    for k in range(term_buckets):
        files[f"t/{k}"] = {}
    for t, forms in encoded_terms.items():
        files[f"t/{t % term_buckets}"][str(t)] = forms
    for stem, numbers in stems.items():
        files.setdefault(f"s/{stem_file(stem)}", {})[stem] = _block_deltas(sorted(numbers))
    for start in range(0, len(blocks), CHUNK):
        files[f"r/{start // CHUNK}"] = [[b["anchor"], b["section"], b["text"], b["en"]]
                                        for b in blocks[start:start + CHUNK]]
    printed_of: dict[str, list[str]] = defaultdict(list)  # search-key character → the printed ones
    for ch in where:
        printed_of[fold(ch).translate(table)].append(ch)
    lead = _LeadFinder(key, table, starts, where, printed_of)
    for t, term in enumerate(data["terms"]):
        files[f"f/{t}"] = {str(b): [blocks[b]["anchor"], blocks[b]["section"], blocks[b]["text"], blocks[b]["en"]]
                           for b in lead.blocks(term["forms"], terms.get(t, {}))}

    sizes_by_doc: dict[int, int] = defaultdict(int)
    for b in blocks:
        sizes_by_doc[b["doc"]] += 1
    if any(x["doc"] > y["doc"] for x, y in zip(blocks, blocks[1:])):
        raise ValueError("the search data's blocks are not grouped by document")
    term_chars = {ch for t in data["terms"] for f in t["forms"] for ch in f}
    files["manifest"] = {
        "format": data["format"],
        # the page of a document is documents/<id>.html (kwic.page_path); the title is not shown by search
        "documents": [[d["id"], d["citation"], d["year"], sizes_by_doc[n]] for n, d in enumerate(data["documents"])],
        "sections": data["sections"], "terms": data["terms"],
        "english": [[e["key"], e["term"], e["zh"]] for e in data["english"]],
        "syllables": data["syllables"],
        "t2s": {t: s for t, s in data["t2s"].items() if t in term_chars},  # what suggestions need of it
        "script": script, "blocks": len(blocks), "lengths": varints(len(b["text"]) for b in blocks),
        "headings": _block_deltas([n for n, b in enumerate(blocks) if b["kind"] == "h"]),
        "chars": {"solo": "".join(sorted(solo)), "buckets": buckets},
        "pinyin": sorted(syllables), "terms_buckets": term_buckets,
        "stems": sorted({stem_file(s) for s in stems}), "chunk": CHUNK, "leads": LEAD,
    }
    return files


class _LeadFinder:
    """The blocks of a term's first LEAD occurrences: of each form's search key in the joined key text, and of its
    glossary matches (what an English query finds). A form is looked for at the positions of its rarest character
    only (a scan of the whole text per form took seconds)."""

    def __init__(self, key: str, table: dict, starts: list[int], where: dict, printed_of: dict):
        self.key, self.table, self.starts, self.where, self.printed_of = key, table, starts, where, printed_of
        self.count = {k: sum(len(where[ch]) for ch in chs) for k, chs in printed_of.items()}
        self.positions: dict[str, list[int]] = {}

    def _positions(self, k: str) -> list[int]:  # every position of a search-key character, in order
        if k not in self.positions:
            self.positions[k] = sorted(p for ch in self.printed_of[k] for p in self.where[ch])
        return self.positions[k]

    def _first(self, needle: str) -> list[int]:
        if not needle or any(k not in self.count for k in needle):
            return []
        j = min(range(len(needle)), key=lambda i: self.count[needle[i]])
        found = []
        for p in self._positions(needle[j]):
            if p >= j and self.key.startswith(needle, p - j):
                found.append(p - j)
                if len(found) == LEAD:
                    break
        return found

    def blocks(self, forms: list[str], matches: dict[str, list[int]]) -> list[int]:
        positions = sorted(p for found in matches.values() for p in found)[:LEAD]
        for needle in {fold(form).translate(self.table) for form in forms}:
            positions += self._first(needle)
        return sorted({bisect_right(self.starts, p) - 1 for p in positions})


def _block_deltas(numbers: list[int]) -> str:
    previous, out = -1, []
    for n in numbers:
        out.append(n - previous - 1)
        previous = n
    return varints(out)


def shard_scripts(files: dict[str, dict], folder: str) -> dict[str, str]:
    """Each shard as the script the site loads: {folder/name.js: source}."""
    return {f"{folder}/{name}.js": "DZ.searchShard(" + json.dumps(name) + ","
            + json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + ");\n"
            for name, payload in files.items()}
