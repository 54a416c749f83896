"""`duizhao timeline QUERY`: how often a query is printed in each year of the archive, and its first and last use.

Any query `duizhao search` accepts (Chinese, pinyin, English, AND/OR/NOT). The counts are of the archive's
text (the Chinese of paragraphs and printed headings; hits in an English translation are not uses of a term),
in both scripts: 社会主义 counts the 1954 report's 社會主義. A year is the document's year (Document.year: its
delivery date, else the year its sidecar states); documents of unknown year are counted apart, never guessed.

JSON contract (README, "Timeline"): {"query", "term_id", "by_year": [{"year", "hits", "blocks", "documents",
"archive_documents"}], "years_with_none", "unknown_year": {"hits", "blocks", "documents"}, "first": {"year",
"doc_id", "anchor"} | null, "last": {...} | null, "totals": {"hits", "blocks", "documents"}}. `by_year` has
every year the archive has a document for, in order, with zeros where the query is not printed.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from build_scripts.errors import UserError

CSV_FIELDS = ("year", "hits", "blocks", "documents", "archive_documents")


@dataclass(frozen=True)
class Use:
    """One hit: where it is, in reading order (`order` ranks it in the archive)."""

    doc_id: str
    anchor: str
    start: int
    order: int = 0


@dataclass
class Timeline:
    query: str
    term_id: str | None
    by_year: list[dict]
    unknown_year: dict
    first: dict | None
    last: dict | None
    totals: dict = field(default_factory=dict)

    @property
    def years_with_none(self) -> list[int]:
        return [row["year"] for row in self.by_year if not row["hits"]]

    def to_dict(self) -> dict:
        return {"query": self.query, "term_id": self.term_id, "by_year": self.by_year,
                "years_with_none": self.years_with_none, "unknown_year": self.unknown_year,
                "first": self.first, "last": self.last, "totals": self.totals}


def archive_hits(index, query: str) -> list[Use]:
    """Every hit of `query` in the archive's text (not its translations), in reading order: the one place the
    timeline asks the search engine, which reads a query in both scripts (社会主义 finds 社會主義)."""
    uses = []
    for hit in index.search(query, context=0, suggest=False).hits:
        if hit.field == "text":
            order = index.docs[hit.doc_id].order if hit.doc_id in index.docs else 1 << 30
            uses.append(Use(hit.doc_id, hit.anchor, hit.start, order))
    return uses


def make_timeline(query: str, uses: Iterable[Use], years: dict[str, int | None],
                  block_order: dict[tuple[str, str], int], term_id: str | None = None) -> Timeline:
    """The timeline of `uses`. `years`: every document of the archive → its year (None: unknown);
    `block_order`: (doc_id, anchor) → the block's place in its document (for first and last use)."""
    archive_years: dict[int, int] = {}
    for year in years.values():
        if year is not None:
            archive_years[year] = archive_years.get(year, 0) + 1
    per_year: dict[int | None, dict[str, set | int]] = {}
    dated: list[tuple] = []
    total = {"hits": 0, "blocks": set(), "documents": set()}
    for use in uses:
        year = years.get(use.doc_id)
        row = per_year.setdefault(year, {"hits": 0, "blocks": set(), "documents": set()})
        for bucket in (row, total):
            bucket["hits"] += 1
            bucket["blocks"].add((use.doc_id, use.anchor))
            bucket["documents"].add(use.doc_id)
        if year is not None:
            dated.append((year, use.order, use.doc_id, block_order.get((use.doc_id, use.anchor), 0), use.start,
                          use.anchor))
    for year in per_year:
        if year is not None and year not in archive_years:
            archive_years[year] = 0  # a hit in a document the years table does not know: still shown

    def counts(row) -> dict:
        row = row or {"hits": 0, "blocks": (), "documents": ()}
        return {"hits": row["hits"], "blocks": len(row["blocks"]), "documents": len(row["documents"])}

    by_year = [{"year": y, **counts(per_year.get(y)), "archive_documents": archive_years[y]}
               for y in sorted(archive_years)]
    dated.sort()

    def use(entry) -> dict | None:
        return {"year": entry[0], "doc_id": entry[2], "anchor": entry[5]} if entry else None

    return Timeline(query, term_id, by_year, counts(per_year.get(None)), use(dated[0] if dated else None),
                    use(dated[-1] if dated else None), counts(total))


def archive_years(root: str | Path = "source_texts") -> dict[str, int | None]:
    """Document id → year, from the sidecars alone (no page is parsed)."""
    from build_scripts.model import Document
    from build_scripts.ocr.metadata import load_metadata
    from build_scripts.pipeline import page_files

    years: dict[str, int | None] = {}
    for page in page_files(root):  # the pages of one document (same document_id) share its year
        metadata, _ = load_metadata(page)
        doc_id = metadata.get("document_id") or metadata["id"]
        year = Document(doc_id, str(page), metadata).year
        if years.get(doc_id) is None:
            years[doc_id] = year
    return years


def index_years(index) -> dict[str, int | None]:
    """Document id → year, as the search index recorded it when it was built (Document.year)."""
    return {doc_id: info.year_number for doc_id, info in index.docs.items()}


def term_for(glossary, query: str) -> str | None:
    """The glossary term the query names: one of its printed forms (either script), else None."""
    from build_scripts.chinese_script import converter
    from build_scripts.terms.glossary import match_key

    keys = glossary.form_keys
    for text in (query, converter("t2s").convert(query)):
        found = keys.get(match_key(text))
        if found:
            return found
    return None


def timeline(index, query: str, years: dict[str, int | None] | None = None) -> Timeline:
    """The timeline of `query` over the open SearchIndex `index`; `years` defaults to the index's own."""
    if years is None:
        years = index_years(index)
    uses = archive_hits(index, query)
    block_order: dict[tuple[str, str], int] = {}
    for use in uses:  # hits come in reading order: a block's place is where it first comes
        block_order.setdefault((use.doc_id, use.anchor), len(block_order))
    return make_timeline(query, uses, years, block_order, term_for(index.glossary, query))


# ---- output ---------------------------------------------------------------------------------------------

def render_json(tl: Timeline) -> str:
    return json.dumps(tl.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_csv(tl: Timeline) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in tl.by_year:
        writer.writerow(row)
    return out.getvalue()


def render_text(tl: Timeline, width: int = 40) -> str:
    peak = max((row["hits"] for row in tl.by_year), default=0) or 1
    term = f" (glossary: {tl.term_id})" if tl.term_id else ""
    lines = [f"timeline of {tl.query}{term}: year, hits, paragraphs/headings, documents"]
    for row in tl.by_year:
        bar = "█" * max(1, round(row["hits"] / peak * width)) if row["hits"] else "·"
        lines.append(f"{row['year']}  {row['hits']:5d} {row['blocks']:5d} {row['documents']:3d}  {bar}")
    unknown = tl.unknown_year
    if unknown["hits"]:
        lines.append(f"year unknown: {unknown['hits']} hit(s) in {unknown['documents']} document(s)")
    for label, use in (("first use", tl.first), ("last use", tl.last)):
        lines.append(f"{label}: {use['year']} {use['doc_id']}#{use['anchor']}" if use else f"{label}: none")
    t = tl.totals
    lines.append(f"{t['hits']} hit(s) in {t['blocks']} block(s) of {t['documents']} document(s); "
                 f"{len(tl.years_with_none)} of {len(tl.by_year)} years with none")
    return "\n".join(lines) + "\n"


def run_timeline(args) -> int:
    """The `duizhao timeline` command (build_scripts/cli.py parses the arguments)."""
    import sys

    from build_scripts.search.parse import parse
    from build_scripts.search.query import SearchIndex

    query = " ".join(args.query).strip()
    if not query:
        raise UserError("empty query: give a word, phrase or term to chart")
    parse(query)  # a bad query is reported as such, even before there is an index
    with SearchIndex(args.index) as index:
        tl = timeline(index, query)
    sys.stdout.write(render_json(tl) if args.json else render_csv(tl) if args.csv else render_text(tl))
    return 0
