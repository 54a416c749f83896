"""`duizhao import`: records → source_texts/<collection>/<doc>.txt (the text verbatim) + <doc>.yml (validated),
plus collection.yml, written into a temporary folder and swapped in whole (build_scripts/atomic.py).

Nothing is cleaned here: source texts are raw inputs, and the web-text reader cleans them at parse time as
Edits. A record that cannot be imported (no text, a duplicate id, a bad date, a text that does not parse) is
reported as `file:line: problem` and skipped; the others are imported. Importing the same input twice gives
the same bytes, and leaves the folder untouched.
"""
from __future__ import annotations

import datetime as dt
import filecmp
import hashlib
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from build_scripts.atomic import replacing
from build_scripts.chars import HAN_RE
from build_scripts.errors import UserError
from build_scripts.importing.records import Problem, Record, read_records
from build_scripts.ocr.metadata import COLLECTION_SCHEMA, COLLECTION_SCHEMA_ID, ID_RE, SCHEMA_ID, collection_path
from build_scripts.yamldata import Located, load_yaml, validate

TRADITIONAL_SHARE = 0.05  # more Han characters than this change under OpenCC t2s: the text is traditional


class SkipRecord(Exception):
    """A record that cannot be imported, with the reason."""


class NothingImported(UserError):
    """Not one record could be imported: the collection is left as it was."""

    def __init__(self, problem: str, path: str, skipped: list[Problem]):
        super().__init__(problem, path)
        self.skipped = skipped


@dataclass
class Mapping:
    """Which field of a record holds what; None = not in the records (unknown)."""

    text: str = "text"
    title: str | None = None
    title_en: str | None = None
    date: str | None = None
    year: str | None = None
    id: str | None = None
    url: str | None = None


@dataclass
class Constants:
    """Metadata that is the same for every record of this import."""

    issuer_zh: str | None = None
    issuer_en: str | None = None
    genre: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    format: str | None = None  # web-text, or None to let the parser recognise it


@dataclass
class Imported:
    id: str
    where: str
    title: str | None
    year: int | None
    genre: str | None
    language: str
    characters: int
    paragraphs: int = 0
    headings: int = 0
    edits: dict[str, int] = field(default_factory=dict)


@dataclass
class ImportReport:
    collection: str
    input: str
    target: str
    records: int
    imported: list[Imported]
    skipped: list[Problem]
    changed: bool

    def to_dict(self) -> dict:
        return {"collection": self.collection, "input": self.input, "target": self.target, "records": self.records,
                "imported": [vars(d) for d in self.imported], "changed": self.changed,
                "skipped": [{"file": p.file, "line": p.line, "problem": p.problem} for p in self.skipped],
                "edits": dict(sorted(sum((Counter(d.edits) for d in self.imported), Counter()).items()))}


# A profile derives what the mapping cannot (ids, genres, dates stated in the text) for one corpus.
Profile = Callable[[Record, dict, str], dict]


def import_corpus(input_path: str | Path, collection: str, root: str | Path = "source_texts",
                  mapping: Mapping | None = None, constants: Constants | None = None,
                  collection_meta: str | Path | None = None, profile: Profile | None = None) -> ImportReport:
    mapping, constants = mapping or Mapping(), constants or Constants()
    if not ID_RE.match(collection):
        raise UserError(f"collection '{collection}' must be lowercase letters, digits and hyphens")
    if collection in {"glossary", "translations"}:
        raise UserError(f"collection '{collection}' is a reserved folder of source_texts/")
    records, skipped = read_records(input_path)
    meta = _collection_meta(collection, collection_meta, input_path)
    documents: dict[str, tuple[Record, str, dict]] = {}
    for record in records:
        try:
            doc_id, text, sidecar = _document(record, collection, mapping, constants, meta, profile)
        except SkipRecord as why:
            skipped.append(Problem(record.file, record.line or None, str(why)))
            continue
        if doc_id in documents:
            skipped.append(Problem(record.file, record.line or None,
                                   f"duplicate id '{doc_id}' (first used at {documents[doc_id][0].where}): skipped"))
            continue
        documents[doc_id] = (record, text, sidecar)

    target = Path(root) / collection
    with replacing(target) as tmp:
        imported = _write(tmp, documents, skipped)
        if not imported:
            raise NothingImported("nothing imported: no record could be imported (see the lines above); "
                                  f"{target} is unchanged", str(input_path), sorted(skipped, key=_order))
        _write_yaml(collection_path(tmp), meta, "Collection metadata, written by `duizhao import` (schema: README, "
                                                "\"Collection metadata\").")
        load_collection_checked(tmp, collection)
        changed = not _same_tree(tmp, target)
        if not changed:
            shutil.rmtree(tmp)
            tmp.mkdir()
            _copy_tree(target, tmp)  # swap in an identical copy: nothing changes
    skipped.sort(key=_order)
    return ImportReport(collection, str(input_path), str(target), len(records) + _unread(skipped, records),
                        imported, skipped, changed)


def _order(problem: Problem) -> tuple:
    return problem.file, problem.line or 0


def _unread(skipped: list[Problem], records: list[Record]) -> int:
    """Records that could not even be read (bad JSON, short CSV rows): they count as records too."""
    read = {(r.file, r.line or None) for r in records}
    return sum(1 for p in skipped if (p.file, p.line) not in read)


def load_collection_checked(folder: Path, collection: str) -> dict:
    """collection.yml is validated as `duizhao check` does, with the folder's final name."""
    located = load_yaml(collection_path(folder))
    problems = validate(located, located.data, COLLECTION_SCHEMA)
    if problems:
        raise problems[0]
    return located.data


def _collection_meta(collection: str, meta_path, input_path) -> dict:
    data: dict = {}
    if meta_path is not None:
        located = load_yaml(meta_path)
        data = dict(located.data or {})
        for key in ("schema", "id"):
            if key in data:
                raise located.error((key,), f"'{key}' is set by the import: leave it out")
    meta = {"schema": COLLECTION_SCHEMA_ID, "id": collection}
    meta["title"] = data.pop("title", None) or {"zh": collection, "en": None}
    meta.update(data)
    source = dict(meta.get("source") or {})
    source["file"] = Path(input_path).name
    source["sha256"] = _sha256(Path(input_path))
    meta["source"] = source
    if meta_path is not None:
        check = Located(str(meta_path), meta, located.lines)
        problems = validate(check, meta, COLLECTION_SCHEMA)
        if problems:
            raise problems[0]
    return meta


def _sha256(path: Path) -> str | None:
    if path.is_dir():
        digest = hashlib.sha256()
        for f in sorted(path.glob("*.txt")):
            digest.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
        return digest.hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _field(record: Record, name: str | None, what: str) -> str | None:
    """A mapped field's value as text; None where the mapping or the record leaves it unknown."""
    if name is None:
        return None
    if name not in record.fields:
        raise SkipRecord(f"no field '{name}' (the {what}); the record's fields are: {', '.join(record.fields)}")
    value = record.fields[name]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise SkipRecord(f"field '{name}' (the {what}) must be text, not {type(value).__name__}")
    value = str(value).strip()
    return value or None


def _document(record: Record, collection: str, mapping: Mapping, constants: Constants, meta: dict,
              profile: Profile | None) -> tuple[str, str, dict]:
    if mapping.text not in record.fields:
        raise SkipRecord(f"no text: the record has no field '{mapping.text}' (fields: {', '.join(record.fields)})")
    text = record.fields[mapping.text]
    if not isinstance(text, str):
        raise SkipRecord(f"no text: field '{mapping.text}' is {type(text).__name__ if text is not None else 'null'}")
    if not text.strip():
        raise SkipRecord(f"no text: field '{mapping.text}' is empty")
    if not HAN_RE.search(text):
        raise SkipRecord(f"no Chinese text in field '{mapping.text}'")

    title = _field(record, mapping.title, "title")
    year = _year(_field(record, mapping.year, "year"), mapping.year)
    delivered = _date(_field(record, mapping.date, "date"), mapping.date)
    if delivered and year and delivered.year != year:
        raise SkipRecord(f"date {delivered} and year {year} disagree")
    url = _field(record, mapping.url, "url")
    if url is not None and not re.match(r"^https?://\S+$", url):
        raise SkipRecord(f"url '{url}' must start with http:// or https://")
    licence = dict(meta.get("licence") or {})
    if constants.licence:
        licence = {"name": constants.licence, "url": constants.licence_url, "basis": None, "caveat": None}
    source_meta = meta.get("source") or {}
    sidecar = {
        "schema": SCHEMA_ID,
        "id": None,
        "collection": collection,
        "format": constants.format,
        "title": {"zh": title, "en": _field(record, mapping.title_en, "English title")},
        "document": {
            "genre": constants.genre,
            "issuer": {"zh": constants.issuer_zh, "en": constants.issuer_en},
            "delivered": delivered,
            "year": year if year else (delivered.year if delivered else None),
            "occasion": {"zh": None, "en": None},
            "speaker": None,
            "context_sources": [],
        },
        "publication": {"name": {"zh": None, "en": None}, "date": None, "page": None},
        "continuation": {"from_page": None, "to_page": None},
        "language": _language(text),
        "source": {"url": url, "name": source_meta.get("name") or {"zh": None, "en": None},
                   "via": source_meta.get("via")},
        "licence": licence or None,
        "notes": None,
    }
    if profile is not None:
        sidecar = profile(record, sidecar, text)
    doc_id = sidecar["id"] or _id(record, mapping, collection, text)
    if not ID_RE.match(doc_id):
        raise SkipRecord(f"id '{doc_id}' must be lowercase letters, digits and hyphens")
    sidecar["id"] = doc_id
    if not sidecar["title"]["zh"]:
        sidecar["title"]["zh"] = None
    return doc_id, text, sidecar


def _id(record: Record, mapping: Mapping, collection: str, text: str) -> str:
    """The record's id field made URL-safe; without one, the collection and a hash of the text (stable)."""
    if mapping.id is not None:
        raw = _field(record, mapping.id, "id")
        if raw is None:
            raise SkipRecord(f"no id: field '{mapping.id}' is empty")
        doc_id = re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")
        if not doc_id:
            raise SkipRecord(f"id '{raw}' has no letters or digits to make an id of")
        return doc_id
    return f"{collection}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}"


def _year(value: str | None, name) -> int | None:
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}", value) or not 1800 <= int(value) <= 2100:
        raise SkipRecord(f"field '{name}' is '{value}', not a year (YYYY)")
    return int(value)


def _date(value: str | None, name) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SkipRecord(f"field '{name}' is '{value}', not a date (YYYY-MM-DD)") from None


def _language(text: str) -> str:
    from build_scripts.chinese_script import to_simplified

    han = HAN_RE.findall(text)
    changed = sum(1 for a, b in zip(text, to_simplified(text)) if a != b and HAN_RE.match(a))
    return "zh-Hant" if han and changed / len(han) > TRADITIONAL_SHARE else "zh-Hans"


def _write(folder: Path, documents: dict, skipped: list[Problem]) -> list[Imported]:
    from build_scripts.pipeline import parse_file

    imported = []
    for doc_id, (record, text, sidecar) in sorted(documents.items()):
        page, side = folder / f"{doc_id}.txt", folder / f"{doc_id}.yml"
        page.write_bytes(text.encode("utf-8"))  # verbatim: no newline translation, no cleaning
        _write_yaml(side, sidecar, f"Imported by `duizhao import` from {Path(record.file).name}"
                                   f"{f' line {record.line}' if record.line else ''}. Unknown values are null.")
        try:
            doc = parse_file(page)
        except UserError as err:
            page.unlink()
            side.unlink()
            skipped.append(Problem(record.file, record.line or None, f"not imported: {err.problem}"))
            continue
        imported.append(Imported(doc_id, record.where, sidecar["title"]["zh"], sidecar["document"]["year"],
                                 sidecar["document"]["genre"], sidecar["language"], len(text),
                                 len(doc.paragraphs()), len(doc.headings(printed_only=True)),
                                 dict(sorted(Counter(e.kind for e in doc.edits).items()))))
    return imported


def _write_yaml(path: Path, data: dict, comment: str) -> None:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    path.write_text(f"# {comment}\n{body}", encoding="utf-8")


def _same_tree(a: Path, b: Path) -> bool:
    if not b.is_dir():
        return False
    names_a = sorted(p.name for p in a.iterdir())
    names_b = sorted(p.name for p in b.iterdir())
    if names_a != names_b:
        return False
    match, mismatch, errors = filecmp.cmpfiles(a, b, names_a, shallow=False)
    return not mismatch and not errors


def _copy_tree(source: Path, destination: Path) -> None:
    for f in source.iterdir():
        shutil.copy2(f, destination / f.name)


def format_report(report: ImportReport) -> str:
    lines = [f"import {report.collection}: {report.records} record(s) read, {len(report.imported)} imported, "
             f"{len(report.skipped)} skipped → {report.target}/"
             f"{'' if report.changed else ' (unchanged: the same input was imported before)'}"]
    for d in report.imported:
        edits = ", ".join(f"{k} {n}" for k, n in d.edits.items()) or "none"
        lines.append(f"  {d.id:<28} {d.year or '—':>4}  {d.language}  {d.characters:>6} chars  "
                     f"{d.paragraphs:>3} paragraphs  {d.headings:>2} headings  edits: {edits}  "
                     f"({d.title or 'untitled'})")
    total = sum((Counter(d.edits) for d in report.imported), Counter())
    if total:
        lines.append("cleaned at parse time (edits by kind): " + ", ".join(f"{k} {n}" for k, n in sorted(total.items())))
    if report.skipped:
        lines.append("skipped:")
        lines.extend(f"  {p}" for p in report.skipped)
    return "\n".join(lines) + "\n"
