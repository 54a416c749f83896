"""The data behind the reading aids and the source view, one small script file per document.

Written as `DZ.reading[...] = {...}` scripts rather than JSON so the site works opened from disk (file://),
where a browser refuses fetch() of local files but runs a <script src>.

Per block (anchor):
  t     [[word, pinyin], ...]  the words (jieba, split at term boundaries so a word never crosses a term),
                               with word-level pinyin; "" for punctuation and digits
  s2t   {word index: converted word}, only the words OpenCC's s2t changes
  s2twp / s2hk  {word index: converted word}, only the words where the variant differs from s2t
Source view, per block:
  lines [first, last] line of the raw page; raw: those lines verbatim; edits: every edit shown in the block
"""
from __future__ import annotations

import json
from dataclasses import asdict

from build_scripts.chinese_script import converter
from build_scripts.model import Block, Document
from build_scripts.terms.pinyin import word_pinyin

# OpenCC configurations offered to readers (docs/design.md, "Traditional characters").
VARIANTS = ("s2t", "s2twp", "s2hk")


def pieces(block: Block) -> list[str]:
    """The text cut at every term boundary."""
    text = block.text or ""
    cuts = sorted({0, len(text)} | {o.start for o in block.occurrences} | {o.end for o in block.occurrences})
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def tokens(block: Block) -> list[list[str]]:
    return [[word, py] for piece in pieces(block) for word, py in word_pinyin(piece)]


def variant_words(words: list[str], config: str) -> dict[int, str]:
    """Word index → converted word. Converts the whole text at once (OpenCC's phrase tables need the
    context) and slices it by word; where the variant changes the length, word by word instead."""
    convert = converter(config).convert
    whole = convert("".join(words))
    if len(whole) == sum(map(len, words)):
        out, k = [], 0
        for w in words:
            out.append(whole[k:k + len(w)])
            k += len(w)
    else:
        out = [convert(w) for w in words]
    return {i: v for i, (w, v) in enumerate(zip(words, out)) if v != w}


def reading_data(doc: Document) -> dict:
    data = {}
    for block in doc.blocks:
        if not block.text:
            continue
        toks = tokens(block)
        words = [w for w, _ in toks]
        entry = {"t": toks, "s2t": variant_words(words, "s2t")}
        base = [entry["s2t"].get(i, w) for i, w in enumerate(words)]
        for config in VARIANTS[1:]:  # stored as differences from s2t: most words agree
            full = variant_words(words, config)
            entry[config] = {i: full.get(i, w) for i, w in enumerate(words) if full.get(i, w) != base[i]}
        data[block.anchor] = entry
    return data


def source_data(doc: Document) -> dict:
    """Per block, the raw lines it comes from and every edit made to them. A paragraph cut by a page break
    gives the lines of both pages (the second page's as `more`)."""
    data = {}
    for block in doc.blocks:
        if not block.source_lines:
            continue
        first, last = block.source_lines
        edits = [{k: v for k, v in asdict(e).items() if v is not None and k != "anchor"} for e in doc.edits_for(block)]
        entry = {"lines": [first, last], "raw": _raw(doc, block.page)[first - 1:last], "edits": edits}
        if block.continued_lines and len(block.pages) > 1:
            more_first, more_last = block.continued_lines
            entry["more"] = {"page": block.pages[1], "lines": [more_first, more_last],
                             "raw": _raw(doc, block.pages[1])[more_first - 1:more_last]}
        data[block.anchor] = entry
    return data


def _raw(doc: Document, page_id: str | None) -> list[str]:
    return doc.page(page_id).raw_lines if page_id and doc.pages else doc.raw_lines


def script(kind: str, key: str, data) -> str:
    """A data file the site's script can load with a <script> tag, also from file://."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.DZ=window.DZ||{{}};DZ.{kind}=DZ.{kind}||{{}};DZ.{kind}[{json.dumps(key)}]={payload};\n"
