"""`duizhao check`: every page and data file of the archive, validated, with all problems listed."""
from __future__ import annotations

from pathlib import Path

from build_scripts.errors import UserError
from build_scripts.ocr.metadata import load_collection
from build_scripts.pipeline import page_files, parse_file


def run_checks(root: str | Path = "source_texts") -> tuple[list[str], list[str]]:
    problems: list[str] = []
    warnings: list[str] = []
    pages = page_files(root)
    if not pages:
        problems.append(f"{root}: no pages found (expected {root}/<collection>/<page>.txt)")
    ids: dict[str, Path] = {}
    docs = []
    for page in pages:
        try:
            doc = parse_file(page)
        except UserError as err:
            problems.append(str(err))
            continue
        if doc.id in ids:
            problems.append(f"{page}: document id '{doc.id}' is also used by {ids[doc.id]}")
        ids[doc.id] = page
        docs.append(doc)
        for edit in doc.edits:
            if edit.kind == "gap":
                warnings.append(f"{page}:{edit.line}: unrestored dropped glyph: {edit.note}")
    for folder in sorted({page.parent for page in pages}):
        try:
            load_collection(folder)
        except UserError as err:
            problems.append(str(err))
    glossary_dir = Path(root) / "glossary"
    if glossary_dir.is_dir():
        from build_scripts.terms.validate import validate_glossary

        more_problems, more_warnings = validate_glossary(glossary_dir, docs=docs)
        problems.extend(more_problems)
        warnings.extend(more_warnings)
    if (Path(root) / "translations").is_dir():
        from build_scripts.terms.glossary import Glossary, read_glossary
        from build_scripts.translation.translations import check_translations

        glossary = read_glossary(glossary_dir) if glossary_dir.is_dir() else Glossary(str(glossary_dir))
        more_problems, more_warnings = check_translations(docs, glossary, root)  # missing segments: warnings
        problems.extend(more_problems)
        warnings.extend(more_warnings)
    return problems, warnings
