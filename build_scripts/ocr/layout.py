"""Paragraph boundaries from layout evidence, for pages whose print indentation was lost in OCR.

The print column is justified, so every line inside a paragraph is full width. A paragraph's first line
is indented by two em (about two characters narrower) and its last line is usually short. A line ending
in 。 can still be mid-paragraph, so punctuation alone never decides. The evidence, in order:

1. the next line starts with a heading label (二、 / （三）) or the vocative 各位代表: a new paragraph;
2. the line does not end a sentence: same paragraph;
3. the next line is clearly full width: same paragraph, since a first line is always indented (this
   keeps a first line that ends a sentence just short of its indented measure in its paragraph);
4. the line is short (narrower than the column less the tolerance): it ended its paragraph;
5. the next line is indented: a new paragraph, except when that line ends a sentence and the line after
   it starts a paragraph too. Then it is either a one-line paragraph or a short last line, which look
   the same; it is joined as a last line and the join is flagged as uncertain.

Widths are in em (chars.printed_width), and the column width is the page's median line width, so the
rules hold for any column this layout is set in.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from build_scripts.chars import CLOSERS, ends_sentence, printed_width

SENTENCE_STOPS = "。！？!?；;"
CLAUSE_MARKS = "，、：,:"

INDENT_TOLERANCE_EM = 1.25  # full lines vary by about an em (narrow digits, squeezed punctuation)
VERY_SHORT_EM = 5  # shorter than an indented line by three em: no line inside a paragraph is this short
FIRST_LINE_BAND_EM = 1.0  # how close to the indented measure a line must be to look like a first line
INDENT_EM = 2  # a paragraph's first line is indented two em
FULL_TOLERANCE_EM = 0.5  # a line this close to the column width is full: no paragraph starts with it
PART_HEADING_RE = re.compile(r"^[一二三四五六七八九十]+、")
SECTION_HEADING_RE = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
VOCATIVE_RE = re.compile(r"^各位代表[！!，,：:]")
# the lower schemes: 1. / （1） / 第一，  (1.5万 is a number, not a label)
# A label glued to a year (4.2009年主要任务) is still a label: no decimal is followed by 年.
ITEM_HEADING_RE = re.compile(r"^(?:\d{1,2}[.．](?:(?![\d.])|(?=\d{4}年))|[（(]\d{1,2}[）)]|第[一二三四五六七八九十]+[，,])")
HEADING_MAX_CHARS = 40
# words that open a paragraph's lead sentence: evidence for a break where the layout alone is ambiguous
LEAD_RE = re.compile(r"^(?:[一二三四五六七八九十]是|——|第[一二三四五六七八九十]+[，,]|首先|其次|最后)")  # a printed heading is a phrase: longer is a paragraph that opens with a label


@dataclass
class Decision:
    new_paragraph: bool
    reason: str
    certainty: float | None = None
    ends_heading: bool = False  # the line before this break is the last line of a heading on its own line
    correction: object | None = None  # a reviewer's Correction that forced this decision


@dataclass
class LineShape:
    text: str
    width: float
    letter_spaced: bool  # justified by spacing: its width says nothing about indentation
    marker_at_start: bool  # a continuation marker took the line's start: its width says nothing either
    glyphs: float = 0.0  # width of the glyphs alone: on a letter-spaced line, the measure it was set to


def column_width(shapes: list[LineShape]) -> float:
    """The column's full width: the median width of lines that must be mid-paragraph, because neither they
    nor the line before them end a sentence or open with a heading label (so they are no first and no
    last line). Short pages have too
    few lines for a plain median over all lines."""
    inner = [s.width for prev, s, nxt in zip(shapes, shapes[1:], shapes[2:])
             if not ends_sentence(prev.text) and not ends_sentence(s.text) and not s.letter_spaced
             and not heading_label(s.text) and not heading_label(prev.text)]
    return statistics.median(inner or [s.width for s in shapes])


def starts_heading(text: str) -> bool:
    return bool(PART_HEADING_RE.match(text) or SECTION_HEADING_RE.match(text))


def heading_label(text: str) -> str | None:
    """The label a line opens with under any numbering scheme (一、 （一） 1. （1） 第一，), or None."""
    m = PART_HEADING_RE.match(text) or SECTION_HEADING_RE.match(text) or ITEM_HEADING_RE.match(text)
    return m.group(0) if m else None


def own_line_headings(shapes: list[LineShape], full: float) -> dict[int, tuple[int, float | None]]:
    """Headings printed on lines of their own: {first line index: (last line index, certainty)}. The
    evidence is the page's: a line (or up to three, when the title wraps) that opens with a label, holds
    no sentence end except a closing 。 at its very end, and stops short of the column edge, so no text
    runs on after it.

    One case the layout cannot settle: a line without a closing 。 exactly as wide as an indented first
    line may be a run-in heading whose title runs on into the next line. It stands alone where the next
    line is not full (the title did not run on into it), or, flagged, where the page's other section
    headings stand alone (a page sets its headings one way) and the next line opens with a short lead
    sentence. Otherwise the title runs on, as on the seed."""
    found: dict[int, tuple[int, float | None]] = {}
    undecided: list[tuple[int, int]] = []
    for i, s in enumerate(shapes):
        if not heading_label(s.text) or (i > 0 and _ordinal_split(shapes[i - 1])):
            continue
        maybe_alone = False
        for last in (i, i + 1, i + 2):
            if last >= len(shapes):
                break
            end = shapes[last]
            if not is_heading_text("".join(x.text for x in shapes[i:last + 1])):
                break
            if last > i and not shapes[last - 1].letter_spaced and \
                    shapes[last - 1].width < (full if last - 1 > i else full - INDENT_EM) - INDENT_TOLERANCE_EM:
                break  # a short line cannot wrap onto the next (a letter-spaced one was justified: it is full)
            if end.marker_at_start or end.letter_spaced:
                # its width says nothing; whether the next line is a first line still does (decided below)
                maybe_alone = maybe_alone or (last == i and not end.letter_spaced)
                continue
            if re.search(f"[{CLAUSE_MARKS}]$", end.text):
                continue  # a title never stops at a comma: the text runs on past this line
            if end.width > full - INDENT_TOLERANCE_EM:
                # nearly full: it stands alone only if the next line is a first line (decided below)
                if last + 1 == len(shapes) and (ends_sentence(end.text) or last == i):
                    # the page's last line, flush to the edge (with or without the title's closing 。): a
                    # paragraph's first line would be indented, but nothing after it confirms the title ends here
                    found[i] = (last, 0.7)
                    break
                # a closing 。 at the edge: a paragraph (a list item, or a run-in heading's body) would run on
                # in a full next line, a heading is followed by an indented one
                maybe_alone = maybe_alone or (last == i and (end.width < full - FULL_TOLERANCE_EM
                                                             or ends_sentence(end.text)))
                continue
            if last + 1 < len(shapes) and not _starts_new_text(shapes[last + 1]):
                break
            if last > i and abs(end.width - (full - INDENT_EM)) <= FIRST_LINE_BAND_EM and last + 1 < len(shapes) \
                    and _clearly_full(shapes[last + 1], full) and not re.search(f"[{CLAUSE_MARKS}]$", s.text):
                # the "title's second line" is as wide as an indented first line and the line after it is
                # full: it opens a paragraph that runs on (a heading's last line is followed by a first line,
                # which is indented), so the title stood on its own line
                found[i] = (i, 0.8)
                break
            if last == i and not ends_sentence(end.text) and abs(end.width - (full - INDENT_EM)) <= FIRST_LINE_BAND_EM:
                maybe_alone = True
                continue  # or the first line of a title that wraps
            found[i] = (last, None)
            break
        if maybe_alone and i not in found:
            undecided.append((i, i))
    if undecided:
        run_in = sum(1 for s in shapes if RUN_IN_SECTION_RE.match(s.text))
        alone = sum(1 for i in found if not PART_HEADING_RE.match(shapes[i].text))
        for i, last in undecided:
            nxt = shapes[last + 1] if last + 1 < len(shapes) else None
            if nxt is None:
                continue
            if not nxt.letter_spaced and not nxt.marker_at_start and nxt.width <= full - INDENT_TOLERANCE_EM:
                # the next line is no full line, so the title did not run on into it: a new paragraph's
                # indented first line (or a one-line paragraph)
                found[i] = (last, None)
            elif alone > run_in and LEAD_SENTENCE_RE.match(nxt.text):
                # a short lead sentence (突出重点事项攻坚。制定…) on a page whose headings stand alone
                found[i] = (last, 0.8)
    return found


# Six characters at least: of the 884 short lead sentences opening a paragraph in the national reports only 11
# are shorter, while the tail of a run-in title that wrapped (…机构|改革。) is often 2–5 characters long
LEAD_SENTENCE_RE = re.compile(r"^[^。！？，、；：]{6,14}。[^”’）]")
# a section heading set run-in: its title's 。 with text running on in the same print line
RUN_IN_SECTION_RE = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．]|[（(]\d{1,2}[）)])[^。！？]{2,38}。.")


def is_heading_text(text: str) -> bool:
    """Label, then a phrase: short, and no sentence end inside it (a closing 。 is allowed)."""
    inner = re.sub(f"[{SENTENCE_STOPS}][{CLOSERS}]*$", "", text)
    return bool(heading_label(text)) and len(text) <= HEADING_MAX_CHARS and \
        not re.search(f"[{SENTENCE_STOPS}]", inner)


# what a typesetter never breaks: a half-width number or Latin word (a full-width digit is a glyph like any
# other), and an opening mark (it never ends a line)
UNBREAKABLE_RE = re.compile(r"^(?:[0-9A-Za-z][0-9A-Za-z.%]*|[“‘（《(])")


def _held_back(s: LineShape, nxt: LineShape, full: float) -> bool:
    """A line left short because the unit that opens the next line did not fit in the room left: its
    shortness says nothing about a paragraph's end or an indent."""
    m = UNBREAKABLE_RE.match(nxt.text)
    return bool(m) and not s.letter_spaced and not s.marker_at_start and \
        full - s.width <= printed_width(m.group(0)) + FULL_TOLERANCE_EM


def _ordinal_split(s: LineShape) -> bool:
    """A line ending in 第: the next line's 二、 is the rest of an ordinal (第二、…), not a label."""
    return s.text.endswith("第")


def _clearly_full(s: LineShape, full: float) -> bool:
    """A line this wide is inside a paragraph, never its indented first line."""
    return s.width >= full - FULL_TOLERANCE_EM and not s.letter_spaced and not s.marker_at_start


def _starts_new_text(s: LineShape) -> bool:
    """A line that can follow a heading: not one that continues a clause (，、 hang, never start lines)."""
    return not re.match(f"^[{SENTENCE_STOPS}，、；：,;:{CLOSERS}]", s.text)


def is_part_heading_line(text: str) -> bool:
    return bool(PART_HEADING_RE.match(text)) and not ends_sentence(text) and len(text) <= 30


def decide_boundaries(shapes: list[LineShape]) -> list[Decision]:
    """One decision for each pair of consecutive print lines: does the second start a paragraph? A last
    decision stands for the end of the page."""
    full = column_width(shapes)

    def short(s: LineShape) -> bool:
        return s.width <= full - INDENT_TOLERANCE_EM and not s.letter_spaced and not s.marker_at_start

    def very_short(s: LineShape) -> bool:
        return s.width <= full - VERY_SHORT_EM and not s.letter_spaced and not s.marker_at_start

    def clearly_full(s: LineShape) -> bool:
        return _clearly_full(s, full)

    def opens_paragraph(s: LineShape) -> bool:
        return starts_heading(s.text) or bool(VOCATIVE_RE.match(s.text))

    headings = own_line_headings(shapes, full)
    heading_last = {last: certainty for last, certainty in headings.values()}
    decisions = []
    for i in range(len(shapes) - 1):
        line, nxt = shapes[i], shapes[i + 1]
        after = shapes[i + 2] if i + 2 < len(shapes) else None
        if i in heading_last:
            note = "a heading on its own line ends at the line's end"
            if heading_last[i] is not None:
                note += ("; ambiguous: as wide as an indented first line, so it could be a run-in heading whose "
                         "title runs on")
            decisions.append(Decision(True, note, heading_last[i], ends_heading=True))
        elif i in headings:
            decisions.append(Decision(False, "the heading's title wraps onto the next line"))
        elif i + 1 in headings:
            end, certainty = headings[i + 1]
            if end == len(shapes) - 1 and certainty is not None:
                # no break follows a heading that ends the page, so the doubt rides on the break before it
                decisions.append(Decision(True, "next line is a heading on its own line; ambiguous: it ends the "
                                                "page, so nothing after it confirms the title ends there", certainty))
            else:
                decisions.append(Decision(True, "next line is a heading on its own line"))
        elif opens_paragraph(nxt) and not _ordinal_split(line):
            decisions.append(Decision(True, "next line opens with a heading label or 各位代表"))
        elif not ends_sentence(line.text) and very_short(line) and not clearly_full(nxt) and i + 2 < len(shapes):
            # titles and list items end without punctuation; a line this short leaves the column
            decisions.append(Decision(True, f"very short line ({line.width:g} of {full:g} em) without a "
                                            "sentence end: taken as the end of a title or list item", 0.7))
        elif not ends_sentence(line.text):
            decisions.append(Decision(False, "line does not end a sentence"))
        elif clearly_full(nxt):
            decisions.append(Decision(False, f"next line is full width ({nxt.width:g} of {full:g} em): no first line"))
        elif short(line) and not _held_back(line, nxt, full):
            decisions.append(Decision(True, f"short line ({line.width:g} of {full:g} em) ends a sentence"))
        elif short(nxt):
            next_also_breaks = after is None or short(after) or opens_paragraph(after)
            if LEAD_RE.match(nxt.text):
                decisions.append(Decision(True, "next line is indented and opens with a lead (一是, ——, 第一，)", 0.8))
            elif ends_sentence(nxt.text) and next_also_breaks:
                decisions.append(Decision(False, "ambiguous: the next line is a one-line paragraph or this "
                                                 "paragraph's short last line; taken as the last line", 0.5))
            else:
                decisions.append(Decision(True, f"next line is indented ({nxt.width:g} of {full:g} em)"))
        elif nxt.letter_spaced and not nxt.marker_at_start and nxt.glyphs <= full - INDENT_EM + FULL_TOLERANCE_EM:
            # spacing hides the indent, but the glyphs fill no more than an indented measure
            decisions.append(Decision(True, f"next line is letter-spaced with glyphs for an indented measure "
                                            f"({nxt.glyphs:g} of {full:g} em)", 0.7))
        else:
            decisions.append(Decision(False, "full line ends a sentence, next line is full: mid-paragraph"))
    # the page's last line: no break to decide, but it may be a heading standing alone
    decisions.append(Decision(True, "end of the page", ends_heading=len(shapes) - 1 in heading_last))
    return decisions


def shape_of(text: str, printed: str, letter_spaced: bool, marker_at_start: bool) -> LineShape:
    """`text` is the cleaned line (for punctuation and labels); `printed` is the line as the OCR saw it,
    spaces included, since the thin spaces around numbers take room on the printed line."""
    return LineShape(text, printed_width(printed), letter_spaced, marker_at_start, printed_width(text))
