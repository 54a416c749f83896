"""The site's search data in shards: a query loads the manifest once, then only the files its characters,
syllables, terms or words need (as Pagefind's chunked index does), never the whole archive.

`shard_files(data)` turns `site_search_data`'s dict (site_data.py) into {name: payload}; each file of the site is
a script calling `DZ.searchShard(name, payload)` (`shard_scripts`), so it loads from file:// too.

    manifest        documents (+ year, blocks: how many consecutive blocks are the document's), sections, terms
                    (+ pinyin), english, syllables, t2s, script (as site_data.py), and
                    blocks   how many;   headings: varints of the heading blocks' numbers, delta-coded
                    chars    {solo: the characters with a file of their own, buckets: B}
                    pinyin   the toneless syllables with a file;  terms: T (term files);  stems: [first letters]
                    chunk    C (blocks per record file)
    c/<hex>, c/b<k> the character postings: {search-key character (case, width, script folded):
                    {printed character: postings}}; a character without a file of its own is in bucket
                    code point % B. Positions are in the block's search key; for an ASCII letter or digit each
                    position is 4·p + 2·(an ASCII letter or digit precedes) + (one follows): the CLI's Latin
                    boundaries, answered without the text.
    p/<syllable>    {tone digit + printed character: postings} of the characters read so (ü written v)
    t/<k>           {term index: {printed form: postings of its starts}}, term index % T
    s/<letter>      {stem of the English translation: varints of the blocks it is in, delta-coded}
    r/<k>           the blocks k·C … k·C + C − 1: [anchor, section, text, en] each

postings: varints of, per block in order, (block − previous block − 1), how many positions, then the positions
delta-coded. A varint is base-32 digits, least significant first, each one character of ALPHABET: 0-31 final,
32-63 "more follows". Exact totals (hits, blocks, documents, by year and document) come from postings alone;
the records are read only for the hits shown and for English translations (a stem's blocks are candidates).
"""
from __future__ import annotations

import json
from collections import defaultdict

from build_scripts.search.records import english_analyzer
from build_scripts.search.text import fold, is_latin

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
CHUNK = 32  # blocks per record file: the first 20 hits are in a few of them
SOLO_BYTES = 4096  # a character with postings this large gets a file of its own
BUCKET_BYTES = 24576  # the rest share buckets of about this size
TERM_BUCKET_BYTES = 16384


def varints(values) -> str:
    out = []
    for n in values:
        while n >= 32:
            out.append(ALPHABET[32 + (n & 31)])
            n >>= 5
        out.append(ALPHABET[n])
    return "".join(out)


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


def postings(by_block: dict[int, list[int]]) -> str:
    values, previous = [], -1
    for block in sorted(by_block):
        positions = by_block[block]
        values += [block - previous - 1, len(positions)]
        last = 0
        for p in positions:
            values.append(p - last)
            last = p
        previous = block
    return varints(values)


def decode_postings(text: str) -> dict[int, list[int]]:
    values, out, i, block = decode_varints(text), {}, 0, -1
    while i < len(values):
        block += values[i] + 1
        count, i = values[i + 1], i + 2
        positions, last = [], 0
        for d in values[i:i + count]:
            last += d
            positions.append(last)
        out[block], i = positions, i + count
    return out


def syllable_file(base: str) -> str:
    return base.replace("ü", "v")


def stem_file(stem: str) -> str:
    return stem[0] if stem[:1].isascii() and stem[:1].isalnum() else "_"


def _grouped(sizes: dict, solo_bytes: int, bucket_bytes: int) -> tuple[set, int]:
    """The keys large enough for a file of their own, and how many buckets the others share."""
    solo = {k for k, size in sizes.items() if size >= solo_bytes}
    rest = sum(size for k, size in sizes.items() if k not in solo)
    return solo, max(1, -(-rest // bucket_bytes))


def shard_files(data: dict) -> dict[str, dict]:
    script = data["script"]
    blocks = data["blocks"]
    chars: dict[str, dict[str, dict[int, list[int]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    readings: dict[str, dict[str, dict[int, list[int]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    terms: dict[int, dict[str, dict[int, list[int]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    stems: dict[str, set[int]] = defaultdict(set)
    analyzer = english_analyzer()
    for b, block in enumerate(blocks):
        text = block["text"]
        key = "".join(script.get(ch, ch) for ch in fold(text))
        last = len(key) - 1
        for i, (k, printed) in enumerate(zip(key, text)):
            if is_latin(k):
                i = 4 * i + 2 * (i > 0 and is_latin(key[i - 1])) + (i < last and is_latin(key[i + 1]))
            chars[k][printed][b].append(i)
        for i, item in enumerate(block["pinyin"].split(" ")):
            if item != "_":
                readings[item[:-1]][item[-1] + text[i]][b].append(i)
        for start, end, t in block["terms"]:
            terms[t][text[start:end]][b].append(start)
        if block["en"]:
            for token in analyzer(block["en"]):
                stems[token.text].add(b)

    files: dict[str, dict] = {}
    encoded = {k: {p: postings(v) for p, v in printed.items()} for k, printed in chars.items()}
    sizes = {k: sum(len(s) + 8 for s in v.values()) for k, v in encoded.items()}
    solo, buckets = _grouped(sizes, SOLO_BYTES, BUCKET_BYTES)
    for k in range(buckets):
        files[f"c/b{k}"] = {}
    for k, payload in encoded.items():
        if k in solo:
            files[f"c/{ord(k):x}"] = {k: payload}
        else:
            files[f"c/b{ord(k) % buckets}"][k] = payload
    for base, entries in readings.items():
        files[f"p/{syllable_file(base)}"] = {item: postings(v) for item, v in entries.items()}
    encoded_terms = {t: {form: postings(v) for form, v in forms.items()} for t, forms in terms.items()}
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

    documents, sizes_by_doc = [], defaultdict(int)
    for b in blocks:
        sizes_by_doc[b["doc"]] += 1
    if any(x["doc"] > y["doc"] for x, y in zip(blocks, blocks[1:])):
        raise ValueError("the search data's blocks are not grouped by document")
    for n, doc in enumerate(data["documents"]):
        documents.append({**doc, "blocks": sizes_by_doc[n]})
    files["manifest"] = {
        "format": data["format"], "documents": documents, "sections": data["sections"], "terms": data["terms"],
        "english": data["english"], "syllables": data["syllables"], "t2s": data["t2s"], "script": script,
        "blocks": len(blocks),
        "headings": _block_deltas([n for n, b in enumerate(blocks) if b["kind"] == "h"]),
        "chars": {"solo": "".join(sorted(solo)), "buckets": buckets},
        "pinyin": sorted(readings), "terms_buckets": term_buckets,
        "stems": sorted({stem_file(s) for s in stems}), "chunk": CHUNK,
    }
    return files


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
