"""`duizhao check`: every page and data file of the archive, validated, with all problems listed."""
from __future__ import annotations

from pathlib import Path

from build_scripts.errors import UserError
from build_scripts.anchors import LOCK_FILE, read_lock, resolve, unlocked
from build_scripts.ocr.metadata import load_collection
from build_scripts.ocr.corrections import stale_corrections
from build_scripts.pipeline import load_documents_reporting, page_files


def run_checks(root: str | Path = "source_texts") -> tuple[list[str], list[str]]:
    problems: list[str] = []
    warnings: list[str] = []
    pages = page_files(root)
    if not pages:
        problems.append(f"{root}: no pages found (expected {root}/<collection>/<page>.txt)")
    docs, more_problems = load_documents_reporting(root)
    problems.extend(more_problems)
    for doc in docs:
        for page in doc.pages:
            problems.extend(str(p) for p in stale_corrections(Path(page.source_path), page.raw_lines))
            for edit in page.edits:
                if edit.kind == "gap":
                    warnings.append(f"{page.source_path}:{edit.line}: unrestored dropped glyph: {edit.note}")
    lock = Path(root).parent / LOCK_FILE
    try:
        locked = read_lock(lock)
        problems.extend(str(p) for p in resolve(docs, locked, lock).problems)
        new = unlocked(docs, locked)
        if new:
            warnings.append(f"{lock}: {new} anchor(s) not yet published in it (run `duizhao lock` when publishing)")
    except UserError as err:
        problems.append(str(err))
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
