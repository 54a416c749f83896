"""Reading web text (a page scraped from a website such as Wikisource): its own artifacts, cleaned as Edits.

Web text is not OCR: its characters are as published, so none of the OCR repairs apply. Its artifacts:
  - paragraphs are separated by blank lines (extra blank lines, indentation and trailing spaces around
    a break are `spacing` edits);
  - a link or formatting fragment breaks a paragraph with single newlines, "细颗粒物（PM\\n2.5\\n）浓度", and a
    bold lead sentence is cut from its paragraph the same way: each such break is joined (`web-join`);
  - zero-width characters (U+200B…U+200D, U+FEFF) left by the page's markup are removed (`spacing`);
  - the website's licence notice at the end of the record is removed (`boilerplate`), recognised by its
    shape: after a run of blank lines, only blocks that speak of the work's licence or are short template
    values ("Public domain", "false"). The licence itself belongs in the sidecar.
Headings: 一、 parts, （一） sections, a bare numeral alone on its line (一) as a part, and numbered
sub-headings alone on their line (第一，全国动员，大办农业) as level 3. The text is a whole document, so
nothing is implied from a heading printed elsewhere.
"""
from __future__ import annotations

import re

from build_scripts.chars import chinese_number, ends_sentence
from build_scripts.errors import UserError
from build_scripts.model import Document
from build_scripts.ocr.reader import RawPage
from build_scripts.ocr.split import Piece, assemble_document, heading_kind as print_heading_kind
from build_scripts.ocr.tape import Tape, Token

FORMAT = "web-text"
SPACE = " \t\u3000\u00a0"
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"
# a paragraph break: at least one blank line, with the spaces and zero-width-only lines around it
_S, _SZ = f"[{SPACE}]*", f"[{SPACE}{ZERO_WIDTH}]*"
BREAK_RE = re.compile(f"{_SZ}\n(?:{_SZ}\n)*{_S}\n(?:{_SZ}\n)*{_SZ}")
# a break inside a paragraph: one newline (a line of zero-width characters between two counts as one)
JOIN_RE = re.compile(f"[{SPACE}]*\n(?:[{ZERO_WIDTH}]+\n)?[{SPACE}]*")
ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]+")
EDGE_RE = re.compile(f"^[{SPACE}{ZERO_WIDTH}\n]+|[{SPACE}{ZERO_WIDTH}\n]+$")
BOILERPLATE_GAP_RE = re.compile(r"\n(?:[ \t\u3000]*\n){3,}")  # three blank lines or more
# words that speak of the work's own licence or copyright status (not a sentence about copyright law)
LICENCE_WORDS_RE = re.compile(r"本作品|本模板|本文版权|本文版權|版权所有|版權所有|公有领域|公有領域|维基文库|維基文庫|"
                              r"public domain|creative commons|\bcc[- ]by|gfdl|wikisource|all rights reserved|"
                              r"licensed under", re.IGNORECASE)
TEMPLATE_VALUE_RE = re.compile(r"^[\x20-\x7e]{1,40}$")  # "Public domain", "false": a template's values
NUMERAL = "一二三四五六七八九十"
BARE_NUMERAL_RE = re.compile(f"^([{NUMERAL}]+)$")
PART_LABEL_RE = re.compile(f"^([{NUMERAL}]+)、")
SUBHEADING_RE = re.compile(f"^第([{NUMERAL}]+)[，、,]")
HEADING_MAX_CHARS = 60  # a heading alone on its line; print columns allow 30 (layout.py)


def looks_like_web_text(text: str) -> bool:
    """Recognised without a sidecar by the website's licence notice at its end."""
    return boilerplate_start(text) is not None


def boilerplate_start(text: str) -> int | None:
    """Where the trailing licence notice starts (at the end of the last line of the text), or None.

    The notice is the tail after a run of blank lines in which every block either speaks of the work's
    licence or is a short template value, and at least one block speaks of the licence."""
    content_end = len(text.rstrip())
    start = None
    for gap in reversed(list(BOILERPLATE_GAP_RE.finditer(text, 0, content_end))):
        tail = text[gap.end():content_end]
        blocks = [b.strip() for b in re.split(r"\n[ \t\u3000]*\n", tail) if b.strip()]
        if not blocks or not all(_licence_block(b) for b in blocks):
            break
        if any(LICENCE_WORDS_RE.search(b) for b in blocks):
            start = gap.start()
    if start is None:
        return None
    if not text[:start].strip():
        return None  # nothing but a notice: not a document with boilerplate
    return start


def _licence_block(block: str) -> bool:
    if LICENCE_WORDS_RE.search(block):
        return True
    return all(TEMPLATE_VALUE_RE.match(line.strip()) for line in block.split("\n") if line.strip())


def web_heading_kinds(texts: list[str]) -> list[tuple[int, str, int] | None]:
    """Headings of a whole document. Within a part, （一） sections and 第一， sub-headings nest in the order
    the document uses them: the style met first is level 2, the other level 3 (1978: 第一， > （一）;
    1983: （一） > 第一、). Part numbers only go up: a 一、 line after part 三 starts a numbered list inside
    the part, and the list's next item (四、 after 三、, even where part 四 would come next) is no part either."""
    kinds, first_style, part, list_next = [], None, 0, None
    for text in texts:
        kind, style = _web_heading_kind(text)
        label = PART_LABEL_RE.match(text)
        number = chinese_number(label.group(1)) if label else None
        if number is not None and (number <= part or number == list_next):
            list_next = number + 1  # an item of a list inside the part
            kind = None if kind and kind[0] == 1 else kind
        elif kind and kind[0] == 1:
            first_style, part, list_next = None, kind[2], None
        elif kind:
            first_style = first_style or style
            kind = (2 if style == first_style else 3, kind[1], kind[2])
        kinds.append(kind)
    return kinds


def _web_heading_kind(text: str) -> tuple[tuple[int, str, int] | None, str | None]:
    kind = print_heading_kind(text)
    if kind:
        return kind, "bracketed" if kind[0] == 2 else None
    m = PART_LABEL_RE.match(text)
    if m and _title_like(text) and chinese_number(m.group(1)):
        # on its own line, a part heading may be longer than a print column's (一、第一个五年计划时期内…)
        return (1, m.group(1), chinese_number(m.group(1))), None
    m = BARE_NUMERAL_RE.match(text)
    if m and chinese_number(m.group(1)):
        return (1, m.group(1), chinese_number(m.group(1))), None
    m = SUBHEADING_RE.match(text)
    if m and _title_like(text) and chinese_number(m.group(1)):
        return (3, m.group(0)[:-1], chinese_number(m.group(1))), "ordinal"
    return None, None


def _title_like(text: str) -> bool:
    """A heading's text: short, and not ending a sentence or a clause."""
    return len(text) <= HEADING_MAX_CHARS and not ends_sentence(text) and not text.endswith(("，", ",", "、"))


def parse_web_text(raw: RawPage, doc_id: str, metadata: dict) -> Document:
    text = raw.text
    tape = Tape()
    positions = _positions(raw.lines)
    changes: list[tuple[int, int, str, str, str]] = []  # start, end, after, kind, note

    end = boilerplate_start(text)
    if end is not None:
        changes.append((end, len(text), "", "boilerplate",
                        "the website's licence notice at the end of the record, not part of the document "
                        "(the licence is recorded in the sidecar)"))
    else:
        end = len(text)
    body = text[:end]
    if not body.strip(SPACE + ZERO_WIDTH + "\n"):
        raise UserError("no text before the licence notice", raw.path)

    lead = EDGE_RE.match(body)
    start = lead.end() if lead else 0
    if start:
        changes.append((0, start, "", "spacing", "whitespace at the start of the text"))
    trail = re.search(f"[{SPACE}{ZERO_WIDTH}\n]+$", body)
    stop = trail.start() if trail else len(body)
    if stop < len(body):
        changes.append((stop, len(body), "", "spacing", "whitespace at the end of the text"))

    breaks: list[tuple[int, int]] = []
    for m in BREAK_RE.finditer(body, start, stop):
        breaks.append((m.start(), m.end()))
        if m.group(0) == "\n\n":
            continue  # the format's own paragraph break
        if not m.group(0).strip("\n"):
            changes.append((m.start(), m.end(), "\n", "unwrap", "paragraph break: extra blank lines removed"))
        else:
            changes.append((m.start(), m.end(), "\n", "spacing",
                            "paragraph break: indentation, trailing spaces or zero-width characters removed"))
    spans = _paragraph_spans(start, stop, breaks)
    for a, b in spans:
        for m in JOIN_RE.finditer(body, a, b):
            changes.append((m.start(), m.end(), "", "web-join", _join_note(body, m)))
        for m in ZERO_WIDTH_RE.finditer(body, a, b):
            if not any(s <= m.start() < e for s, e, *_ in changes):
                changes.append((m.start(), m.end(), "", "spacing", "zero-width character left by the web page"))

    pieces = _pieces(tape, text, positions, spans, breaks, sorted(changes))
    if not pieces:
        raise UserError("no text lines", raw.path)
    return assemble_document(raw, doc_id, metadata, tape, pieces, FORMAT, heading_kinds=web_heading_kinds,
                             complete=True)


def _join_note(body: str, m: re.Match) -> str:
    before = body[:m.start()].rstrip(SPACE)
    if before and ends_sentence(before[-1]):
        return "line break after a bold lead sentence or heading in the web page: joined to its paragraph"
    return "line break around a link or formatting fragment in the web page: joined"


def _paragraph_spans(start: int, stop: int, breaks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans, position = [], start
    for a, b in breaks:
        spans.append((position, a))
        position = b
    spans.append((position, stop))
    return spans


def _positions(lines: list[str]) -> list[tuple[int, int]]:
    """(line, column), 1-based, of every character of the text, newlines included."""
    out = []
    for n, line in enumerate(lines, start=1):
        out.extend((n, col) for col in range(1, len(line) + 2))
    return out[:-1]  # the last line has no newline after it


def _pieces(tape: Tape, text: str, positions, spans, breaks, changes) -> list[Piece]:
    """The text as tokens, every change an Edit; cut into paragraph pieces at the breaks."""
    tokens = [Token(ch, ch, *positions[i]) for i, ch in enumerate(text)]
    # replace right to left, so earlier character offsets still index `tokens`
    for a, b, after, kind, note in sorted(changes, reverse=True):
        tape.replace(tokens, a, b, after, kind, None, note)
    # each paragraph break becomes one separator token (a plain "\n\n" stays as it is, without an Edit)
    index = _token_starts(tokens)
    for a, b in reversed(breaks):  # right to left: the indices to the left stay valid
        first, last = index[a], index[b]
        if last - first > 1:
            src = "".join(t.src for t in tokens[first:last])
            tokens[first:last] = [Token(src, src, tokens[first].line, tokens[first].col)]
    index = _token_starts(tokens)
    pieces: list[Piece] = []
    ends = [index[a] for a, _ in breaks]
    cut = 0
    for (a, b), sep in zip(spans, ends + [None]):
        if sep is None:
            body = tokens[cut:]
            separator = None
        else:
            body = tokens[cut:sep]
            separator = tokens[sep]
            cut = sep + 1
        if "".join(t.text for t in body).strip():
            pieces.append(Piece(body, separator))
        elif pieces and separator is not None:
            # an empty paragraph (only zero-width characters): fold it into the break before it
            pieces[-1].tokens.extend(body)
    return pieces



def _token_starts(tokens: list[Token]) -> dict[int, int]:
    """Raw character offset → index of the token that starts there."""
    starts, position = {}, 0
    for k, t in enumerate(tokens):
        starts[position] = k
        position += len(t.src)
    starts[position] = len(tokens)
    return starts
