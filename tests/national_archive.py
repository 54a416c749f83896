"""An archive of the national government work reports, made from the shared corpus for tests and benchmarks.

Until the national collection is imported into source_texts/ (issue 11), tests that need the 70 years of
reports build this archive in a temporary folder: the seed page and the glossary copied from source_texts/,
and one clean-text page per report (one paragraph per line, the form the parser reads as
`paragraph-per-line`) with a sidecar that states its year and nothing it does not know.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path("/work/shared/corpora/national-gwr/government_work_reports.jsonl")
COLLECTION = "national-gwr"


def corpus_reports(corpus: Path = CORPUS) -> list[dict]:
    """The reports (records with a year; the NPC resolutions on them have none), oldest first."""
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted((r for r in records if r.get("year")), key=lambda r: int(r["year"]))


def paragraphs(content: str) -> list[str]:
    return [line.strip().strip("\u3000") for line in content.split("\n") if line.strip().strip("\u3000")]


def sidecar(report: dict, doc_id: str, traditional: bool) -> str:
    title = json.dumps(report["title"], ensure_ascii=False)
    return "\n".join([
        "schema: duizhao-page/1", f"id: {doc_id}", "title:", f"  zh: {title}", "  en: null", "document:",
        "  genre: government work report", "  issuer:", "    zh: 国务院", "    en: State Council",
        f"  year: {int(report['year'])}", "publication:", "  name: null", "  date: null", "  page: null",
        "continuation:", "  from_page: null", "  to_page: null", f"language: {'zh-Hant' if traditional else 'zh-Hans'}",
        f"notes: {json.dumps('Text from ' + report['url'], ensure_ascii=False)}", ""])


def write_national_archive(target: Path, corpus: Path = CORPUS, years: set[int] | None = None) -> Path:
    """source_texts-like folder at `target`: glossary, seed page, and the reports (those of `years`, or all)."""
    from build_scripts.chinese_script import converter

    target = Path(target)
    shutil.copytree(ROOT / "source_texts" / "glossary", target / "glossary")
    shutil.copytree(ROOT / "source_texts" / "lvliang-2020-gwr", target / "lvliang-2020-gwr")
    folder = target / COLLECTION
    folder.mkdir(parents=True)
    t2s = converter("t2s")
    for report in corpus_reports(corpus):
        year = int(report["year"])
        if years is not None and year not in years:
            continue
        text = "\n".join(paragraphs(report["content"])) + "\n"
        doc_id = f"{COLLECTION}-{year}"
        changed = sum(1 for a, b in zip(text, t2s.convert(text)) if a != b)
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        (folder / f"{doc_id}.yml").write_text(sidecar(report, doc_id, changed > len(text) // 50), encoding="utf-8")
    return target
