"""MkDocs hooks (mkdocs.yml `hooks:`): the generated pages and data files of the site.

The pages are made at build time from the document model and never written into docs/, so `mkdocs build`,
`mkdocs serve` and `duizhao build` all show the archive as it is in source_texts/.
"""
from __future__ import annotations

import json
import logging
import os

from mkdocs.structure.files import File

from build_scripts.archive import load_archive
from build_scripts.chars import is_han
from build_scripts.site.documents_page import documents_markdown
from build_scripts.site.glossary_pages import glossary_data, index_markdown, term_markdown, term_path
from build_scripts.site.reading_data import reading_data, script, source_data
from build_scripts.site.reading_page import page_path, reading_markdown
from build_scripts.site.timelines import comparison_data, term_timelines
from build_scripts.site.ui import HTML_LANG

log = logging.getLogger("mkdocs.plugins.duizhao")
DATA = "assets/duizhao/data"
SOURCE_ENV = "DUIZHAO_SOURCE"  # the source folder the site is built from (default source_texts/): tests build others
_state: dict = {}


def interface_language(config) -> str:
    return "en" if str(config.theme["language"]).startswith("en") else "zh"


def on_config(config):
    from build_scripts.translation.translations import translations_for

    archive = load_archive(os.environ.get(SOURCE_ENV, "source_texts"))
    _state["archive"] = archive
    _state.pop("timelines", None)  # made again from each archive loaded
    _state["translations"] = translations_for(os.environ.get(SOURCE_ENV, "source_texts"))
    # The reading pages go into the nav under the documents index (a section with an index page).
    docs_nav = ["documents/index.md"] + [{f"{d.title or d.id} · p.{(d.metadata.get('publication') or {}).get('page')}":
                                          page_path(d.id)} for d in archive.docs]
    nav = config.nav or []
    for i, item in enumerate(nav):
        if isinstance(item, dict):
            (title, target), = item.items()
            if target == "documents/index.md":
                nav[i] = {title: docs_nav}
    return config


def generated_files(config) -> dict[str, str]:
    """src_uri → content of every generated page and data file."""
    archive = _state["archive"]
    lang = interface_language(config)
    site_url = config.site_url or ""
    if lang == "en" and site_url.rstrip("/").endswith("/en"):
        site_url = site_url.rstrip("/")[:-3]  # citations always give the canonical (Chinese interface) address
    out = {"documents/index.md": documents_markdown(archive, lang),
           "glossary/index.md": index_markdown(archive, lang),
           f"{DATA}/glossary.js": script("glossary", "terms", glossary_data(archive))}
    words: set[str] = set()
    for doc in archive.docs:
        reading = reading_data(doc)
        words |= {w for entry in reading.values() for w, _ in entry["t"] if any(is_han(c) for c in w)}
        out[page_path(doc.id)] = reading_markdown(doc, lang, site_url, _state["translations"].get(doc.id))
        out[f"documents/{doc.id}.ocr.txt"] = "\n".join(doc.raw_lines) + "\n"
        out[f"{DATA}/{doc.id}.reading.js"] = script("reading", doc.id, reading)
        out[f"{DATA}/{doc.id}.source.js"] = script("source", doc.id, source_data(doc))
    timelines = _state.get("timelines")
    if timelines is None:
        timelines = _state["timelines"] = term_timelines(archive)
    for term in archive.glossary:
        out[term_path(term.id)] = term_markdown(archive, term, lang, timelines[term.id])
    # loaded by the "terms over time" page only (docs/terms-over-time.md)
    out[f"{DATA}/timelines.js"] = script("timelines", "archive", comparison_data(archive, timelines))
    from build_scripts.terms.cedict import archive_words, build_subset

    from build_scripts.search.site_data import site_search_data

    out[f"{DATA}/search.js"] = script("search", "archive",
                                      site_search_data(archive.docs, archive.glossary, _state["translations"]))
    words |= archive_words(archive.docs)
    words |= {c for w in words for c in w if is_han(c)}
    out[f"{DATA}/cedict.js"] = script("cedict", "words", build_subset(words))
    return out


def on_files(files, config):
    made = generated_files(config)
    for src_uri, content in made.items():
        files.append(File.generated(config, src_uri, content=content))
    log.info("duizhao: %d generated pages and data files", len(made))
    return files


def on_post_page(output: str, page, config):
    lang = HTML_LANG[interface_language(config)]
    return output.replace('<html lang="zh"', f'<html lang="{lang}"', 1) if lang != "en" else output
