"""From a raw page to the document model: clean each print line, find paragraphs, then split the page
into parts, sections and paragraphs with anchors derived from the document's own numbering.

The anchor scheme is build_scripts/numbering.py's (README, "Anchors").
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from build_scripts.chars import SENTENCE_END, chinese_number, ends_sentence, split_sentences
from build_scripts.ocr.clean import PrintLine, clean_line
from build_scripts.ocr.corrections import Correction, Corrections, stale_problem
from build_scripts.errors import UserError
from build_scripts.ocr.layout import (Decision, PART_HEADING_RE, SECTION_HEADING_RE, VOCATIVE_RE, decide_boundaries,
                                     heading_label, is_heading_text, is_part_heading_line, shape_of)
from build_scripts.model import Block, Document
from build_scripts.numbering import Numbering
from build_scripts.ocr.reader import RawPage
from build_scripts.ocr.tape import Tape, Token, text_of, tokens_for_line

PARAGRAPH_PER_LINE_WIDTH_EM = 30  # print columns are ~21 em; clean text has whole paragraphs on a line
TOPIC_MAX_CHARS = 30
CLAUSE_MARKS = "，；：,;:"
FROM_MARKERS = {"上接", "紧接", "接"}


@dataclass
class Piece:
    """A paragraph's tokens as found by the layout stage, before it becomes a Block."""

    tokens: list[Token]
    break_after: Token | None = None  # the separator token that ended it
    own_line_heading: bool = False  # the layout found a heading standing on its own line(s)
    blocks: list[tuple[Block, list[Token]]] = field(default_factory=list)  # what the split stage made of it


def parse_page(raw: RawPage, doc_id: str, metadata: dict, corrections: Corrections | None = None) -> Document:
    tape = Tape()
    lines = raw.lines
    print_lines = [PrintLine(n, tokens_for_line(n, text)) for n, text in enumerate(lines, start=1) if text.strip()]
    if not print_lines:
        raise UserError("no text lines", raw.path)
    applicable, stale = _sort_corrections(corrections, lines)
    for line in print_lines:
        _apply_readings(tape, line, [c for c in applicable if c.kind == "reading" and c.line == line.number])
        clean_line(tape, line)
    markers = [m for line in print_lines for m in line.markers]
    # a line holding nothing but a marker is gone after cleaning
    print_lines = _drop_empty_lines(tape, lines, print_lines)
    if not print_lines:
        raise UserError("no text left after removing markers", raw.path)

    shapes = [shape_of(pl.text, pl.printed_text, pl.letter_spaced, pl.marker_at_start) for pl in print_lines]
    wide = statistics.quantiles([s.width for s in shapes], n=4)[2] if len(shapes) > 1 else shapes[0].width
    input_format = "paragraph-per-line" if wide > PARAGRAPH_PER_LINE_WIDTH_EM else "ocr-page"
    if input_format == "ocr-page":
        decisions = decide_boundaries(shapes)
    else:
        decisions = [Decision(True, "one paragraph per line", ends_heading=is_heading_text(pl.text))
                     for pl in print_lines]

    _force_decisions(decisions, print_lines, [c for c in applicable if c.kind != "reading"])

    pieces = _assemble(tape, lines, print_lines, decisions)
    return assemble_document(raw, doc_id, metadata, tape, pieces, input_format, markers, notes=stale)


def assemble_document(raw: RawPage, doc_id: str, metadata: dict, tape: Tape, pieces: list[Piece],
                      input_format: str, markers=(), heading_kinds=None, complete: bool = False,
                      notes=()) -> Document:
    """Paragraph pieces (from any reader) → the document: headings, anchors, and every Edit located.

    `heading_kinds` gives the (level, label, number) or None of each piece's text, in order (default: what a
    printed column shows, see `heading_kind`); `complete` says the text is a whole document, so it does not
    start inside a section printed elsewhere."""
    doc = Document(id=doc_id, source_path=raw.path, metadata=metadata, notes=list(raw.notes) + list(notes),
                   input_format=input_format, raw_lines=list(raw.lines))
    _set_continuation(doc, markers)
    _build_blocks(doc, tape, pieces, heading_kinds, complete)
    doc.edits = tape.edits
    _locate_edits(doc, pieces)
    doc.edits.sort(key=lambda e: (e.line, e.column))
    if not doc.paragraphs() and not doc.headings(printed_only=True):
        raise UserError("no recognisable structure: no paragraph or heading found", raw.path)
    return doc


def _sort_corrections(corrections: Corrections | None, lines: list[str]) -> tuple[list[Correction], list[str]]:
    """The corrections that still fit the page, and a note for each one that no longer does."""
    if corrections is None:
        return [], []
    text_lines = {n for n, text in enumerate(lines, start=1) if text.strip()}
    applicable, stale = [], []
    for c in corrections.items:
        problem = stale_problem(c, lines, text_lines)
        if problem:
            stale.append(f"correction not applied ({corrections.path}:{c.source_line}): {problem}")
        else:
            applicable.append(c)
    return applicable, stale


def _apply_readings(tape: Tape, line: PrintLine, readings: list[Correction]) -> None:
    """A reviewer's reading replaces the raw characters before any repair looks at the line."""
    for c in sorted(readings, key=lambda c: -c.column):
        start, end = c.column - 1, c.column - 1 + len(c.was)
        if any(t.edit is not None for t in line.tokens[start:end]):
            continue  # two readings of the same characters: the first one (rightmost) stands
        token = tape.replace(line.tokens, start, end, c.reads, "correction", None, c.note)
        token.edit.who, token.edit.why = c.who, c.why


def _force_decisions(decisions: list[Decision], print_lines: list[PrintLine], forced: list[Correction]) -> None:
    index = {pl.number: i for i, pl in enumerate(print_lines)}
    for c in forced:
        i = index.get(c.line)
        if i is None:
            continue  # the line held only a continuation marker
        if c.kind == "heading":
            if i > 0:
                decisions[i - 1] = Decision(True, "heading line (correction)", correction=c)
            if i < len(decisions):
                decisions[i] = Decision(True, "heading line (correction)", ends_heading=True, correction=c)
        elif i < len(decisions) - 1:  # the last decision stands for the end of the page
            decisions[i] = Decision(c.kind == "boundary_after", f"{c.kind} (correction)", correction=c)


def _drop_empty_lines(tape: Tape, lines: list[str], print_lines: list[PrintLine]) -> list[PrintLine]:
    """Lines left empty (they held only a continuation marker) join the next text line, or the last one;
    the line breaks between them become Edits, so the raw page is still accounted for character by
    character. `first`/`last` record the raw lines a print line now spans."""
    kept: list[PrintLine] = []
    carry: list[PrintLine] = []
    for line in print_lines:
        if not line.text.strip():
            carry.append(line)
            continue
        if carry:
            tokens: list[Token] = []
            for dropped, following in zip(carry, carry[1:] + [line]):
                tokens.extend(dropped.tokens)
                tokens.append(_join_lines(tape, lines, dropped.number, following.number))
            line.tokens[:0] = tokens
            line.first = carry[0].number
            carry = []
        kept.append(line)
    if carry and kept:
        last = kept[-1]
        for previous, dropped in zip([last] + carry, carry):
            last.tokens.append(_join_lines(tape, lines, previous.last, dropped.number))
            last.tokens.extend(dropped.tokens)
            last.last = dropped.number
    return kept


def _join_lines(tape: Tape, lines: list[str], after: int, before: int) -> Token:
    src, line_no, col = _separator(lines, after, before)
    return _removed(tape, src, line_no, col, "spacing", "line break after a line that held only a "
                                                        "continuation marker")


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
    lead, line_no, col = _separator(lines, None, print_lines[0].first)
    if lead:
        current.append(_removed(tape, lead, line_no, col, "spacing", "blank lines at the start of the file"))
    for i, line in enumerate(print_lines):
        current.extend(line.tokens)
        if i == len(print_lines) - 1:
            break
        decision = decisions[i]
        src, line_no, col = _separator(lines, line.last, print_lines[i + 1].first)
        sep = Token(src, src, line_no, col)
        if decision.correction is not None:
            c = decision.correction
            sep = _replaced(tape, sep, "\n" if decision.new_paragraph else "", "correction", None, c.note)
            sep.edit.who, sep.edit.why = c.who, c.why
            if decision.new_paragraph:
                pieces.append(Piece(current, sep, own_line_heading=decision.ends_heading))
                current = []
            else:
                current.append(sep)
        elif decision.new_paragraph:
            if decision.certainty is not None:  # a break on weak evidence is recorded, so it can be reviewed
                sep = _replaced(tape, sep, "\n", "break", decision.certainty, decision.reason)
            elif src != "\n":
                sep = _replaced(tape, sep, "\n", "unwrap", None, "paragraph break; blank lines removed")
            pieces.append(Piece(current, sep, own_line_heading=decision.ends_heading))
            current = []
        else:
            note = decision.reason if decision.certainty is not None else None
            current.append(_replaced(tape, sep, "", "unwrap", decision.certainty, note))
    tail, line_no, col = _separator(lines, print_lines[-1].last, None)
    if tail:
        current.append(_removed(tape, tail, line_no, col, "spacing", "whitespace at the end of the file"))
    pieces.append(Piece(current, None, own_line_heading=decisions[-1].ends_heading))
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

def _split_run_in(tape: Tape, tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """（一）Title。Body… → heading tokens, body tokens; the 。 that ends the title becomes an Edit."""
    text = text_of(tokens)
    m = re.search(f"[{SENTENCE_END}]", text)
    if not m:
        return tokens, []
    position = 0
    for i, t in enumerate(tokens):
        if position <= m.start() < position + len(t.text) and t.text != m.group(0):
            # the stop sits inside a repair's token (a letter-spaced run closed up): give it a token of its own
            if not tape.isolate(tokens, i, m.start() - position):
                return tokens, []
            return _split_run_in(tape, tokens)
        if position == m.start() and t.text == m.group(0):
            tape.replace(tokens, i, i + 1, "", "run-in-heading", None,
                         "the sentence-final mark after a run-in section heading separates heading and body")
            return tokens[:i + 1], tokens[i + 1:]
        position += len(t.text)
    return tokens, []


def _heading_kind(text: str, own_line: bool = False) -> tuple[int, str, int, int] | None:
    """(level, label, number, length of the printed label) of a heading, or None. A heading standing on
    its own line may use any scheme: 一、 (level 1), （一） (2), 1. / （1） / 第一， (3)."""
    if own_line:
        printed = heading_label(text)
        if printed is None:  # a reviewer marked an unnumbered line as a heading
            return 3, None, None, 0
        if PART_HEADING_RE.match(text):
            level, label, number = 1, printed[:-1], chinese_number(printed[:-1])
        elif SECTION_HEADING_RE.match(text):
            level, label, number = 2, "（" + printed[1:-1] + "）", chinese_number(printed[1:-1])
        else:
            digits = re.sub(r"[^0-9一二三四五六七八九十]", "", printed.replace("第", ""))
            level, label = 3, printed.rstrip("，,")
            number = int(digits) if digits.isdigit() else chinese_number(digits)
        return (level, label, number, len(printed)) if number else None
    if is_part_heading_line(text):
        label = PART_HEADING_RE.match(text).group(0)[:-1]
        number = chinese_number(label)
        return (1, label, number, len(label) + 1) if number else None
    m = SECTION_HEADING_RE.match(text)
    if m:
        label = "（" + m.group(0)[1:-1] + "）"
        number = chinese_number(m.group(0)[1:-1])
        return (2, label, number, len(m.group(0))) if number else None
    return None


def heading_kind(text: str) -> tuple[int, str, int] | None:
    """(level, label, number) of a heading at the start of a paragraph (一、 parts, （一） sections), or None:
    the default recogniser, for readers that extend it."""
    kind = _heading_kind(text)
    return kind[:3] if kind else None


def _infer_start(pieces_kinds: list[tuple[int, str, int] | None]) -> tuple[int | None, int | None]:
    """(part, section) the page starts in, from the first heading's number: （八） first means （七）."""
    headings = [k for k in pieces_kinds if k and k[0] < 3]
    if not headings or pieces_kinds[0]:
        return None, None
    first = headings[0]
    later_part = next((k for k in headings if k[0] == 1), None)
    if first[0] == 1:
        return (first[2] - 1 if first[2] > 1 else None), None
    part = later_part[2] - 1 if later_part and later_part[2] > 1 else None
    return part, (first[2] - 1 if first[2] > 1 else None)


def _build_blocks(doc: Document, tape: Tape, pieces: list[Piece], heading_kinds=None,
                  complete: bool = False) -> None:
    if heading_kinds is None:
        kinds = [_heading_kind(text_of(p.tokens), p.own_line_heading) for p in pieces]
    else:  # another reader's (level, label, number): the printed label is the label and a 、，, after it
        kinds = [(*k, None) if k else None for k in heading_kinds([text_of(p.tokens) for p in pieces])]
    numbering = Numbering()
    blocks: list[Block] = []
    for level, number in zip((1, 2), (None, None) if complete else _infer_start(kinds)):
        if number:
            blocks.append(_implied_heading(level, number, *numbering.heading(level, number, implied=True)))

    for index, (piece, kind) in enumerate(zip(pieces, kinds)):
        body = piece.tokens
        if kind:
            level, label, number, printed = kind
            run_in = level >= 2 or piece.own_line_heading
            heading_tokens, body = _split_run_in(tape, piece.tokens) if run_in else (piece.tokens, [])
            if body and not text_of(body).strip():
                # nothing but removed characters (the page's trailing whitespace) after the title's 。: no
                # paragraph follows it
                heading_tokens, body = heading_tokens + body, []
            heading = _heading(numbering, level, label, number, printed, heading_tokens)
            piece.blocks.append((heading, heading_tokens))
            blocks.append(heading)
            if not body:
                continue
        paragraph = _paragraph(numbering, body, own_topic=not kind)
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


def _heading(numbering: Numbering, level, label, number, printed, tokens) -> Block:
    text = text_of(tokens)
    title = (text[printed:] if printed is not None else text[len(label):].lstrip("、，,")).strip() or None
    anchor, parent = numbering.heading(level, number)
    return Block(kind="heading", anchor=anchor, text=text, source_lines=_lines_of(tokens), level=level,
                 label=label, number=number, title=title, parent=parent)


def _paragraph(numbering: Numbering, tokens: list[Token], own_topic: bool) -> Block:
    text = text_of(tokens)
    anchor, parent = numbering.paragraph()
    sentences = split_sentences(text)
    return Block(kind="paragraph", anchor=anchor, text=text, source_lines=_lines_of(tokens),
                 parent=parent, topic=_topic(sentences) if own_topic else None, sentences=sentences)


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
