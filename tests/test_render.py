"""A block's text as HTML (site/render.py): terms as links, conjectured and missing characters marked, every
other character escaped, exactly as a character-by-character rendering gives it."""
from __future__ import annotations

import random
from html import escape

from build_scripts.model import Block, Document, Edit, Occurrence
from build_scripts.site.render import marks_for, text_html


def href(term_id: str) -> str:
    return f"../glossary/{term_id}.html?a=1&b=2"


def one_character_at_a_time(doc: Document, block: Block) -> str:
    """The reference: each position's closing link, opening link and character (marked or not), in turn."""
    text = block.text or ""
    marks = marks_for(doc, block)
    opens = {o.start: o for o in block.occurrences}
    closes = {o.end for o in block.occurrences}
    out = []
    for i, ch in enumerate(text):
        if i in closes:
            out.append("</a>")
        if i in opens:
            out.append(f'<a class="dz-term" href="{escape(href(opens[i].term_id))}" '
                       f'data-term="{opens[i].term_id}">')
        if i in marks:
            css, note = marks[i]
            out.append(f'<span class="{css}" title="{escape(note)}">{escape(ch)}</span>')
        else:
            out.append(escape(ch))
    if len(text) in closes:
        out.append("</a>")
    return "".join(out)


def document(text: str, occurrences: list[tuple[int, int]], edits: list[tuple[str, int, str]]) -> tuple:
    block = Block("paragraph", "s1-p1", text, (1, 1),
                  occurrences=[Occurrence(f"t{k}", "s1-p1", a, b) for k, (a, b) in enumerate(occurrences)])
    doc = Document("d", "d.txt", {}, blocks=[block],
                   edits=[Edit(kind, "", after, 3, 1, anchor="s1-p1", offset=offset, note="a <note>")
                          for kind, offset, after in edits])
    return doc, block


def test_terms_link_and_marked_characters_show_the_edit():
    doc, block = document("坚持<三大>攻坚战&", [(2, 6), (6, 9)], [("conjecture", 7, "坚"), ("gap", 9, "&")])
    assert text_html(doc, block, href) == (
        '坚持<a class="dz-term" href="../glossary/t0.html?a=1&amp;b=2" data-term="t0">&lt;三大&gt;</a>'
        '<a class="dz-term" href="../glossary/t1.html?a=1&amp;b=2" data-term="t1">攻'
        '<span class="dz-conj" title="OCR line 3: a &lt;note&gt;">坚</span>战</a>'
        '<span class="dz-gap" title="OCR line 3: a &lt;note&gt;">&amp;</span>')


def test_an_empty_block_and_a_block_without_terms():
    doc, block = document("", [], [])
    assert text_html(doc, block, href) == ""
    doc, block = document('"引号"与<尖括号>', [], [])
    assert text_html(doc, block, href) == "&quot;引号&quot;与&lt;尖括号&gt;"


def test_any_terms_and_marks_render_as_one_character_at_a_time_does():
    rng = random.Random(20261202)
    alphabet = "发展改革<>&\"'　a1。"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        cuts = sorted(rng.sample(range(len(text) + 2), min(len(text) + 2, rng.randint(0, 8))))
        occurrences = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]  # some past the end
        edits = [(rng.choice(["conjecture", "gap", "despace"]), rng.randint(-1, len(text) + 1),
                  "x" * rng.randint(0, 3)) for _ in range(rng.randint(0, 4))]
        doc, block = document(text, occurrences, edits)
        assert text_html(doc, block, href) == one_character_at_a_time(doc, block), (text, occurrences, edits)
