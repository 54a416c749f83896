"""One search record per block: what the index (index.py) and the site's search data (site_data.py) hold.

A record is a paragraph or a printed heading (implied headings have no text on the page) with its cleaned text,
its traditional-character form (OpenCC s2t, the glossary's configuration), each character's pinyin syllable as
the archive reads it, its jieba words, the English of the glossary terms printed in it, its translation where
there is one, and where it sits: document, anchor, section path, date, page. Nothing here guesses: unknown
metadata is None.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from build_scripts.cache import cached, document_key
from build_scripts.terms.glossary import Glossary, glossary_key, traditional
from build_scripts.model import Block, Document
from build_scripts.search.syllables import Reading, char_syllables
from build_scripts.terms.annotate import term_pieces

PATH_SEPARATOR = " › "
UNKNOWN_TITLE = "…"  # an implied heading: its number is known, its title is printed on another page


@dataclass
class DocInfo:
    """The document metadata search output cites: all from the sidecar, None where it is unknown."""

    id: str
    order: int
    title_zh: str | None
    title_en: str | None
    issuer_zh: str | None
    issuer_en: str | None
    delivered: str | None
    publication_name_zh: str | None
    publication_date: str | None
    page: int | None
    collection: str | None = None  # the folder under source_texts/ (Document.collection)
    year_number: int | None = None  # Document.year: the delivery date's year, else a stated year

    @property
    def date(self) -> str | None:
        return self.delivered or self.publication_date

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    def citation(self, anchor: str) -> str:
        """吕梁市人民政府《政府工作报告》2020, p. 2, §s2-1-p3: the parts that are known, in that order."""
        if self.title_zh:
            work = f"{self.issuer_zh or ''}《{self.title_zh}》"
        else:
            work = self.issuer_zh or self.id
        parts = [f"{work} {self.year}" if self.year else work]
        if self.publication_name_zh:
            parts.append(self.publication_name_zh + (f" {self.publication_date}" if self.publication_date else ""))
        if self.page is not None:
            parts.append(f"p. {self.page}")
        parts.append(f"§{anchor}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def doc_info(doc: Document, order: int) -> DocInfo:
    meta = doc.metadata or {}

    def get(*keys):
        value: Any = meta
        for key in keys:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value

    page = get("publication", "page")
    return DocInfo(
        id=doc.id, order=order, title_zh=get("title", "zh"), title_en=get("title", "en"),
        issuer_zh=get("document", "issuer", "zh"), issuer_en=get("document", "issuer", "en"),
        delivered=_iso(get("document", "delivered")), publication_name_zh=get("publication", "name", "zh"),
        publication_date=_iso(get("publication", "date")), page=page if isinstance(page, int) else None,
        collection=getattr(doc, "collection", None), year_number=_year(doc))


def _year(doc: Document) -> int | None:
    try:
        return doc.year
    except (TypeError, ValueError):  # a sidecar's year that is not a number: unknown, not a crash
        return None


def _iso(value) -> str | None:
    return None if value is None else str(value)


@dataclass
class BlockRecord:
    doc_id: str
    anchor: str
    kind: str  # heading | paragraph
    order: int  # reading order in the document
    text: str
    traditional: str  # OpenCC s2t of text; the same length (checked)
    readings: list[Reading | None]  # per character
    words: list[str]  # jieba words (punctuation left out)
    occurrences: list[tuple[int, int, str]]  # glossary terms: (start, end, term id)
    english_terms: dict[str, list[str]]  # term id → its English renderings (preferred, then alternates)
    translation: str | None  # the English translation of this block, where there is one
    section_path: list[str] = field(default_factory=list)
    date: str | None = None
    page: int | None = None

    @property
    def key(self) -> str:
        return f"{self.doc_id}#{self.anchor}"

    @property
    def section(self) -> str:
        return PATH_SEPARATOR.join(self.section_path)


def traditional_text(text: str) -> str:
    """OpenCC s2t of the text, character for character (so offsets agree with the text)."""
    trad = traditional(text)
    if len(trad) != len(text):  # s2t maps character for character; never seen otherwise
        trad = "".join(traditional(ch) if len(traditional(ch)) == 1 else ch for ch in text)
    return trad


def heading_display(block: Block) -> str:
    if block.text:
        return block.text
    label = block.label or "?"
    return f"{label}、{UNKNOWN_TITLE}" if block.level == 1 else f"{label}{UNKNOWN_TITLE}"


def section_path(doc: Document, block: Block) -> list[str]:
    """The headings the block sits under, outermost first; a heading's own path ends with itself."""
    by_anchor = {b.anchor: b for b in doc.blocks}
    chain: list[str] = []
    current = block if block.kind == "heading" else by_anchor.get(block.parent) if block.parent else None
    while current is not None:
        chain.append(heading_display(current))
        current = by_anchor.get(current.parent) if current.parent else None
    return chain[::-1]


WORD_RE = re.compile(r"\w", re.UNICODE)


def english_renderings(glossary: Glossary, term_id: str) -> list[str]:
    term = glossary.by_id.get(term_id)
    if term is None:
        return []
    texts = [term.en.get("text")] + [alt.get("text") for alt in term.en_alternates]
    return list(dict.fromkeys(t for t in texts if t))


def searchable_blocks(doc: Document) -> list[Block]:
    """Paragraphs and printed headings (an implied heading has no text on the page)."""
    return [b for b in doc.blocks if b.text and (b.kind == "paragraph" or not b.implied)]


def block_records(doc: Document, info: DocInfo, glossary: Glossary, translations: dict) -> list[BlockRecord]:
    """The records of one annotated document (annotate.annotate fills block.occurrences)."""
    records = []
    searchable = {id(b) for b in searchable_blocks(doc)}
    for order, block in enumerate(doc.blocks):
        if id(block) not in searchable:
            continue
        text = block.text
        trad = traditional_text(text)
        words, readings = [], []
        for piece in term_pieces(block):  # as the reading aids read it (cached: they have just read it)
            piece_words, piece_readings = char_syllables(piece)
            words += piece_words
            readings += piece_readings
        occurrences = [(o.start, o.end, o.term_id) for o in block.occurrences]
        english = {o.term_id: english_renderings(glossary, o.term_id) for o in block.occurrences}
        records.append(BlockRecord(
            doc_id=doc.id, anchor=block.anchor, kind=block.kind, order=order, text=text, traditional=trad,
            readings=readings, words=[w for w in words if WORD_RE.search(w)], occurrences=occurrences,
            english_terms=english, translation=translation_text(translations, doc.id, block.anchor),
            section_path=section_path(doc, block), date=info.date, page=info.page))
    return records


def build_records(docs: Iterable[Document], glossary: Glossary,
                  translations: dict | None = None) -> tuple[list[DocInfo], list[BlockRecord]]:
    """Document infos and block records of annotated documents, in archive and reading order."""
    infos, records = [], []
    for order, doc in enumerate(docs):
        info = doc_info(doc, order)
        infos.append(info)
        records.extend(document_records(doc, glossary, translations or {}, info))
    return infos, records


def records_key(doc: Document, glossary: Glossary, translations: dict) -> str:
    """What a document's records are made from: the document, the glossary's files, its translation, the code
    (not its place in the archive: a document added before it changes none of its records)."""
    english = json.dumps({b.anchor: translation_text(translations, doc.id, b.anchor) for b in doc.blocks},
                         ensure_ascii=False, sort_keys=True)
    return document_key(doc, "search-records", glossary_key(str(glossary.folder)), english)


def document_records(doc: Document, glossary: Glossary, translations: dict,
                     info: DocInfo | None = None, key: str | None = None) -> list[BlockRecord]:
    """One annotated document's records, cached: the index and the site's search data both need them, most
    documents of a build are unchanged since the last one, and `duizhao build` makes the missing ones on every
    core (site/data_files.prepare). `key`: its records_key, where the caller has it already."""
    return cached(key or records_key(doc, glossary, translations),
                  lambda: block_records(doc, info or doc_info(doc, 0), glossary, translations))


# ---- translations (build_scripts/translation/translations.py, written separately) -------------------------------

def load_translations(root: str = "source_texts", language: str = "en") -> dict:
    """doc id → Translation, or {} while build_scripts.translation.translations does not exist yet."""
    try:
        from build_scripts.translation.translations import translations_for
    except ModuleNotFoundError as err:
        if err.name not in ("build_scripts.translation.translations",):
            raise
        return {}
    except ImportError:  # the module exists but has no translations_for yet
        return {}
    return translations_for(root=root, language=language) or {}


def translation_text(translations: dict, doc_id: str, anchor: str) -> str | None:
    translation = translations.get(doc_id) if translations else None
    if translation is None:
        return None
    segments = getattr(translation, "segments", None)
    if segments is None and isinstance(translation, dict):
        segments = translation.get("segments")
    segment = segments.get(anchor) if hasattr(segments, "get") else None
    if segment is None:
        return None
    text = segment.get("text") if isinstance(segment, dict) else getattr(segment, "text", None)
    return text.strip() if isinstance(text, str) and text.strip() else None


# ---- English → Chinese through the glossary ------------------------------------------------------------

ARTICLES = {"the", "a", "an"}


@lru_cache(maxsize=1)
def english_analyzer():
    """Lowercased Porter stems of English words: the index's and the query's."""
    from whoosh.analysis import StemmingAnalyzer

    return StemmingAnalyzer(stoplist=None, minsize=1)


def english_key(text: str) -> str:
    """Lowercased, Porter-stemmed words without a leading article: three critical battles, The three critical
    battle → 'three critic battl'."""
    from whoosh.lang.porter import stem

    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("’", "'"))
    while words and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(stem(w) for w in words)


@dataclass
class EnglishEntry:
    text: str  # the rendering as the glossary writes it
    term_id: str
    forms: list[str]  # what to search for: the term's printed forms, or a component's Chinese
    component: bool = False  # a part of a numbered formula (稳就业 of 六稳), not the term itself


def english_map(glossary: Glossary) -> dict[str, list[EnglishEntry]]:
    """english_key of every rendering (preferred, alternates, components) → what it stands for."""
    table: dict[str, list[EnglishEntry]] = {}

    def add(text: str, entry: EnglishEntry) -> None:
        key = english_key(text)
        if key and not any(e.term_id == entry.term_id and e.forms == entry.forms for e in table.get(key, [])):
            table.setdefault(key, []).append(entry)

    for term in glossary:
        for text in english_renderings(glossary, term.id):
            add(text, EnglishEntry(text, term.id, list(term.forms)))
        for component in term.components:
            if component.get("en") and component.get("zh"):
                add(component["en"], EnglishEntry(component["en"], term.id, [component["zh"]], component=True))
    return table
