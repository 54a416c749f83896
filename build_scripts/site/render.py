"""A block's text as HTML: glossary terms as links, conjectured and missing characters marked.

The HTML carries only the text a reader sees in the printed page. Pinyin, traditional characters and glosses
are reading aids the site's script draws on demand from the data files, so they never reach the search index
or a copy of the Chinese text.
"""
from __future__ import annotations

from html import escape

from build_scripts.model import Block, Document

MARK_KINDS = {"conjecture": "dz-conj", "gap": "dz-gap"}  # OCR edits a reader must see in the text


def marks_for(doc: Document, block: Block) -> dict[int, tuple[str, str]]:
    """Character offset → (css class, title) for every conjectured or missing character of the block."""
    out = {}
    for edit in doc.edits_for(block):
        css = MARK_KINDS.get(edit.kind)
        if css is None or edit.offset is None:
            continue
        note = f"OCR line {edit.line}: {edit.note or edit.kind}"
        if edit.certainty is not None:
            note += f" (certainty {edit.certainty:g})"
        for k in range(len(edit.after)):
            out[edit.offset + k] = (css, note)
    return out


def text_html(doc: Document, block: Block, glossary_href) -> str:
    """The block text; `glossary_href(term_id)` gives the link of a term's glossary page. The text between two
    places where a link opens or closes or a mark is is escaped at once (a call per character was most of a
    reading page's time)."""
    text = block.text or ""
    marks = marks_for(doc, block)
    opens = {o.start: o for o in block.occurrences}
    closes = {o.end for o in block.occurrences}
    out, done = [], 0  # the text before `done` is out
    for i in sorted({*opens, *closes, *marks}):
        if i < done:
            continue
        if i >= len(text):
            break
        out.append(escape(text[done:i]))
        done = i
        if i in closes:
            out.append("</a>")
        if i in opens:
            term_id = opens[i].term_id
            out.append(f'<a class="dz-term" href="{escape(glossary_href(term_id))}" data-term="{term_id}">')
        if i in marks:
            css, note = marks[i]
            out.append(f'<span class="{css}" title="{escape(note)}">{escape(text[i])}</span>')
            done = i + 1
    out.append(escape(text[done:]))
    if len(text) in closes:
        out.append("</a>")
    return "".join(out)
