"""The whole archive in memory: every page parsed and annotated with the glossary.

What the site, the search index and the archive-wide reports all start from.
"""
from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from build_scripts.terms.glossary import Glossary, load_glossary
from build_scripts.model import Block, Document, Occurrence
from build_scripts.cache import cached, files_key, handed_down, lookup, model_digest, seal, store_value
from build_scripts.progress import Progress
from build_scripts.pipeline import SOURCE_DIR, load_documents_with_inputs, page_files, page_inputs


@dataclass
class Archive:
    docs: list[Document]
    glossary: Glossary
    digests: list[bytes] = field(default_factory=list)  # each document's cache.model_digest, taken once
    key: str = ""  # archive_cache_key: what it is made from (set by load_archive)

    @cached_property
    def term_uses(self) -> dict[str, list[tuple[Document, Block, Occurrence]]]:
        """Term id → where it is printed (document, block, occurrence), in archive and reading order: one pass
        over the archive for every term page, not one per term."""
        found: dict[str, list] = {}
        for doc in self.docs:
            for block in doc.blocks:
                for occ in block.occurrences:
                    found.setdefault(occ.term_id, []).append((doc, block, occ))
        return found

    def doc(self, doc_id: str) -> Document:
        for doc in self.docs:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)


def archive_inputs(root: str | Path = SOURCE_DIR) -> list[Path]:
    """Every file the annotated archive is made from."""
    return [f for page in page_files(root) for f in page_inputs(page)] + sorted((Path(root) / "glossary").glob("*.yml"))


def load_archive(root: str | Path = SOURCE_DIR, progress: Progress | None = None) -> Archive:
    """As the process that forked this one handed it down (cache.preload, under archive_cache_key), else put
    together from the build cache's entries of its parts (_load_archive). Its documents are sealed (cache.seal): no
    later stage changes them.

    The whole archive is not stored as one entry: after each change of a page, pickling it again (12 MB) took
    0.13-0.16 s of CPU on the build's critical path, and reading it back saved nothing over reading its parts."""
    key = archive_cache_key(root)
    archive = handed_down(key, lambda: _load_archive(root, progress))
    archive.key = key
    seal(archive.docs, archive.digests)
    return archive


def archive_cache_key(root: str | Path = SOURCE_DIR) -> str:
    """The build cache's key of the annotated archive under `root`."""
    return files_key("archive", archive_inputs(root))


def checked_key(root: str | Path = SOURCE_DIR, archive: Archive | None = None) -> str:
    """The key of the archive's anchors as resolved against anchors.lock and of the translations that follow
    them: the archive's inputs (those of `archive`, when given: not read again), the lock and the translation
    files."""
    from build_scripts.anchors import LOCK_FILE
    from build_scripts.translation.translations import translation_files

    made_from = archive.key if archive is not None and archive.key else archive_cache_key(root)
    return files_key("checked\0" + made_from, [LOCK_FILE, *translation_files(root)])


def _load_archive(root: str | Path, progress: Progress | None) -> Archive:
    """Each part from the build cache where its own inputs are unchanged: the glossary (reading its YAML takes
    seconds), each page's parse, each document's annotation (a one-page change annotates one document again)."""
    from build_scripts.terms.annotate import annotate, matcher_for

    glossary_files = sorted((Path(root) / "glossary").glob("*.yml"))
    glossary_key = files_key("glossary-loaded", glossary_files)
    glossary = cached(glossary_key, lambda: load_glossary(Path(root) / "glossary"))  # a problem raises: never stored
    matcher = None
    docs, digests = [], []
    for doc, made_from in load_documents_with_inputs(root, progress):
        # keyed by what the document is made from, not by a hash of the document (a pickle of each: 0.3 s)
        key = hashlib.sha256(f"annotations\0{glossary_key}\0{made_from}".encode()).hexdigest()
        # its terms, and the annotated document's model_digest: both made once per version of the document
        found = lookup(key)
        if not (isinstance(found, tuple) and len(found[0]) == len(doc.blocks)):
            matcher = matcher or matcher_for(glossary)
            annotate(doc, glossary, matcher)
            made = [block.occurrences for block in doc.blocks]
            # as if read back from the cache: a document pickles the same whichever way its terms came (its
            # pickle is the key of everything made from it: cache.document_key)
            copy = pickle.loads(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
            for block, occurrences in zip(doc.blocks, copy):
                block.occurrences = occurrences
            found = (copy, model_digest(doc))
            store_value(key, (made, found[1]))
        for block, occurrences in zip(doc.blocks, found[0]):
            block.occurrences = occurrences
        docs.append(doc)
        digests.append(found[1])
    return Archive(docs, glossary, seal(docs, digests))
