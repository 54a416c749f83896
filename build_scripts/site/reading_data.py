"""The data behind the reading aids and the source view, one small script file per document.

Written as `DZ.reading[...] = {...}` scripts rather than JSON so the site works opened from disk (file://),
where a browser refuses fetch() of local files but runs a <script src>.

Per block (anchor):
  t     [[word, pinyin], ...]  the words (jieba, split at term boundaries so a word never crosses a term),
                               with word-level pinyin; "" for punctuation and digits
  s2t   {word index: converted word}, only the words OpenCC's s2t changes
  s2tw / s2hk  {word index: converted word}, only the words where the variant differs from s2t
Character-level conversions only: a word keeps its length and its reading, so the pinyin drawn over a converted
word is the word's own (s2twp, which replaces words such as 运行→執行, would reword the quoted text).
Source view: raw, the whole raw page verbatim; per block (blocks): lines [first, last] of the raw page and every
edit shown in the block, each with its kind's label and its note in the interface's language.
"""
from __future__ import annotations

import json
from dataclasses import asdict

from build_scripts.chars import is_han
from build_scripts.chinese_script import converter
from build_scripts.model import Document
from build_scripts.site.edit_labels import kind_label, note_text
from build_scripts.terms.annotate import term_pieces
from build_scripts.terms.pinyin import remembered, word_pinyin

# OpenCC configurations offered to readers (docs/design.md, "Traditional characters").
VARIANTS = ("s2t", "s2tw", "s2hk")


def tokens(pieces: tuple[str, ...]) -> list[list[str]]:
    """[word, pinyin] of a block's text, cut first where its terms start and end (annotate.term_pieces)."""
    return [[word, split_long_pinyin(word, py)] for piece in pieces for word, py in word_pinyin(piece)]


LONG_WORD = 4  # GB/T 16159-2012 §6.1.2: a name of four or more syllables is written apart by its words


def sub_words(word: str) -> list[str]:
    """A long word cut into the dictionary words it is made of (全面从严治党 → 全面 从严 治党): longest first,
    never the word itself; a character left alone joins the group before it (or after, at the start)."""
    from build_scripts.terms.pinyin import is_word

    groups: list[str] = []
    k = 0
    while k < len(word):
        end = next((e for e in range(len(word) - (k == 0), k + 1, -1) if is_word(word[k:e])), k + 1)
        groups.append(word[k:end])
        k = end
    merged: list[str] = []
    for g in groups:
        if merged and (len(g) == 1 or len(merged[-1]) == 1):
            merged[-1] += g
        else:
            merged.append(g)
    return merged


def split_long_pinyin(word: str, py: str) -> str:
    """The pinyin of a word of four or more characters, written apart by its sub-words (quánmiàn cóngyán
    zhìdǎng), the way GB/T 16159 writes long names and pypinyin's docs suggest for phrases. Kept as it is where
    the pinyin already has its spaces, or does not read one syllable per character."""
    from build_scripts.terms.pinyin import pypinyin_syllables

    if len(word) < LONG_WORD or " " in py or not all(is_han(c) for c in word):
        return py
    bare = py.replace("'", "")
    syllables = pypinyin_syllables(word)
    if bare.lower() != "".join(syllables).lower():
        return py  # an override or a particle reads it otherwise: no safe place to cut
    groups = sub_words(word)
    if len(groups) < 2:
        return py
    out, k, pos = [], 0, 0
    for g in groups:
        parts = []
        for j in range(len(g)):
            syl = bare[pos:pos + len(syllables[k])]
            parts.append(("'" if j and syl[:1].lower() in "aoe" else "") + syl)
            pos += len(syllables[k])
            k += 1
        out.append("".join(parts))
    return " ".join(out)


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
    return {block.anchor: reading_entry(tuple(term_pieces(block))) for block in doc.blocks if block.text}


@remembered
def reading_entry(pieces: tuple[str, ...]) -> dict:
    """A block's words with their pinyin and traditional forms, from its text cut at its terms: the same for
    the same pieces, so a document's unchanged paragraphs come from its last build (pinyin.remembering)."""
    toks = tokens(pieces)
    words = [w for w, _ in toks]
    entry = {"t": toks, "s2t": variant_words(words, "s2t")}
    base = [entry["s2t"].get(i, w) for i, w in enumerate(words)]
    for config in VARIANTS[1:]:  # stored as differences from s2t: most words agree
        full = variant_words(words, config)
        entry[config] = {i: full.get(i, w) for i, w in enumerate(words) if full.get(i, w) != base[i]}
    return entry


def edit_entry(edit, lang: str) -> dict:
    entry = {k: v for k, v in asdict(edit).items() if v is not None and k != "anchor"}
    entry["label"] = kind_label(edit.kind, lang)
    if edit.note:
        entry["note_shown"], translated = note_text(edit.note, lang)
        if not translated:
            entry["note_lang"] = "en"  # no translation yet: shown as written, tagged as English
    return entry


def source_data(doc: Document, lang: str = "zh") -> dict:
    """Every raw page of the document (by page id), and per block the page and lines it comes from and every edit
    made to them. A paragraph cut by a page break also gives its lines on the next page (`more`)."""
    blocks = {}
    for block in doc.blocks:
        if not block.source_lines:
            continue
        first, last = block.source_lines
        entry = {"page": block.page or doc.pages[0].id, "lines": [first, last],
                 "edits": [edit_entry(e, lang) for e in doc.edits_for(block)]}
        if block.continued_lines and len(block.pages) > 1:
            entry["more"] = {"page": block.pages[1], "lines": list(block.continued_lines)}
        blocks[block.anchor] = entry
    return {"raw": {page.id: list(page.raw_lines) for page in doc.pages}, "blocks": blocks}


def data_json(data) -> str:
    """The JSON of a data file: compact, keys sorted, characters as printed."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def script(kind: str, key: str, data) -> str:
    """A data file the site's script can load with a <script> tag, also from file://."""
    return script_of_json(kind, key, data_json(data))


def script_of_json(kind: str, key: str, payload: str) -> str:
    """`script` of the data whose data_json is `payload`."""
    return f"window.DZ=window.DZ||{{}};DZ.{kind}=DZ.{kind}||{{}};DZ.{kind}[{json.dumps(key)}]={payload};\n"
