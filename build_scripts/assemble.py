"""Pages → documents: a report printed across pages 1–3 is one document with three pages.

Each page is parsed on its own (it has its own raw text, edits and OCR view). The pages of one document (the same
`document_id` in their sidecars) are put in printed order and stitched:
- a paragraph cut by the page break (the next page starts mid-paragraph and the previous one stops mid-sentence) is
  joined into one block that records both pages;
- a heading a page knew only by number (implied) is resolved when an earlier page prints it;
- anchors are numbered again over the whole document with the same scheme as a single page (README, "Anchors"),
  and every edit follows its block to the new anchor and offset.
A one-page document is left exactly as its page was parsed, so its anchors never move.
"""
from __future__ import annotations

from build_scripts.chars import ends_sentence, split_sentences
from build_scripts.errors import UserError
from build_scripts.model import Block, Document, Page
from build_scripts.numbering import Numbering

# A break after a full sentence may end the paragraph or not: the page cannot tell.
UNCERTAIN_PAGE_BREAK = 0.5


def assemble(page_docs: list[Document]) -> list[Document]:
    """One Document per document id, in the order their first pages come."""
    groups: dict[str, list[Document]] = {}
    for doc in page_docs:
        groups.setdefault(doc.id, []).append(doc)
    return [group[0] if len(group) == 1 else stitch(group) for group in groups.values()]


def stitch(parts: list[Document]) -> Document:
    for part in parts:
        if part.pages[0].number is None:
            raise UserError(f"document '{part.id}' has several pages, so each page needs publication.page to "
                            "put them in order", part.source_path)
    parts = sorted(parts, key=lambda d: d.pages[0].number)
    for a, b in zip(parts, parts[1:]):
        if a.pages[0].number == b.pages[0].number:
            raise UserError(f"document '{a.id}' has two pages numbered {a.pages[0].number} "
                            f"({a.source_path})", b.source_path)
    first = parts[0]
    doc = Document(id=first.id, source_path=first.source_path, metadata=_document_metadata(parts),
                   input_format=first.input_format, raw_lines=[], collection=first.collection,
                   continues_from_page=first.continues_from_page, continues_to_page=parts[-1].continues_to_page,
                   pages=[d.pages[0] for d in parts])
    renames = _Renumbering()
    for index, part in enumerate(parts):
        follows = index > 0 and _follows(parts[index - 1].pages[0], part.pages[0])
        renames.page(part, follows)
    doc.blocks = renames.blocks
    for part in parts:
        for edit in part.edits:
            if edit.anchor is not None:
                edit.anchor, shift = renames.moved[(part.pages[0].id, edit.anchor)]
                edit.offset = (edit.offset or 0) + shift
        doc.edits.extend(part.edits)
        doc.notes.extend(f"{part.pages[0].id}: {note}" for note in part.notes)
    return doc


def _follows(before: Page, after: Page) -> bool:
    """The page runs straight on from the one before it (nothing printed between them is missing)."""
    if before.continues_to_page is not None:
        return before.continues_to_page == after.number
    return after.number == (before.number or 0) + 1


def _document_metadata(parts: list[Document]) -> dict:
    """The document's metadata: what its pages say of it, which must agree where two pages say it."""
    merged = dict(parts[0].metadata)
    for key in ("title", "document"):
        values = dict(parts[0].metadata.get(key) or {})
        for part in parts[1:]:
            for field, value in (part.metadata.get(key) or {}).items():
                if value is None:
                    continue
                if values.get(field) not in (None, value):
                    raise UserError(f"{key}.{field} is '{value}' here but '{values[field]}' on page "
                                    f"{parts[0].pages[0].number} of the same document", part.source_path)
                values[field] = value
        merged[key] = values
    merged["id"] = parts[0].id
    merged["publication"] = dict(parts[0].metadata.get("publication") or {})
    merged["publication"]["page"] = None  # a document has pages, not a page: see Document.pages
    merged["publication"]["pages"] = [p.pages[0].number for p in parts]
    return merged


class _Renumbering:
    """Walks the pages' blocks in order, as the split stage walks one page, and records every move."""

    def __init__(self):
        self.blocks: list[Block] = []
        self.numbering = Numbering()
        self.moved: dict[tuple[str, str], tuple[str, int]] = {}  # (page id, page anchor) → (anchor, offset shift)

    def page(self, part: Document, follows: bool) -> None:
        page_id = part.pages[0].id
        for block in part.blocks:
            old = block.anchor
            if block.kind == "heading" and block.implied and self.numbering.is_open(block.level, block.number):
                opened = self.numbering.part_anchor if block.level == 1 else self.numbering.section_anchor
                self.moved[(page_id, old)] = (opened, 0)
                continue
            if block.kind == "paragraph" and block.continued_from_previous_page and follows and self._joins(block):
                previous = self.blocks[-1]
                self.moved[(page_id, old)] = (previous.anchor, len(previous.text))
                previous.text += block.text
                previous.sentences = split_sentences(previous.text)
                previous.pages.append(page_id)
                previous.continued_lines = block.source_lines
                continue
            if (block.kind == "paragraph" and block.continued_from_previous_page and follows and self.blocks
                    and self.blocks[-1].kind == "paragraph"):
                block.certainty = UNCERTAIN_PAGE_BREAK  # the page before ends a sentence: kept apart, flagged
            self._number(block)
            self.moved[(page_id, old)] = (block.anchor, 0)
            self.blocks.append(block)

    def _joins(self, block: Block) -> bool:
        previous = self.blocks[-1] if self.blocks else None
        return (previous is not None and previous.kind == "paragraph" and bool(previous.text)
                and not ends_sentence(previous.text))

    def _number(self, block: Block) -> None:
        if block.kind == "heading":
            block.anchor, block.parent = self.numbering.heading(block.level, block.number, implied=block.implied)
        else:
            block.anchor, block.parent = self.numbering.paragraph()
