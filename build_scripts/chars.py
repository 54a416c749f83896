"""Character classes and printed widths, in em, for CJK newspaper layout."""
from __future__ import annotations

import re

# CJK Unified Ideographs and their extensions, plus compatibility ideographs.
HAN_RANGES = (
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
    (0x20000, 0x2A6DF), (0x2A700, 0x2EBEF), (0x30000, 0x3134F),
)
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df\U0002a700-\U0002ebef\U00030000-\U0003134f"
HAN_RE = re.compile(f"[{HAN_CLASS}]")

# Sentence-final punctuation, optionally followed by closing quotes or brackets.
SENTENCE_END = "。！？"
CLOSERS = "”’」』）》"
TERMINAL_RE = re.compile(f"[{SENTENCE_END}：；!?:;…]+[{CLOSERS}]*$")
SENTENCE_RE = re.compile(f"[^{SENTENCE_END}]+(?:[{SENTENCE_END}]+[{CLOSERS}]*|$)")

# Curly quotes are proportional in many fonts: they never count as Chinese context for punctuation width.
HALF_WIDTH_CJK_PUNCT = "“”‘’"
CHINESE_NUMERALS = "〇零一二三四五六七八九十百"


def is_han(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in HAN_RANGES)


def is_ascii(ch: str) -> bool:
    return ord(ch) < 128


WIDE_ASCII = "%"  # CJK fonts set the percent sign about as wide as a Han character


def is_wide(ch: str) -> bool:
    """A CJK character (Han, full-width punctuation, ×…) rather than ASCII or a proportional quote."""
    return not is_ascii(ch) and ch not in HALF_WIDTH_CJK_PUNCT


def em_width(ch: str) -> float:
    return 0.5 if is_ascii(ch) and ch not in WIDE_ASCII else 1.0


SPACE_EM = 0.25  # the OCR writes the thin space set between numbers and Han characters as a space


LINE_END_PUNCT = "，。、；：！？"


def printed_width(text: str) -> float:
    """Approximate printed width in em of one print line of OCR text (letter-spaced lines excepted).
    Punctuation ending a line counts half: typesetters squeeze or hang it rather than break before it."""
    text = text.strip()
    width = sum(SPACE_EM if ch.isspace() else em_width(ch) for ch in text)
    return width - 0.5 if text and text[-1] in LINE_END_PUNCT else width


def ends_sentence(text: str) -> bool:
    return bool(TERMINAL_RE.search(text.rstrip()))


def split_sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_RE.findall(text) if s.strip()]


def chinese_number(numeral: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十一 → 21. None for anything else."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits["〇"] = 0
    if not numeral or any(c not in digits and c != "十" for c in numeral):
        return None
    if "十" not in numeral:
        return digits[numeral] if len(numeral) == 1 else None
    tens, _, ones = numeral.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
