"""anchors.lock: every published anchor of every document, so that a citation made today still lands tomorrow.

Each row pins an anchor to the raw text it was made from: the page and the first line of its block (0 for a
heading known only by number). When pages are added to a document, paragraphs are stitched or numbered again and an
anchor may change; the old anchor then becomes an *alias* of the block that now holds the same page and line, and
the site keeps it working (an alias target in the reading page; a redirect page for a document id that has gone).
An anchor that no block holds any more, or that now names another paragraph, is a problem: `duizhao check` and
`duizhao build` stop on it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.errors import UserError
from build_scripts.model import Block, Document

LOCK_FILE = Path("anchors.lock")
HEADER = ("# anchors.lock: every published anchor (duizhao lock adds new ones; never edit or remove a row by hand).\n"
          "# document\tanchor\tkind\tpage\tline  (line: the block's first raw line on that page; 0: a heading known "
          "only by number)\n")


@dataclass(frozen=True)
class Locked:
    document: str
    anchor: str
    kind: str  # heading | paragraph: a run-in heading and its paragraph start on the same line
    page: str
    line: int
    row: int  # line of anchors.lock, for messages


@dataclass
class Resolution:
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # document id → {old anchor: anchor}
    moved_documents: dict[str, str] = field(default_factory=dict)  # old document id → document id
    problems: list[UserError] = field(default_factory=list)

    def target(self, document: str, anchor: str) -> tuple[str, str]:
        """Where a published document#anchor lands now."""
        doc_id = self.moved_documents.get(document, document)
        return doc_id, self.aliases.get(document, {}).get(anchor, anchor)


def identity(block: Block) -> tuple[str | None, int]:
    return block.page, (block.source_lines[0] if block.source_lines else 0)


def rows_for(docs: list[Document]) -> list[tuple[str, str, str, str, int]]:
    rows = []
    for doc in docs:
        for block in doc.blocks:
            page, line = identity(block)
            rows.append((doc.id, block.anchor, block.kind, page or (doc.pages[0].id if doc.pages else doc.id), line))
    return rows


def read_lock(path: Path = LOCK_FILE) -> list[Locked]:
    if not path.exists():
        return []
    locked = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5 or fields[2] not in ("heading", "paragraph") or not fields[4].isdigit():
            raise UserError("expected five tab-separated fields: document, anchor, kind (heading or paragraph), "
                            "page, line", str(path), number)
        locked.append(Locked(fields[0], fields[1], fields[2], fields[3], int(fields[4]), number))
    return locked


def update_lock(docs: list[Document], path: Path = LOCK_FILE) -> int:
    """Add the anchors not yet locked; return how many were added. Rows are never removed."""
    locked = read_lock(path)
    known = {(r.document, r.anchor) for r in locked}
    resolution = resolve(docs, locked, path)
    if resolution.problems:
        raise resolution.problems[0]
    new = [r for r in rows_for(docs) if (r[0], r[1]) not in known
           and not _is_alias(resolution, r[0], r[1])]
    if new:
        text = path.read_text(encoding="utf-8") if path.exists() else HEADER
        text += "".join("\t".join(map(str, row)) + "\n" for row in new)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return len(new)


def _is_alias(resolution: Resolution, document: str, anchor: str) -> bool:
    return anchor in resolution.aliases.get(document, {})


def unlocked(docs: list[Document], locked: list[Locked]) -> int:
    known = {(r.document, r.anchor) for r in locked}
    return sum(1 for r in rows_for(docs) if (r[0], r[1]) not in known)


def resolve(docs: list[Document], locked: list[Locked], path: Path = LOCK_FILE) -> Resolution:
    by_id = {d.id: d for d in docs}
    by_page = {p.id: d for d in docs for p in d.pages}
    holders: dict[str, _Holders] = {}  # document id → its blocks by what a row names (made when first needed)
    result = Resolution()
    for row in locked:
        doc = by_id.get(row.document) or by_page.get(row.page)
        if doc is None:
            result.problems.append(UserError(f"published anchor {row.document}#{row.anchor} would disappear: neither "
                                             f"document '{row.document}' nor page '{row.page}' is in the archive",
                                             str(path), row.row))
            continue
        if doc.id != row.document:
            result.moved_documents[row.document] = doc.id
        found = holders.get(doc.id)
        if found is None:
            found = holders[doc.id] = _Holders(doc)
        holder = found.holder(row)
        if holder is None:
            result.problems.append(UserError(f"published anchor {row.document}#{row.anchor} would disappear: no block "
                                             f"holds page '{row.page}' line {row.line} any more", str(path), row.row))
            continue
        if holder.anchor == row.anchor:
            continue
        if doc.id == row.document and any(b.anchor == row.anchor for b in doc.blocks):
            result.problems.append(UserError(f"published anchor {row.document}#{row.anchor} now names another block "
                                             f"(its text, page '{row.page}' line {row.line}, is in "
                                             f"#{holder.anchor})", str(path), row.row))
            continue
        result.aliases.setdefault(row.document, {})[row.anchor] = holder.anchor
    return result


class _Holders:
    """The block that holds a locked anchor's raw text now: the first block, in the document's order, whose kind is
    the row's and that starts at or covers the row's page and line (a heading known only by number: the first heading
    with that anchor). Indexed once per document, by page and line: looking each of the lock's rows up by a pass over
    its document's blocks took a fifth of a second for the 6,000 rows."""

    def __init__(self, doc: Document):
        self.by_line: dict[tuple[str, str | None, int], Block] = {}  # (kind, page, line) → first block holding it
        self.numbered_headings: dict[str, Block] = {}  # anchor → first heading of that anchor
        for block in doc.blocks:
            if block.kind == "heading":
                self.numbered_headings.setdefault(block.anchor, block)
            if block.source_lines:
                self._cover(block, block.page, block.source_lines)
            if block.continued_lines and len(block.pages) > 1:
                self._cover(block, block.pages[1], block.continued_lines)

    def _cover(self, block: Block, page: str | None, lines: tuple[int, int]) -> None:
        for line in range(lines[0], lines[1] + 1):
            self.by_line.setdefault((block.kind, page, line), block)

    def holder(self, row: Locked) -> Block | None:
        if row.line == 0:
            return self.numbered_headings.get(row.anchor) if row.kind == "heading" else None
        return self.by_line.get((row.kind, row.page, row.line))
