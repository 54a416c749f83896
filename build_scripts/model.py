"""The one document model every stage reads and writes (plain dataclasses).

Readers make a Document, transforms enrich it, writers render it. `to_dict` gives the JSON contract of
`duizhao parse --json`: snake_case field names, added to but never renamed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Edit:
    """One change to the raw OCR text, so a scholar can see what the page said."""

    kind: str  # unwrap | despace | spacing | punct-width | marker | gap | conjecture | run-in-heading | break | unparsed | correction
    before: str  # the raw characters, exactly as in the file
    after: str  # what the cleaned text has instead
    line: int  # 1-based line of the first raw character
    column: int  # 1-based column of the first raw character
    certainty: float | None = None  # set where the edit is a guess
    note: str | None = None
    anchor: str | None = None  # the block whose text holds `after` (set by the split stage)
    offset: int | None = None  # where `after` starts in that block's text
    page: str | None = None  # the id of the page whose raw text `line` and `column` refer to
    who: str | None = None  # a human correction (kind `correction`): who made it
    why: str | None = None  # ... and on what evidence


@dataclass
class Occurrence:
    """A glossary term found in a block: characters [start, end) of the block's text."""

    term_id: str
    anchor: str
    start: int
    end: int


@dataclass
class Block:
    kind: str  # heading | paragraph
    anchor: str
    text: str | None  # heading: as printed, with its label; paragraph: the cleaned text
    source_lines: tuple[int, int] | None  # first and last line in the raw file (None for implied headings)
    level: int | None = None  # headings: 1 = 一、 (part), 2 = （一） (section)
    label: str | None = None  # "二", "（一）"
    number: int | None = None  # the label's number: 二 → 2
    title: str | None = None  # heading title without its label; None where it is not on this page
    implied: bool = False  # a heading known only from numbering: printed on another page
    parent: str | None = None  # anchor of the enclosing heading
    topic: str | None = None  # a paragraph's lead sentence, e.g. 决战完胜脱贫攻坚战
    sentences: list[str] = field(default_factory=list)
    continued_from_previous_page: bool = False
    occurrences: list[Occurrence] = field(default_factory=list)
    certainty: float | None = None  # set where the block's boundary or heading was decided on weak evidence
    page: str | None = None  # the id of the page the block starts on (source_lines refer to it)
    pages: list[str] = field(default_factory=list)  # every page the block is printed on, in order
    continued_lines: tuple[int, int] | None = None  # lines on the next page, for a paragraph cut by a page break


@dataclass
class Page:
    """One printed page or one source file: its raw text verbatim and what cleaning did to it."""

    id: str  # the page's own stable id (its sidecar's `id`)
    number: int | None  # the printed page number, where known
    source_path: str
    input_format: str
    raw_lines: list[str]
    edits: list[Edit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    continues_from_page: int | None = None
    continues_to_page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["raw_lines"], data["edits"]
        return data


@dataclass
class Document:
    id: str
    source_path: str
    metadata: dict[str, Any]
    blocks: list[Block] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # reader notes: encoding converted, CRLF normalised…
    continues_from_page: int | None = None
    continues_to_page: int | None = None
    input_format: str = "ocr-page"  # ocr-page | paragraph-per-line
    raw_lines: list[str] = field(default_factory=list)  # the raw page, line by line, verbatim
    collection: str | None = None  # the folder under source_texts/ the document comes from
    pages: list[Page] = field(default_factory=list)  # in printed order; a page-level parse has exactly one

    @property
    def title(self) -> str | None:
        return (self.metadata.get("title") or {}).get("zh")

    @property
    def year(self) -> int | None:
        """The year the document belongs to: its delivery date's, else a year stated alone; None when unknown."""
        document = self.metadata.get("document") or {}
        delivered = document.get("delivered")
        if delivered:
            return int(str(delivered)[:4])
        year = document.get("year")
        return int(year) if year else None

    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "paragraph"]

    def headings(self, printed_only: bool = False) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading" and not (printed_only and b.implied)]

    def page(self, page_id: str) -> Page:
        for p in self.pages:
            if p.id == page_id:
                return p
        raise KeyError(page_id)

    def page_numbers(self, block: Block) -> list[int | None]:
        """The printed page numbers a block is on (what a citation gives as p. 2 or pp. 2–3)."""
        return [self.page(p).number for p in block.pages if any(q.id == p for q in self.pages)]

    def block(self, anchor: str) -> Block:
        for b in self.blocks:
            if b.anchor == anchor:
                return b
        raise KeyError(anchor)

    def edits_for(self, block: Block) -> list[Edit]:
        return [e for e in self.edits if e.anchor == block.anchor]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "collection": self.collection,
            "year": self.year,
            "source_path": self.source_path,
            "input_format": self.input_format,
            "metadata": self.metadata,
            "continues_from_page": self.continues_from_page,
            "continues_to_page": self.continues_to_page,
            "notes": list(self.notes),
            "pages": [p.to_dict() for p in self.pages],
            "blocks": [block_to_dict(b) for b in self.blocks],
            "edits": [asdict(e) for e in self.edits],
        }


def block_to_dict(block: Block) -> dict[str, Any]:
    data = asdict(block)
    data["source_lines"] = list(block.source_lines) if block.source_lines else None
    data["continued_lines"] = list(block.continued_lines) if block.continued_lines else None
    return data
