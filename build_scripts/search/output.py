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
        first = result.offset + 1
        line += (f" (showing {first}–{result.offset + shown}: --offset, --limit)" if result.offset and shown else
                 f" (showing none from {first}: --offset)" if result.offset else
                 f" (showing the first {shown}: --limit)")
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


def render_text(result: SearchResult, color: bool) -> str:
    lines = [readings_line(result)]
    for hit in result.hits:
        lines.append(kwic_line(hit, color))
        where = " · ".join(p for p in (hit.section, hit.citation, hit.url) if p)
        notes = []
        if hit.reading:
            notes.append(f"printed {hit.match}, searched {hit.reading}")
        if hit.field == "translation":
            notes.append("in the English translation")
        lines.append(f"    {where}" + (f" ({'; '.join(notes)})" if notes else ""))
    lines.append(totals_line(result, len(result.hits)))
    for s in result.suggestions:
        lines.append(f"did you mean: {s['query']}  ({s['hits']} hit{'s' if s['hits'] != 1 else ''}; {s['why']})")
    return "\n".join(lines) + "\n"


def json_data(result: SearchResult) -> dict:
    totals = dict(result.totals, shown=len(result.hits), offset=result.offset, by_year=result.by_year,
                  by_document=result.by_document)
    return {"query": result.query, "readings": result.readings, "totals": totals,
            "hits": [h.to_dict() for h in result.hits], "suggestions": result.suggestions}


def render_json(result: SearchResult) -> str:
    return json.dumps(json_data(result), ensure_ascii=False, indent=2) + "\n"


def render_csv(result: SearchResult) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for hit in result.hits:
        writer.writerow({k: ("" if v is None else v) for k, v in hit.to_dict().items()})
    return out.getvalue()


def read_queries(path: str) -> list[tuple[int, str]]:
    """(line number, query) for every line of FILE that is not blank."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(f"{path}: cannot be read as UTF-8 text ({type(err).__name__})") from None
    return [(i, line.strip()) for i, line in enumerate(lines, 1) if line.strip()]


def run_search(args) -> int:
    """The `duizhao search` command (build_scripts/cli.py parses the arguments)."""
    from build_scripts.search.parse import parse
    from build_scripts.search.query import Filters, SearchIndex, parse_years

    if args.limit is not None and args.limit < 1:
        raise UserError(f"--limit must be 1 or more, not {args.limit}")
    if args.offset < 0:
        raise UserError(f"--offset must be 0 or more, not {args.offset}")
    if args.context is not None and not 0 <= args.context <= 500:
        raise UserError(f"--context must be between 0 and 500 characters, not {args.context}")
    filters = Filters(args.doc, args.collection, parse_years(args.year) if args.year is not None else None)
    context = DEFAULT_CONTEXT if args.context is None else args.context
    if args.queries:
        if args.query:
            raise UserError("give a query or --queries FILE, not both")
        if args.csv:
            raise UserError("--queries prints JSON lines: --csv takes one query")
        return run_queries(args, filters, context)
    query = " ".join(args.query)
    parse(query)  # a bad query is reported as such, even before there is an index
    with SearchIndex(args.index) as index:
        limit = args.limit if args.limit is not None or args.csv else None
        result = index.search(query, context=context, mode=args.mode, order=args.order, limit=limit,
                              offset=args.offset, filters=filters)
    if args.json:
        sys.stdout.write(render_json(result))
    elif args.csv:
        sys.stdout.write(render_csv(result))
        print(totals_line(result, len(result.hits)), file=sys.stderr)
    else:
        sys.stdout.write(render_text(result, color=sys.stdout.isatty()))
    return 0


def run_queries(args, filters, context: int) -> int:
    """One JSON object per line of the file, in order; a bad query's line is {"query", "error"} and the exit
    code is 2 (the other queries still run)."""
    from build_scripts.search.query import SearchIndex

    queries = read_queries(args.queries)
    failed = False
    with SearchIndex(args.index) as index:
        for number, query in queries:
            try:
                result = index.search(query, context=context, mode=args.mode, order=args.order,
                                      limit=args.limit, offset=args.offset, filters=filters)
                data = json_data(result)
            except UserError as err:
                failed = True
                print(f"duizhao: {args.queries}:{number}: {err}", file=sys.stderr)
                data = {"query": query, "line": number, "error": str(err)}
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    return 2 if failed else 0
