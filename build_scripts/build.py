"""`duizhao build`: source_texts/ → exports and site/, atomically.

Everything is built into a fresh temporary folder beside the target and swapped in only when the whole
build succeeded, so a failed build leaves the previous output intact.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from build_scripts.atomic import replacing
from build_scripts.errors import BuildFailure
from build_scripts.anchors import read_lock, resolve
from build_scripts.pipeline import load_documents, page_files
from build_scripts.writers import write

EXPORTS_DIR = Path("build/exports")
SITE_DIR = Path("site")


def build_all(site: bool = True, progress: Callable[[str], None] = print) -> dict:
    started = time.perf_counter()
    pages = page_files()
    if not pages:
        raise BuildFailure("no pages found under source_texts/")
    progress(f"parse  {len(pages)} page(s)")
    docs = load_documents()
    resolution = resolve(docs, read_lock())
    if resolution.problems:
        raise resolution.problems[0]  # a published anchor would break: nothing is written
    from build_scripts.terms.annotate import annotate
    from build_scripts.terms.glossary import load_glossary

    glossary = load_glossary()
    for doc in docs:
        annotate(doc, glossary)
    from build_scripts.translation.translations import translation_summary

    progress(translation_summary(docs, glossary=glossary))  # an invalid translation file stops the build (exit 2)
    with replacing(EXPORTS_DIR) as out:
        for doc in docs:
            (out / f"{doc.id}.json").write_text(write("json", doc), encoding="utf-8")
        progress(f"export {len(docs)} document(s) → {EXPORTS_DIR}/")
        from build_scripts.terms.cedict import write_subset

        subset = write_subset(out / "cedict-subset.json", docs)  # the data of the site's tap dictionary
        progress(f"export CC-CEDICT subset ({len(subset) - 1} words, CC BY-SA 4.0) → {EXPORTS_DIR}/cedict-subset.json")
    from build_scripts.search.index import INDEX_DIR, build_search_index

    build_search_index(docs, glossary=glossary, target=INDEX_DIR, progress=progress)  # atomic too: a failure keeps the old index
    if site:
        with replacing(SITE_DIR) as out:
            progress(f"site   mkdocs build → {SITE_DIR}/")
            run_mkdocs(out)
    report = {"documents": len(docs), "seconds": round(time.perf_counter() - started, 2)}
    if site:
        from build_scripts.site.report import report_lines, site_report

        report["site"] = site_report(SITE_DIR, docs, report["seconds"])
        for line in report_lines(report["site"]):
            progress(line)
        (EXPORTS_DIR.parent / "build-report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    progress(f"done   {report['documents']} document(s) in {report['seconds']} s")
    return report


# The site in its two interface languages: Chinese at the root, English in en/ (mkdocs.en.yml).
SITE_CONFIGS = (("mkdocs.yml", "."), ("mkdocs.en.yml", "en"))


def run_mkdocs(out: Path) -> None:
    """Both interface languages at once (one process each), each into a folder of its own, then en/ is moved
    into place: a build cleans its folder, so they must not share one."""
    scratch = Path(tempfile.mkdtemp(prefix=".mkdocs-", dir=out.parent))
    try:
        runs = []
        for config, folder in SITE_CONFIGS:
            target = out if folder == "." else scratch / folder
            # never --dirty: it writes an incomplete search index
            cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", config,
                   "--site-dir", str(target.resolve())]
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # Material's notice about MkDocs 2 is not ours to act on
            runs.append((config, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                                  env=env)))
        for config, run in runs:
            stdout, stderr = run.communicate()
            if run.returncode != 0:
                tail = (stderr or stdout).strip().splitlines()[-5:]
                raise BuildFailure(f"mkdocs build ({config}) failed: " + " | ".join(tail))
        for _, folder in SITE_CONFIGS:
            if folder != ".":
                os.replace(scratch / folder, out / folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
