"""`duizhao search` output: KWIC lines for people, --json and --csv for programs (README, "Search")."""
from __future__ import annotations

import csv
import io
import json
import sys

from build_scripts.errors import UserError
from build_scripts.search.kwic import DEFAULT_CONTEXT, Hit
from build_scripts.search.query import SearchResult

CSV_FIELDS = ("doc_id", "anchor", "kind", "field", "matched_as", "start", "end", "left", "match", "right",
              "section", "url", "citation", "date", "page", "term_id")
BOLD, RESET = "\x1b[1m", "\x1b[0m"
PLAIN_OPEN, PLAIN_CLOSE = "【", "】"


def totals_line(result: SearchResult, shown: int) -> str:
    t = result.totals
    kinds = []
    if t["paragraphs"]:
        kinds.append(f"{t['paragraphs']} paragraph{'s' if t['paragraphs'] != 1 else ''}")
    if t["headings"]:
        kinds.append(f"{t['headings']} heading{'s' if t['headings'] != 1 else ''}")
    line = (f"{t['hits']} hit{'s' if t['hits'] != 1 else ''} in {' and '.join(kinds) or '0 paragraphs'}"
            f" of {t['documents']} document{'s' if t['documents'] != 1 else ''}")
    if shown < t["hits"]:
        line += f" (showing the first {shown}: --limit)"
    return line


def readings_line(result: SearchResult) -> str:
    parts = []
    for r in result.readings:
        parts.append(f"{r['term']} → {r['as']}: {r['searched']}" if r["term"] != r["searched"] else
                     f"{r['term']} ({r['as']})")
    return "searched: " + "; ".join(dict.fromkeys(parts))


def kwic_line(hit: Hit, color: bool) -> str:
    open_, close = (BOLD, RESET) if color else (PLAIN_OPEN, PLAIN_CLOSE)
    left = ("…" if hit.start > len(hit.left) else "") + hit.left
    return f"{hit.doc_id}#{hit.anchor}  {left}{open_}{hit.match}{close}{hit.right}…" if hit.right else \
        f"{hit.doc_id}#{hit.anchor}  {left}{open_}{hit.match}{close}"


def render_text(result: SearchResult, limit: int | None, color: bool) -> str:
    hits = result.hits[:limit] if limit is not None else result.hits
    lines = [readings_line(result)]
    for hit in hits:
        lines.append(kwic_line(hit, color))
        where = " · ".join(p for p in (hit.section, hit.citation, hit.url) if p)
        translated = " (in the English translation)" if hit.field == "translation" else ""
        lines.append(f"    {where}{translated}")
    lines.append(totals_line(result, len(hits)))
    for s in result.suggestions:
        lines.append(f"did you mean: {s['query']}  ({s['hits']} hit{'s' if s['hits'] != 1 else ''}; {s['why']})")
    return "\n".join(lines) + "\n"


def render_json(result: SearchResult, limit: int | None) -> str:
    hits = result.hits[:limit] if limit is not None else result.hits
    totals = dict(result.totals, shown=len(hits))
    data = {"query": result.query, "readings": result.readings, "totals": totals,
            "hits": [h.to_dict() for h in hits], "suggestions": result.suggestions}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_csv(result: SearchResult, limit: int | None) -> str:
    hits = result.hits[:limit] if limit is not None else result.hits
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for hit in hits:
        writer.writerow({k: ("" if v is None else v) for k, v in hit.to_dict().items()})
    return out.getvalue()


def run_search(args) -> int:
    """The `duizhao search` command (build_scripts/cli.py parses the arguments)."""
    from build_scripts.search.query import SearchIndex

    query = " ".join(args.query)
    if args.limit is not None and args.limit < 1:
        raise UserError(f"--limit must be 1 or more, not {args.limit}")
    if args.context is not None and not 0 <= args.context <= 500:
        raise UserError(f"--context must be between 0 and 500 characters, not {args.context}")
    from build_scripts.search.parse import parse

    parse(query)  # a bad query is reported as such, even before there is an index
    context = DEFAULT_CONTEXT if args.context is None else args.context
    with SearchIndex(args.index) as index:
        result = index.search(query, doc=args.doc, context=context, mode=args.mode, order=args.order)
    if args.json:
        sys.stdout.write(render_json(result, args.limit))
    elif args.csv:
        sys.stdout.write(render_csv(result, args.limit))
        print(totals_line(result, min(len(result.hits), args.limit or len(result.hits))), file=sys.stderr)
    else:
        sys.stdout.write(render_text(result, args.limit, color=sys.stdout.isatty()))
    return 0
