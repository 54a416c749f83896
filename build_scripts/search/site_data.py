"""The site's search data: what a browser-side search needs to give the answers `duizhao search` gives.

`site_search_data(docs, glossary, translations)` returns one JSON-serialisable dict (the records are those of the
index: records.py). Offsets and per-character lists count Unicode code points (in JavaScript iterate with
`Array.from(text)`, not UTF-16 units).

    format      1
    documents   [{id, title, citation, url_path, year}] citation without the anchor: append "§" + anchor; year
                                                        as the CLI counts it (null: unknown)
    sections    [path string]                          "二、2020年工作安排 › （一）…"; blocks point at these
    terms       [{id, term, forms, en, pinyin}]         every glossary term: printed forms, English renderings, the
                                                        glossary's pinyin (what suggestions compare typed pinyin with)
    english     [{text, key, term, zh}]                 English → what to search for: the forms of terms[term],
                                                        or zh (a component of a numbered formula: 稳就业) if set;
                                                        key: lowercased, Porter-stemmed, without a leading article
    syllables   [toneless syllable]                     the valid ones, for splitting typed pinyin (xian / xi an)
    t2s         {traditional char: simplified char}     every character OpenCC t2s turns into a character of the
                                                        archive (為 → 为, 裡 → 里, 髮 → 发)
    script      {char: char}                            variants.py: each variant character → its class's writer;
                                                        a query matches where its key occurs in the block's key
    blocks      [{doc, anchor, kind, section, text, trad, pinyin, terms, en}]
        doc       index into documents;  section: index into sections (null: none)
        kind      "p" paragraph | "h" heading
        text      the cleaned text
        trad      the traditional text (OpenCC s2t), character for character the same length as text
        pinyin    one item per character, space-separated: "gong1" (toneless: drop the digit; 5 = neutral)
                  or "_" (no reading: not a Han character)
        terms     [[start, end, term index]]: glossary terms printed in the block
        en        the block's English translation, or null

Matching rules (so that the browser agrees with the CLI; build_scripts/search/text.py and query.py): ASCII letters
compare without case; a query starting or ending with an ASCII letter or digit does not match inside a longer run
of them (1916 is not in 19160); whitespace in a query is dropped next to Chinese characters; a pinyin query
matches a run of consecutive characters whose syllables are the query's (tones only where the user gave them).
"""
from __future__ import annotations

from typing import Any

from build_scripts.model import Document
from build_scripts.search.records import build_records, english_map, english_renderings
from build_scripts.search.syllables import searchable_syllables, syllable_items
from build_scripts.search.variants import script_table

FORMAT = 1


def site_search_data(docs: list[Document], glossary, translations: dict | None = None,
                     annotated: bool = False) -> dict[str, Any]:
    """`docs` are annotated here (annotate.annotate), as for the index, unless they are `annotated` with this
    glossary already (an Archive's are: 2-3 s saved at 73 documents)."""
    from build_scripts.terms.annotate import annotate, matcher_for

    if not annotated:
        matcher = matcher_for(glossary)
        for doc in docs:
            annotate(doc, glossary, matcher)
    infos, records = build_records(docs, glossary, translations or {})
    doc_index = {info.id: i for i, info in enumerate(infos)}
    sections: dict[str, int] = {}
    archive_chars: set[str] = set()
    blocks = []
    for r, block in zip(records, document_blocks(records, glossary)):
        section = block["section"]
        if section and section not in sections:
            sections[section] = len(sections)
        archive_chars.update(r.text)
        blocks.append({"doc": doc_index[r.doc_id], **block, "section": sections[section] if section else None})
    meta = search_meta(infos, glossary, archive_chars)
    return {"format": meta.pop("format"), "documents": meta.pop("documents"), "sections": list(sections), **meta,
            "blocks": blocks}  # in the order the module's docstring gives


def document_blocks(records: list, glossary) -> list[dict]:
    """The `blocks` entries of these records, without `doc`, and with the section's path (or None) as `section`."""
    term_index = {t.id: i for i, t in enumerate(glossary)}
    return [{"anchor": r.anchor, "kind": "h" if r.kind == "heading" else "p", "section": r.section or None,
             "text": r.text, "trad": r.traditional, "pinyin": syllable_items(r.readings),
             "terms": [[s, e, term_index[t]] for s, e, t in r.occurrences if t in term_index],
             "en": r.translation} for r in records]


def search_meta(infos: list, glossary, archive_chars: set[str]) -> dict[str, Any]:
    """Everything of site_search_data but `sections` and `blocks`: the documents (records.DocInfo, in archive
    order), the glossary's terms and English, the syllables and the script tables."""
    from build_scripts.search.kwic import page_path

    term_index = {t.id: i for i, t in enumerate(glossary)}
    english = [{"text": e.text, "key": key, "term": term_index[e.term_id], "zh": e.forms[0] if e.component else None}
               for key, entries in english_map(glossary).items() for e in entries]
    return {
        "format": FORMAT,
        "documents": [{"id": info.id, "title": info.title_zh, "citation": _citation_prefix(info),
                       "url_path": page_path(info.id), "year": info.year_number} for info in infos],
        "terms": [{"id": t.id, "term": t.term, "forms": list(t.forms), "en": english_renderings(glossary, t.id),
                   "pinyin": t.pinyin}
                  for t in glossary],
        "english": english,
        "syllables": sorted(searchable_syllables()),
        "t2s": traditional_to_archive(archive_chars),
        "script": script_map(),
    }


def script_map() -> dict[str, str]:
    """variants.script_table as characters: each variant character → its class's writer."""
    return {chr(c): w for c, w in script_table().items()}


# The CJK Unified Ideographs and Extension A: where a traditional character a user types can come from.
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))


def traditional_to_archive(archive_chars: set[str]) -> dict[str, str]:
    """Every character OpenCC's t2s converts into a character the archive prints. Character by character, as the
    browser converts a query; OpenCC's phrase-level exceptions (乾隆 keeps 乾) are beyond such a table."""
    from build_scripts.chinese_script import converter

    chars = [chr(c) for low, high in HAN_RANGES for c in range(low, high + 1)]
    converted = converter("t2s").convert("\n".join(chars)).split("\n")  # one per line: no phrase joins them
    return {t: s for t, s in zip(chars, converted) if s != t and len(s) == 1 and s in archive_chars}


def _citation_prefix(info) -> str:
    """The citation without its §anchor: 吕梁市人民政府《政府工作报告》 2020, p. 2."""
    full = info.citation("\x00")
    return full[: full.index("§\x00")].rstrip(", ")
