"""Typesets clean paragraphs the way the newspaper pages in this archive were printed, then damages the
result the way their OCR did: a ~21 em justified column, two-em paragraph indent lost, blank lines between
print lines, letter-spaced justified lines, half-width numbers spaced off the Chinese, stray ASCII
punctuation, and continuation markers. Tests use it to check that the parser is not tuned to one page.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

COLUMN_EM = 21
INDENT_EM = 2
NO_LINE_START = "，。、；：！？”）》"  # kinsoku: these never start a print line


SPACE_EM = 0.25


def width(ch: str) -> float:
    if ch == " ":
        return SPACE_EM
    return 0.5 if ord(ch) < 128 and ch != "%" else 1.0


def space_numbers(paragraph: str, rng: random.Random) -> str:
    """Printers set a thin space between numbers and Han characters, and the OCR reads it as a space."""
    out = []
    for i, ch in enumerate(paragraph):
        prev = paragraph[i - 1] if i else ""
        if prev and ch.isascii() != prev.isascii() and (ch.isdigit() or prev.isdigit()) \
                and ch not in NO_LINE_START and rng.random() < 0.7:
            out.append(" ")
        out.append(ch)
    return "".join(out)


@dataclass
class Damage:
    letter_spacing: float = 0.08  # share of full lines set letter-spaced
    ascii_punct: float = 0.15  # share of ，/！ printed as ASCII
    blank_lines: bool = True


JUSTIFY_SPREAD_EM = 1.0  # a line this much short of its measure is justified by visible letter-spacing


def typeset(paragraph: str, column: float = COLUMN_EM) -> list[str]:
    """Greedy line breaking with a lost two-em indent on the first line. Lines other than the last are
    justified: where the glyphs fall well short of the measure, the spacing shows up in OCR as spaces."""
    lines: list[str] = []
    current, used, room = "", 0.0, column - INDENT_EM
    for ch in paragraph:
        if used + width(ch) > room and current and ch not in NO_LINE_START:
            lines.append(" ".join(current.replace(" ", "")) if room - used >= JUSTIFY_SPREAD_EM else current)
            current, used, room = "", 0.0, column
        current += ch
        used += width(ch)
    lines.append(current)
    return lines


def ocr_line(line: str, rng: random.Random, damage: Damage, full: bool) -> str:
    line = line.strip()
    if full and rng.random() < damage.letter_spacing and all(ord(c) >= 128 for c in line):
        return " ".join(line)
    out = []
    for ch in line:
        if ch in "，！" and rng.random() < damage.ascii_punct:
            ch = {"，": ",", "！": "!"}[ch]
        out.append(ch)
    return "".join(out)


def make_page(paragraphs: list[str], seed: int = 0, damage: Damage | None = None,
              from_page: int | None = None, to_page: int | None = None) -> str:
    rng = random.Random(seed)
    damage = damage or Damage()
    out: list[str] = []
    for p, paragraph in enumerate(paragraphs):
        lines = typeset(space_numbers(paragraph, rng))
        for i, line in enumerate(lines):
            full = 0 < i < len(lines) - 1
            out.append(ocr_line(line, rng, damage, full))
    if from_page is not None:
        out[0] = f" (上接{from_page}版) " + out[0]
    if to_page is not None:
        out[-1] = out[-1] + f" （下转{to_page}版）"
    separator = "\n\n" if damage.blank_lines else "\n"
    return separator.join(out) + "\n"


# Sentences of other reports in the same register (not from the seed page), for building test pages.
SENTENCES = [
    "坚持以人民为中心的发展思想，扎实推进共同富裕。",
    "全年新增城镇就业12000人，完成年度目标的108%。",
    "深入实施乡村振兴战略，巩固拓展脱贫攻坚成果。",
    "加快建设现代化产业体系，推动制造业高端化智能化绿色化发展！",
    "全市空气质量优良天数达到286天，比上年增加15天。",
    "持续优化营商环境，新登记市场主体3.5万户。",
    "扎实推进城市更新，改造老旧小区120个、惠及居民2.1万户。",
    "强化科技创新引领作用，研发经费投入强度达到1.8%。",
    "统筹发展和安全，守牢不发生系统性风险的底线。",
    "建成高标准农田15万亩，粮食总产量稳定在90万吨以上。",
    "全面落实河湖长制，重点河流水质稳定达到国家考核要求。",
    "加强基层医疗卫生服务能力建设，县域就诊率达到90%。",
    "大力发展数字经济，新建5G基站800个。",
    "推动文化和旅游深度融合，接待游客人次增长20%。",
    "持续深化放管服改革，政务服务事项网上可办率达到95%。",
]
LEADS = ["着力扩大有效需求。", "全面推进乡村振兴。", "持续改善生态环境。", "切实保障和改善民生。"]
