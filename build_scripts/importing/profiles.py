"""Corpus profiles: what one corpus needs beyond the field mapping (`duizhao import --profile NAME`).

A profile derives per-record metadata from the record itself (its title, the dates its text states). It never
guesses: what the record does not say stays null, and where a value comes from the text, the sidecar's
`document.context_sources` says which line.
"""
from __future__ import annotations

import datetime as dt
import re

from build_scripts.chars import chinese_number
from build_scripts.importing.importer import SkipRecord
from build_scripts.importing.records import Record

FRONT_MATTER_LINES = 12  # a stated date stands in the first lines of the text, before the address
DELIVERED_RE = re.compile(r"^[—－-]*\s*(\d{4})年(\d{1,2})月(\d{1,2})日在(.+?会[议議])上$")
ADOPTED_RE = re.compile(r"^[（(](\d{4})年(\d{1,2})月(\d{1,2})日(.+?会[议議])通过[）)]$")
RESOLUTION_TITLE_RE = re.compile(r"^第([一二三四五六七八九十]+)届全国人民代表大会第([一二三四五六七八九十]+)次会议"
                                 r"关于政府工作报告的决议$")
REPORT_TITLE_RE = re.compile(r"^(\d{4})年中华人民共和国国务院政府工作报告")


def stated_date(text: str, pattern: re.Pattern) -> tuple[dt.date, str, int, str] | None:
    """(date, occasion, line, the line as printed) where the text's front matter states a date."""
    seen = 0
    for n, line in enumerate(text.split("\n"), start=1):
        line = line.strip().strip("\u200b")
        if not line:
            continue
        seen += 1
        if seen > FRONT_MATTER_LINES:
            return None
        m = pattern.match(line)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.group(4), n, line
            except ValueError:
                return None
    return None


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _occasion_en(occasion: str) -> str | None:
    m = re.fullmatch(r"第([一二三四五六七八九十]+)届全国人民代表大会第([一二三四五六七八九十]+)次会[议議]", occasion)
    if not m:
        return None
    term, session = chinese_number(m.group(1)), chinese_number(m.group(2))
    return f"{_ordinal(session)} Session of the {_ordinal(term)} National People's Congress"


def national_gwr(record: Record, sidecar: dict, text: str) -> dict:
    """The national government work reports (Wikisource via aldohemsn/chinese-political-corpora): 52 reports
    with a year, and the NPC resolutions on them (year null in the corpus)."""
    title = sidecar["title"]["zh"] or ""
    document = sidecar["document"]
    report = REPORT_TITLE_RE.match(title)
    resolution = RESOLUTION_TITLE_RE.match(title)
    if report:
        year = int(report.group(1))
        if document["year"] not in (None, year):
            raise SkipRecord(f"the title says {year} but the record's year is {document['year']}")
        sidecar["id"] = f"gwr-{year}"
        document["year"] = year
        document["genre"] = "government work report"
        document["issuer"] = {"zh": "国务院", "en": "State Council"}
        abridged = " (abridged)" if "摘要" in title else ""
        sidecar["title"]["en"] = f"Report on the Work of the Government, {year}{abridged}"
        stated = stated_date(text, DELIVERED_RE)
        said = "delivery date and occasion"
    elif resolution:
        term, session = chinese_number(resolution.group(1)), chinese_number(resolution.group(2))
        document["genre"] = "resolution"
        document["issuer"] = {"zh": "全国人民代表大会", "en": "National People's Congress"}
        occasion_zh = f"第{resolution.group(1)}届全国人民代表大会第{resolution.group(2)}次会议"
        document["occasion"] = {"zh": occasion_zh, "en": _occasion_en(occasion_zh)}
        sidecar["title"]["en"] = (f"Resolution of the {_occasion_en(occasion_zh)} on the Report on the Work of "
                                  "the Government")
        stated = stated_date(text, ADOPTED_RE)
        said = "adoption date"
        if stated is None:
            sidecar["id"] = f"npc-{term}-{session}-resolution"
            sidecar["notes"] = ("The text does not state its adoption date, so its year is left unknown; the id "
                                "names the session instead (term and session from the title).")
    else:
        raise SkipRecord(f"title '{title}' is neither a government work report nor an NPC resolution on one")
    if stated is not None:
        date, occasion, line, printed = stated
        if document["year"] not in (None, date.year):
            raise SkipRecord(f"the text states {date} but the record's year is {document['year']}")
        document["delivered"] = date
        document["year"] = date.year
        document["occasion"] = {"zh": occasion, "en": _occasion_en(occasion)}
        document["context_sources"] = [f"{said} as stated in the text, line {line}: '{printed}'"]
        if resolution:
            sidecar["id"] = f"npc-resolution-{date.year}"
    if not document["context_sources"]:
        document["context_sources"] = None
    return sidecar


PROFILES = {"national-gwr": national_gwr}
