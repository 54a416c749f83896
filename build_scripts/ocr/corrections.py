"""Human corrections as data: `<page>.corrections.yml` beside the page, never an edit of the raw file.

A reviewer forces what the layout evidence could not decide, or reads a glyph the OCR got wrong:

    schema: duizhao-corrections/1
    corrections:
      - line: 856          # a character reading: the raw characters at line:column ...
        column: 7
        was: " "           # ... which must still be there (so a stale correction is caught) ...
        reads: 槃           # ... read as this
        who: 王编辑
        why: 凤凰涅槃 is legible in the print
      - boundary_after: 221   # a paragraph ends with raw line 221
        who: 王编辑
        why: one-line paragraph, checked against the print
      - join_after: 220       # raw lines 220 and the next text line are one paragraph
      - heading: 300          # raw line 300 is a heading standing on its own line

Each applied correction is an Edit of kind `correction` with its who and why. A correction that no longer
fits the page (the line is gone, the characters changed) is not applied; `duizhao check` reports it as
`file:line: problem`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_scripts.yamldata import Field, Located, load_yaml, validate

SCHEMA_ID = "duizhao-corrections/1"
POSITIVE = lambda v: None if v >= 1 else "must be 1 or more"  # noqa: E731
ITEM_SCHEMA: dict[str, Field] = {
    "line": Field(int, check=POSITIVE, doc="Raw line of a character reading."),
    "column": Field(int, check=POSITIVE, doc="Raw column (1-based) where the misread characters start."),
    "was": Field(str, doc="The raw characters there, exactly as in the file."),
    "reads": Field(str, doc="What the print actually shows."),
    "boundary_after": Field(int, check=POSITIVE, doc="A paragraph ends with this raw line."),
    "join_after": Field(int, check=POSITIVE, doc="This raw line and the next text line are one paragraph."),
    "heading": Field(int, check=POSITIVE, doc="This raw line is a heading on its own line."),
    "who": Field(str, required=True, doc="Who made the correction."),
    "why": Field(str, required=True, doc="The evidence."),
}
FILE_SCHEMA: dict[str, Field] = {
    "schema": Field(str, required=True, choices=(SCHEMA_ID,), doc="The schema version."),
    "corrections": Field(list, required=True, items=Field(dict, schema=ITEM_SCHEMA)),
}
READING_KEYS = {"line", "column", "was", "reads"}
LINE_KEYS = ("boundary_after", "join_after", "heading")


@dataclass
class Correction:
    kind: str  # reading | boundary_after | join_after | heading
    line: int
    who: str
    why: str
    source_line: int  # where the correction stands in the .corrections.yml
    column: int | None = None
    was: str | None = None
    reads: str | None = None

    @property
    def note(self) -> str:
        return f"correction by {self.who}: {self.why}"


@dataclass
class Corrections:
    path: str | None
    items: list[Correction]

    def problem(self, correction: Correction, text: str):
        from build_scripts.errors import UserError

        return UserError(text, self.path, correction.source_line)


def corrections_path(page_path: str | Path) -> Path:
    return Path(page_path).with_suffix(".corrections.yml")


def load_corrections(page_path: str | Path) -> Corrections:
    """The page's corrections, or none. A malformed file is a user error at its line."""
    path = corrections_path(page_path)
    if not path.exists():
        return Corrections(None, [])
    located = load_yaml(path)
    problems = validate(located, located.data, FILE_SCHEMA)
    if problems:
        raise problems[0]
    return Corrections(str(path), [_item(located, i, item) for i, item in enumerate(located.data["corrections"])])


def _item(located: Located, i: int, item: dict) -> Correction:
    where = located.line(("corrections", i))
    kinds = [k for k in LINE_KEYS if k in item] + (["reading"] if READING_KEYS & set(item) else [])
    if len(kinds) != 1:
        raise located.error(("corrections", i), "a correction is one of: a reading (line, column, was, reads), "
                                                "boundary_after, join_after or heading")
    kind = kinds[0]
    if kind == "reading":
        missing = sorted(READING_KEYS - set(item))
        if missing:
            raise located.error(("corrections", i), f"a character reading needs {', '.join(missing)}")
        return Correction("reading", item["line"], item["who"], item["why"], where, item["column"], item["was"],
                          item["reads"])
    return Correction(kind, item[kind], item["who"], item["why"], where)


def stale_problem(correction: Correction, raw_lines: list[str], text_lines: set[int]) -> str | None:
    """Why a correction no longer applies to the page as it is now, or None if it does."""
    if correction.line > len(raw_lines):
        return f"line {correction.line} is past the end of the page ({len(raw_lines)} lines)"
    if correction.kind == "reading":
        line = raw_lines[correction.line - 1]
        start = correction.column - 1
        found = line[start:start + len(correction.was)]
        if found != correction.was:
            return (f"line {correction.line} column {correction.column} reads {found!r}, not {correction.was!r}: "
                    "the correction no longer applies")
        return None
    if correction.line not in text_lines:
        return f"line {correction.line} holds no text: the {correction.kind} correction no longer applies"
    if correction.kind != "heading" and correction.line == max(text_lines):
        return f"line {correction.line} is the page's last text line: nothing follows it"
    return None


def stale_corrections(page_path: str | Path, raw_lines: list[str]) -> list:
    """A UserError (file:line: problem) for every correction of the page that no longer applies."""
    corrections = load_corrections(page_path)
    text_lines = {n for n, text in enumerate(raw_lines, start=1) if text.strip()}
    found = []
    for c in corrections.items:
        problem = stale_problem(c, raw_lines, text_lines)
        if problem:
            found.append(corrections.problem(c, problem))
    return found
