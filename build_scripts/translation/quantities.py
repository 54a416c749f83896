"""Quantities in a Chinese text and in its English translation, compared as values, not as strings.

Chinese side (`chinese_quantities`): numbers written in digits, with thousand separators and decimals
(1,800, 7.65), with 万/亿 attached (650亿 = 65,000,000,000; 1.2万 = 12,000), percentages (6.1%, 百分之五十),
and each factor of a product (2×35万千瓦 is 2 and 350,000 kW). Digits that are part of a Latin identifier
(5G, 5A, PM2.5) are not quantities. Numbers written in characters (三大, 两不愁, 一是, 百强) are mostly names and
ordinals: they are never required in the English (百分之… is the one exception: it is always a quantity), but
`chinese_numerals` gives them as *soft* values, so that an English number may have one as its source (两条 →
"2 roads", 吕梁一中 → "No. 1 Middle School", 百亿级 → "10 billion").

English side (`english_quantities`): digits with commas and decimals, "N thousand/million/billion/trillion",
percentages ("7%", "7 percent"), and power and energy units. Besides these *hard* values, the English has
*soft* ones: numbers spelled out (two, twenty-eight), ordinals (20th) and month names (June = 6, for 6月底).
A soft value may account for a Chinese quantity but is never reported as a number without a source, since
translators spell out small numbers and write 6月底 as "the end of June".

Units: power and energy are compared in watts and watt-hours, so 35万千瓦 = 350,000 kW = 350 MW = 0.35 GW, and
60亿千瓦时 = 6 billion kWh = 6 TWh. Every other unit (元, 吨, 亩, 公里, %, 个百分点) leaves the value as it is.

`compare` matches the two multisets: each Chinese quantity takes one equal English value (a hard one first),
each English number left over takes one equal soft Chinese value, and what is left over is reported. English
years (1900–2100) and list numbers such as "(1)" are excused when they have no source.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

MULTIPLIERS_ZH = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12}
MULTIPLIERS_EN = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "mn": Decimal(10) ** 6,
                  "billion": Decimal(10) ** 9, "bn": Decimal(10) ** 9, "trillion": Decimal(10) ** 12}
# unit → (dimension, factor to the base unit W or Wh)
UNITS_ZH = {"千瓦时": ("Wh", Decimal(10) ** 3), "千瓦": ("W", Decimal(10) ** 3)}
UNITS_EN = {"kwh": ("Wh", Decimal(10) ** 3), "mwh": ("Wh", Decimal(10) ** 6), "gwh": ("Wh", Decimal(10) ** 9),
            "twh": ("Wh", Decimal(10) ** 12), "kw": ("W", Decimal(10) ** 3), "mw": ("W", Decimal(10) ** 6),
            "gw": ("W", Decimal(10) ** 9), "kilowatt": ("W", Decimal(10) ** 3), "megawatt": ("W", Decimal(10) ** 6),
            "gigawatt": ("W", Decimal(10) ** 9), "kilowatt-hour": ("Wh", Decimal(10) ** 3),
            "megawatt-hour": ("Wh", Decimal(10) ** 6), "gigawatt-hour": ("Wh", Decimal(10) ** 9),
            "terawatt-hour": ("Wh", Decimal(10) ** 12)}
# Unit abbreviations that may stick to an English number without making it an identifier: 7.65m, 201km.
STUCK_UNITS_EN = ("km", "m", "cm", "mm", "kg", "t", "ha", "mu", "sq", "kwh", "mwh", "gwh", "twh", "kw", "mw", "gw",
                  "bn", "mn", "st", "nd", "rd", "th")
WORDS_EN = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                       "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
WORDS_EN.update({w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)})
WORDS_EN["hundred"] = 100
MONTHS_EN = {m: i for i, m in enumerate("January February March April May June July August September October "
                                        "November December".split(), 1)}
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
FULL_WIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
ZH_RE = re.compile(rf"(?<![A-Za-z0-9.,])(?P<num>{NUMBER})\s*(?P<mult>万亿|万|亿)?(?P<unit>千瓦时|千瓦)?")
ZH_NUMERAL_RE = re.compile(r"(?<![\d.万亿])[零〇一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千万亿]*")
ZH_PERCENT_WORDS_RE = re.compile(r"百分之(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百点]+)")
PRODUCT_SIGN_RE = re.compile(r"^\s*[×xX*]\s*$")
EN_UNIT = (r"(?:kilo|mega|giga|tera)watt(?:[\s-]hour)?s?|[kKmMgGtT][wW][hH]|[kKmMgG][wW]")
EN_TAIL = (rf"(?:[\s-]*(?P<mult>thousand|million|billion|trillion|bn|mn)\b)?"
           rf"(?:[\s-]*(?P<unit>{EN_UNIT})(?![A-Za-z]))?"
           r"(?:\s*(?P<pct>%|percent\b|per\s+cent\b|percentage\s+points?\b))?")
EN_RE = re.compile(rf"(?<![\d.,_])(?P<num>{NUMBER})(?P<ord>st|nd|rd|th)?{EN_TAIL}")
EN_WORD_RE = re.compile(rf"(?i)\b(?P<word>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|"
                        rf"three|four|five|six|seven|eight|nine))?|{'|'.join(WORDS_EN)})\b{EN_TAIL}")
EN_MONTH_RE = re.compile(rf"\b(?P<month>{'|'.join(MONTHS_EN)})\b")
MAY_CONTEXT_RE = re.compile(r"(?:\b(?:in|of|by|before|until|since|from|early|late|mid)[\s-]+$)")
LIST_NUMBER_RE = re.compile(r"(?:^|(?<=\())\d{1,2}(?=\))|^\s*\d{1,2}(?=[.)]\s)")


@dataclass(frozen=True)
class Quantity:
    """One number: its value in a base unit, where it is printed, and how it may be matched."""

    value: Decimal
    dimension: str | None  # None (a plain number, % included), "W" (power) or "Wh" (energy)
    text: str  # as printed, e.g. 35万千瓦
    start: int
    end: int
    printed_as: str = ""  # the whole printed expression, e.g. 2×35万千瓦 for each of its two factors
    soft: bool = False  # English only: spelled out, an ordinal or a month; may match, never reported
    excused: str | None = None  # English only: why it needs no source ("year", "list number")

    @property
    def key(self) -> tuple[Decimal, str | None]:
        return self.value.normalize(), self.dimension

    def describe(self) -> str:
        """'35万千瓦 (350,000 kW = 350 MW)': the printed text, and its value where that says more."""
        value = describe_value(self.value, self.dimension)
        if value.replace(",", "") == self.text.replace(",", "").rstrip("%").strip():
            return self.text
        return f"{self.text} ({value})"


def describe_value(value: Decimal, dimension: str | None = None) -> str:
    if dimension is None:
        plain = _plain(value)
        for word, factor in (("trillion", 12), ("billion", 9), ("million", 6)):
            if abs(value) >= Decimal(10) ** factor:
                return f"{plain} = {_plain(value / Decimal(10) ** factor, commas=False)} {word}"
        return plain
    shown = [f"{_plain(value / 1000)} k{dimension}"]
    larger = [(prefix, exp) for prefix, exp in (("M", 6), ("G", 9), ("T", 12)) if abs(value) >= Decimal(10) ** exp]
    if larger:
        prefix, exp = larger[-1]
        shown.append(f"{_plain(value / Decimal(10) ** exp)} {prefix}{dimension}")
    return " = ".join(shown)


def _plain(value: Decimal, commas: bool = True) -> str:
    text = format(value.normalize(), ",f" if commas and abs(value) >= 10000 else "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def zh_numeral(text: str) -> Decimal | None:
    """A number written in Chinese characters: 五十 → 50, 十二 → 12, 百亿 → 10,000,000,000, 三万五千 → 35,000,
    三点五 → 3.5. None if the characters do not form one number (十三五 is 十三 and 五)."""
    whole, _, fraction = text.partition("点")
    total, section, current, digit_last = Decimal(0), Decimal(0), Decimal(0), False
    for ch in whole:
        if ch in ("零", "〇"):
            digit_last, current = False, Decimal(0)
        elif ch in ZH_DIGITS:
            if digit_last:
                return None
            current, digit_last = Decimal(ZH_DIGITS[ch]), True
        elif ch in ZH_UNITS:
            section += (current or 1) * ZH_UNITS[ch]
            current, digit_last = Decimal(0), False
        elif ch in ("万", "亿"):
            amount = (section + current) or 1
            total = (total + amount) * MULTIPLIERS_ZH[ch] if ch == "亿" else total + amount * MULTIPLIERS_ZH[ch]
            section, current, digit_last = Decimal(0), Decimal(0), False
        else:
            return None
    value = total + section + current
    if fraction:
        if any(ch not in ZH_DIGITS for ch in fraction):
            return None
        value += Decimal("0." + "".join(str(ZH_DIGITS[ch]) for ch in fraction))
    return value


# ---- Chinese ---------------------------------------------------------------------------------------

def chinese_quantities(text: str) -> list[Quantity]:
    """Every quantity of a Chinese text, in order; each factor of a product is one quantity."""
    text = text.translate(FULL_WIDTH)
    found = [q for m in ZH_RE.finditer(text) if (q := _zh_quantity(text, m))]
    for m in ZH_PERCENT_WORDS_RE.finditer(text):
        num = m.group("num")
        value = parse_number(num) if num[0].isdigit() else zh_numeral(num)
        if value is not None and not any(q.start >= m.start() and q.end <= m.end() for q in found):
            found.append(Quantity(value, None, m.group(), m.start(), m.end(), m.group()))
    return _group_products(text, sorted(found, key=lambda q: q.start))


def chinese_numerals(text: str) -> list[Quantity]:
    """Numbers written in characters (两条, 百强, 一中, 十九), as soft values: never required in the English,
    but the source of an English number of the same value (two roads, top 100, No. 1 Middle School). A run that
    is not one number (十三五) gives the value of each of its characters."""
    found = []
    for m in ZH_NUMERAL_RE.finditer(text):
        run = m.group()
        value = zh_numeral(run)
        if value is not None:
            found.append(Quantity(value, None, run, m.start(), m.end(), run, soft=True))
            continue
        for i, ch in enumerate(run):
            single = zh_numeral(ch)
            if single is not None and ch not in ("零", "〇"):
                found.append(Quantity(single, None, ch, m.start() + i, m.start() + i + 1, run, soft=True))
    return found


def _zh_quantity(text: str, m: re.Match) -> Quantity | None:
    if m.end() < len(text) and text[m.end()].isascii() and text[m.end()].isalpha() and not m.group("unit"):
        return None  # 5G, 5A级: an identifier, not a quantity
    value = parse_number(m.group("num")) * MULTIPLIERS_ZH.get(m.group("mult") or "", 1)
    dimension, factor = UNITS_ZH.get(m.group("unit") or "", (None, 1))
    end = m.end()
    if end < len(text) and text[end] == "%":
        end += 1
    printed = text[m.start():end]
    return Quantity(value * factor, dimension, printed, m.start(), end, printed)


def _group_products(text: str, found: list[Quantity]) -> list[Quantity]:
    """2×35万千瓦: both factors get the whole product as `printed_as`."""
    groups: list[list[Quantity]] = []
    for q in found:
        if groups and PRODUCT_SIGN_RE.match(text[groups[-1][-1].end:q.start]):
            groups[-1].append(q)
        else:
            groups.append([q])
    out = []
    for group in groups:
        printed = text[group[0].start:group[-1].end]
        out.extend(Quantity(q.value, q.dimension, q.text, q.start, q.end, printed) for q in group)
    return out


# ---- English ---------------------------------------------------------------------------------------

def english_quantities(text: str) -> list[Quantity]:
    """Every number of an English text, hard and soft, in order."""
    found = [q for m in EN_RE.finditer(text) if (q := _en_quantity(text, m))]
    taken = [(q.start, q.end) for q in found]
    for m in EN_WORD_RE.finditer(text):
        if not _inside(m.start(), taken):
            found.append(_en_word_quantity(m))
    for m in EN_MONTH_RE.finditer(text):
        if m.group() == "May" and not (MAY_CONTEXT_RE.search(text[:m.start()]) or
                                       re.match(r"\s+\d", text[m.end():])):
            continue  # "May" the verb
        found.append(Quantity(Decimal(MONTHS_EN[m.group()]), None, m.group(), m.start(), m.end(), m.group(),
                              soft=True))
    return sorted(found, key=lambda q: q.start)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _en_quantity(text: str, m: re.Match) -> Quantity | None:
    start, end = m.start(), m.end()
    if start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha():
        return None  # COVID-19
    if _stuck_to_letters(text, m):
        return None  # 5G, 5A-level, G20
    value = parse_number(m.group("num")) * MULTIPLIERS_EN.get((m.group("mult") or "").lower(), 1)
    dimension, factor = _en_unit(m.group("unit"))
    printed = text[start:end].rstrip()
    plain = not (m.group("mult") or m.group("unit") or m.group("pct") or m.group("ord"))
    excused = None
    if plain and re.fullmatch(r"\d{4}", m.group("num")) and 1900 <= int(m.group("num")) <= 2100:
        excused = "year"
    elif plain and any(lm.start() <= start < lm.end() for lm in LIST_NUMBER_RE.finditer(text)):
        excused = "list number"
    return Quantity(value * factor, dimension, printed, start, start + len(printed), printed,
                    soft=bool(m.group("ord")), excused=excused)


def _stuck_to_letters(text: str, m: re.Match) -> bool:
    """A number glued to Latin letters is part of a name (5G, G20), unless the letters are a unit (7.65m) or
    the product sign (2x350)."""
    start, num_end = m.start(), m.end("num")
    if start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
        return not re.search(r"\d\s*[xX]$", text[:start])
    if m.group("ord") or m.end() > num_end and not text[num_end].isalpha():
        return False
    letters = re.match(r"[A-Za-z]+", text[num_end:])
    if not letters:
        return False
    word = letters.group().lower()
    if word == "x" and re.match(r"x\s*\d", text[num_end:], re.I):
        return False
    return word not in STUCK_UNITS_EN


def _en_unit(unit: str | None) -> tuple[str | None, Decimal]:
    if not unit:
        return None, Decimal(1)
    key = unit.lower().replace(" ", "-")
    key = key[:-1] if key.endswith("s") else key
    return UNITS_EN.get(key, (None, Decimal(1)))


def _en_word_quantity(m: re.Match) -> Quantity:
    word = m.group("word").lower()
    tens, _, ones = word.partition("-")
    value = Decimal(WORDS_EN[tens] + (WORDS_EN[ones] if ones else 0))
    value *= MULTIPLIERS_EN.get((m.group("mult") or "").lower(), 1)
    dimension, factor = _en_unit(m.group("unit"))
    printed = m.group().rstrip()
    return Quantity(value * factor, dimension, printed, m.start(), m.start() + len(printed), printed, soft=True)


# ---- comparing -------------------------------------------------------------------------------------

@dataclass
class Comparison:
    missing: list[Quantity]  # Chinese quantities with no equal value in the English
    unsourced: list[Quantity]  # hard English numbers with no equal Chinese value (excused ones left out)


def compare(chinese: list[Quantity], english: list[Quantity]) -> Comparison:
    """Match the two multisets of values. Each (hard) Chinese quantity takes one equal English value, a hard
    one first; each hard English number left over takes one equal soft Chinese value (a number in characters)."""
    pools: dict[tuple, list[list[Quantity]]] = defaultdict(lambda: [[], []])
    for q in english:
        pools[q.key][1 if q.soft else 0].append(q)
    missing = []
    for q in (q for q in chinese if not q.soft):
        hard, soft = pools[q.key]
        if hard:
            hard.pop(0)
        elif soft:
            soft.pop(0)
        else:
            missing.append(q)
    sources = Counter(q.key for q in chinese if q.soft)
    unsourced = []
    for q in sorted((q for hard, _ in pools.values() for q in hard if not q.excused), key=lambda q: q.start):
        if sources[q.key]:
            sources[q.key] -= 1
        else:
            unsourced.append(q)
    return Comparison(missing, unsourced)
