"""Reading an input corpus into records: one mapping of fields per document, with where it came from.

A record that cannot be read (unparseable JSON on line N, a CSV row with missing fields) is a Problem: it is
reported and skipped, never half-read.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from build_scripts.errors import UserError


@dataclass
class Record:
    file: str
    line: int  # 1-based line where the record starts (0 for a whole file of a folder)
    fields: dict

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class Problem:
    file: str
    line: int | None
    problem: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.problem}" if self.line else f"{self.file}: {self.problem}"


def read_records(path: str | Path) -> tuple[list[Record], list[Problem]]:
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if not path.exists():
        raise UserError("no such file or folder", str(path))
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return _read_jsonl(path)
    if suffix == ".csv":
        return _read_csv(path)
    raise UserError("unknown input: give a .jsonl or .csv file, or a folder of .txt files", str(path))


def _text_of(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UserError(f"not UTF-8 (byte {err.start})", str(path)) from None


def _read_jsonl(path: Path) -> tuple[list[Record], list[Problem]]:
    records, problems = [], []
    for n, line in enumerate(_text_of(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(Problem(str(path), n, f"unparseable JSON: {err.msg} (column {err.colno})"))
            continue
        if not isinstance(data, dict):
            problems.append(Problem(str(path), n, f"a JSON object was expected, not {type(data).__name__}"))
            continue
        records.append(Record(str(path), n, data))
    return records, problems


def _read_csv(path: Path) -> tuple[list[Record], list[Problem]]:
    records, problems = [], []
    text = _text_of(path)
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = next(reader)
    except StopIteration:
        raise UserError("empty CSV file: no header row", str(path)) from None
    except csv.Error as err:
        raise UserError(f"unreadable CSV header: {err}", str(path), 1) from None
    if len(set(header)) != len(header):
        raise UserError("the header names a column twice", str(path), 1)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            problems.append(Problem(str(path), start, f"unreadable CSV row: {err}"))
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            missing = header[len(row):]
            what = (f"missing field(s) {', '.join(missing)}" if missing
                    else f"{len(row) - len(header)} field(s) more than the header's {len(header)}")
            problems.append(Problem(str(path), start, f"CSV row has {len(row)} field{'s' if len(row) != 1 else ''}: "
                                                      f"{what}"))
            continue
        records.append(Record(str(path), start, dict(zip(header, row))))
    return records, problems


def _read_folder(folder: Path) -> tuple[list[Record], list[Problem]]:
    """Each .txt file is a record: `text` (the whole file), `file` (its name without .txt), `first_line`."""
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise UserError("no .txt files in this folder", str(folder))
    records, problems = [], []
    for f in files:
        try:
            text = _text_of(f)
        except UserError as err:
            problems.append(Problem(str(f), None, err.problem))
            continue
        first = next((line.strip() for line in text.split("\n") if line.strip()), None)
        records.append(Record(str(f), 0, {"text": text, "file": f.stem, "first_line": first}))
    return records, problems
