"""MkDocs hooks (mkdocs.yml `hooks:`): the generated pages and data files of the site.

The pages are made at build time from the document model and never written into docs/, so `mkdocs build`,
`mkdocs serve` and `duizhao build` all show the archive as it is in source_texts/.
"""
from __future__ import annotations

import json
import logging
import os

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from build_scripts.anchors import read_lock, resolve
from build_scripts.archive import checked_key, load_archive
from build_scripts.cache import handed_down
from build_scripts.site.aliases import redirect_page, with_alias_targets
from build_scripts.site.citation import meta_html
from build_scripts.site.data_files import DATA, DATA_WRITTEN_BY_PARENT, archive_files, site_data_files
from build_scripts.site.documents_page import documents_markdown
from build_scripts.site.glossary_pages import concordance, index_markdown, term_markdown, term_path
from build_scripts.site.page_cache import FROM_CACHE, PageCache, listing_installed_themes_once, with_cached_template
from build_scripts.site.raw_html import RawBlocks
from build_scripts.site.reading_data import script
from build_scripts.site.reading_page import mark_implied_in_toc, page_path, reading_markdown
from build_scripts.site.timelines import comparison_data, term_timelines
from build_scripts.site.ui import HTML_LANG

log = logging.getLogger("mkdocs.plugins.duizhao")
COLLECTIONS_MARK = "<!-- duizhao:collections -->"
SOURCE_ENV = "DUIZHAO_SOURCE"  # the source folder the site is built from (default source_texts/): tests build others
_state: dict = {}


def interface_language(config) -> str:
    return "en" if str(config.theme["language"]).startswith("en") else "zh"


def on_config(config):
    from build_scripts.translation.translations import translations_for

    listing_installed_themes_once(config.theme)
    root = os.environ.get(SOURCE_ENV, "source_texts")
    archive = _state["archive"] = load_archive(root)
    _state.pop("timelines", None)  # made again from each archive loaded

    def checked():
        resolution = resolve(archive.docs, read_lock())
        return resolution, translations_for(root, resolution=resolution)  # segments follow moved anchors

    # as `duizhao build` checked them before it forked this build, or checked here (mkdocs serve)
    _state["anchors"], _state["translations"] = handed_down(checked_key(root), checked)
    # The reading pages are reached from the documents index (collections, years), not listed in the nav: a nav
    # of every document would be repeated in every page, and grow with the archive.
    return config


def canonical_site_url(config) -> str | None:
    """The site's public address, or None while it has none. Citations always give the Chinese interface's
    address, the canonical one, also from the English interface (built with site_url …/en/)."""
    site_url = (config.site_url or "").strip()
    if interface_language(config) == "en" and site_url.rstrip("/").endswith("/en"):
        site_url = site_url.rstrip("/")[:-3] + "/"
    return site_url or None


def generated_files(config) -> dict[str, str]:
    """src_uri → content of every generated page, and of the data files made from the pages' own inputs. The
    archive's data files (data_files.archive_files) are not among them: they are written after the pages
    (on_post_build), since no page's HTML depends on them."""
    archive = _state["archive"]
    lang = interface_language(config)
    site_url = canonical_site_url(config)
    out = {"documents/index.md": documents_markdown(archive, lang), "glossary/index.md": index_markdown(archive, lang)}
    raw_html = _state["raw_html"] = {}  # src_uri → the page's HTML blocks kept out of Markdown (raw_html.py)
    anchors = _state["anchors"]
    extra = _state["page_extra"] = {}  # src_uri → what the hooks add to a page's HTML (page_cache.py)
    for doc in archive.docs:
        path = page_path(doc.id)
        out[path], raw_html[path], doc_key = cached_reading_page(doc, lang, site_url,
                                                                 _state["translations"].get(doc.id))
        # its citation tags and implied headings (on_post_page), its alias targets (on_page_content)
        extra[path] = doc_key + json.dumps(anchors.aliases.get(doc.id) or {}, ensure_ascii=False, sort_keys=True,
                                           default=str)
    for old_id, new_id in anchors.moved_documents.items():
        doc = archive.doc(new_id)
        out[f"documents/{old_id}.html"] = redirect_page(old_id, new_id, anchors.aliases.get(old_id, {}),
                                                        doc.title or doc.id)
    timelines = _state.get("timelines")
    if timelines is None:
        timelines = _state["timelines"] = term_timelines(archive)
    for term in archive.glossary:
        out[term_path(term.id)], raw_html[term_path(term.id)] = cached_term_page(archive, term, lang,
                                                                                 timelines[term.id])
    # loaded by the "terms over time" page only (docs/terms-over-time.md)
    out[f"{DATA}/timelines.js"] = script("timelines", "archive", comparison_data(archive, timelines))
    return out


def cached_reading_page(doc, lang: str, site_url: str | None, translation) -> tuple[str, RawBlocks, str]:
    """A reading page's Markdown and HTML blocks, cached under the document, its translation and the address
    (returned too): a one-page change makes one page again."""
    import pickle

    from build_scripts.cache import cached, document_key

    key = document_key(doc, "reading-page", lang, site_url or "", pickle.dumps(translation, protocol=5).hex())

    def make() -> tuple[str, RawBlocks]:
        raw = RawBlocks()
        return reading_markdown(doc, lang, site_url, translation, raw), raw

    return (*cached(key, make), key)


def cached_term_page(archive, term, lang: str, timeline) -> tuple[str, RawBlocks]:
    """A glossary term's page, cached under everything it shows: the term, its timeline and its concordance
    (a one-page change makes again only the pages of the terms whose uses it changed)."""
    import hashlib
    import pickle

    from build_scripts.cache import cached, code_fingerprint

    rows = concordance(archive, term.id)
    digest = hashlib.sha256(f"term-page\0{code_fingerprint()}\0{lang}\0".encode())
    digest.update(pickle.dumps((term, timeline, rows), protocol=5))

    def make() -> tuple[str, RawBlocks]:
        raw = RawBlocks()
        return term_markdown(archive, term, lang, timeline, raw, rows), raw

    return cached(digest.hexdigest(), make)


def on_files(files, config):
    made = generated_files(config)
    for src_uri, content in made.items():
        files.append(File.generated(config, src_uri, content=content))
    log.info("duizhao: %d generated pages and data files", len(made))
    return files


def on_nav(nav, config, files):
    _state["page_cache"] = PageCache(config, files, nav)
    if not hasattr(Page.render, "renders_every_page"):
        Page.render = _skipping_cached_pages(Page.render)
    return nav


def _skipping_cached_pages(render):
    """Page.render, except for a page whose HTML comes from the page cache (on_page_markdown emptied it and
    on_post_page puts the stored HTML in its place): it is given what rendering its empty Markdown gives, without
    making the Markdown instance with every extension that MkDocs makes for each page (most of a warm build's
    page time)."""
    from mkdocs.structure.toc import get_toc

    def render_page(page, config, files):
        if not getattr(page, FROM_CACHE, False):  # (a flag on the page: this module may be loaded more than once)
            return render(page, config, files)
        page.content, page.toc, page._title_from_render = "", get_toc([]), None
        page.present_anchor_ids, page.links_to_anchors = set(), {}

    render_page.renders_every_page = render
    return render_page


def on_env(env, config, files):
    return with_cached_template(env)


def on_page_markdown(markdown: str, page, config, files):
    """The home page lists the archive's collections as they are now."""
    if COLLECTIONS_MARK in markdown:
        from build_scripts.site.documents_page import collections_summary_markdown

        markdown = markdown.replace(COLLECTIONS_MARK, collections_summary_markdown(_state["archive"],
                                                                                   interface_language(config)))
    raw = _state.get("raw_html", {}).get(page.file.src_uri)
    cache = _state.get("page_cache")
    if cache is not None and cache.reuse(page, markdown, raw.blocks if raw is not None else [],
                                         _state.get("page_extra", {}).get(page.file.src_uri, "")):
        return ""  # its HTML comes from the cache (on_post_page)
    return markdown


def on_page_content(html: str, page, config, files):
    """A generated page gets its HTML blocks back (raw_html.py); published anchors that moved within
    a document keep landing on their block."""
    cache = _state.get("page_cache")
    if cache is not None and cache.is_hit(page):
        return html
    raw = _state.get("raw_html", {}).get(page.file.src_uri)
    if raw is not None:
        html = raw.restore(html)
    aliases = _state["anchors"].aliases
    for doc in _state["archive"].docs:
        if page.file.src_uri == page_path(doc.id) and aliases.get(doc.id):
            return with_alias_targets(html, aliases[doc.id])
    return html


def on_post_page(output: str, page, config):
    cache = _state.get("page_cache")
    if cache is not None and cache.is_hit(page):
        return cache.output(page)
    output = finished_page(output, page, config)
    if cache is not None:
        cache.keep(page, output)
    return output


def finished_page(output: str, page, config) -> str:
    lang = HTML_LANG[interface_language(config)]
    if lang != "en":
        output = output.replace('<html lang="zh"', f'<html lang="{lang}"', 1)
    doc = reading_doc(page.file.src_uri)
    if doc is not None:  # Zotero and Google Scholar read the citation_* tags of a reading page
        output = output.replace("</head>", meta_html(doc, canonical_site_url(config)) + "</head>", 1)
        output = mark_implied_in_toc(output, doc, interface_language(config))
    return output


def on_post_build(config):
    """The archive's data files into the site, unless the process that forked this build writes them itself
    (`duizhao build` makes them while this build renders its pages: build.start_mkdocs)."""
    if handed_down(DATA_WRITTEN_BY_PARENT, lambda: False):
        return
    from mkdocs import utils

    data = archive_files(_state["archive"], _state["translations"])
    for path, content in site_data_files(data, interface_language(config)).items():
        utils.write_file(content.encode("utf-8"), os.path.join(config.site_dir, path))


def reading_doc(src_uri: str):
    """The document a generated reading page shows, or None for any other page."""
    archive = _state.get("archive")
    if archive is None or not src_uri.startswith("documents/") or not src_uri.endswith(".md"):
        return None
    doc_id = src_uri[len("documents/"):-len(".md")]
    return next((d for d in archive.docs if d.id == doc_id), None)
