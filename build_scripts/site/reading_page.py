"""The reading page of one document, as Markdown for MkDocs: headings become Markdown headings (so Material
builds the table of contents and search sections from them), paragraphs are HTML blocks with their anchors."""
from __future__ import annotations

import json
from collections import Counter
from html import escape

from build_scripts.model import Block, Document
from build_scripts.site.citation import citation_templates, page_url
from build_scripts.site.render import text_html
from build_scripts.site.ui import t

HEADING_MARKS = {1: "##", 2: "###"}
MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]{}#+-!|"})


def page_path(doc_id: str) -> str:
    return f"documents/{doc_id}.md"


def heading_markdown(doc: Document, block: Block, lang: str, glossary_href) -> str:
    marks = HEADING_MARKS.get(block.level or 2, "###")
    if block.implied:
        label = f"{block.label}、" if block.level == 1 else block.label
        inner = (f'<span class="dz-text">{escape(label)}</span>'
                 f'<span class="dz-implied" lang="{"zh-Hans" if lang == "zh" else "en"}">'
                 f'{t("implied_title", lang)}</span>')
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
            f'<a href="{page.id}.ocr.txt">{escape(page.id)}.ocr.txt</a> <code>{escape(page.source_path)}</code>'
            for page in doc.pages) + '</dd>',
        translation_note(translation, lang),
    ]
    return (f'<details class="dz-about" id="about"><summary>{t("about", lang)}</summary>'
            f'<dl>{"".join(rows)}</dl></details>')


def reading_markdown(doc: Document, lang: str, site_url: str, translation=None) -> str:
    glossary_href = lambda term_id: f"../glossary/{term_id}.html"  # noqa: E731
    title = doc.title or doc.id
    page = (doc.metadata.get("publication") or {}).get("page")
    heading = f"{title} · 第{page}版" if page else title
    doc_data = {"id": doc.id, "url": page_url(site_url, doc.id), "cite": citation_templates(doc),
                "translation": bool(translation)}
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
        else:
            out += [paragraph_html(doc, block, glossary_href, translation), ""]
    return "\n".join(out)
