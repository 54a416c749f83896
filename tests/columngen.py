"""An independent newspaper-column generator: real report text, set the way newspapers set it, read the way
OCR reads it — with ground truth for every block.

It shares no code and no constants with the parser (tests/pagemaker.py typesets text the way the parser
expects; this does not). Text comes from the national government work reports
(/work/shared/corpora/national-gwr/, 52 reports 1954–2025), never from the seed page. Every page draws a
random mix of the layout features real columns have, and records which ones it used, so that a benchmark
can score paragraph boundaries and headings per feature.

Ground-truth conventions follow the document model: a heading's text has no closing 。 (run-in or not);
body text has no spaces; continuation markers are not text.
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path("/work/shared/corpora/national-gwr/government_work_reports.jsonl")

FEATURES = (
    "letter-spaced", "heading-own-line", "heading-no-stop", "heading-with-stop", "scheme-一、", "scheme-（一）",
    "scheme-1.", "scheme-（1）", "scheme-第一，", "run-in-heading", "lead-phrase", "edge-end", "one-line-paragraph",
    "quote-across-lines", "narrow-column", "wide-column", "blank-lines", "no-blank-lines", "dropped-glyph",
    "marker",
)
NUMERALS = "一二三四五六七八九十"
SCHEMES = {
    "一、": lambda n: f"{_cn(n)}、",
    "（一）": lambda n: f"（{_cn(n)}）",
    "1.": lambda n: f"{n}.",
    "（1）": lambda n: f"（{n}）",
    "第一，": lambda n: f"第{_cn(n)}，",
}
LABEL_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）|第[一二三四五六七八九十]+，)")
# forms newspapers print continuation markers in
FROM_MARKERS = ["（上接第{n}版）", "(上接{n}版)", "（上接{c}版）", "（上接第{c}版）", "(接第{n}版)", "（紧接第{n}版）"]
TO_MARKERS = ["（下转第{n}版）", "（下转{n}版）", "(转第{c}版)", "（转{n}版）", "（下转第{c}版）"]
NO_START = "，。、；：！？”’）》%"  # never begins a print line: hangs in the margin of the line before
NO_END = "“‘（《"  # never ends a print line
MIN_REPORT_CHARS = 3000
BOILERPLATE = ("本作品", "依据", "Public domain", "维基")


def _cn(n: int) -> str:
    return NUMERALS[n - 1] if n <= 10 else "十" + NUMERALS[n - 11]


def glyph_width(ch: str) -> float:
    """Widths as a newspaper's fonts set them: proportional Latin, half-width digits."""
    if ch.isdigit() and ch.isascii():  # full-width digits (１９８５, in the older reports) take a full em
        return 0.55
    if ch.isascii():
        return 0.6 if ch.isupper() else 0.45
    return 1.0


def _width(text: str) -> float:
    return sum(glyph_width(c) for c in text)


def _joined(a: str, b: str) -> bool:
    return a.isascii() and b.isascii() and (a.isalnum() or a in ".%") and (b.isalnum() or b in ".%")


@dataclass
class TruthBlock:
    kind: str  # heading | paragraph
    text: str


@dataclass
class Page:
    text: str
    blocks: list[TruthBlock]
    features: set[str] = field(default_factory=set)
    column: int = 21


@dataclass
class Unit:
    """What is set as one printed paragraph: a heading alone, a run-in heading with its body, or a paragraph."""
    heading: str | None  # heading text as printed (label + title [+ 。])
    body: str | None


def load_reports(path: Path = CORPUS) -> list[list[str]]:
    reports = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            content = json.loads(line)["content"]
            if len(content) < MIN_REPORT_CHARS:
                continue  # the NPC's short resolutions on a report, not a report
            paragraphs = [re.sub(r"\s+", "", p) for p in content.split("\n")]
            # the Wikisource copies end with a licence note and split a few lines mid-sentence: real report
            # paragraphs only
            kept = [p for p in paragraphs if len(p) >= 6 and not p.startswith(BOILERPLATE)
                    and p[0] not in NO_START and "作品" not in p]
            reports.append(_rejoin(kept))
    return reports


def _rejoin(paragraphs: list[str]) -> list[str]:
    """The Wikisource copies break a few sentences across source lines: a line that is neither a heading
    nor the end of a sentence runs on into the next."""
    out: list[str] = []
    carry = ""
    for p in paragraphs:
        p = carry + p
        if is_corpus_heading(p) or not (p[-1].isalnum() or p[-1] in "、，《“（") or p is paragraphs[-1]:
            out.append(p)
            carry = ""
        else:
            carry = p
    return out


def is_corpus_heading(p: str) -> bool:
    # the 2019–2023 reports print their section titles alone, closed by 。 and up to 33 characters long
    # (（一）着力稳定宏观经济大盘，保持经济运行在合理区间。); a longer （一）…。 is an older report's list item
    section_title = bool(re.match(r"^（[一二三四五六七八九十]+）", p)) and len(p) <= 33
    return bool(LABEL_RE.match(p)) and len(p) <= 36 and (not p.endswith("。") or len(p) <= 24 or section_title) \
        and "。" not in p[:-1] and p[-1] not in "；，、：;,:"


# the 2018 report's run-in section titles run to 42 characters (（一）坚持稳中求进工作总基调，…实现稳中向好。)
RUN_IN_RE = re.compile(r"^（[一二三四五六七八九十]+）[^。！？]{2,44}。")


def corpus_run_in(p: str) -> tuple[str, str] | None:
    """A report paragraph that opens with a run-in section heading, （三）标题。正文: (heading, body)."""
    m = RUN_IN_RE.match(p)
    return (m.group(0), p[m.end():]) if m and len(p) > m.end() else None


def strip_label(p: str) -> str:
    return LABEL_RE.sub("", p, count=1)


class Typesetter:
    def __init__(self, column: int, rng: random.Random, letter_spacing: float):
        self.column, self.rng, self.letter_spacing = column, rng, letter_spacing

    def set(self, text: str, indent: float) -> list[tuple[str, bool]]:
        """Greedy breaking with hanging punctuation; returns (line, justified) pairs."""
        lines: list[tuple[str, bool]] = []
        current, room = "", self.column - indent
        for ch in text:
            if current and _width(current + ch) > room + 1e-9 and ch not in NO_START:
                cut = len(current)  # never end on an opening mark, never split a number or a Latin word
                while cut > 1 and (current[cut - 1] in NO_END or _joined(current[cut - 1], (current + ch)[cut])):
                    cut -= 1
                lines.append((current[:cut], True))
                current, room = current[cut:], self.column
            current += ch
        lines.append((current, False))
        return lines

    def ocr(self, line: str, justified: bool, measure: float) -> str:
        """What the OCR makes of a print line: thin spaces around numbers read as spaces, visible
        justification (glyphs well short of the line's measure) read as a space between every glyph, a few
        ASCII look-alikes."""
        short = measure - sum(glyph_width(c) for c in line)
        if justified and short >= 0.4 and self.rng.random() < self.letter_spacing:
            units = re.findall(r"[0-9A-Za-z.%]+|.", line)
            return " ".join(units)
        out = []
        for i, ch in enumerate(line):
            prev = line[i - 1] if i else ""
            if prev and prev.isascii() != ch.isascii() and (prev.isdigit() or ch.isdigit()) and self.rng.random() < 0.5:
                out.append(" ")
            if ch == "，" and self.rng.random() < 0.03:
                ch = ","
            out.append(ch)
        return "".join(out)


def make_page(reports: list[list[str]], seed: int) -> Page:
    rng = random.Random(seed)
    report = rng.choice(reports)
    features: set[str] = set()
    column = rng.randint(16, 28)
    if column <= 19:
        features.add("narrow-column")
    if column >= 25:
        features.add("wide-column")
    setter = Typesetter(column, rng, letter_spacing=rng.choice([0.0, 0.15, 0.4]))

    start = rng.randrange(max(1, len(report) - 12))
    units = _units(report[start:start + rng.randint(4, 12)], rng, features, column)
    _add_edge_end(units, rng, features, setter)

    truth: list[TruthBlock] = []
    printed: list[str] = []  # print lines as OCR read them
    for unit in units:
        if unit.heading and unit.body:  # run-in: one printed paragraph
            truth += [TruthBlock("heading", unit.heading.rstrip("。")), TruthBlock("paragraph", unit.body)]
            indent = 2
            lines = setter.set(unit.heading + unit.body, indent)
        elif unit.heading:
            truth.append(TruthBlock("heading", unit.heading.rstrip("。")))
            indent = rng.choice([0, 2])
            lines = setter.set(unit.heading, indent)
        else:
            truth.append(TruthBlock("paragraph", unit.body))
            indent = 2
            lines = setter.set(unit.body, indent)
            if len(lines) == 1:
                features.add("one-line-paragraph")
            if _quote_crosses(lines):
                features.add("quote-across-lines")
        for k, (text, justified) in enumerate(lines):
            ocr = setter.ocr(text, justified, column - (indent if k == 0 else 0))
            if " " in ocr.strip() and len(re.findall(r"\S \S", ocr)) > 3:
                features.add("letter-spaced")
            printed.append(ocr)

    printed = _drop_glyphs(printed, rng, features)
    printed = _add_markers(printed, rng, features)
    blank = rng.random() < 0.5
    features.add("blank-lines" if blank else "no-blank-lines")
    text = ("\n\n" if blank else "\n").join(printed) + "\n"
    return Page(text, truth, features, column)


def _units(paragraphs: list[str], rng: random.Random, features: set[str], column: int) -> list[Unit]:
    units: list[Unit] = []
    counters: dict[str, int] = {}
    i = 0
    while i < len(paragraphs):
        p = paragraphs[i]
        if is_corpus_heading(p):
            scheme = rng.choice(list(SCHEMES))
            counters[scheme] = counters.get(scheme, rng.randint(0, 4)) + 1
            title = strip_label(p).rstrip("。")
            if not title:
                i += 1
                continue
            stop = rng.random() < 0.5
            heading = SCHEMES[scheme](counters[scheme]) + title + ("。" if stop else "")
            features.add(f"scheme-{scheme}")
            nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
            if scheme == "（一）" and nxt and not is_corpus_heading(nxt) and rng.random() < 0.5:
                units.append(Unit(SCHEMES[scheme](counters[scheme]) + title + "。", nxt))
                features.add("run-in-heading")
                i += 2
                continue
            units.append(Unit(heading, None))
            features.add("heading-own-line")
            features.add("heading-with-stop" if stop else "heading-no-stop")
        elif corpus_run_in(p):  # printed run-in in the report itself
            units.append(Unit(*corpus_run_in(p)))
            features.add("run-in-heading")
        else:
            if rng.random() < 0.2 and not re.match("^(——|[一二三四五六七八九十]是)", p):  # a lead phrase: a topic sentence, not a heading
                lead = rng.choice(["一是", "二是", "三是", "——"])
                p = lead + p
                features.add("lead-phrase")
            if rng.random() < 0.15:  # a one-line paragraph: the report's own first sentence alone
                first = re.match(r"[^。！？]+[。！？]", p)
                if first and len(first.group(0)) <= column - 2:
                    p = first.group(0)
            units.append(Unit(None, p))
        i += 1
    return units


def _add_edge_end(units: list[Unit], rng: random.Random, features: set[str], setter: Typesetter) -> None:
    """Make one paragraph end exactly at the column edge, as paragraphs now and then do in print: end a report
    paragraph after the sentence of its own whose last glyph (or hanging stop) falls at the edge. Text stays
    the report's: padding the paragraph with its own characters, as this once did, printed strings no report
    contains (作用国有企。), and those fake words sat exactly at the boundaries being scored."""
    if rng.random() < 0.5:
        return
    bodies = [u for u in units if u.heading is None and u.body and len(u.body) > setter.column]
    rng.shuffle(bodies)
    for unit in bodies:
        for end in reversed([m.end() for m in re.finditer(r"[。！？][”’]?", unit.body)]):
            last, _j = setter.set(unit.body[:end], indent=2)[-1]
            if len(setter.set(unit.body[:end], indent=2)) < 2:
                break  # a one-line paragraph is a feature of its own
            if abs(_width(last) - setter.column) < 1e-9 or \
                    (last[-1] in NO_START and abs(_width(last.rstrip(NO_START)) - setter.column) < 1e-9):
                unit.body = unit.body[:end]
                features.add("edge-end")
                return


def _quote_crosses(lines: list[tuple[str, bool]]) -> bool:
    depth = 0
    for text, _ in lines[:-1]:
        depth += text.count("“") - text.count("”")
        if depth > 0:
            return True
    return False


def _drop_glyphs(printed: list[str], rng: random.Random, features: set[str]) -> list[str]:
    if rng.random() < 0.6:
        return printed
    out = []
    for line in printed:
        spots = [i for i in range(1, len(line) - 1) if "\u4e00" <= line[i] <= "\u9fff"
                 and "\u4e00" <= line[i - 1] <= "\u9fff" and "\u4e00" <= line[i + 1] <= "\u9fff"]
        if spots and " " not in line.strip() and rng.random() < 0.08:
            i = rng.choice(spots)
            line = line[:i] + rng.choice(["□", " "]) + line[i + 1:]
            features.add("dropped-glyph")
        out.append(line)
    return out


def _add_markers(printed: list[str], rng: random.Random, features: set[str]) -> list[str]:
    if rng.random() < 0.5:
        return printed
    features.add("marker")
    n, c = rng.randint(1, 12), None
    n2 = rng.randint(1, 12)
    fmt = lambda form, k: form.format(n=k, c=_cn(min(k, 10)))  # noqa: E731
    first, last = fmt(rng.choice(FROM_MARKERS), n), fmt(rng.choice(TO_MARKERS), n2)
    printed = list(printed)
    placement = rng.choice(["own-line", "inline"])
    if placement == "own-line":
        printed = [first] + printed + [last]
    else:
        printed[0] = first + printed[0]
        printed[-1] = printed[-1] + last
    return printed


# ---- scoring ----------------------------------------------------------------------------------------

def content_key(text: str) -> int:
    """Letters, digits and □ only: offsets that survive the parser's punctuation and spacing repairs."""
    return sum(1 for ch in text if ch.isalnum() or ch == "□")


def boundaries(blocks: list[tuple[str, str]]) -> set[int]:
    """Content offsets at which a block starts (the page's first block excluded)."""
    out, position = set(), 0
    for _, text in blocks[:-1]:
        position += content_key(text)
        out.add(position)
    return out


def headings(blocks: list[tuple[str, str]]) -> set[tuple[int, int]]:
    """(start, length) in content offsets of every heading."""
    out, position = set(), 0
    for kind, text in blocks:
        if kind == "heading":
            out.add((position, content_key(text)))
        position += content_key(text)
    return out
