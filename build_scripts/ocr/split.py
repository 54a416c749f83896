"""From a raw page to the document model: clean each print line, find paragraphs, then split the page
into parts, sections and paragraphs with anchors derived from the document's own numbering.

Anchors (a promise to scholars; see README "Anchors"):
  s2        part 二                         s2-1      section （一） of part 二
  s2-p3     3rd paragraph of part 二 before its first section
  s2-1-p3   3rd paragraph of section （一） of part 二
  s1-7-c2   2nd paragraph on this page of section （七） of part 一, whose heading is on an earlier page:
            "c" paragraphs are counted from the top of this page, because the section's first paragraphs
            are elsewhere
Paragraph numbers count paragraphs, so fixing a character never moves an anchor.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from build_scripts.chars import SENTENCE_END, chinese_number, ends_sentence, split_sentences
from build_scripts.ocr.clean import PrintLine, clean_line
from build_scripts.errors import UserError
from build_scripts.ocr.layout import (Decision, PART_HEADING_RE, SECTION_HEADING_RE, VOCATIVE_RE, decide_boundaries,
                                  is_part_heading_line, shape_of)
from build_scripts.model import Block, Document
from build_scripts.ocr.reader import RawPage
from build_scripts.ocr.tape import Tape, Token, text_of, tokens_for_line

PARAGRAPH_PER_LINE_WIDTH_EM = 30  # print columns are ~21 em; clean text has whole paragraphs on a line
TOPIC_MAX_CHARS = 30
CLAUSE_MARKS = "，；：,;:"
FROM_MARKERS = {"上接", "接"}


@dataclass
class Piece:
    """A paragraph's tokens as found by the layout stage, before it becomes a Block."""

    tokens: list[Token]
    break_after: Token | None = None  # the separator token that ended it
    blocks: list[tuple[Block, list[Token]]] = field(default_factory=list)  # what the split stage made of it


def parse_page(raw: RawPage, doc_id: str, metadata: dict) -> Document:
    tape = Tape()
    lines = raw.lines
    print_lines = [PrintLine(n, tokens_for_line(n, text)) for n, text in enumerate(lines, start=1) if text.strip()]
    if not print_lines:
        raise UserError("no text lines", raw.path)
    for line in print_lines:
        clean_line(tape, line)
    markers = [m for line in print_lines for m in line.markers]
    # a line holding nothing but a marker is gone after cleaning
    print_lines = _drop_empty_lines(print_lines)
    if not print_lines:
        raise UserError("no text left after removing markers", raw.path)

    shapes = [shape_of(pl.text, pl.printed_text, pl.letter_spaced, pl.marker_at_start) for pl in print_lines]
    wide = statistics.quantiles([s.width for s in shapes], n=4)[2] if len(shapes) > 1 else shapes[0].width
    input_format = "paragraph-per-line" if wide > PARAGRAPH_PER_LINE_WIDTH_EM else "ocr-page"
    if input_format == "ocr-page":
        decisions = decide_boundaries(shapes)
    else:
        decisions = [Decision(True, "one paragraph per line")] * (len(print_lines) - 1)

    pieces = _assemble(tape, lines, print_lines, decisions)
    return assemble_document(raw, doc_id, metadata, tape, pieces, input_format, markers)


def assemble_document(raw: RawPage, doc_id: str, metadata: dict, tape: Tape, pieces: list[Piece],
                      input_format: str, markers=(), heading_kinds=None, complete: bool = False) -> Document:
    """Paragraph pieces (from any reader) → the document: headings, anchors, and every Edit located.

    `heading_kinds` gives the (level, label, number) or None of each piece's text, in order (default:
    一、 parts and （一） sections; see `heading_kind`);
    `complete` says the text is a whole document, so it does not start inside a section printed elsewhere."""
    doc = Document(id=doc_id, source_path=raw.path, metadata=metadata, notes=list(raw.notes),
                   input_format=input_format, raw_lines=list(raw.lines))
    _set_continuation(doc, markers)
    _build_blocks(doc, tape, pieces, heading_kinds or _print_heading_kinds, complete)
    doc.edits = tape.edits
    _locate_edits(doc, pieces)
    doc.edits.sort(key=lambda e: (e.line, e.column))
    if not doc.paragraphs() and not doc.headings(printed_only=True):
        raise UserError("no recognisable structure: no paragraph or heading found", raw.path)
    return doc


def _drop_empty_lines(print_lines: list[PrintLine]) -> list[PrintLine]:
    kept: list[PrintLine] = []
    carry: list[Token] = []
    for line in print_lines:
        if line.text.strip():
            line.tokens[:0] = carry
            carry = []
            kept.append(line)
        else:
            carry.extend(line.tokens)
    if carry and kept:
        kept[-1].tokens.extend(carry)
    return kept


def _separator(lines: list[str], after: int | None, before: int | None) -> tuple[str, int, int]:
    """Raw characters between print line `after` and print line `before` (1-based; None = file edge)."""
    if after is None:
        return "".join(lines[k] + "\n" for k in range(0, before - 1)), 1, 1
    if before is None:
        return "".join("\n" + lines[k] for k in range(after, len(lines))), after, len(lines[after - 1]) + 1
    return "\n" + "".join(lines[k] + "\n" for k in range(after, before - 1)), after, len(lines[after - 1]) + 1


def _assemble(tape: Tape, lines: list[str], print_lines: list[PrintLine], decisions: list[Decision]) -> list[Piece]:
    """Join print lines into paragraphs; every removed newline or blank line becomes an `unwrap` Edit."""
    pieces: list[Piece] = []
    current: list[Token] = []
    lead, line_no, col = _separator(lines, None, print_lines[0].number)
    if lead:
        current.append(_removed(tape, lead, line_no, col, "spacing", "blank lines at the start of the file"))
    for i, line in enumerate(print_lines):
        current.extend(line.tokens)
        if i == len(print_lines) - 1:
            break
        decision = decisions[i]
        src, line_no, col = _separator(lines, line.number, print_lines[i + 1].number)
        sep = Token(src, src, line_no, col)
        if decision.new_paragraph:
            sep_text = "\n"
            if src != sep_text:
                sep = _replaced(tape, sep, "\n", "unwrap", None, "paragraph break; blank lines removed")
            pieces.append(Piece(current, sep))
            current = []
        else:
            note = decision.reason if decision.certainty is not None else None
            current.append(_replaced(tape, sep, "", "unwrap", decision.certainty, note))
    tail, line_no, col = _separator(lines, print_lines[-1].number, None)
    if tail:
        current.append(_removed(tape, tail, line_no, col, "spacing", "whitespace at the end of the file"))
    pieces.append(Piece(current, None))
    return pieces


def _replaced(tape: Tape, token: Token, text: str, kind: str, certainty, note) -> Token:
    holder = [token]
    return tape.replace(holder, 0, 1, text, kind, certainty, note)


def _removed(tape: Tape, src: str, line: int, col: int, kind: str, note: str) -> Token:
    return _replaced(tape, Token(src, src, line, col), "", kind, None, note)


def _set_continuation(doc: Document, markers: list[tuple[str, int]]) -> None:
    for word, page in markers:
        if word in FROM_MARKERS:
            if doc.continues_from_page is None:
                doc.continues_from_page = page
        else:
            doc.continues_to_page = page


# ---- structure -------------------------------------------------------------------------------------

@dataclass
class Context:
    part: int | None = None
    part_anchor: str | None = None
    section: int | None = None
    section_anchor: str | None = None
    container: str | None = None  # anchor of the innermost heading
    continued: bool = False  # the container's heading is on an earlier page
    count: int = 0  # paragraphs so far in the container


def _split_run_in(tape: Tape, tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """（一）Title。Body… → heading tokens, body tokens; the 。 that ends the title becomes an Edit."""
    text = text_of(tokens)
    m = re.search(f"[{SENTENCE_END}]", text)
    if not m:
        return tokens, []
    position = 0
    for i, t in enumerate(tokens):
        if position == m.start() and t.text == m.group(0):
            tape.replace(tokens, i, i + 1, "", "run-in-heading", None,
                         "the sentence-final mark after a run-in section heading separates heading and body")
            return tokens[:i + 1], tokens[i + 1:]
        position += len(t.text)
    return tokens, []


def _heading_kind(text: str) -> tuple[int, str, int] | None:
    """(level, label, number) of a heading, or None: 一、 parts (level 1) and （一） sections (level 2)."""
    if is_part_heading_line(text):
        label = PART_HEADING_RE.match(text).group(0)[:-1]
        number = chinese_number(label)
        return (1, label, number) if number else None
    m = SECTION_HEADING_RE.match(text)
    if m:
        label = "（" + m.group(0)[1:-1] + "）"
        number = chinese_number(m.group(0)[1:-1])
        return (2, label, number) if number else None
    return None


heading_kind = _heading_kind  # the default recogniser, for readers that extend it


def _print_heading_kinds(texts: list[str]) -> list[tuple[int, str, int] | None]:
    return [_heading_kind(text) for text in texts]


def _infer_start(pieces_kinds: list[tuple[int, str, int] | None]) -> Context:
    """Where does the page start? From the first heading's number: （八） first means we start in （七）."""
    headings = [k for k in pieces_kinds if k]
    if not headings or pieces_kinds[0]:
        return Context()
    first = headings[0]
    later_part = next((k for k in headings if k[0] == 1), None)
    ctx = Context()
    if first[0] == 1:
        ctx.part = first[2] - 1 if first[2] > 1 else None
    else:
        ctx.part = later_part[2] - 1 if later_part and later_part[2] > 1 else None
        ctx.section = first[2] - 1 if first[2] > 1 else None
    return ctx


def _build_blocks(doc: Document, tape: Tape, pieces: list[Piece], heading_kinds=None,
                  complete: bool = False) -> None:
    kinds = (heading_kinds or _print_heading_kinds)([text_of(p.tokens) for p in pieces])
    ctx = Context() if complete else _infer_start(kinds)
    blocks: list[Block] = []
    if ctx.part:
        ctx.part_anchor = f"s{ctx.part}"
        blocks.append(_implied_heading(1, ctx.part, ctx.part_anchor, None))
        ctx.container, ctx.continued = ctx.part_anchor, True
    if ctx.section:
        ctx.section_anchor = f"{ctx.part_anchor}-{ctx.section}" if ctx.part_anchor else f"sec{ctx.section}"
        blocks.append(_implied_heading(2, ctx.section, ctx.section_anchor, ctx.part_anchor))
        ctx.container, ctx.continued = ctx.section_anchor, True

    for index, (piece, kind) in enumerate(zip(pieces, kinds)):
        body = piece.tokens
        if kind:
            level, label, number = kind
            heading_tokens, body = _split_run_in(tape, piece.tokens) if level >= 2 else (piece.tokens, [])
            heading = _heading(doc, blocks, ctx, level, label, number, heading_tokens)
            piece.blocks.append((heading, heading_tokens))
            blocks.append(heading)
            if not body:
                continue
        paragraph = _paragraph(blocks, ctx, body, own_topic=not kind)
        paragraph.continued_from_previous_page = (index == 0 and not kind and doc.continues_from_page is not None)
        piece.blocks.append((paragraph, body))
        blocks.append(paragraph)
    doc.blocks = blocks


def _implied_heading(level: int, number: int, anchor: str, parent: str | None) -> Block:
    label = _numeral(number) if level == 1 else f"（{_numeral(number)}）"
    return Block(kind="heading", anchor=anchor, text=None, source_lines=None, level=level, label=label,
                 number=number, title=None, implied=True, parent=parent)


def _numeral(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _unique(blocks: list[Block], anchor: str) -> str:
    taken = {b.anchor for b in blocks}
    if anchor not in taken:
        return anchor
    n = 2
    while f"{anchor}-{n}" in taken:
        n += 1
    return f"{anchor}-{n}"


def _heading(doc, blocks, ctx: Context, level, label, number, tokens) -> Block:
    text = text_of(tokens)
    title = text[len(label):].lstrip("、，,").strip() or None
    if level == 1:
        ctx.part, ctx.section = number, None
        ctx.part_anchor = _unique(blocks, f"s{number}")
        anchor, parent = ctx.part_anchor, None
    elif level == 2:
        ctx.section = number
        base = ctx.part_anchor or "sec"
        anchor = _unique(blocks, f"{base}-{number}" if ctx.part_anchor else f"sec{number}")
        ctx.section_anchor, parent = anchor, ctx.part_anchor
    else:  # level 3: a numbered sub-heading (第一，…) of the current section, else of the current part
        parent = ctx.section_anchor if ctx.section is not None else ctx.part_anchor
        anchor = _unique(blocks, f"{parent}-{number}" if parent else f"sub{number}")
    ctx.container, ctx.continued, ctx.count = anchor, False, 0
    return Block(kind="heading", anchor=anchor, text=text, source_lines=_lines_of(tokens), level=level,
                 label=label, number=number, title=title, parent=parent)


def _paragraph(blocks, ctx: Context, tokens: list[Token], own_topic: bool) -> Block:
    text = text_of(tokens)
    ctx.count += 1
    if ctx.container:
        anchor = f"{ctx.container}-{'c' if ctx.continued else 'p'}{ctx.count}"
    else:
        anchor = f"p{ctx.count}"
    sentences = split_sentences(text)
    return Block(kind="paragraph", anchor=_unique(blocks, anchor), text=text, source_lines=_lines_of(tokens),
                 parent=ctx.container, topic=_topic(sentences) if own_topic else None, sentences=sentences)


def _topic(sentences: list[str]) -> str | None:
    """A lead sentence such as 决战完胜脱贫攻坚战。: short, one clause, not an address to the delegates."""
    if not sentences:
        return None
    first = sentences[0]
    if not first.endswith("。") or len(first) > TOPIC_MAX_CHARS or VOCATIVE_RE.match(first):
        return None
    if any(mark in first for mark in CLAUSE_MARKS) or len(sentences) == 1:
        return None
    return first[:-1]


def _lines_of(tokens: list[Token]) -> tuple[int, int] | None:
    numbers = [t.line for t in tokens if t.src.strip()]
    return (min(numbers), max(numbers)) if numbers else None


def _locate_edits(doc: Document, pieces: list[Piece]) -> None:
    """Tie each Edit to the block whose text shows its result, and where."""
    last_block: Block | None = None
    for piece in pieces:
        for block, tokens in piece.blocks:
            offset = 0
            for t in tokens:
                if t.edit is not None:
                    t.edit.anchor, t.edit.offset = block.anchor, offset
                offset += len(t.text)
            last_block = block
        if piece.break_after is not None and piece.break_after.edit is not None and last_block is not None:
            piece.break_after.edit.anchor = last_block.anchor
            piece.break_after.edit.offset = len(last_block.text or "")
