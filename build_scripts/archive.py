"""The whole archive in memory: every page parsed and annotated with the glossary.

What the site, the search index and the archive-wide reports all start from.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_scripts.terms.glossary import Glossary, load_glossary
from build_scripts.model import Document
from build_scripts.pipeline import SOURCE_DIR, load_documents


@dataclass
class Archive:
    docs: list[Document]
    glossary: Glossary

    def doc(self, doc_id: str) -> Document:
        for doc in self.docs:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)


def load_archive(root: str | Path = SOURCE_DIR) -> Archive:
    from build_scripts.terms.annotate import annotate, matcher_for

    glossary = load_glossary(Path(root) / "glossary")
    matcher = matcher_for(glossary)
    docs = load_documents(root)
    for doc in docs:
        annotate(doc, glossary, matcher)
    return Archive(docs, glossary)
