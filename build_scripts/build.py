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

from build_scripts.errors import BuildFailure
from build_scripts.pipeline import page_files, parse_file
from build_scripts.writers import write

EXPORTS_DIR = Path("build/exports")
SITE_DIR = Path("site")


def build_all(site: bool = True, progress: Callable[[str], None] = print) -> dict:
    started = time.perf_counter()
    pages = page_files()
    if not pages:
        raise BuildFailure("no pages found under source_texts/")
    docs = []
    for page in pages:
        progress(f"parse  {page}")
        docs.append(parse_file(page))
    with replacing(EXPORTS_DIR) as out:
        for doc in docs:
            (out / f"{doc.id}.json").write_text(write("json", doc), encoding="utf-8")
        progress(f"export {len(docs)} document(s) → {EXPORTS_DIR}/")
        from build_scripts.cedict import write_subset

        subset = write_subset(out / "cedict-subset.json")  # the data of the site's tap dictionary
        progress(f"export CC-CEDICT subset ({len(subset) - 1} words, CC BY-SA 4.0) → {EXPORTS_DIR}/cedict-subset.json")
    if site:
        with replacing(SITE_DIR) as out:
            progress(f"site   mkdocs build → {SITE_DIR}/")
            run_mkdocs(out)
    report = {"documents": len(docs), "seconds": round(time.perf_counter() - started, 2)}
    progress(f"done   {report['documents']} document(s) in {report['seconds']} s")
    return report


def run_mkdocs(out: Path) -> None:
    # never --dirty: it writes an incomplete search index
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(out.resolve())]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise BuildFailure("mkdocs build failed: " + " | ".join(tail))


class replacing:
    """Build into a temporary sibling of `target`; on success swap it in, on failure delete it."""

    def __init__(self, target: Path):
        self.target = Path(target)

    def __enter__(self) -> Path:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.new-", dir=self.target.parent))
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return False
        old = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
        if self.target.exists():
            os.replace(self.target, old)
        os.replace(self.tmp, self.target)
        shutil.rmtree(old, ignore_errors=True)
        return False
