"""Translations as validated data: source_texts/translations/<lang>/<document-id>.yml (schema:
source_texts/translations/SCHEMA.md), checked against the page they translate.

`check_translation` reports, each as `file:line: anchor: term: problem` at the segment (or waiver) concerned:
- a segment whose anchor is not a printed heading or paragraph of the document, or is out of document order;
- terminology: a glossary term in the Chinese block whose rendering (en.text or an en_alternates text, see
  renderings.py) is not in the English;
- numbers: a quantity of the Chinese with no equal value in the English, or a number of the English with no
  source in the Chinese (see quantities.py);
- a waiver that matches nothing (stale), that the segment does not need (unneeded), or that names no
  glossary term.
Untranslated blocks are coverage gaps, reported apart by `missing_segments`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_scripts.errors import UserError
from build_scripts.terms.annotate import matcher_for
from build_scripts.translation.quantities import FULL_WIDTH, Quantity, chinese_numerals, chinese_quantities, compare, \
    describe_value, english_quantities
from build_scripts.translation.renderings import find_renderings, renderings_of
from build_scripts.yamldata import Field, Located, load_yaml, validate

SCHEMA_ID = "duizhao-translation/1"
STATUSES = ("draft", "reviewed")
TRANSLATIONS_DIR = "translations"
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ANCHOR_RE = re.compile(r"^[a-z]+\d+(?:-[a-z]*\d+)*$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")


# ---- schema ----------------------------------------------------------------------------------------

def _not_blank(name: str):
    return lambda value: f"'{name}' must not be empty" if not value.strip() else None


def _pattern(regex: re.Pattern, what: str):
    return lambda value: None if regex.match(value) else f"'{value}' is not {what}"


WAIVER_SCHEMA: dict[str, Field] = {
    "term": Field(str, check=_not_blank("term"), doc="A glossary `term`, exactly."),
    "quantity": Field(str, check=_not_blank("quantity"), doc="A quantity as printed in the Chinese, e.g. 2×35万千瓦."),
    "reason": Field(str, required=True, check=_not_blank("reason"), doc="Why the exception is right."),
}

SEGMENT_SCHEMA: dict[str, Field] = {
    "anchor": Field(str, required=True, check=_pattern(ANCHOR_RE, "an anchor (e.g. s2-1-p3)"),
                    doc="The anchor of a printed heading or a paragraph of the document."),
    "status": Field(str, required=True, choices=STATUSES),
    "text": Field(str, required=True, check=_not_blank("text"), doc="The English text."),
    "waivers": Field(list, items=Field(dict, schema=WAIVER_SCHEMA), doc="Explained exceptions to the checks."),
}

TRANSLATION_SCHEMA: dict[str, Field] = {
    "schema": Field(str, required=True, choices=(SCHEMA_ID,)),
    "document": Field(str, required=True, check=_pattern(ID_RE, "a document id"),
                      doc="The id of the translated document (the `id` of its page's .yml sidecar)."),
    "language": Field(str, required=True, check=_pattern(LANGUAGE_RE, "a language code (e.g. en)")),
    "title": Field(str, required=True, check=_not_blank("title")),
    "translator": Field(str, required=True, check=_not_blank("translator"), doc="Who translated it."),
    "label": Field(str, required=True, check=_not_blank("label"), doc="Shown with the translation, e.g. 'Unofficial "
                   "editorial translation. The Chinese text is authoritative.'"),
    "segments": Field(list, required=True, items=Field(dict, schema=SEGMENT_SCHEMA),
                      doc="In document order; one per printed heading and paragraph."),
}


# ---- the model -------------------------------------------------------------------------------------

@dataclass
class Waiver:
    term: str | None
    quantity: str | None
    reason: str
    line: int

    @property
    def subject(self) -> str:
        return self.term if self.term is not None else self.quantity


@dataclass
class Segment:
    anchor: str
    text: str
    status: str
    waivers: list[Waiver] = field(default_factory=list)
    line: int = 0
    written: str | None = None  # the anchor as the file writes it, where that is a published alias of `anchor`


@dataclass
class Translation:
    path: str
    document: str
    language: str
    title: str
    translator: str
    label: str
    segments: dict[str, Segment] = field(default_factory=dict)  # anchor → segment, in file order
    line: int = 1  # of the `document` key
    segments_line: int = 1  # where the segments list starts (missing segments are reported here)


# ---- loading ---------------------------------------------------------------------------------------

def read_translation(path: str | Path) -> tuple[Translation | None, list[UserError]]:
    """The translation and every problem found in the file (nothing raised); None if it is unusable."""
    try:
        located = load_yaml(path)
    except UserError as err:
        return None, [err]
    problems = validate(located, located.data, TRANSLATION_SCHEMA)
    if problems:
        return None, problems
    data = located.data
    problems.extend(_path_problems(located, Path(path), data))
    translation = Translation(str(path), data["document"], data["language"], data["title"], data["translator"],
                              data["label"], line=located.line(("document",)),
                              segments_line=located.line(("segments",)))
    for i, item in enumerate(data["segments"]):
        segment, segment_problems = _make_segment(located, item, i)
        if segment.anchor in translation.segments:
            first = translation.segments[segment.anchor].line
            segment_problems.append(located.error(("segments", i, "anchor"),
                                                  f"duplicate anchor '{segment.anchor}' (first at line {first})"))
        problems.extend(segment_problems)
        translation.segments.setdefault(segment.anchor, segment)
    return translation, sorted(problems, key=lambda e: e.line or 0)


def load_translation(path: str | Path) -> Translation:
    """One translation file; its first problem is raised as a UserError (`duizhao check` lists them all)."""
    translation, problems = read_translation(path)
    if problems:
        raise problems[0]
    return translation


def _path_problems(located: Located, path: Path, data: dict) -> list[UserError]:
    problems = []
    if path.stem != data["document"]:
        problems.append(located.error(("document",), f"document '{data['document']}' is in a file named "
                                      f"{path.name}: the file must be named {data['document']}.yml"))
    if path.parent.parent.name == TRANSLATIONS_DIR and path.parent.name != data["language"]:
        problems.append(located.error(("language",), f"language '{data['language']}' is in the folder "
                                      f"{path.parent.name}/: the file belongs in {data['language']}/"))
    return problems


def _make_segment(located: Located, item: dict, i: int) -> tuple[Segment, list[UserError]]:
    problems, waivers = [], []
    for j, w in enumerate(item.get("waivers") or []):
        key_path = ("segments", i, "waivers", j)
        if ("term" in w) == ("quantity" in w):
            problems.append(located.error(key_path, "a waiver names either a 'term' or a 'quantity' (one of them)"))
            continue
        waivers.append(Waiver(w.get("term"), w.get("quantity"), w["reason"], located.line(key_path)))
    segment = Segment(item["anchor"], item["text"], item["status"], waivers, located.line(("segments", i)))
    return segment, problems


def translation_files(root: str | Path = "source_texts", language: str | None = None) -> list[Path]:
    """source_texts/translations/<lang>/*.yml, for one language or all, in a stable order."""
    return sorted(Path(root, TRANSLATIONS_DIR).glob(f"{language or '*'}/*.yml"))


def translations_for(root: str | Path = "source_texts", language: str = "en",
                     resolution=None) -> dict[str, Translation]:
    """Every translation into `language`, by document id. The first problem of any file is raised. With the
    archive's anchor `resolution` (anchors.resolve), a translation follows its document and anchors where they
    moved: a segment written for a published anchor that is now an alias attaches to the block it lands on."""
    found: dict[str, Translation] = {}
    for path in translation_files(root, language):
        translation = load_translation(path)
        if resolution is not None:
            translation = follow_anchors(translation, resolution)
        if translation.document in found:
            raise UserError(f"document '{translation.document}' is also translated in "
                            f"{found[translation.document].path}", str(path), translation.line)
        found[translation.document] = translation
    return found


def follow_anchors(translation: Translation, resolution) -> Translation:
    """The translation re-keyed by the document's current id and anchors (a copy; the file is not changed).
    A segment keeps the anchor it was written with in `written`, for messages that point into the file."""
    from dataclasses import replace

    segments: dict[str, Segment] = {}
    for anchor, segment in translation.segments.items():
        _, current = resolution.target(translation.document, anchor)
        if current != anchor:
            segment = replace(segment, anchor=current, written=anchor)
        segments.setdefault(current, segment)
    document, _ = resolution.target(translation.document, "")
    return replace(translation, document=document, segments=segments)


def written(segment: Segment) -> str:
    """The segment's anchor as its file writes it, and where that lands now if it moved."""
    return f"{segment.written} (now {segment.anchor})" if segment.written else segment.anchor


def archive_resolution(docs: list, root: str | Path = "source_texts"):
    """The anchor resolution of `docs` against the lock beside `root` (no lock: nothing has moved)."""
    from build_scripts.anchors import LOCK_FILE, read_lock, resolve

    lock = Path(root).parent / LOCK_FILE
    return resolve(docs, read_lock(lock), lock)


# ---- checking --------------------------------------------------------------------------------------

def translatable_blocks(doc) -> list:
    """The blocks a translation covers: every printed heading and every paragraph."""
    return [b for b in doc.blocks if not b.implied]


def check_translation(translation: Translation, doc, glossary) -> list[str]:
    """Consistency violations of a translation against its (parsed) document, in file order."""
    problems = []
    if translation.document != doc.id:
        problems.append(f"{translation.path}:{translation.line}: document '{translation.document}' is checked "
                        f"against document '{doc.id}'")
    position = {b.anchor: i for i, b in enumerate(doc.blocks)}
    last: Segment | None = None
    for segment in translation.segments.values():
        where = f"{translation.path}:{segment.line}: {written(segment)}"
        block = doc.block(segment.anchor) if segment.anchor in position else None
        if block is None:
            problems.append(f"{where}: no heading or paragraph of {doc.id} has this anchor")
            continue
        if block.implied:
            problems.append(f"{where}: an implied heading (printed on another page): nothing to translate")
            continue
        if last is not None and position[segment.anchor] < position[last.anchor]:
            problems.append(f"{where}: out of document order (the page has it before {last.anchor})")
        last = segment
        problems.extend(check_segment(translation.path, segment, block, glossary))
    return problems


def missing_segments(translation: Translation, doc) -> list[str]:
    """Coverage gaps: the printed headings and paragraphs without a segment."""
    return [f"{translation.path}:{translation.segments_line}: {b.anchor}: not translated "
            f"({doc.source_path}:{b.source_lines[0]})"
            for b in translatable_blocks(doc) if b.anchor not in translation.segments]


def check_segment(path: str, segment: Segment, block, glossary) -> list[str]:
    """Terminology, numbers and waivers of one segment against its Chinese block."""
    where = f"{path}:{segment.line}: {written(segment)}"
    occurrences = matcher_for(glossary).find(block.text or "")
    rendered, problems = _terminology(where, segment, occurrences, glossary)
    problems += _term_waiver_problems(path, segment, occurrences, glossary, rendered)
    exempt = [(start, end) for start, end, term_id in occurrences if term_id in rendered]
    problems += _numbers(path, where, segment, block.text or "", exempt, [s for spans in rendered.values()
                                                                          for s in spans])
    return problems


def _terminology(where: str, segment: Segment, occurrences: list, glossary) -> tuple[dict, list[str]]:
    """(term id → spans of its rendering in the English, for the terms rendered; problems)."""
    waived = {w.term for w in segment.waivers if w.term is not None}
    rendered: dict[str, list[tuple[int, int]]] = {}
    problems = []
    for term_id in dict.fromkeys(term_id for _, _, term_id in occurrences):
        term = glossary.by_id[term_id]
        spans = find_renderings(renderings_of(term), segment.text)
        if spans:
            rendered[term_id] = spans
        elif term.term not in waived:
            options = " | ".join(dict.fromkeys(renderings_of(term)))
            problems.append(f"{where}: {term.term}: the English has no glossary rendering of it ({options})")
    return rendered, problems


def _term_waiver_problems(path: str, segment: Segment, occurrences: list, glossary, rendered: dict) -> list[str]:
    here = {glossary.by_id[term_id].term for _, _, term_id in occurrences}
    rendered = {glossary.by_id[term_id].term for term_id in rendered}
    known = {t.term for t in glossary}
    problems = []
    for w in segment.waivers:
        if w.term is None:
            continue
        where = f"{path}:{w.line}: {segment.anchor}: {w.term}"
        if w.term not in known:
            problems.append(f"{where}: the waiver names no glossary term (give the entry's `term` exactly)")
        elif w.term not in here:
            problems.append(f"{where}: stale waiver: the term does not occur in this block")
        elif w.term in rendered:
            problems.append(f"{where}: unneeded waiver: the English has a glossary rendering of it (remove the "
                            f"waiver)")
    return problems


def _numbers(path: str, where: str, segment: Segment, chinese: str, exempt: list, rendering_spans: list) -> list[str]:
    """Quantities compared as values; numbers inside rendered glossary terms are left out on both sides."""
    zh = [q for q in chinese_quantities(chinese) if not _covered(q, exempt)]
    numerals = chinese_numerals(chinese)
    english = _blank(segment.text, rendering_spans)
    en = english_quantities(english)
    waivers = [w for w in segment.waivers if w.quantity is not None]
    unwaived = compare(zh + numerals, en)
    zh, waived_count, used, unneeded = _waive_chinese(zh, chinese, waivers, unwaived.missing)
    result = compare(zh + numerals, en)
    unsourced, used_en = _waive_english(result.unsourced, english, [w for w in waivers if w not in used + unneeded])
    unsourced = unsourced[waived_count:]  # the English rendering of a waived quantity is not checked either
    problems = [f"{where}: {q.printed_as}: the English has no {describe_value(q.value, q.dimension)}"
                + (f" (the factor {q.text})" if q.text != q.printed_as else "") for q in result.missing]
    problems += [f"{where}: {q.text}: the English has {describe_value(q.value, q.dimension)}, which is not in the "
                 f"Chinese" for q in unsourced]
    for w in waivers:
        if w not in used and w not in used_en:
            problems.append(f"{path}:{w.line}: {segment.anchor}: {w.quantity}: "
                            + _quantity_waiver_problem(w, unneeded, chinese, segment.text))
    return problems


def _quantity_waiver_problem(waiver: Waiver, unneeded: list[Waiver], chinese: str, english: str) -> str:
    if waiver in unneeded or _occurrences_of(waiver.quantity, english):
        return "unneeded waiver: the values match without it (remove the waiver)"
    if _occurrences_of(waiver.quantity, chinese):
        return "stale waiver: no quantity is printed inside it in the Chinese block"
    return "stale waiver: printed neither in the Chinese block nor in the English"


def _covered(q: Quantity, spans: list[tuple[int, int]]) -> bool:
    return any(start <= q.start and q.end <= end for start, end in spans)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _occurrences_of(needle: str, text: str) -> list[tuple[int, int]]:
    needle = needle.translate(FULL_WIDTH).strip()
    text = text.translate(FULL_WIDTH)
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)] if needle else []


def _waive_chinese(zh: list[Quantity], chinese: str, waivers: list[Waiver], unmatched: list[Quantity]):
    """(Chinese quantities left, how many were waived, the waivers used, the waivers not needed): a waiver is
    needed if a quantity printed inside it has no match in the English."""
    used, unneeded, kept = [], [], list(zh)
    for w in waivers:
        spans = _occurrences_of(w.quantity, chinese)
        hit = [q for q in kept if _covered(q, spans)]
        if hit and not any(q in unmatched for q in hit):
            unneeded.append(w)
        elif hit:
            used.append(w)
            kept = [q for q in kept if q not in hit]
    return kept, len(zh) - len(kept), used, unneeded


def _waive_english(unsourced: list[Quantity], english: str, waivers: list[Waiver]):
    """English numbers without a source left after the waivers that name them as written in the English."""
    used, kept = [], list(unsourced)
    for w in waivers:
        spans = _occurrences_of(w.quantity, english)
        hit = [q for q in kept if _covered(q, spans)]
        if hit:
            used.append(w)
            kept = [q for q in kept if q not in hit]
    return kept, used


# ---- the whole archive -----------------------------------------------------------------------------

def check_translations(docs: list, glossary, root: str | Path = "source_texts") -> tuple[list[str], list[str]]:
    """For `duizhao check`: (problems, warnings) of every translation file; missing segments are warnings."""
    by_id = {doc.id: doc for doc in docs}
    problems, warnings = [], []
    seen: dict[tuple[str, str], str] = {}
    try:
        resolution = archive_resolution(docs, root)
    except UserError:  # an unreadable lock is reported by the anchors' own check
        from build_scripts.anchors import Resolution

        resolution = Resolution()
    for path in translation_files(root):
        translation, errors = read_translation(path)
        problems.extend(str(e) for e in errors)
        if translation is None:
            continue
        key = (translation.language, translation.document)
        if key in seen:
            problems.append(f"{path}:{translation.line}: document '{translation.document}' is also translated "
                            f"into {translation.language} in {seen[key]}")
            continue
        seen[key] = str(path)
        translation = follow_anchors(translation, resolution)
        doc = by_id.get(translation.document)
        if doc is None:
            problems.append(f"{path}:{translation.line}: no page has the document id '{translation.document}'")
            continue
        problems.extend(check_translation(translation, doc, glossary))
        warnings.extend(missing_segments(translation, doc))
    return problems, warnings


def coverage_report(docs: list, glossary, translations: dict[str, Translation],
                    language: str | None = None, row=None) -> dict[str, Any]:
    """Per document and in total: blocks, translated, missing, draft, reviewed and violations. `row`: what makes a
    document's row (default coverage_row; the build's comes from its cache)."""
    language = language or next((t.language for t in translations.values()), "en")
    rows = [(row or coverage_row)(doc, glossary, translations.get(doc.id)) for doc in docs]
    ids = {doc.id for doc in docs}
    unknown = [{"document": t.document, "translation": t.path,
                "problem": f"{t.path}:{t.line}: no page has the document id '{t.document}'"}
               for t in translations.values() if t.document not in ids]
    keys = ("blocks", "translated", "missing", "draft", "reviewed", "violations")
    total = {key: sum(row[key] for row in rows) for key in keys}
    total["violations"] += len(unknown)
    total["documents"] = len(rows)
    total["translated_documents"] = sum(1 for row in rows if row["translation"])
    return {"language": language, "documents": rows, "unknown_documents": unknown, "total": total}


def coverage_row(doc, glossary, translation: Translation | None) -> dict[str, Any]:
    blocks = translatable_blocks(doc)
    anchors = {b.anchor for b in blocks}
    segments = [s for s in translation.segments.values() if s.anchor in anchors] if translation else []
    problems = check_translation(translation, doc, glossary) if translation else []
    covered = {s.anchor for s in segments}
    missing = [b.anchor for b in blocks if b.anchor not in covered]
    return {"document": doc.id, "translation": translation.path if translation else None, "blocks": len(blocks),
            "translated": len(segments), "missing": len(missing),
            "draft": sum(1 for s in segments if s.status == "draft"),
            "reviewed": sum(1 for s in segments if s.status == "reviewed"),
            "violations": len(problems), "problems": problems, "missing_anchors": missing}


def coverage_summary(report: dict[str, Any]) -> str:
    """One line, e.g. 'translation en: 53/53 blocks translated (53 draft, 0 reviewed), 0 consistency violations'."""
    t = report["total"]
    violations = f"{t['violations']} consistency violation{'s' if t['violations'] != 1 else ''}"
    return (f"translation {report['language']}: {t['translated']}/{t['blocks']} blocks translated "
            f"({t['draft']} draft, {t['reviewed']} reviewed), {violations}")


def translation_summary(docs: list, root: str | Path = "source_texts", language: str = "en", glossary=None) -> str:
    """The summary line for parsed documents (for `duizhao build`); raises UserError on an invalid file."""
    from build_scripts.terms.glossary import read_glossary

    glossary = glossary if glossary is not None else read_glossary(Path(root) / "glossary")
    translations = translations_for(root, language, archive_resolution(docs, root))
    return coverage_summary(coverage_report(docs, glossary, translations, language))
