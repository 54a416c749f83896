"""The reading page of one document, as Markdown for MkDocs: headings become Markdown headings (so Material
builds the table of contents and search sections from them), paragraphs are HTML blocks with their anchors."""
from __future__ import annotations

import json
import re
from collections import Counter
from html import escape

from build_scripts.model import Block, Document
from build_scripts.search.kwic import page_path as site_path
from build_scripts.site.citation import Source, citation_templates, csl_item
from build_scripts.site.raw_html import RawBlocks
from build_scripts.site.render import text_html
from build_scripts.site.ui import t

HEADING_MARKS = {1: "##", 2: "###"}
MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]{}#+-!|"})


def page_path(doc_id: str) -> str:
    return f"documents/{doc_id}.md"


def implied_heading_page(doc: Document) -> int | None:
    """The page that prints the heading of a section this page continues, where that is certain: a page
    continued from page 1 has only page 1 before it. From a later page the text may itself be continued, so
    the heading's page is not known."""
    return 1 if doc.continues_from_page == 1 else None


def implied_note(doc: Document, lang: str) -> str:
    """What stands in for the title of a heading printed on another page: where to find it, never a title."""
    page = implied_heading_page(doc)
    return t("implied_on_page", lang, n=page) if page else t("implied_earlier", lang)


def implied_label(block: Block) -> str:
    return f"{block.label}、" if block.level == 1 else block.label


def mark_implied_in_toc(html: str, doc: Document, lang: str) -> str:
    """Material writes a heading's table-of-contents entry as plain text: there, too, the note of an implied
    heading is muted (dz-implied), so it does not read as the heading's title."""
    note = escape(implied_note(doc, lang))
    for block in doc.blocks:
        if block.kind == "heading" and block.implied:
            label = escape(implied_label(block))
            html = re.sub(rf'(<a href="#{re.escape(block.anchor)}" class="md-nav__link">\s*<span class="md-ellipsis">\s*)'
                          rf'{re.escape(label + note)}',
                          lambda m: f'{m.group(1)}{label}<span class="dz-implied">{note}</span>', html)
    return html


def heading_markdown(doc: Document, block: Block, lang: str, glossary_href) -> str:
    marks = HEADING_MARKS.get(block.level or 2, "###")
    if block.implied:
        inner = (f'<span class="dz-text">{escape(implied_label(block))}</span>'
                 f'<span class="dz-implied" lang="{"zh-Hans" if lang == "zh" else "en"}">'
                 f'{implied_note(doc, lang)}</span>')
    else:
        inner = f'<span class="dz-text" data-anchor="{block.anchor}">{text_html(doc, block, glossary_href)}</span>'
    return f'{marks} {inner} {{: #{block.anchor} .dz-h lang="zh-Hans" data-anchor="{block.anchor}" }}'


def english_html(block: Block, translation, tag: str = "div") -> str:
    """The block's translation, if there is one: anchor `<anchor>-en`, hidden until the reader turns it on."""
    segment = translation.segments.get(block.anchor) if translation else None
    if segment is None:
        return ""
    return (f'<{tag} class="dz-en" id="{block.anchor}-en" lang="en" data-en-for="{block.anchor}" '
            f'data-status="{segment.status}">{escape(segment.text)}</{tag}>')


def paragraph_html(doc: Document, block: Block, glossary_href, translation=None) -> str:
    """A row: the paragraph, then its translation (beside it on wide screens, below it on phones)."""
    classes = "dz-p dz-cont" if block.continued_from_previous_page else "dz-p"
    first, last = block.source_lines or (None, None)
    return (f'<div class="dz-row" data-row="{block.anchor}">'
            f'<p id="{block.anchor}" class="{classes}" lang="zh-Hans" data-anchor="{block.anchor}" '
            f'data-lines="{first}-{last}"><span class="dz-text" data-anchor="{block.anchor}">'
            f'{text_html(doc, block, glossary_href)}</span></p>{english_html(block, translation)}</div>')


def translation_note(translation, lang: str) -> str:
    if translation is None:
        return ""
    drafts = sum(1 for s in translation.segments.values() if s.status == "draft")
    status = (f"{len(translation.segments)} 段译文，{drafts} 段为初稿" if lang == "zh" else
              f"{len(translation.segments)} segments, {drafts} of them drafts")
    return (f'<dt>{t("translation", lang)}</dt><dd><span lang="en">{escape(translation.label)} '
            f'{escape(translation.translator)}.</span> {status}.</dd>')


def _row(label: str, value: str | None, lang: str) -> str:
    shown = escape(value) if value else f'<em class="dz-unknown">{t("unknown", lang)}</em>'
    return f"<dt>{escape(label)}</dt><dd>{shown}</dd>"


def about_panel(doc: Document, lang: str, translation=None) -> str:
    m = doc.metadata
    doc_meta, pub = m.get("document") or {}, m.get("publication") or {}
    pick = (lambda d: (d or {}).get("zh") if lang == "zh" else ((d or {}).get("en") or (d or {}).get("zh")))
    speaker = doc_meta.get("speaker") or {}
    speaker_text = pick(speaker)
    if speaker_text and speaker.get("role") and lang == "en":
        speaker_text += f", {speaker['role']}"
    cont = []
    if doc.continues_from_page:
        cont.append(t("continued_from", lang, n=doc.continues_from_page))
    if doc.continues_to_page:
        cont.append(t("continues_on", lang, n=doc.continues_to_page))
    kinds = Counter(e.kind for e in doc.edits)
    conjectures = kinds.get("conjecture", 0)
    rows = [
        _row(t("issuer", lang), pick(doc_meta.get("issuer")), lang),
        _row(t("speaker", lang), speaker_text, lang),
        _row(t("occasion", lang), pick(doc_meta.get("occasion")), lang),
        _row(t("delivered", lang), str(doc_meta["delivered"]) if doc_meta.get("delivered") else None, lang),
        _row(t("publication", lang), pick(pub.get("name")), lang),
        _row(t("publication_date", lang), str(pub["date"]) if pub.get("date") else None, lang),
        _row(t("page", lang), str(pub["page"]) if pub.get("page") else None, lang),
        _row(t("continuation", lang), "；".join(cont) if lang == "zh" else "; ".join(cont), lang),
        f'<dt>{t("edits", lang)}</dt><dd>{escape(t("edits_summary", lang, n=len(doc.edits), c=conjectures))}: '
        + ", ".join(f"{k} {n}" for k, n in kinds.most_common()) + "</dd>",
        f'<dt>{t("source_file", lang)}</dt><dd>' + "<br>".join(
            f'<a href="{page.id}.ocr.txt">{escape(page.id)}.ocr.txt</a> '
            f'(<a class="dz-raw-view" href="{page.id}.ocr.html">{t("raw_view", lang)}</a>) '
            f'<code>{escape(page.source_path)}</code>' for page in doc.pages) + '</dd>',
        translation_note(translation, lang),
    ]
    return (f'<details class="dz-about" id="about"><summary>{t("about", lang)}</summary>'
            f'<dl>{"".join(rows)}</dl></details>')


def reading_markdown(doc: Document, lang: str, site_url: str | None, translation=None,
                     raw: RawBlocks | None = None) -> str:
    """`site_url`: the site's public address, or None while it has none (citations then give the address the
    reader is on, with a note that says so). With `raw`, the paragraph rows go there (raw_html.py)."""
    glossary_href = lambda term_id: f"../glossary/{term_id}.html"  # noqa: E731
    title = doc.title or doc.id
    page = (doc.metadata.get("publication") or {}).get("page")
    heading = f"{title} · 第{page}版" if page else title
    doc_data = {"id": doc.id, "path": site_path(doc.id), "base": site_url or None,
                "cite": citation_templates(doc), "csl": csl_item(Source(doc)), "translation": bool(translation)}
    out = [
        "---",
        f"title: {json.dumps(heading, ensure_ascii=False)}",
        "---",
        "",
        f'# {escape(heading).translate(MARKDOWN_SPECIALS)} {{: #top lang="zh-Hans" }}',
        "",
        f"<div id=\"dz-doc\" data-doc='{escape(json.dumps(doc_data, ensure_ascii=False), quote=True)}'></div>",
        "",
        about_panel(doc, lang, translation),
        "",
        '<div id="dz-toolbar" class="dz-toolbar"></div>',
        "",
    ]
    for block in doc.blocks:
        if block.kind == "heading":
            out += [heading_markdown(doc, block, lang, glossary_href), ""]
            if english_html(block, translation):
                out += [english_html(block, translation, "p"), ""]
        elif raw is not None:
            out += [raw.mark(paragraph_html(doc, block, glossary_href, translation)), ""]
        else:
            out += [paragraph_html(doc, block, glossary_href, translation), ""]
    return "\n".join(out)
