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
from dataclasses import dataclass
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


# ---- one document's part ----------------------------------------------------------------------------------
#
# The shards are made of each document's part, made from the document alone (and cached with its records by
# `duizhao build`), then joined: a one-page change makes one part again. A part counts positions from its own
# start; joining shifts them. Postings are delta-coded, so shifting a document's run of positions changes only
# its first delta: a run is kept as (first, the deltas after it as varints, last).

Run = tuple  # (first position, varints of the deltas after it, last position)


def _run(positions: list[int]) -> Run:
    if len(positions) == 1:
        return positions[0], "", positions[0]
    return positions[0], varints(map(sub, positions[1:], positions)), positions[-1]


@dataclass
class DocumentShard:
    """One document's part of the search data; positions count from the document's start in the joined text."""

    size: int  # its joined text's length: its blocks' texts, SEPARATOR between
    lengths: list[int]  # each block's text length
    headings: list[int]  # its heading blocks (numbers in the document)
    rows: list[list]  # each block's [anchor, section path or None, text, English or None]
    chars: dict[tuple[str, str], Run]  # (search-key character, printed character) → positions; an ASCII letter
    #                                    or digit's: 4·p + the Latin flags (shard_files' docstring)
    readings: dict[tuple[str, str], Run]  # ("gong1", "公") → positions
    terms: dict[int, dict[str, list[int]]]  # term index → printed form → where its glossary matches start
    stems: dict[str, list[int]]  # stem of the English translation → its blocks
    leads: dict[str, list[int]]  # search key of a term's form → where its first LEAD occurrences start


def lead_needles(terms: list[dict], script: dict) -> list[str]:
    """The search keys of the terms' printed forms (`terms` and `script` as site_search_data's)."""
    table = str.maketrans(script)
    return sorted({fold(form).translate(table) for term in terms for form in term["forms"]} - {""})


def document_shard(blocks: list[dict], needles: list[str], script: dict) -> DocumentShard:
    """The part of one document: `blocks` as site_data.document_blocks gives them (section: the path), `needles`
    lead_needles', `script` site_search_data's."""
    table = str.maketrans(script)
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
    chars = {}
    for ch, positions in where.items():
        k = key[positions[0]]  # the character folded (folding maps character to character)
        if k.isascii() and k.isalnum():  # text.is_latin: the flags keep the CLI's Latin boundaries
            positions = [4 * i + 2 * (i > 0 and is_latin(key[i - 1])) + (i < last and is_latin(key[i + 1]))
                         for i in positions]
        chars[(k, ch)] = _run(positions)
    items: list[str] = []  # one per character of the joined text; "_" (no reading) at each separator
    for block in blocks:
        items += block["pinyin"].split(" ") if block["text"] else []
        items.append("_")
    readings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, pair in enumerate(zip(items, joined)):
        if pair[0] != "_":
            readings[pair].append(i)
    found_terms: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    stems: dict[str, list[int]] = defaultdict(list)
    analyzer = english_analyzer()
    for b, block in enumerate(blocks):
        for start, end, t in block["terms"]:
            found_terms[t][block["text"][start:end]].append(starts[b] + start)
        if block["en"]:
            for stem in dict.fromkeys(token.text for token in analyzer(block["en"])):
                stems[stem].append(b)
    leads, present = {}, set(key)
    for needle in needles:
        found = _first(key, needle) if needle[0] in present else []
        if found:
            leads[needle] = found
    return DocumentShard(
        size=len(joined), lengths=[len(b["text"]) for b in blocks],
        headings=[n for n, b in enumerate(blocks) if b["kind"] == "h"],
        rows=[[b["anchor"], b["section"], b["text"], b["en"]] for b in blocks],
        chars=chars, readings={pair: _run(positions) for pair, positions in readings.items()},
        terms={t: {form: sorted(v) for form, v in forms.items()} for t, forms in found_terms.items()},
        stems=dict(stems), leads=leads)


def _first(key: str, needle: str) -> list[int]:
    """Where the first LEAD occurrences of `needle` start in `key` (overlapping ones too)."""
    found: list[int] = []
    p = key.find(needle)
    while p >= 0 and len(found) < LEAD:
        found.append(p)
        p = key.find(needle, p + 1)
    return found


# ---- the archive's shards ---------------------------------------------------------------------------------

def shard_files(data: dict) -> dict[str, dict]:
    """site_search_data's dict → {file name: payload}."""
    sections = data["sections"]
    by_doc: dict[int, list[dict]] = defaultdict(list)
    for block in data["blocks"]:
        by_doc[block["doc"]].append({**block, "section": None if block["section"] is None
                                     else sections[block["section"]]})
    if any(x["doc"] > y["doc"] for x, y in zip(data["blocks"], data["blocks"][1:])):
        raise ValueError("the search data's blocks are not grouped by document")
    needles = lead_needles(data["terms"], data["script"])
    parts = [document_shard(by_doc.get(n, []), needles, data["script"]) for n in range(len(data["documents"]))]
    return joined_shards(parts, data)


def joined_shards(parts: list[DocumentShard], data: dict) -> dict[str, dict]:
    """The archive's shard files from its documents' parts (in archive order) and site_search_data's dict
    without its blocks (`documents`, `terms`, `english`, `syllables`, `t2s`, `script`, `format`)."""
    doc_starts, block_base, at, count = [], [], 0, 0
    for part in parts:
        doc_starts.append(at)
        block_base.append(count)
        at += part.size + 1
        count += len(part.lengths)
    starts = []  # where each block starts in the archive's joined text
    for part, start in zip(parts, doc_starts):
        for length in part.lengths:
            starts.append(start)
            start += length + 1
    sections: dict[str, int] = {}
    rows = []
    for part in parts:
        for anchor, section, text, en in part.rows:
            if section and section not in sections:
                sections[section] = len(sections)
            rows.append([anchor, sections[section] if section else None, text, en])

    files: dict[str, dict] = {}
    encoded: dict[str, dict[str, str]] = defaultdict(dict)
    for (k, printed), runs in _gathered(parts, "chars").items():
        scale = 4 if k.isascii() and k.isalnum() else 1  # a Latin character's values are 4·p + flags
        encoded[k][printed] = _joined((scale * doc_starts[d], run) for d, run in runs)
    sizes = {k: sum(len(s) + 8 for s in v.values()) for k, v in encoded.items()}
    solo, buckets = _grouped(sizes, SOLO_BYTES, BUCKET_BYTES)
    files["c/ascii"] = {}  # the rare ASCII characters (letters, in Chinese text) together: a Latin query reads one file
    for k in range(buckets):
        files[f"c/b{k}"] = {}
    for k, payload in encoded.items():
        files.setdefault(char_file(k, solo, buckets), {})[k] = payload
    syllables: set[str] = set()
    for (item, printed), runs in _gathered(parts, "readings").items():
        base, tone = item[:-1], item[-1]
        syllables.add(base)
        files.setdefault(f"p/{syllable_file(base)}", {})[tone + printed] = \
            _joined((doc_starts[d], run) for d, run in runs)
    terms: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    stems: dict[str, list[int]] = defaultdict(list)
    for d, part in enumerate(parts):
        for t, forms in part.terms.items():
            for form, positions in forms.items():
                terms[t][form] += [doc_starts[d] + p for p in positions]
        for stem, numbers in part.stems.items():
            stems[stem] += [block_base[d] + n for n in numbers]
    encoded_terms = {t: {form: postings(v) for form, v in forms.items()} for t, forms in terms.items()}
    term_buckets = _grouped({t: sum(map(len, v.values())) for t, v in encoded_terms.items()}, 1 << 62,
                            TERM_BUCKET_BYTES)[1]
    for k in range(term_buckets):
        files[f"t/{k}"] = {}
    for t, forms in encoded_terms.items():
        files[f"t/{t % term_buckets}"][str(t)] = forms
    for stem, numbers in stems.items():
        files.setdefault(f"s/{stem_file(stem)}", {})[stem] = _block_deltas(numbers)
    for start in range(0, len(rows), CHUNK):
        files[f"r/{start // CHUNK}"] = rows[start:start + CHUNK]
    table = str.maketrans(data["script"])
    for t, term in enumerate(data["terms"]):
        positions = sorted(p for found in terms.get(t, {}).values() for p in found)[:LEAD]
        for needle in {fold(form).translate(table) for form in term["forms"]}:
            positions += _leading(((doc_starts[d], part.leads.get(needle, ())) for d, part in enumerate(parts)))
        files[f"f/{t}"] = {str(b): rows[b] for b in sorted({bisect_right(starts, p) - 1 for p in positions})}

    term_chars = {ch for t in data["terms"] for f in t["forms"] for ch in f}
    files["manifest"] = {
        "format": data["format"],
        # the page of a document is documents/<id>.html (kwic.page_path); the title is not shown by search
        "documents": [[d["id"], d["citation"], d["year"], len(part.lengths)]
                      for d, part in zip(data["documents"], parts)],
        "sections": list(sections), "terms": data["terms"],
        "english": [[e["key"], e["term"], e["zh"]] for e in data["english"]],
        "syllables": data["syllables"],
        "t2s": {t: s for t, s in data["t2s"].items() if t in term_chars},  # what suggestions need of it
        "script": data["script"], "blocks": len(rows),
        "lengths": varints(length for part in parts for length in part.lengths),
        "headings": _block_deltas([block_base[d] + n for d, part in enumerate(parts) for n in part.headings]),
        "chars": {"solo": "".join(sorted(solo)), "buckets": buckets},
        "pinyin": sorted(syllables), "terms_buckets": term_buckets,
        "stems": sorted({stem_file(s) for s in stems}), "chunk": CHUNK, "leads": LEAD,
    }
    return files


def _gathered(parts: list[DocumentShard], field: str) -> dict[tuple[str, str], list[tuple[int, Run]]]:
    """key → [(document number, its run)], documents in order."""
    out: dict[tuple[str, str], list[tuple[int, Run]]] = defaultdict(list)
    for d, part in enumerate(parts):
        for pair, run in getattr(part, field).items():
            out[pair].append((d, run))
    return out


def _joined(runs) -> str:
    """Runs shifted by their document's start ((shift, run) in order) → one delta-coded postings string."""
    out, previous = [], 0
    for shift, (first, rest, last) in runs:
        gap = shift + first - previous
        out.append(_SMALL[gap] if gap < 32768 else _varint(gap))
        out.append(rest)
        previous = shift + last
    return "".join(out)


def _leading(found) -> list[int]:
    """The first LEAD positions of (shift, positions) in order."""
    out: list[int] = []
    for shift, positions in found:
        for p in positions:
            if len(out) == LEAD:
                return out
            out.append(shift + p)
    return out


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
