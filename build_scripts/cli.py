"""The command line: one command per user task, each a thin wrapper around a library function.

User errors (bad files, bad queries) are caught once, here, and printed as `duizhao: file:line: problem`
with exit code 2; failed builds exit 1. Nothing else is caught: a traceback means a bug in duizhao.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from build_scripts.errors import UserError


def cmd_parse(args) -> int:
    from build_scripts.pipeline import parse_file
    from build_scripts.writers import write

    doc = parse_file(args.file)
    if args.review:
        from build_scripts.ocr.review import review_lines

        for line in review_lines(doc, args.below):
            print(line)
        return 0
    sys.stdout.write(write("json" if args.json else "outline", doc))
    return 0


def cmd_check(args) -> int:
    from build_scripts.check import run_checks

    problems, warnings = run_checks(args.root)
    for w in warnings:
        print(f"duizhao: warning: {w}", file=sys.stderr)
    for p in problems:
        print(f"duizhao: {p}", file=sys.stderr)
    if problems:
        return 2
    print(f"check: ok ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})")
    return 0


def _archive(root: str = "source_texts"):
    """Every page parsed and annotated with the glossary: what the term commands report on."""
    from build_scripts.archive import load_archive

    archive = load_archive(root)
    return archive.docs, archive.glossary


def cmd_glossary(args) -> int:
    import json

    from build_scripts.terms.annotate import glossary_report

    docs, glossary = _archive(args.root)
    report = glossary_report(docs, glossary)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for entry in report:
        print(f"{entry['term']}\t{entry['pinyin']}\t{entry['en']['text']}\t[{entry['status']}]\t"
              f"{entry['occurrences']}× {' '.join(entry['anchors'][:3])}")
    verified = sum(1 for e in report if e["status"] == "verified")
    print(f"{len(report)} entries: {verified} verified, {len(report) - verified} meaning unverified", file=sys.stderr)
    return 0


def cmd_terms(args) -> int:
    import json

    from build_scripts.terms.discover import discover

    docs, glossary = _archive(args.root)
    candidates = discover(docs, glossary)
    if args.json:
        print(json.dumps(candidates, ensure_ascii=False, indent=2))
    else:
        for c in candidates:
            print("\t".join(str(v) for v in c.values()))
        print(f"{len(candidates)} candidate term(s) not in the glossary", file=sys.stderr)
    return 0


def cmd_pinyin(args) -> int:
    from build_scripts.terms.pinyin import to_pinyin

    text = " ".join(args.text).strip()
    if not text:
        raise UserError("empty text: give the Chinese text to transcribe")
    print(to_pinyin(text))
    return 0


def cmd_translation(args) -> int:
    import json

    from build_scripts.translation.translations import (archive_resolution, coverage_report, coverage_summary,
                                                         translations_for)

    docs, glossary = _archive(args.root)
    translations = translations_for(args.root, args.language, archive_resolution(docs, args.root))
    report = coverage_report(docs, glossary, translations, args.language)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for row in report["documents"]:
        print(f"{row['document']}\t{row['translated']}/{row['blocks']} translated ({row['draft']} draft, "
              f"{row['reviewed']} reviewed)\t{row['missing']} missing\t{row['violations']} violations\t"
              f"{row['translation'] or '(no translation)'}")
        for line in row["problems"]:
            print(f"  {line}")
        if row["translation"] and row["missing_anchors"]:
            print(f"  missing: {' '.join(row['missing_anchors'])}")
    for row in report["unknown_documents"]:
        print(f"  {row['problem']}")
    print(coverage_summary(report))
    return 0


def cmd_lock(args) -> int:
    from build_scripts.anchors import LOCK_FILE, update_lock
    from build_scripts.pipeline import load_documents

    added = update_lock(load_documents(args.root), Path(args.root).parent / LOCK_FILE)
    print(f"lock: {added} anchor(s) added to {Path(args.root).parent / LOCK_FILE}")
    return 0


def _progress():
    from build_scripts.progress import Progress

    return Progress(lambda message: print(message, file=sys.stderr))


def cmd_import(args) -> int:
    import json

    from build_scripts.importing.importer import Constants, Mapping, NothingImported, format_report, import_corpus
    from build_scripts.importing.profiles import PROFILES

    mapping = Mapping(text=args.text, title=args.title, title_en=args.title_en, date=args.date, year=args.year,
                      id=args.id, url=args.url)
    constants = Constants(issuer_zh=args.issuer, issuer_en=args.issuer_en, genre=args.genre, licence=args.licence,
                          licence_url=args.licence_url, format=args.format)
    try:
        report = import_corpus(args.input, args.collection, args.root, mapping, constants, args.collection_meta,
                               PROFILES[args.profile] if args.profile else None)
    except NothingImported as err:
        for problem in err.skipped:
            print(f"duizhao: {problem}", file=sys.stderr)
        raise
    for problem in report.skipped:
        print(f"duizhao: {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_report(report))
    return 2 if report.skipped else 0


def cmd_build(args) -> int:
    from build_scripts.build import build_all

    build_all(site=not args.no_site, progress=_progress())
    return 0


def cmd_serve(args) -> int:
    from build_scripts.build import SITE_DIR, build_all
    from build_scripts.site.serve import serve

    if not args.no_build:
        build_all(progress=_progress())
    serve(SITE_DIR, args.host, args.port)
    return 0


def cmd_search(args) -> int:
    from build_scripts.search.output import run_search

    return run_search(args)


def cmd_timeline(args) -> int:
    from build_scripts.search.timeline import run_timeline

    return run_timeline(args)


def add_archive_options(p: argparse.ArgumentParser, json_help: str) -> None:
    """The options every archive-wide report shares."""
    p.add_argument("--json", action="store_true", help=json_help)
    p.add_argument("--root", default="source_texts", help="the source folder (default: source_texts)")


def _certainty(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"a certainty is between 0 and 1, not {value:g}")
    return value


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duizhao", description="对照 duizhao: a bilingual archive of OCR'd "
                                     "Chinese newspaper pages.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("parse", help="read one page into the document model and print it",
                       description="Read one page (raw OCR in print lines, or clean text with one paragraph "
                                   "per line) and print its structure, anchors and edits.")
    p.add_argument("file", help="a page file, e.g. source_texts/lvliang-2020-gwr/lvliang-2020-gwr-page2.ocr.txt")
    p.add_argument("--json", action="store_true", help="print the document model as JSON (see README)")
    p.add_argument("--review", action="store_true",
                   help="list the decisions a person should check: every guess with a certainty below --below, "
                        "every unrestored glyph and every unparsed span, as file:line:column")
    p.add_argument("--below", type=_certainty, default=0.9, metavar="CERTAINTY",
                   help="with --review: the certainty threshold (default 0.9)")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("check", help="validate every page, sidecar and data file of the archive",
                       description="Validate pages, metadata sidecars and data files; report problems as "
                                   "file:line: problem.")
    p.add_argument("--root", default="source_texts", help="the source folder (default: source_texts)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("glossary", help="list every glossary entry with its occurrences",
                       description="Every glossary entry, with the number of occurrences in the archive and the "
                                   "anchors where it occurs.")
    add_archive_options(p, "print the entries as JSON (all schema fields, plus occurrences and anchors)")
    p.set_defaults(func=cmd_glossary)

    p = sub.add_parser("terms", help="report candidate terms not yet in the glossary",
                       description="Quoted strings, numbered formulas (三个X, 两X两X…) and N+N patterns found in the "
                                   "pages that no glossary entry covers.")
    p.add_argument("--discover", action="store_true", required=True, help="report candidates (the only mode)")
    add_archive_options(p, "print the candidates as JSON")
    p.set_defaults(func=cmd_terms)

    p = sub.add_parser("pinyin", help="word-level Hanyu Pinyin of a text",
                       description="Word-level Hanyu Pinyin with tone marks (GB/T 16159 orthography), with the "
                                   "archive's heteronym overrides (build_scripts/data/pinyin_overrides.tsv).")
    p.add_argument("text", nargs="+", help="Chinese text")
    p.set_defaults(func=cmd_pinyin)

    p = sub.add_parser("translation", help="report translation coverage and consistency",
                       description="For each document: how many printed headings and paragraphs are translated "
                                   "(draft or reviewed), which are missing, and the terminology and number "
                                   "violations (see source_texts/translations/SCHEMA.md).")
    p.add_argument("--language", default="en", help="the translation language (default: en)")
    add_archive_options(p, "print the coverage report as JSON")
    p.set_defaults(func=cmd_translation)

    p = sub.add_parser("lock", help="publish the archive's anchors: add the new ones to anchors.lock",
                       description="Add every anchor not yet in anchors.lock (beside source_texts/). Rows are "
                                   "never removed: 'duizhao check' and 'duizhao build' then stop if a published "
                                   "anchor would disappear without an alias.")
    p.add_argument("--root", default="source_texts", help="the source folder (default: source_texts)")
    p.set_defaults(func=cmd_lock)

    p = sub.add_parser("import", help="bring a corpus (JSONL, CSV or a folder of .txt) into source_texts/<collection>/",
                       description="Write each record's text verbatim to source_texts/<collection>/<id>.txt with a "
                                   "validated metadata sidecar <id>.yml, and collection.yml; the whole collection "
                                   "folder is replaced at once. Records that cannot be imported are reported as "
                                   "file:line: problem and skipped (exit 2); the others are imported. Web-text "
                                   "artifacts are cleaned when the text is parsed, as edits. See README, "
                                   "\"Importing a corpus\".")
    p.add_argument("input", help="a .jsonl or .csv file, or a folder of .txt files (fields: text, file, first_line)")
    p.add_argument("--collection", required=True, metavar="ID", help="the collection id (folder under source_texts/)")
    p.add_argument("--root", default="source_texts", help="the source folder (default: source_texts)")
    fields = p.add_argument_group("field mapping (which field of a record holds what)")
    fields.add_argument("--text", default="text", metavar="FIELD", help="the text (default: text)")
    fields.add_argument("--title", metavar="FIELD", help="the Chinese title")
    fields.add_argument("--title-en", metavar="FIELD", help="the English title")
    fields.add_argument("--date", metavar="FIELD", help="the date delivered or issued (YYYY-MM-DD)")
    fields.add_argument("--year", metavar="FIELD", help="the year, where only a year is known (YYYY)")
    fields.add_argument("--id", metavar="FIELD", help="a stable id (made lowercase-hyphenated); default: the "
                                                       "collection and a hash of the text")
    fields.add_argument("--url", metavar="FIELD", help="the source URL")
    const = p.add_argument_group("metadata the same for every record")
    const.add_argument("--issuer", metavar="ZH", help="the issuer in Chinese, e.g. 国务院")
    const.add_argument("--issuer-en", metavar="EN", help="the issuer in English, e.g. State Council")
    const.add_argument("--genre", help="e.g. \"government work report\"")
    const.add_argument("--licence", help="the licence, e.g. \"public domain\" (default: the collection's)")
    const.add_argument("--licence-url", metavar="URL", help="the licence's URL")
    const.add_argument("--format", choices=("web-text",), help="read every text as web text (default: recognised "
                                                              "from the text)")
    p.add_argument("--collection-meta", metavar="FILE.yml", help="collection.yml's content: title, description, "
                                                                 "source, licence, credit, notes")
    p.add_argument("--profile", choices=("national-gwr",), help="a corpus profile deriving ids, genres and stated "
                                                                "dates (build_scripts/importing/profiles.py)")
    p.add_argument("--json", action="store_true", help="print the import report as JSON")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("build", help="build everything from source_texts/: exports and the site",
                       description="Parse every page, write the JSON exports and build the site into site/. "
                                   "A failed build leaves the previous output intact.")
    p.add_argument("--no-site", action="store_true", help="skip the MkDocs site")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="build, then preview the site at http://127.0.0.1:8000/",
                       description="Build everything (as `duizhao build`), then serve site/ exactly as built, "
                                   "Chinese interface at /, English interface at /en/. Stop with Ctrl-C.")
    p.add_argument("--no-build", action="store_true", help="serve the site as it was last built")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("search", help="every occurrence of a word or phrase, in context, with citable links",
                       description="Keyword in context from search_index/ (made by 'duizhao build'): Chinese "
                                   "(simplified or traditional), pinyin (tuopin, tuo1pin2, tuōpín) or English; "
                                   "\"phrases\" in quotes; AND, OR, NOT and ( ). See README, \"Search\".")
    p.add_argument("query", nargs="*", help="the query (several words are joined with spaces)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the hits as JSON (see README)")
    out.add_argument("--csv", action="store_true", help="print the hits as CSV, one row per hit (see README)")
    p.add_argument("--limit", type=int, metavar="N", help="show N hits (totals count all; --csv: all by default)")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N hits (to page through them)")
    p.add_argument("--context", type=int, metavar="N", help="characters of context each side (default: 20)")
    p.add_argument("--doc", metavar="ID", help="search one document only")
    p.add_argument("--collection", metavar="NAME", help="search one collection only (a folder of source_texts/)")
    p.add_argument("--year", metavar="FROM-TO", help="search documents of these years only: 2019, 2015-2020, 2015-")
    p.add_argument("--queries", metavar="FILE", help="run each line of FILE as a query: one JSON object per line")
    p.add_argument("--as", dest="mode", default="auto", choices=("auto", "chinese", "pinyin", "english"),
                   help="read the query only as this (default: every way it can be read)")
    p.add_argument("--order", default="reading", choices=("reading", "relevance"),
                   help="hits in reading order (default) or by relevance")
    p.add_argument("--index", default="search_index", metavar="DIR", help="the index (default: search_index)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("timeline", help="how often a query is printed in each year, and its first and last use",
                       description="For every year of the archive: the hits of QUERY (any query 'duizhao search' "
                                   "accepts; both scripts), the paragraphs and documents they are in, the years "
                                   "with none, and the first and last use with document and anchor. See README, "
                                   "\"Timeline\".")
    p.add_argument("query", nargs="*", help="the query (several words are joined with spaces)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the timeline as JSON (see README)")
    out.add_argument("--csv", action="store_true", help="print one CSV row per year (see README)")
    p.add_argument("--index", default="search_index", metavar="DIR", help="the index (default: search_index)")
    p.add_argument("--root", default="source_texts",
                   help="the source folder whose sidecars give each document's year (default: source_texts)")
    p.set_defaults(func=cmd_timeline)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UserError as err:
        print(f"duizhao: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("duizhao: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # noqa: BLE001 - a bug or the machine (disk full): one line, not a traceback
        if os.environ.get("DUIZHAO_TRACEBACK"):
            raise
        print(f"duizhao: {unexpected(err)}", file=sys.stderr)
        return 1 if isinstance(err, OSError) else 70


def run() -> None:
    """The `duizhao` command: main(), then the process ends at once, its output flushed, without the interpreter's
    teardown, which freed a build's archive object by object (measured: 0.35 s of a one-page rebuild's 4 s).
    Every file is closed by then; tests call main(), which returns."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code)


def unexpected(err: Exception) -> str:
    """One line for an error no check foresaw. A failed write or read names its file; anything else is a bug in
    duizhao, said so, with the way to see where it happened."""
    if isinstance(err, OSError) and err.strerror:
        where = f"{err.filename}: " if err.filename else ""
        return f"{where}{err.strerror}"
    return (f"internal error ({type(err).__name__}: {err}): a bug in duizhao, please report it with the command; "
            "DUIZHAO_TRACEBACK=1 shows where it happened")


if __name__ == "__main__":
    raise SystemExit(main())
