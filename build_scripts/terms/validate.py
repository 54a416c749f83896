"""The glossary checked against the pages: terms that occur nowhere, and report quotes that no page holds.

Apart from glossary.py because it needs annotation, which itself needs the glossary.
"""
from __future__ import annotations

from pathlib import Path

from build_scripts.errors import UserError
from build_scripts.pipeline import page_files, parse_file
from build_scripts.terms.annotate import occurrence_index
from build_scripts.terms.glossary import (GLOSSARY_DIR, RENDERING, Glossary, match_key, read_glossary, rendering_kind,
                                         source_date)
from build_scripts.yamldata import load_yaml


def validate_glossary(folder: str | Path = GLOSSARY_DIR, pages_root: str | Path | None = None,
                      docs: list | None = None) -> tuple[list[str], list[str]]:
    """For `duizhao check`: (problems, warnings), each `file:line: problem`.

    Warnings: terms that occur in no page. Problems: everything `read_glossary` finds, and sources marked as
    the report itself (url null) whose quote is in no page. Pages are those under `pages_root` (default: the
    folder's parent, i.e. source_texts/); pages that fail to parse are left to the page checks.
    """
    glossary = read_glossary(folder)
    problems = [str(p) for p in glossary.problems]
    warnings: list[str] = []
    if docs is None:
        docs = []
        for page in page_files(pages_root if pages_root is not None else Path(folder).parent):
            try:
                docs.append(parse_file(page))
            except UserError:
                continue
    index = occurrence_index(docs, glossary)
    for t in glossary.terms:
        if not index.get(t.id):
            warnings.append(f"{t.source_file}:{t.line}: term '{t.term}' ({t.id}) occurs in no page")
    warnings.extend(rendering_date_warnings(glossary))
    if docs:
        problems.extend(_report_quote_problems(glossary, docs))
    return problems, warnings


def rendering_date_warnings(glossary: Glossary) -> list[str]:
    """The preferred rendering is the latest official one: an alternate rendering whose source is dated later than
    the preferred rendering's source is a warning (undated sources are not compared). Alternates marked as a
    gloss, a variant or unofficial are not names that compete, so their dates do not count."""
    warnings = []
    for t in glossary.terms:
        preferred = source_date(t.en)
        if preferred is None:
            continue
        for alt in t.en_alternates:
            if rendering_kind(alt) != RENDERING:
                continue
            later = source_date(alt)
            if later is not None and later > preferred:
                warnings.append(f"{t.source_file}:{t.line}: term '{t.term}' ({t.id}): the alternate '{alt['text']}' "
                                f"has a later source ({later}) than the preferred rendering ({preferred})")
    return warnings


def _report_quote_problems(glossary: Glossary, docs: list) -> list[str]:
    """A source with url null claims to be the report itself: its quote must be in a page."""
    texts = [match_key(b.text) for d in docs for b in d.blocks if b.text]
    problems = []
    for t in glossary.terms:
        located = None
        sources = [(("en", "source"), t.en.get("source"))]
        sources += [(("en_alternates", j, "source"), alt["source"]) for j, alt in enumerate(t.en_alternates)]
        for key_path, source in sources:
            if source is None or source.get("url") is not None:
                continue
            quote = match_key(source["quote"])
            if not any(quote in text for text in texts):
                if located is None:
                    located = load_yaml(t.source_file)
                    index = next(i for i in range(len(located.data)) if located.line((i,)) == t.line)
                problems.append(str(located.error((index, *key_path, "quote"), "the source's url is null (the report "
                                                  "itself) but its quote is in no page")))
    return problems
