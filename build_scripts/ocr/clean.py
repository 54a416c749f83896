"""OCR repair of one print line at a time. Every change goes through the Tape, so it is an Edit.

The repairs, in order (each touches characters no earlier one touched):
  marker       page-continuation markers such as (上接1版) / （下转3版) leave the text, kept as metadata
  despace      letter-spaced justified lines lose their spacing
  gap          a space between two CJK glyphs on an ordinary line is a dropped glyph: restored from the
               dictionary as a flagged `conjecture` where exactly one word fits, else marked □ as a `gap`
  spacing      the spacing policy: no space between Chinese and half-width numbers or Latin
               (600 元 → 600元, APP 上线 → APP上线); one space kept between two Latin/number runs
  punct-width  ASCII , ! ? ; : ( ) . in Chinese context become full-width; ASCII inside number and Latin
               runs stays (2×35, 7.65, 1+N, 10:30)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from build_scripts.chars import HAN_CLASS, chinese_number, is_ascii, is_han, is_wide
from build_scripts.ocr.lexicon import GAP_MARK, fill_gap
from build_scripts.ocr.tape import Tape, Token, char_owners, text_of, token_span

MARKER_RE = re.compile(r"\s*[（(]\s*(上接|紧接|下转|接|转)\s*第?\s*(\d{1,3}|[一二三四五六七八九十]{1,3})\s*版\s*[）)]\s*")
WIDE_CLASS = r"[^\x00-\x7f“”‘’\s]"
WIDE_RE = re.compile(WIDE_CLASS)
FULL_WIDTH = {",": "，", "!": "！", "?": "？", ";": "；", ":": "：", "(": "（", ")": "）", ".": "。"}


@dataclass
class PrintLine:
    number: int
    tokens: list[Token]
    letter_spaced: bool = False
    marker_at_start: bool = False
    markers: list[tuple[str, int]] = field(default_factory=list)  # (上接|下转|接|转, page)
    first: int = 0  # raw lines this print line spans, once lines that held only a marker have joined it
    last: int = 0

    def __post_init__(self) -> None:
        self.first = self.first or self.number
        self.last = self.last or self.number

    @property
    def text(self) -> str:
        return text_of(self.tokens)

    @property
    def printed_text(self) -> str:
        """What took room on the printed line: the cleaned glyphs (a misread ASCII comma was a full-width
        one in print) with the raw spaces (the thin spaces around numbers), and no continuation marker."""
        return "".join(t.src if t.edit and t.edit.kind == "spacing" else t.text for t in self.tokens)


def clean_line(tape: Tape, line: PrintLine) -> None:
    remove_markers(tape, line)
    line.letter_spaced = remove_letter_spacing(tape, line)
    mark_gaps(tape, line)
    apply_spacing_policy(tape, line)
    widen_punctuation(tape, line)


def _replace_matches(tape: Tape, tokens: list[Token], matches, make) -> None:
    """Apply replacements right to left so earlier character offsets stay valid. A match that reaches into
    characters an earlier rule already changed cannot be applied: its untouched characters stay as they were,
    marked by an `unparsed` Edit, and the line goes on being read."""
    for m in reversed(list(matches)):
        new = make(m)
        if new is None:
            continue
        text, kind, certainty, note = new
        try:
            start, end = token_span(tokens, m.start(), m.end())
        except ValueError:
            start, end = None, None
        if start is None or any(t.edit is not None for t in tokens[start:end]):
            _mark_unparsed(tape, tokens, m.start(), m.end(), f"{kind} rule could not apply to {m.group(0)!r}: "
                           "it overlaps an earlier repair; the raw characters are kept")
            continue
        tape.replace(tokens, start, end, text, kind, certainty, note)


def _mark_unparsed(tape: Tape, tokens: list[Token], start: int, end: int, note: str) -> None:
    """Wrap each run of untouched tokens showing text characters [start, end) in an identity Edit."""
    owners = sorted(set(char_owners(tokens)[start:end]))
    runs: list[list[int]] = []
    for i in owners:
        if tokens[i].edit is not None:
            continue
        if runs and runs[-1][1] == i:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    for a, b in reversed(runs):
        raw = "".join(t.src for t in tokens[a:b])
        tape.replace(tokens, a, b, raw, "unparsed", None, note)


def remove_markers(tape: Tape, line: PrintLine) -> None:
    text = line.text
    found = list(MARKER_RE.finditer(text))
    for m in found:
        page = int(m.group(2)) if m.group(2).isdigit() else chinese_number(m.group(2))
        line.markers.append((m.group(1), page))
        if not text[:m.start()].strip():
            line.marker_at_start = True
    _replace_matches(tape, line.tokens, found,
                     lambda m: ("", "marker", None, f"continuation marker: {m.group(0).strip()}"))


def is_letter_spaced(text: str) -> bool:
    """Justified lines set with a space between (nearly) every pair of wide glyphs."""
    core = text.strip()
    spaced = len(re.findall(f"{WIDE_CLASS} +(?={WIDE_CLASS})", core))
    adjacent = len(re.findall(f"{WIDE_CLASS}(?={WIDE_CLASS})", core))
    return spaced >= 3 and spaced >= 0.4 * (spaced + adjacent)


def remove_letter_spacing(tape: Tape, line: PrintLine) -> bool:
    text = line.text
    if not is_letter_spaced(text):
        return False
    # One Edit for each run of wide glyphs joined by justification spaces (督 办 制 度 → 督办制度): a scholar
    # reads a run as one justification, not as n separate spaces. A run stops at anything that is not a wide
    # glyph (digits, Latin, ASCII punctuation, an earlier edit): the spacing and punctuation rules own those
    # characters, so no two rules ever claim the same character.
    owners = char_owners(line.tokens)
    runs: list[list[int]] = []  # token indices [first glyph, last glyph] of each run
    for m in re.finditer(f"(?<={WIDE_CLASS}) +(?={WIDE_CLASS})", text):
        left, right = owners[m.start() - 1], owners[m.end()]
        if not _plain(line.tokens, left, right + 1) or right - left != m.end() - m.start() + 1:
            continue  # an earlier edit sits inside or beside these spaces: leave them to the spacing rule
        if runs and _plain(line.tokens, runs[-1][1], left + 1) and \
                all(WIDE_RE.fullmatch(t.text) for t in line.tokens[runs[-1][1]:left + 1]):
            runs[-1][1] = right  # only wide glyphs since the last space (拓 展 ，政 府): the same run
        else:
            runs.append([left, right])
    for left, right in reversed(runs):
        span = line.tokens[left:right + 1]
        after = "".join(t.text for t in span if t.text != " ")
        tape.replace(line.tokens, left, right + 1, after, "despace", None, "letter-spaced justified line")
    return True


def _plain(tokens: list[Token], start: int, end: int) -> bool:
    """Tokens [start, end) are raw single characters that no rule has touched yet."""
    return all(t.edit is None and len(t.text) == 1 for t in tokens[start:end])


GAP_RE = re.compile(f"(?<=[{HAN_CLASS}]) +(?=[{HAN_CLASS}])")


def mark_gaps(tape: Tape, line: PrintLine) -> None:
    text = line.text

    def restore(m):
        left = re.search(f"[{HAN_CLASS}]{{1,4}}$", text[:m.start()]).group(0)
        right = re.match(f"[{HAN_CLASS}]{{1,4}}", text[m.end():]).group(0)
        fill, certainty, note = fill_gap(left, right)
        if fill is None:
            return GAP_MARK, "gap", None, note
        return fill, "conjecture", certainty, note

    _replace_matches(tape, line.tokens, GAP_RE.finditer(text), restore)


def apply_spacing_policy(tape: Tape, line: PrintLine) -> None:
    text = line.text

    def policy(m):
        left = text[m.start() - 1] if m.start() > 0 else ""
        right = text[m.end()] if m.end() < len(text) else ""
        if not left or not right:
            return "", "spacing", None, "whitespace at the edge of a print line"
        if is_ascii(left) and is_ascii(right) and not left.isspace() and not right.isspace():
            return (None if m.group(0) == " " else (" ", "spacing", None, "run of spaces between Latin or numbers"))
        return "", "spacing", None, "no space between Chinese and numbers or Latin"

    _replace_matches(tape, line.tokens, re.finditer(r"\s+", text), policy)


def widen_punctuation(tape: Tape, line: PrintLine) -> None:
    text = line.text

    def chinese_context(m) -> bool:
        ch = m.group(0)
        left = text[m.start() - 1] if m.start() > 0 else ""
        right = text[m.end()] if m.end() < len(text) else ""
        if ch == ".":  # a full stop misread as '.': only after Han and before Chinese or the line end
            return left != "" and is_han(left) and (not right or is_wide(right))
        if left.isdigit() and right.isdigit():  # 1,000 / 10:30 stay as they are
            return False
        if ch in "()":  # a lone bracket at a line edge has no context on that side
            return (right != "" and is_wide(right)) or (left != "" and is_wide(left))
        return (left != "" and is_wide(left)) or (right != "" and is_wide(right)) or (not right and left != "")

    _replace_matches(
        tape, line.tokens, re.finditer(r"[,!?;:().]", text),
        lambda m: (FULL_WIDTH[m.group(0)], "punct-width", None, None) if chinese_context(m) else None,
    )
